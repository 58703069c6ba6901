/**
 * Confiture as a library, for Deno and TypeScript programs: the same engines the
 * CLI uses, without any terminal output. Every function returns a result (or throws a
 * {@link ConfitureError} with a stable code) and reports progress through an `onEvent` callback.
 *
 * @example Build the schema tree and print its hash
 * ```ts
 * import { buildSchema, loadConfig } from "./mod.ts";
 * const cfg = await loadConfig({ root: ".", env: "local", vars: Deno.env.toObject() });
 * const result = await buildSchema(cfg);
 * console.log(result.hash);
 * ```
 *
 * @example Apply pending migrations
 * ```ts
 * import { connect, loadConfig, migrateUp, runnerOptions } from "./mod.ts";
 * const cfg = await loadConfig({ root: ".", vars: Deno.env.toObject() });
 * const db = await connect({ url: "postgres://postgres@127.0.0.1/app", source: "flag" });
 * const report = await migrateUp(db, runnerOptions(cfg));
 * await db.close();
 * if (report.error) throw report.error;
 * ```
 *
 * @example Generate the DDL tree of a GraphQL data model (pure: no database)
 * ```ts
 * import { generateDdl } from "./mod.ts";
 * const { files } = await generateDdl(`type User { id: ID! @id  email: Email! @unique }`, { style: "plain" });
 * for (const f of files) await Deno.writeTextFile(`db/schema/10_tables/graphql/${f.path}`, f.content);
 * ```
 * @module
 */

// Errors
export { ConfitureError, ERROR_CODES, EXIT_CODES, isConfitureError } from "./src/errors/mod.ts";
export type {
  ConfitureErrorOptions,
  ErrorCode,
  ExitCategory,
  ServerErrorFields,
  SourceLocation,
} from "./src/errors/mod.ts";

// Connections
export { connect } from "./src/db/mod.ts";
export type {
  Backend,
  ConnectionInfo,
  ConnectionSource,
  ConnectTarget,
  Database,
  IsolationLevel,
  Row,
  Session,
  TransactionOptions,
} from "./src/db/mod.ts";

// Project configuration
export { loadConfig, resolveConnection } from "./src/config/mod.ts";
export type {
  ConnectionSourceName,
  IncludeDir,
  LoadConfigOptions,
  ProjectConfig,
  ResolvedConnection,
} from "./src/config/mod.ts";

// Build: the DDL tree to one schema, applied to a database
export { applyBuild, applyFresh, buildSchema, renderBuild, schemaHash } from "./src/build/mod.ts";
export type {
  ApplyOptions,
  ApplyResult,
  ApplyWarning,
  ApplyWarningKind,
  BuildFile,
  BuildOptions,
  BuildResult,
  BuildSource,
  FreshApplyOptions,
  FreshApplyResult,
  FreshResult,
  SourceFile,
} from "./src/build/mod.ts";

// Migrations
export {
  createMigration,
  migrateBaseline,
  migrateDown,
  migrateRepair,
  migrateUp,
  migrateVerify,
  migrationStatus,
  runnerOptions,
} from "./src/migrate/mod.ts";
export type {
  ChecksumState,
  CreatedMigration,
  CreateMigrationOptions,
  MigrationEvent,
  MigrationResult,
  MigrationState,
  MigrationStatus,
  Operation,
  PartialFailure,
  Placeholders,
  PlannedMigration,
  PlannedStatement as PlannedMigrationStatement,
  RunnerOptions,
  RunReport,
  StatusEntry,
  TypeScriptLoader,
} from "./src/migrate/mod.ts";
export { HAZARDS, LOCK_LEVELS } from "./src/sql/mod.ts";
export type { Hazard, LockLevel } from "./src/sql/mod.ts";

// Schema sources and their comparison (diff)
export { compareSchemas } from "./src/source/mod.ts";
export { generateMigration } from "./src/migrate/mod.ts";
export type {
  EnumValueStepOptions,
  GeneratedMigration,
  GenerateMigrationOptions,
  GenerateResult as GenerateMigrationResult,
} from "./src/migrate/mod.ts";
export type {
  CompareOptions,
  OpenSourcesOptions,
  SchemaDiffOptions,
  SchemaDiffResult,
  SchemaSource,
  SourceEvent,
  SourceRole,
} from "./src/source/mod.ts";
export type { RenameHint } from "./src/diff/mod.ts";
export type { Plan, PlannedStatement } from "./src/plan/mod.ts";
export type { InspectOptions } from "./src/inspect/mod.ts";
export type {
  AclEntry,
  Catalog,
  CatalogObject,
  ColumnFacts,
  ColumnInfo,
  DomainInfo,
  ForeignKey,
  ForeignKeyAction,
  ObjectKind,
  OwnedSequence,
  PrimaryKey,
  SequenceInfo,
  TableFacts,
  TableInfo,
  TableShape,
  TableStats,
  UniqueKey,
  UnsupportedObject,
} from "./src/model/mod.ts";

// Sync
export { sync } from "./src/sync/mod.ts";
export type {
  ColumnPii,
  PlannedTable as SyncPlannedTable,
  ResolvedRule,
  SubsetKind,
  SyncEvent,
  SyncOptions,
  SyncPlan,
  SyncResult,
  SyncTableResult,
  TableVerification as SyncTableVerification,
} from "./src/sync/mod.ts";
export type {
  ColumnRule,
  Located,
  SubsetRoot,
  SyncFile,
  TableColumns,
  TableFilter,
  TablePattern,
} from "./src/config/mod.ts";
export type {
  ColumnMeta,
  KeyCollect,
  KeyedRead,
  KeyRef,
  LoadMode,
  LoadUnit,
  ProgressSnapshot,
  TableCopy,
  TableStatus,
  TransformKey,
  TransformSpec,
} from "./src/copy/mod.ts";

// Anonymization (pure)
export { describeStrategies, detectPii } from "./src/anonymize/mod.ts";
export type {
  DetectOptions,
  OptionType,
  PiiClass,
  PiiColumn,
  PiiEvidence,
  PiiFinding,
  StrategyHelp,
} from "./src/anonymize/mod.ts";

// Schema-to-schema
export {
  cleanup as schemaToSchemaCleanup,
  cutover as schemaToSchemaCutover,
  loadMappingFile,
  plan as schemaToSchemaPlan,
  rollback as schemaToSchemaRollback,
  run as schemaToSchemaRun,
  verify as schemaToSchemaVerify,
} from "./src/transfer/mod.ts";
export type {
  CheckSpec,
  CleanupResult,
  ColumnSpec,
  CutoverOptions,
  CutoverResult,
  FdwAvailability,
  MappedColumn,
  MappingFile,
  PairOrigin,
  PlannedStrategy,
  PlannedTable as TransferPlannedTable,
  PlanResult,
  RenameHint as TransferRenameHint,
  RunOptions,
  RunResult,
  RunTableResult,
  Strategy as TransferStrategy,
  TableMapping,
  TableSource,
  TableSpec,
  TableVerification as TransferTableVerification,
  Throughput,
  TransferEvent,
  TransferOptions,
  TransferPlan,
  VerifyResult,
} from "./src/transfer/mod.ts";

// GraphQL SDL to DDL (pure)
export { generateDdl } from "./src/graphql/mod.ts";
export type {
  GeneratedFile,
  GeneratedKind,
  GenerateOptions,
  GenerateResult,
  GraphqlSource,
  IdType,
  Style,
} from "./src/graphql/mod.ts";

/**
 * The whole configuration module, lower level than the named exports.
 * @deprecated Import the named exports instead: {@link loadConfig}, {@link resolveConnection}.
 */
export * as config from "./src/config/mod.ts";
/**
 * The whole build module, lower level than the named exports.
 * @deprecated Import the named exports instead: {@link buildSchema}, {@link applyBuild}, {@link schemaHash}.
 */
export * as build from "./src/build/mod.ts";
/**
 * The whole migrations module, lower level than the named exports.
 * @deprecated Import the named exports instead: {@link migrateUp}, {@link runnerOptions}, {@link migrationStatus}.
 */
export * as migrate from "./src/migrate/mod.ts";
/**
 * The whole schema-sources module, lower level than the named exports.
 * @deprecated Import the named exports instead: {@link compareSchemas}.
 */
export * as source from "./src/source/mod.ts";
/**
 * The whole GraphQL module, lower level than the named exports.
 * @deprecated Import the named exports instead: {@link generateDdl}.
 */
export * as graphql from "./src/graphql/mod.ts";
/**
 * The whole schema-to-schema module, lower level than the named exports.
 * @deprecated Import the named exports instead: {@link schemaToSchemaRun}, {@link schemaToSchemaVerify},
 * {@link schemaToSchemaCutover}.
 */
export * as schemaToSchema from "./src/transfer/mod.ts";
