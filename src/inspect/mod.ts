/**
 * Catalog inspection. One query per object kind (each in `queries/*.sql`, with its row type in
 * the file of its kind), all sent at once; the rows then become a {@link Catalog} through the
 * steps of `_pipeline.ts`, in an order where each step comes after what it uses. PostgreSQL
 * deparses every definition (`pg_get_viewdef`, `pg_get_functiondef`, `pg_get_indexdef`, …);
 * dependencies come from `pg_depend` plus references found in function bodies.
 *
 * {@link inspectTables} reads only what moving data needs (tables, columns, keys, foreign keys,
 * owned sequences, estimates), for the tables asked for; `inspectCatalog` holds the same facts in
 * `Catalog.tables` (read them with {@link tableFacts}).
 * @module
 */
import type { Session } from "../db/mod.ts";
import type { Catalog } from "../model/mod.ts";
import { newContext } from "./_context.ts";
import type { InspectOptions } from "./_options.ts";
import { PIPELINE } from "./_pipeline.ts";
import { type InspectRows, readCatalogRows } from "./_queries.ts";
import { withQualifiedNames } from "./_search_path.ts";

export type { InspectOptions, InspectTablesOptions } from "./_options.ts";
export type { InspectRows } from "./_queries.ts";
export { inspectTables } from "./_inspect_tables.ts";
// The model's accessors of table facts, next to the functions that read them.
export { listTableFacts, rowKey, tableFacts } from "../model/mod.ts";
export type {
  ColumnFacts,
  ForeignKey,
  ForeignKeyAction,
  OwnedSequence,
  PrimaryKey,
  TableFacts,
  TableShape,
  TableStats,
  UniqueKey,
} from "../model/mod.ts";

/**
 * Reads the schema of the database behind `db` into a {@link Catalog}, with the facts of its
 * tables in `tables` (and their estimates in `stats` when `opts.stats` is set). The session's
 * `search_path` is set to empty for the duration so every deparsed name is qualified.
 *
 * @example
 * ```ts
 * const catalog = await inspectCatalog(db, { excludeSchemas: ["audit"] });
 * console.log(Object.keys(catalog.objects).length);
 * ```
 */
export async function inspectCatalog(db: Session, opts: InspectOptions = {}): Promise<Catalog> {
  return await withQualifiedNames(db, async () => {
    const [[{ version, role }], rows] = await Promise.all([
      db.query<{ version: string; role: string }>(
        "select pg_catalog.current_setting('server_version_num') as version, pg_catalog.quote_ident(current_user) as role",
      ),
      readCatalogRows(db, opts.stats === true),
    ]);
    return { ...buildCatalog(Number(version), rows, opts), currentUser: role };
  });
}

/** Builds a {@link Catalog} from the rows of the inspection queries (pure), step by step. */
export function buildCatalog(serverVersion: number, rows: InspectRows, opts: InspectOptions = {}): Catalog {
  const ctx = newContext(opts);
  for (const step of PIPELINE) step.run(ctx, rows);
  const catalog: Catalog = {
    serverVersion,
    objects: ctx.objects,
    unsupported: ctx.unsupported,
    casts: ctx.casts,
    tables: ctx.tables,
  };
  if (opts.stats) catalog.stats = ctx.stats;
  return catalog;
}
