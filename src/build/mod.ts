/**
 * Build from DDL: the schema tree of `.sql` files, discovered in a documented
 * order, read concurrently, checked for unterminated tokens, hashed, rendered
 * as one schema file, and applied to a database in one transaction (`applyBuild`), or to a
 * database recreated empty first (`applyFresh`).
 *
 * Loading this module does not load a database driver or the SQL parser.
 * @module
 */
export { compareBytewise, comparePaths, discoverFiles } from "./discover.ts";
export type { DiscoverOptions, SourceDir, SourceFile } from "./discover.ts";
export { buildSchema, decodeSql, renderBuild, sourceDirs } from "./build.ts";
export type { BuildFile, BuildOptions, BuildResult, BuildSource } from "./build.ts";
export { schemaHash, SchemaHasher } from "./hash.ts";
export { applyBuild, charPositionToIndex, checkApply, SESSION_RESET_SQL } from "./apply.ts";
export type { ApplyOptions, ApplyResult, ApplyWarning, ApplyWarningKind } from "./apply.ts";
export { compileGlob } from "./_glob.ts";
export type { Glob } from "./_glob.ts";
export { applyFresh, recreateTarget } from "./fresh.ts";
export { writeOutput } from "./output.ts";
export type { FreshApplyOptions, FreshApplyResult, FreshResult } from "./fresh.ts";
