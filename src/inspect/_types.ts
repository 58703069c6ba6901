/**
 * User-defined types: enums, domains (their constraints come later, with the constraints step,
 * and {@link finishDomains} writes their definitions), ranges; base and shell types are listed as
 * unsupported. Composite types are relations (see `_views.ts`).
 * @module
 */
import type { CatalogObject } from "../model/mod.ts";
import { quoteIdent as q, quoteLiteral, quoteQualified as qq } from "../sql/mod.ts";
import { acl, type BuildContext, CLS, jsonValue, schemaOf } from "./_context.ts";

/** A row of `queries/types.sql`. */
export interface TypeRow {
  oid: string;
  schema: string;
  name: string;
  /** `e` enum, `d` domain, `r` range, `m` multirange, `b` base, `p` pseudo (shell). */
  typtype: string;
  /** Quoted role name. */
  owner: string;
  typarray: string;
  typrelid: string;
  /** Enum labels in order, as JSON. */
  labels: unknown;
  /** Domain base type (`format_type`). */
  base_type: string | null;
  typnotnull: boolean;
  typdefault: string | null;
  /** Domain collation when it differs from its base type's, qualified. */
  collation: string | null;
  /** Range properties as JSON ({@link RangeProps}). */
  range: unknown;
  comment: string | null;
  /** Privileges other than the owner's, as JSON. */
  acl: unknown;
}

/** The range properties of {@link TypeRow.range}. */
interface RangeProps {
  subtype: string;
  opclass: string | null;
  collation: string | null;
  canonical: string | null;
  subdiff: string | null;
  multirange: string | null;
  multirange_oid: string | null;
}

/** Adds enums, domains (definitions pending) and ranges; maps array and multirange types to them. */
export function buildTypes(ctx: BuildContext, rows: TypeRow[]): void {
  for (const r of rows) {
    const name = qq(r.schema, r.name);
    const key = `${CLS.type}:${r.oid}`;
    if (r.typtype === "m") continue; // multirange: made with its range type
    if (r.typtype === "b" || r.typtype === "p") {
      if (ctx.wanted(r.schema)) {
        ctx.unsupported.push({ kind: r.typtype === "b" ? "base_type" : "shell_type", id: name });
      }
      continue;
    }
    let o: CatalogObject;
    if (r.typtype === "e") {
      const labels = jsonValue(r.labels) as string[] ?? [];
      o = ctx.add({
        id: `type:${r.schema}.${r.name}`,
        kind: "type",
        schema: r.schema,
        name: r.name,
        target: `TYPE ${name}`,
        owner: r.owner,
        grantTarget: `TYPE ${name}`,
        definition: `enum (${labels.map(quoteLiteral).join(", ")})`,
        create: [`CREATE TYPE ${name} AS ENUM (${labels.map(quoteLiteral).join(", ")})`],
        drop: [`DROP TYPE ${name}`],
        comment: r.comment,
        acl: acl(r.acl),
        enumLabels: labels,
      }, key);
    } else if (r.typtype === "d") {
      o = ctx.add({
        id: `domain:${r.schema}.${r.name}`,
        kind: "domain",
        schema: r.schema,
        name: r.name,
        target: `DOMAIN ${name}`,
        owner: r.owner,
        grantTarget: `DOMAIN ${name}`,
        definition: "",
        create: [],
        drop: [`DROP DOMAIN ${name}`],
        comment: r.comment,
        acl: acl(r.acl),
        domain: {
          baseType: r.base_type!,
          notNull: r.typnotnull,
          default: r.typdefault,
          collation: r.collation,
          constraints: {},
        },
      }, key);
    } else {
      const g = jsonValue(r.range) as RangeProps;
      const parts = [`SUBTYPE = ${g.subtype}`];
      if (g.opclass) parts.push(`SUBTYPE_OPCLASS = ${g.opclass}`);
      if (g.collation) parts.push(`COLLATION = ${g.collation}`);
      if (g.canonical) parts.push(`CANONICAL = ${g.canonical}`);
      if (g.subdiff) parts.push(`SUBTYPE_DIFF = ${g.subdiff}`);
      if (g.multirange) parts.push(`MULTIRANGE_TYPE_NAME = ${g.multirange}`);
      o = ctx.add({
        id: `type:${r.schema}.${r.name}`,
        kind: "type",
        schema: r.schema,
        name: r.name,
        target: `TYPE ${name}`,
        owner: r.owner,
        grantTarget: `TYPE ${name}`,
        definition: `range (${parts.join(", ")})`,
        create: [`CREATE TYPE ${name} AS RANGE (${parts.join(", ")})`],
        drop: [`DROP TYPE ${name}`],
        comment: r.comment,
        acl: acl(r.acl),
      }, key);
      if (g.multirange_oid) ctx.byOid.set(`${CLS.type}:${g.multirange_oid}`, o.id);
    }
    if (r.typarray && r.typarray !== "0") ctx.byOid.set(`${CLS.type}:${r.typarray}`, o.id);
    o.deps.push(...schemaOf(o));
  }
}

/** Writes the definition of each domain, now that its constraints are known. */
export function finishDomains(ctx: BuildContext): void {
  for (const o of Object.values(ctx.objects)) {
    if (!o.domain) continue;
    const d = o.domain;
    const name = qq(o.schema!, o.name);
    const create = [
      `CREATE DOMAIN ${name} AS ${d.baseType}${d.collation ? ` COLLATE ${d.collation}` : ""}${
        d.default != null ? ` DEFAULT ${d.default}` : ""
      }${d.notNull ? " NOT NULL" : ""}`,
    ];
    for (const [cn, def] of Object.entries(d.constraints).sort()) {
      create.push(`ALTER DOMAIN ${name} ADD CONSTRAINT ${q(cn)} ${def}`);
    }
    o.create = create;
    o.definition = create.join(";\n");
  }
}
