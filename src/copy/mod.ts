/**
 * The data-copy pipeline shared by sync and schema-to-schema: load units (what one target
 * transaction loads), their execution (source `COPY … TO STDOUT` streamed into target
 * `COPY … FROM STDIN`, transformed field by field only where a rule applies), worker threads and
 * the dependency-ordered schedule, the progress model, the state table that makes runs
 * resumable, the load statements that keep triggers silent and foreign keys enforced, content
 * verification, and the COPY text codec with its streaming column transformer.
 * @module
 */
export type { ColumnMeta, LoadUnit, TableCopy, TableProgress, TableResult, TransformSpec, UnitResult } from "./job.ts";
export { executeUnit, tableError } from "./execute.ts";
export { arrayLiteral, collectKeys, keyedCondition, keyedStatements, keyInSql } from "./keyed.ts";
export type { KeyCollect, KeyedRead, KeyRef, KeySets } from "./keyed.ts";
export type { ExecuteOptions, TransformFactory, UnitSessions } from "./execute.ts";
export { countRows, tally } from "./count.ts";
export type { Tally } from "./count.ts";
export { errorFromJson, SessionRunner, WorkerRunner } from "./runner.ts";
export type { UnitRunner } from "./runner.ts";
export type { WorkerInit } from "./_protocol.ts";
export { CopyRunError, runUnits } from "./schedule.ts";
export type { ScheduleEvent, ScheduleOptions } from "./schedule.ts";
export { ProgressTracker } from "./progress.ts";
export type { ProgressSnapshot, TableStatus } from "./progress.ts";
export { isStateTableShape, NOTE_PART, STATE_COLUMNS, StateTable, stateTableOf } from "./state.ts";
export type { StateRow, StateRun } from "./state.ts";
export { contentHashSql, parseStoredHash, sameContent } from "./verify.ts";
export type { ContentHash } from "./verify.ts";
export { foreignKeyCheck, loadStatements } from "./load.ts";
export type { LoadForeignKey, LoadMode, LoadStatements, LoadTable, LoadTrigger } from "./load.ts";
export { COPY_SESSION_SETTINGS, LOAD_TRANSACTION_SETTINGS } from "./settings.ts";
export { makeTransformFactory } from "./transform.ts";
export type { TransformKey } from "./transform.ts";
export {
  decodeCopyField,
  decodeCopyRow,
  encodeCopyField,
  encodeCopyFieldInto,
  encodeCopyRow,
  isCopyNull,
  maxEncodedLength,
} from "./text_codec.ts";
export { CopyTextTransformer, copyTextTransformStream, transformCopyText } from "./text_transform.ts";
export type { ByteFieldTransform, CopyTextTransformOptions, FieldTransform } from "./text_transform.ts";
export { CopyTextCounter, createTally, tallyCopyText } from "./text_tally.ts";
export type { CopyTally } from "./text_tally.ts";
export { fieldTransforms } from "./text_rules.ts";
export type { FieldRule } from "./text_rules.ts";
export {
  databaseIdentity,
  heapPages,
  isSuperuser,
  loadTableOf,
  ownRows,
  probeCondition,
  sequenceValues,
  splitTableId,
  tableName,
  targetExtras,
} from "./facts.ts";
export type { SequenceValue, TargetExtras } from "./facts.ts";
