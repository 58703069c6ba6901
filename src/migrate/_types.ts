/**
 * The shapes of a migration run: its options and events, the operation asked for, the plan, and
 * the report it returns (a result per migration, never an exception midway).
 * @module
 */
import type { ConfitureError } from "../errors/mod.ts";
import type { Hazard, LockLevel } from "../sql/mod.ts";
import type { Placeholders } from "./placeholders.ts";
import type { TypeScriptLoader } from "./script.ts";
import type { MigrationStatus } from "./status.ts";

/** Settings of a run. */
export interface RunnerOptions {
  /** Absolute migrations folder. */
  migrationsDir: string;
  /** Project root: file paths in results and errors are shown relative to it. */
  root?: string;
  /** Ledger table, possibly schema-qualified. Default `tb_confiture`. */
  trackingTable?: string;
  /** How long to wait for the migration lock (ms). Default 60 000. */
  lockTimeoutMs?: number;
  /** `lock_timeout` of each migration statement (ms). Default 5 000. */
  statementLockTimeoutMs?: number;
  /** Retries of a whole migration after a lock timeout (SQLSTATE 55P03). Default 3. */
  lockRetries?: number;
  /** First pause before a retry (ms), doubled each time. Default 500. */
  retryDelayMs?: number;
  /** Receives progress events. */
  onEvent?: (e: MigrationEvent) => void;
  /** Stops between migrations when aborted. */
  signal?: AbortSignal;
  /** How TypeScript migrations are loaded (see `importMigrationModule`). Default `auto`. */
  typeScriptLoader?: TypeScriptLoader;
  /**
   * `${name}` placeholders replaced in SQL migrations (`placeholders:` of the environment file);
   * a name mapped to `null` is declared without a value (an error where a migration uses it).
   */
  placeholders?: Placeholders;
}

/** A progress event of a run. */
export type MigrationEvent =
  | { type: "lock-wait" }
  | { type: "lock-acquired" }
  | { type: "start"; version: string; name: string; direction: "up" | "down"; index: number; total: number }
  | { type: "done"; version: string; name: string; direction: "up" | "down"; durationMs: number }
  | { type: "retry"; version: string; attempt: number; delayMs: number; error: string }
  | { type: "failed"; version: string; error: ConfitureError };

/** What a run does. */
export type Operation =
  | { op: "status" }
  | { op: "verify" }
  | {
    op: "up";
    /** Up to and including this version; repeatable migrations do not run with a target. */
    target?: string;
    allowOutOfOrder?: boolean;
    onChecksumMismatch?: "fail" | "warn";
    dryRun?: "plan" | "execute";
  }
  | { op: "down"; steps?: number; to?: string; dryRun?: boolean }
  | { op: "baseline"; through: string }
  | { op: "repair"; confirm: boolean };

/** One statement of a planned migration. */
export interface PlannedStatement {
  /** Line of the statement in its file, from 1. */
  line: number;
  /** Column of the statement in its file, from 1. */
  col: number;
  /** Parse node type, e.g. `IndexStmt`. */
  kind: string;
  /** The statement's first line. */
  summary: string;
  /** The table lock it takes, when known. */
  lock: LockLevel | null;
  /** The object it acts on, when known. */
  target?: string;
  /** Rewrites a table (`ALTER COLUMN … TYPE`, …). */
  rewrites: boolean;
  /** Removes data (`DROP`, `TRUNCATE`, `DELETE`, …). */
  deletesData: boolean;
  /** Cannot run inside a transaction (`CREATE INDEX CONCURRENTLY`, …). */
  nonTransactional: boolean;
  /** Its hazard codes. */
  hazards: Hazard[];
}

/** A migration the run will apply or revert. */
export interface PlannedMigration {
  /** The migration's version. */
  version: string;
  /** The migration's name. */
  name: string;
  /** Applied (`up`) or reverted (`down`). */
  direction: "up" | "down";
  /** The file that runs (`.up.sql`, `.down.sql`, `.ts` or `R_<name>.sql`). */
  file: string;
  /** An SQL file or a TypeScript module. */
  type: "sql" | "ts";
  /** A repeatable migration (`R_<name>.sql`), applied again because it is new or changed. */
  repeatable: boolean;
  /** Runs in one transaction with its ledger row. */
  transactional: boolean;
  /** Runs outside a transaction because of the `-- confiture:no-transaction` comment. */
  forcedNoTransaction: boolean;
  /** Empty for TypeScript migrations (not analysed). */
  statements: PlannedStatement[];
}

/** The outcome of one migration. */
export interface MigrationResult {
  /** The migration's version. */
  version: string;
  /** The migration's name. */
  name: string;
  /** Applied (`up`) or reverted (`down`). */
  direction: "up" | "down";
  /** The file that ran, relative to the project root. */
  file: string;
  /** A repeatable migration (`R_<name>.sql`). */
  repeatable?: boolean;
  /**
   * `applied`/`reverted`: committed; `rolled_back`: ran and was rolled back on purpose
   * (--dry-run-execute); `failed`: nothing of it kept (or, for a non-transactional
   * migration, the statements before the failure); `baselined`: recorded without running;
   * `repaired`: checksum updated; `skipped`: not run by a dry run.
   */
  status: "applied" | "reverted" | "rolled_back" | "failed" | "baselined" | "repaired" | "skipped";
  /** Ran in one transaction with its ledger row. */
  transactional: boolean;
  /** How long it took, milliseconds. */
  durationMs: number;
  /** Executions (more than 1 after lock-timeout retries). */
  attempts: number;
  /** Why it failed (status `failed`). */
  error?: ConfitureError;
}

/** What a run returns. */
export interface RunReport {
  /** The operation that ran. */
  op: Operation["op"];
  /** The status read before the run made any change. */
  status: MigrationStatus;
  /** The migrations the run meant to apply or revert, in order. */
  plan: PlannedMigration[];
  /** The outcome of each migration that ran, in order. */
  results: MigrationResult[];
  /** Remarks that did not stop the run. */
  warnings: string[];
  /** The first failure, when any: the run stopped there. */
  error?: ConfitureError;
  /** The ledger table, schema-qualified. */
  ledgerTable: string;
}
