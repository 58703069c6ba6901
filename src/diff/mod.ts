/**
 * Catalog × Catalog → typed changes. Pure: no database access.
 *
 * Each object present on one side only is created or dropped; an object on both
 * sides with a different definition is altered in place when PostgreSQL allows it
 * (columns, sequences, enums, domains, functions with the same signature, views
 * whose columns are only appended, comments, privileges), else replaced (dropped
 * and created). Objects that depend on a dropped or replaced object, or on a
 * column whose type changes, are replaced with it. Tables move in and out of
 * partitioned tables with ATTACH and DETACH PARTITION, keeping their rows.
 * @module
 */
export { diffCatalogs } from "./diff.ts";
export type { AlterOp, Change, DiffOptions, DiffResult, RenameHint } from "./types.ts";
export { aclOps, builtinDefaultAcl, viewColumn } from "./privileges.ts";
export { usingCast } from "./column_types.ts";
export { partitionParent } from "./_names.ts";
export {
  clusterSql,
  commentSql,
  indexCandidates,
  ownedBySql,
  ownerSql,
  replicaIdentitySql,
  viewDefaultOps,
} from "./statements.ts";
