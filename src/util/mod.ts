/**
 * Leaf helpers shared by the engines: a dependency graph with strongly connected components,
 * cycle reporting and a deterministic topological order; "did you mean" suggestions; schema-qualified
 * table names and globs.
 * @module
 */
export { findCycles, Graph, reachable, stronglyConnectedComponents, topologicalOrder } from "./graph.ts";
export type { TopologicalOptions, TopologicalResult } from "./graph.ts";
export { compileTableGlob, matchesTable, parseTableName, selectTables, splitQualifiedName } from "./table_names.ts";
export type { Selectable, TableGlob } from "./table_names.ts";
export { closest, editDistance } from "./suggest.ts";
export { sleep } from "./sleep.ts";
