/**
 * What every executor of a run shares: the connection, the options, the ledger (schema
 * resolved), the session state to restore after each migration, and the results helpers.
 * @module
 */
import type { Database } from "../db/mod.ts";
import type { LedgerTable } from "./ledger.ts";
import type { Step } from "./_plan.ts";
import type { SessionState } from "./_session_state.ts";
import type { MigrationResult, RunnerOptions } from "./_types.ts";

/** The state of a run that executes migrations. */
export interface RunContext {
  db: Database;
  o: RunnerOptions;
  table: LedgerTable;
  session: SessionState;
  /** Migrations in the run (for progress events). */
  total: number;
}

/** `set local lock_timeout` of a migration's statements. */
export function lockTimeoutSql(o: RunnerOptions): string {
  return `set local lock_timeout = ${msLiteral(o.statementLockTimeoutMs ?? 5000)}`;
}

/** A duration as a SQL literal (`'500ms'`). */
export function msLiteral(ms: number): string {
  return `'${Math.max(0, Math.floor(ms))}ms'`;
}

/** The result of a step that ran (duration and attempts filled in by the caller). */
export function resultOf(step: Step, transactional: boolean): MigrationResult {
  const r: MigrationResult = {
    version: step.file.version,
    name: step.file.name,
    direction: step.direction,
    file: step.shown,
    status: step.direction === "up" ? "applied" : "reverted",
    transactional,
    durationMs: 0,
    attempts: 0,
  };
  if (step.file.repeatable) r.repeatable = true;
  return r;
}

/** The result of a step a run did not reach. */
export function skippedResult(step: Step): MigrationResult {
  return { ...resultOf(step, step.script ? step.script.transactional : true), status: "skipped" };
}
