/**
 * Medium 3, `sync`: selected tables of a source database copied into a target at one consistent
 * moment, in foreign-key order, resumably, at COPY speed (see {@link sync}).
 * @module
 */
export { sync } from "./run.ts";
export type { SyncEvent, SyncOptions, SyncResult, SyncTableResult } from "./run.ts";
export { planSync } from "./plan.ts";
export type { PlanInput, PlannedTable, PlanOptions, SequenceValue, SyncPlan, TargetExtras } from "./plan.ts";
export { compileTableGlob, matchesTable, parseTableName, selectTables, splitQualifiedName } from "./select.ts";
export type { Selectable, TableGlob } from "./select.ts";
export type { TableVerification } from "./verify.ts";
export { needsKey, resolveRules } from "./rules.ts";
export type { ResolvedRule, RuleMap } from "./rules.ts";
export { detectColumns, PII_SAMPLE_ROWS, refuseUncovered, uncovered } from "./pii.ts";
export type { ColumnPii } from "./pii.ts";
export {
  arrayLiteral,
  classifyTables,
  computeSubset,
  keyInSql,
  parseWhereFlag,
  percentBucket,
  percentSql,
  pruneToFixpoint,
  rootCondition,
  streamSubset,
  subsetEdges,
} from "./subset.ts";
export type {
  KeyedSubset,
  PruneRow,
  StreamedSubset,
  SubsetEdge,
  SubsetInput,
  SubsetKind,
  SubsetResult,
  SubsetRootSpec,
  TableSubset,
} from "./subset.ts";
