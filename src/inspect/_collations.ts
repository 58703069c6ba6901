/**
 * Collations in user schemas.
 * @module
 */
import { quoteLiteral, quoteQualified as qq } from "../sql/mod.ts";
import { type BuildContext, CLS, jsonValue, schemaOf } from "./_context.ts";

/** A row of `queries/collations.sql`. */
export interface CollationRow {
  oid: string;
  schema: string;
  name: string;
  /** Quoted role name. */
  owner: string;
  /** The whole `pg_collation` row as JSON (its columns differ between server versions). */
  props: unknown;
  comment: string | null;
}

/** The `pg_collation` columns read from {@link CollationRow.props}. */
interface CollationProps {
  collprovider?: string;
  collcollate?: string | null;
  collctype?: string | null;
  colllocale?: string | null;
  colliculocale?: string | null;
  collicurules?: string | null;
  collisdeterministic?: boolean;
}

/** Adds the collations. */
export function buildCollations(ctx: BuildContext, rows: CollationRow[]): void {
  for (const r of rows) {
    const p = jsonValue(r.props) as CollationProps;
    const provider = ({ c: "libc", i: "icu", b: "builtin", d: "default" } as Record<string, string>)[
      p.collprovider ?? ""
    ] ?? "libc";
    const locale = p.colllocale ?? p.colliculocale ?? null;
    const parts = [`provider = ${provider}`];
    if (provider === "libc") {
      parts.push(`lc_collate = ${quoteLiteral(p.collcollate ?? "")}`, `lc_ctype = ${quoteLiteral(p.collctype ?? "")}`);
    } else parts.push(`locale = ${quoteLiteral(locale ?? "")}`);
    if (p.collicurules) parts.push(`rules = ${quoteLiteral(p.collicurules)}`);
    if (p.collisdeterministic === false) parts.push("deterministic = false");
    const name = qq(r.schema, r.name);
    const o = ctx.add({
      id: `collation:${r.schema}.${r.name}`,
      kind: "collation",
      schema: r.schema,
      name: r.name,
      target: `COLLATION ${name}`,
      owner: r.owner,
      definition: parts.join(", "),
      create: [`CREATE COLLATION ${name} (${parts.join(", ")})`],
      drop: [`DROP COLLATION ${name}`],
      comment: r.comment,
    }, `${CLS.collation}:${r.oid}`);
    o.deps.push(...schemaOf(o));
  }
}
