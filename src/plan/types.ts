/**
 * The types of a plan: ordered statements with their hazards.
 * @module
 */
import type { Hazard } from "../sql/mod.ts";

/** One statement of a plan. */
export interface PlannedStatement {
  /** The statement, terminated. */
  sql: string;
  /** Hazard codes (see `HAZARDS` in src/sql): `DELETES_DATA`, `TABLE_REWRITE`, `NOT_TRANSACTIONAL`, … */
  hazards: Hazard[];
  /** False for statements that cannot run inside a transaction block (CREATE INDEX CONCURRENTLY). */
  transactional: boolean;
  /** The object the statement changes. */
  id: string;
  /** `create`, `drop`, `alter`, `rename`. */
  action: string;
}

/** An ordered migration. */
export interface Plan {
  /** The statements, in the order to run them. */
  statements: PlannedStatement[];
  /** Remarks for the user: those of the diff (possible renames…), then the plan's own (dependency cycles). */
  notes: string[];
}

/** Options of {@link planMigration}. */
export interface PlanOptions {
  /** Use online forms (CONCURRENTLY, NOT VALID + VALIDATE) on existing tables. Default true. */
  online?: boolean;
}
