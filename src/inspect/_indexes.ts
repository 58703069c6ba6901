/**
 * Indexes that no constraint owns, and the marks tables keep on them (replica identity).
 * @module
 */
import { quoteQualified as qq } from "../sql/mod.ts";
import { type BuildContext, CLS, jsonValue } from "./_context.ts";

/** A row of `queries/indexes.sql`. */
export interface IndexRow {
  oid: string;
  schema: string;
  name: string;
  relid: string;
  /** `pg_get_indexdef`. */
  def: string;
  /** relkind of the indexed relation. */
  table_relkind: string;
  /** Attached to an index of a partitioned table. */
  is_partition_child: boolean;
  /** Oid of the partitioned index it is attached to. */
  parent_index: string | null;
  /** The constraint the index implements, if any. */
  constraint_oid: string | null;
  /** `[[index column number, statistics target], …]` as JSON. */
  column_statistics: unknown;
  comment: string | null;
}

/**
 * Adds the indexes (after constraints: an index attached to a constraint's index goes with the
 * constraint), then points replica identities at their index.
 */
export function buildIndexes(ctx: BuildContext, rows: IndexRow[]): void {
  const attached: [string, string, string, string][] = []; // child index id and oid, parent index oid, table id
  for (const r of rows) {
    const rel = ctx.rels.get(r.relid);
    if (!rel) continue;
    if (r.constraint_oid) continue; // mapped with its constraint
    const name = qq(r.schema, r.name);
    // On a partitioned table, create the index on every partition too (PostgreSQL attaches them).
    const def = r.table_relkind === "p" ? String(r.def).replace(/ ON ONLY /, " ON ") : r.def;
    const indexCreate = [String(def)];
    for (const [attnum, target] of (jsonValue(r.column_statistics) as [number, number][] | null) ?? []) {
      indexCreate.push(`ALTER INDEX ${name} ALTER COLUMN ${attnum} SET STATISTICS ${target}`);
    }
    const o = ctx.add({
      id: `index:${r.schema}.${r.name}`,
      kind: "index",
      schema: r.schema,
      name: r.name,
      parent: rel.id,
      target: `INDEX ${name}`,
      definition: indexCreate.join(";\n"),
      create: indexCreate,
      // An index attached to a partitioned index goes with it (or with its table).
      drop: r.is_partition_child ? [] : [`DROP INDEX IF EXISTS ${name}`],
      comment: r.comment,
      onPartitioned: r.table_relkind === "p",
    }, `${CLS.class}:${r.oid}`);
    o.deps.push(rel.id);
    if (r.is_partition_child) attached.push([o.id, r.oid, r.parent_index!, rel.id]);
  }
  // The index of a partition attached to a partitioned index is made first, under its own name:
  // creating the partitioned index then attaches it instead of making one with a generated name.
  for (const [child, childOid, parentOid, tableId] of attached) {
    const parent = ctx.byOid.get(`${CLS.class}:${parentOid}`);
    const p = parent ? ctx.objects[parent] : undefined;
    if (p?.kind === "index" && ctx.objects[child]) {
      ctx.objects[child].autoDropsWith = p.id;
      // Ordering only (created after its attached indexes), never a reason to rebuild.
      (p.softDeps ??= []).push(child);
    } else {
      // Attached to a constraint's index: the constraint makes it.
      delete ctx.objects[child];
      ctx.byOid.set(`${CLS.class}:${childOid}`, tableId);
    }
  }
  // Replica identity using an index: the table names the index by identity.
  for (const o of Object.values(ctx.objects)) {
    if (o.table?.replicaIdentity === "i" && o.table.replicaIndex) {
      o.table.replicaIndex = `index:${o.schema}.${o.table.replicaIndex}`;
    }
  }
}
