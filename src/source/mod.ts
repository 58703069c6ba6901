/**
 * Schema sources and their comparison. A source is a schema state — a live database, a DDL tree,
 * a `.sql` file or folder, or a state made on a scratch database (the project's migrations
 * replayed) — opened as a session; two sessions are compared through PostgreSQL's own catalogs.
 *
 * @example Diff a DDL tree against a database
 * ```ts
 * import { compareSchemas } from "./mod.ts";
 * const result = await compareSchemas(
 *   { kind: "database", url: "postgres://postgres@127.0.0.1/app" },
 *   { kind: "path", path: "db/schema" },
 * );
 * console.log(result.sql);
 * ```
 * @module
 */
export { openSchemaPair, parseSourceSpec, SOURCE_KEYWORDS } from "./open.ts";
export type {
  OpenedSource,
  OpenSourcesOptions,
  SchemaPair,
  SchemaSource,
  SourceEvent,
  SourceRole,
  SourceSpec,
} from "./open.ts";
export { applyDdlSource, readDdlSource } from "./ddl.ts";
export type { DdlSource, DdlSourceOptions } from "./ddl.ts";
export { renameHintsFromSql } from "./rename_hints.ts";
export { compareSchemas, excludeTables, reverseAppliedRenames, schemaDiff } from "./compare.ts";
export type { CompareOptions, SchemaDiffOptions, SchemaDiffResult } from "./compare.ts";
