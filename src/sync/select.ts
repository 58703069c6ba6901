/**
 * Table selection by schema-qualified glob patterns. Shared with schema-to-schema: it lives in
 * `src/util/table_names.ts`.
 * @module
 */
export { compileTableGlob, matchesTable, parseTableName, selectTables, splitQualifiedName } from "../util/mod.ts";
export type { Selectable, TableGlob } from "../util/mod.ts";
