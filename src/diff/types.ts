/**
 * The types of a diff: changes, their in-place operations, rename hints and options.
 * @module
 */
import type { CatalogObject, ObjectKind } from "../model/mod.ts";
import type { Hazard } from "../sql/mod.ts";

/** One statement group of an in-place change. Phase 1 runs with the drops, phase 2 with the creates. */
export interface AlterOp {
  /** What the operation does: `column_type`, `set_not_null`, `comment`, `grant`, … */
  op: string;
  phase: 1 | 2;
  sql: string[];
  hazards: Hazard[];
  /** The operation changes something other objects depend on (their definitions must be rebuilt). */
  invalidates?: boolean;
  /**
   * Identities the operation is ordered against besides its object's dependencies: a phase-1
   * operation runs before their drops, a phase-2 one after their creates and changes.
   */
  deps?: string[];
}

/** A change to one object. */
export interface Change {
  action: "create" | "drop" | "replace" | "alter" | "rename";
  id: string;
  kind: ObjectKind;
  /** Why an object is replaced: its definition changed, or an object it depends on changes. */
  reason?: string;
  /** In-place operations (action `alter` and `rename`). */
  ops?: AlterOp[];
}

/** The result of {@link diffCatalogs}. */
export interface DiffResult {
  changes: Change[];
  /** Remarks for the user: possible renames, skipped differences. */
  notes: string[];
  /** The `from` objects as compared (after rename hints), for the planner. */
  from?: Record<string, CatalogObject>;
  /** Whether owners are compared (not with `--ignore-kind owners`): the planner sets them on new objects. */
  owners?: boolean;
}

/** A rename declared in the DDL (`-- confiture:renamed-from old_name`). */
export interface RenameHint {
  /** What is renamed. */
  kind: "table" | "column";
  /** Identity on the `from` side: `table:public.old` or `column:public.t.old`. */
  from: string;
  /** Identity on the `to` side. */
  to: string;
}

/** Options of {@link diffCatalogs}. */
export interface DiffOptions {
  /** Object kinds to leave out of the comparison, including unsupported kinds (`foreign_table`…) or `privileges`, `comments`, `owners`. */
  ignoreKinds?: string[];
  renames?: RenameHint[];
}
