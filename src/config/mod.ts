/**
 * Project configuration: discovery of the project root, `db/environments/<env>.yaml`,
 * `${VAR}` expansion, and the connection precedence.
 * @module
 */
export { CONFIG_KEYS, findProjectRoot, loadConfig, parseConfig } from "./load.ts";
export type { IncludeDir, LoadConfigOptions, ProjectConfig } from "./load.ts";
export { resolveConnection, withConnectTimeout } from "./connection.ts";
export type { ConnectionSourceName, ResolvedConnection } from "./connection.ts";
export { expandVars } from "./expand.ts";
export { parseDuration } from "./duration.ts";
export { closest, editDistance } from "./suggest.ts";
export * as paths from "./path.ts";
export { emptySyncFile, loadSyncFile, parseSyncFile, SYNC_FILE_KEYS } from "./sync_file.ts";
export type {
  ColumnRule,
  Located,
  SubsetRoot,
  SyncFile,
  TableColumns,
  TableFilter,
  TablePattern,
} from "./sync_file.ts";
export { parseYamlDoc, unknownKeyError, YamlDoc } from "./yaml_doc.ts";
export { parseSize } from "./size.ts";
