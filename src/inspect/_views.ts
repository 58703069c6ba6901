/**
 * Views, materialized views and composite types: relations whose columns are part of their
 * definition rather than objects of their own.
 * @module
 */
import type { AclEntry } from "../model/mod.ts";
import { quoteIdent as q, quoteQualified as qq } from "../sql/mod.ts";
import { acl, type BuildContext, pgArray, type Rel, schemaOf, stripSemi } from "./_context.ts";

/** Builds the composite type `rel` (oid `oid`); its attributes come from the column rows. */
export function buildCompositeType(ctx: BuildContext, oid: string, rel: Rel): void {
  const r = rel.r;
  const name = qq(r.schema, r.name);
  const cols = ctx.colsByRel.get(oid) ?? [];
  const attrs = cols.map((c) => `${q(c.name)} ${c.type}${c.collation ? ` COLLATE ${c.collation}` : ""}`);
  const sub: Record<string, string> = {};
  for (const c of cols) if (c.comment != null) sub[`COLUMN ${name}.${q(c.name)}`] = c.comment;
  const o = ctx.add({
    id: rel.id,
    kind: "type",
    schema: r.schema,
    name: r.name,
    target: `TYPE ${name}`,
    owner: r.owner,
    grantTarget: `TYPE ${name}`,
    definition: `composite (${attrs.join(", ")})`,
    create: [`CREATE TYPE ${name} AS (${attrs.join(", ")})`],
    drop: [`DROP TYPE ${name}`],
    comment: r.type_comment,
    subComments: sub,
  });
  o.deps.push(...schemaOf(o));
}

/** Builds the view or materialized view `rel` (oid `oid`); its columns map to it in `colKey`. */
export function buildView(ctx: BuildContext, oid: string, rel: Rel): void {
  const r = rel.r;
  const name = qq(r.schema, r.name);
  const cols = ctx.colsByRel.get(oid) ?? [];
  const mat = rel.kind === "materialized_view";
  const opts = pgArray(r.reloptions);
  const withOpts = opts.length ? ` WITH (${opts.join(", ")})` : "";
  const body = stripSemi(r.viewdef ?? "");
  const sub: Record<string, string> = {};
  for (const c of cols) if (c.comment != null) sub[`COLUMN ${name}.${q(c.name)}`] = c.comment;
  const viewDefaults: Record<string, string> = {};
  for (const c of cols) if (c.default_expr != null) viewDefaults[c.name] = c.default_expr;
  const columnAcl: Record<string, AclEntry[]> = {};
  for (const c of cols) {
    const entries = acl(c.acl);
    if (entries.length) columnAcl[c.name] = entries;
  }
  const create = mat
    ? `CREATE MATERIALIZED VIEW ${name}${
      r.access_method ? ` USING ${q(r.access_method)}` : ""
    }${withOpts} AS\n${body}\nWITH DATA`
    : `CREATE VIEW ${name}${withOpts} AS\n${body}`;
  const o = ctx.add({
    id: rel.id,
    kind: rel.kind!,
    schema: r.schema,
    name: r.name,
    target: `${mat ? "MATERIALIZED VIEW" : "VIEW"} ${name}`,
    owner: r.owner,
    grantTarget: `TABLE ${name}`,
    definition: create,
    create: [create],
    drop: [`DROP ${mat ? "MATERIALIZED VIEW" : "VIEW"} ${name}`],
    comment: r.comment,
    acl: acl(r.acl),
    subComments: sub,
    columnAcl,
    viewDefaults,
    columns: cols.map((c) => `${q(c.name)} ${c.type}`),
  });
  o.deps.push(...schemaOf(o));
  for (const c of cols) ctx.colKey.set(`${oid}:${c.attnum}`, rel.id);
}
