/**
 * The tables of a database as data movement needs them, without inspecting the whole catalog:
 * first the tables asked for, then, for those tables only, their columns, keys, foreign keys,
 * owned sequences and estimates (one pipelined batch). Read-only: catalog reads and
 * `pg_table_size`, which any role may call; fit for a `REPEATABLE READ READ ONLY` transaction on a
 * hot standby.
 * @module
 */
import type { Session } from "../db/mod.ts";
import type { TableFacts } from "../model/mod.ts";
import { jsonValue } from "./_context.ts";
import { type ColumnFactsRow, groupKeyFacts, statsOf, tableId, tableShape } from "./_facts.ts";
import type { InspectTablesOptions } from "./_options.ts";
import { runQuery } from "./_queries.ts";
import { withQualifiedNames } from "./_search_path.ts";

const json = (v: readonly string[] | undefined | null) => (v == null ? null : JSON.stringify(v));

/**
 * Reads the facts of the tables of `db` (every user schema, or those of `opts`), by identity. The
 * session's `search_path` is empty meanwhile, so types and defaults come out qualified, as in
 * `inspectCatalog`, whose `tables` hold the same facts.
 *
 * @example
 * ```ts
 * const [users] = await inspectTables(db, { tables: ["table:public.users"] });
 * users.primaryKey?.columns; // ["id"]
 * users.stats?.rowEstimate; // 1200 (null before the first ANALYZE)
 * ```
 */
export async function inspectTables(db: Session, opts: InspectTablesOptions = {}): Promise<TableFacts[]> {
  return await withQualifiedNames(db, async () => {
    const tables = await runQuery(db, "tables", [
      json(opts.schemas),
      json(opts.excludeSchemas ?? []),
      json(opts.tables),
    ]);
    if (tables.length === 0) return [];
    const oids = [JSON.stringify(tables.map((t) => t.oid))];
    const withStats = opts.stats !== false;
    const [columns, keys, foreignKeys, owned, stats] = await Promise.all([
      runQuery(db, "tableColumns", oids),
      runQuery(db, "keys", oids),
      runQuery(db, "foreignKeys", oids),
      runQuery(db, "ownedSequences", oids),
      withStats ? runQuery(db, "tableStats", oids) : Promise.resolve([]),
    ]);
    const facts = groupKeyFacts(keys, foreignKeys, owned);
    const columnsOf = new Map<string, ColumnFactsRow[]>();
    for (const c of columns) {
      const l = columnsOf.get(c.relid);
      if (l) l.push(c);
      else columnsOf.set(c.relid, [c]);
    }
    const statsByOid = new Map(stats.map((s) => [s.relid, statsOf(s)]));
    return tables.map((t) => {
      const parents = ((jsonValue(t.parents) as [string, string][] | null) ?? []).map(([s, n]) => tableId(s, n));
      const shape = tableShape(
        {
          oid: t.oid,
          schema: t.schema,
          name: t.name,
          relkind: t.relkind,
          partitionOf: t.relispartition ? parents[0] ?? null : null,
          inherits: t.relispartition ? [] : parents,
        },
        columnsOf.get(t.oid) ?? [],
        facts,
      );
      return { ...shape, stats: withStats ? statsByOid.get(t.oid) ?? null : null };
    });
  });
}
