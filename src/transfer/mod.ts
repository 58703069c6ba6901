/**
 * Medium 4, schema-to-schema: build the new database from the DDL tree, move the old one's data
 * into it through an explicit mapping (postgres_fdw or COPY streams on the copy pipeline), prove
 * it, cut over, roll back, clean up.
 *
 * @example
 * ```ts
 * import {
 *   buildSchema,
 *   loadConfig,
 *   loadMappingFile,
 *   schemaToSchemaCutover,
 *   schemaToSchemaRun,
 *   schemaToSchemaVerify,
 * } from "./mod.ts";
 * const cfg = await loadConfig({ root: ".", vars: Deno.env.toObject() });
 * const tree = (await buildSchema(cfg)).files;
 * const mapping = await loadMappingFile("db/schema_to_schema.yaml", ".");
 * const sides = { source: "postgres://app@db/app", target: "postgres://app@db/app_next", tree, mapping };
 * await schemaToSchemaRun(sides);
 * const v = await schemaToSchemaVerify(sides);
 * if (v.ok) await schemaToSchemaCutover(sides);
 * ```
 * @module
 */
export { plan } from "./show_plan.ts";
export type { PlanResult } from "./show_plan.ts";
export { planFingerprint, run } from "./run.ts";
export type { RunOptions, RunResult, RunTableResult } from "./run.ts";
export { verify } from "./verify.ts";
export type { TableVerification, VerifyResult } from "./verify.ts";
export { cutover, rollback } from "./cutover.ts";
export type { CutoverOptions, CutoverResult } from "./cutover.ts";
export { cleanup } from "./cleanup.ts";
export type { CleanupResult } from "./cleanup.ts";
export { DEFAULT_FDW_MAX_BYTES } from "./prepare.ts";
export type { TransferEvent, TransferOptions } from "./prepare.ts";
export {
  COLUMN_KEYS,
  DEFAULT_MAPPING_FILE,
  emptyMappingFile,
  loadMappingFile,
  MAPPING_FILE_KEYS,
  parseMappingFile,
  STRATEGIES,
  TABLE_KEYS,
} from "./mapping_file.ts";
export type { CheckSpec, ColumnSpec, MappingFile, Strategy, TableSpec } from "./mapping_file.ts";
export { isBuiltinType, resolveMapping } from "./mapping.ts";
export type {
  MappedColumn,
  Mapping,
  MappingInput,
  PairOrigin,
  RenameHint,
  SourceProbe,
  TableMapping,
  TableSource,
} from "./mapping.ts";
export { planTransfer } from "./plan.ts";
export type {
  FdwAvailability,
  PlannedStrategy,
  PlannedTable,
  TransferPlan,
  TransferPlanInput,
  TransferPlanOptions,
} from "./plan.ts";
export { sessionProbe } from "./probe.ts";
export { FOREIGN_SERVER, PRIVATE_SCHEMA } from "./statements.ts";
export { STATE } from "./state.ts";
export type { CutoverNote, FreezeNote, VerifyNote } from "./state.ts";
export type { Throughput } from "./throughput.ts";
