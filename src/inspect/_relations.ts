/**
 * Relations (`pg_class`): first registered, with their columns and sequence rows, so that any
 * later step can resolve an oid; then built, each by its kind (sequence, composite type, view,
 * materialized view, table), in the order of `relations.sql`.
 * @module
 */
import type { ObjectKind } from "../model/mod.ts";
import { quoteQualified as qq } from "../sql/mod.ts";
import type { ColumnRow } from "./_columns.ts";
import { type BuildContext, CLS } from "./_context.ts";
import { buildSequence, type SequenceRow } from "./_sequences.ts";
import { buildTable } from "./_tables.ts";
import { buildCompositeType, buildView } from "./_views.ts";

/** A row of `queries/relations.sql`. */
export interface RelationRow {
  oid: string;
  schema: string;
  name: string;
  /** `r` table, `p` partitioned table, `v` view, `m` materialized view, `c` composite type, `S` sequence, `f` foreign table. */
  relkind: string;
  relpersistence: string;
  /** Quoted role name. */
  owner: string;
  relrowsecurity: boolean;
  relforcerowsecurity: boolean;
  relreplident: string;
  /** `text[]`. */
  reloptions: unknown;
  reltype: string;
  typarray: string | null;
  /** `PARTITION BY` body of a partitioned table. */
  partkey: string | null;
  relispartition: boolean;
  /** `FOR VALUES …` / `DEFAULT` of a partition. */
  partbound: string | null;
  /** Qualified parents in inheritance order, as JSON. */
  parents: unknown;
  /** Parent oids in inheritance order, as JSON. */
  parent_oids: unknown;
  replica_index: string | null;
  cluster_index: string | null;
  /** TOAST table options, `text[]`. */
  toast_options: unknown;
  /** Typed table (`CREATE TABLE … OF type`). */
  is_typed: boolean;
  /** Access method when not heap. */
  access_method: string | null;
  /** View body (views and materialized views). */
  viewdef: string | null;
  comment: string | null;
  /** Comment of the row type (composite types). */
  type_comment: string | null;
  /** Privileges other than the owner's, as JSON. */
  acl: unknown;
}

const KIND_OF_RELKIND: Record<string, ObjectKind> = {
  r: "table",
  p: "table",
  v: "view",
  m: "materialized_view",
  c: "type",
  S: "sequence",
};

/**
 * Registers every relation (identity and oids, including those of its row and array types), its
 * columns and the sequence rows; typed and foreign tables are listed as unsupported.
 */
export function registerRelations(
  ctx: BuildContext,
  relations: RelationRow[],
  columns: ColumnRow[],
  sequences: SequenceRow[],
): void {
  for (const r of relations) {
    const kind: ObjectKind | null = KIND_OF_RELKIND[r.relkind] ?? null;
    // Typed tables (CREATE TABLE … OF type) and foreign tables are not handled: listed as unsupported.
    const other = r.relkind === "f" ? "foreign_table" : r.is_typed ? "typed_table" : null;
    const id = kind && !other ? `${kind}:${r.schema}.${r.name}` : `${other}:${r.schema}.${r.name}`;
    ctx.rels.set(r.oid, { r, id, kind: other ? null : kind });
    ctx.byOid.set(`${CLS.class}:${r.oid}`, id);
    if (r.reltype && r.reltype !== "0") ctx.byOid.set(`${CLS.type}:${r.reltype}`, id);
    if (r.typarray && r.typarray !== "0") ctx.byOid.set(`${CLS.type}:${r.typarray}`, id);
    if (other && ctx.wanted(r.schema)) ctx.unsupported.push({ kind: other, id: qq(r.schema, r.name) });
  }
  for (const c of columns) {
    let list = ctx.colsByRel.get(c.relid);
    if (!list) ctx.colsByRel.set(c.relid, list = []);
    list.push(c);
  }
  for (const s of sequences) ctx.seqByOid.set(s.oid, s);
  for (const s of sequences) {
    if (!s.owner) continue;
    const [relid, attnum, deptype] = s.owner.split(":");
    if (deptype === "i") ctx.identityOf.set(`${relid}:${attnum}`, s);
  }
}

/** Builds each registered relation of a handled kind, in registration order. */
export function buildRelations(ctx: BuildContext): void {
  for (const [oid, rel] of ctx.rels) {
    if (rel.kind === "sequence") buildSequence(ctx, oid, rel);
    else if (rel.kind === "type") buildCompositeType(ctx, oid, rel);
    else if (rel.kind === "view" || rel.kind === "materialized_view") buildView(ctx, oid, rel);
    else if (rel.kind === "table") buildTable(ctx, oid, rel);
  }
}
