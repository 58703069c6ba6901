/**
 * Versioned and repeatable migrations: files, placeholders, ledger, lock, runner, status,
 * baseline, repair, generate, and the schema dump after a run.
 *
 * Every operation goes through one runner ({@link runMigrations}): it reads the
 * files, takes the migration lock when it changes something, reads the ledger,
 * plans, and executes each migration with its ledger row in one transaction.
 *
 * @example
 * ```ts
 * const report = await migrateUp(db, { migrationsDir: "db/migrations" });
 * if (report.error) throw report.error;
 * ```
 * @module
 */
import type { Database } from "../db/mod.ts";
import type { ProjectConfig } from "../config/mod.ts";
import { runMigrations } from "./_runner.ts";
import type { Operation, RunnerOptions, RunReport } from "./_types.ts";

export { runMigrations } from "./_runner.ts";
export type {
  MigrationEvent,
  MigrationResult,
  Operation,
  PlannedMigration,
  PlannedStatement,
  RunnerOptions,
  RunReport,
} from "./_types.ts";
export {
  compareVersions,
  discoverMigrationFiles,
  discoverMigrations,
  nextVersion,
  parseMigrationName,
  parseRepeatableName,
  timestampVersion,
} from "./files.ts";
export type { MigrationFile, MigrationFiles } from "./files.ts";
export { substitutePlaceholders } from "./placeholders.ts";
export type { Placeholders, SubstitutedText } from "./placeholders.ts";
export { compareChecksum, migrationChecksum, sha256Hex } from "./checksum.ts";
export type { ChecksumState } from "./checksum.ts";
export { computeStatus } from "./status.ts";
export type { ChecksummedFile, MigrationState, MigrationStatus, StatusEntry } from "./status.ts";
export { ensureLedger, ledgerTable, partialKey, readLedger, repeatableKey, resolveLedgerTable } from "./ledger.ts";
export type { LedgerRow, LedgerTable, PartialFailure } from "./ledger.ts";
export { NO_TRANSACTION_DIRECTIVE, parseSqlScript, TYPESCRIPT_LOADERS } from "./script.ts";
export type { MigrationContext, MigrationModule, SqlScript, TypeScriptLoader } from "./script.ts";
export { createMigration } from "./new.ts";
export type { CreatedMigration, CreateMigrationOptions } from "./new.ts";

/**
 * Runner options from a project configuration, with overrides.
 *
 * @example
 * ```ts
 * import { loadConfig, runnerOptions } from "./mod.ts";
 * const cfg = await loadConfig({ root: ".", vars: Deno.env.toObject() });
 * const options = runnerOptions(cfg, { lockTimeoutMs: 10_000, onEvent: (e) => console.log(e.type) });
 * console.log(options.migrationsDir);
 * ```
 */
export function runnerOptions(cfg: ProjectConfig, overrides: Partial<RunnerOptions> = {}): RunnerOptions {
  return {
    migrationsDir: cfg.migrationsDir,
    root: cfg.root,
    trackingTable: cfg.trackingTable,
    lockTimeoutMs: cfg.lockTimeoutMs,
    statementLockTimeoutMs: cfg.statementLockTimeoutMs,
    ...(cfg.placeholders ? { placeholders: cfg.placeholders } : {}),
    ...overrides,
  };
}

/**
 * Files and ledger side by side; changes nothing.
 *
 * @example
 * ```ts
 * import { connect, loadConfig, migrationStatus, runnerOptions } from "./mod.ts";
 * const cfg = await loadConfig({ root: ".", vars: Deno.env.toObject() });
 * const db = await connect({ url: "postgres://postgres@127.0.0.1/app", source: "flag" });
 * const report = await migrationStatus(db, runnerOptions(cfg));
 * await db.close();
 * for (const e of report.status.entries) console.log(e.version, e.name, e.state);
 * ```
 */
export function migrationStatus(db: Database, o: RunnerOptions): Promise<RunReport> {
  return runMigrations(db, o, { op: "status" });
}

/**
 * Applies pending migrations (up to `target`); see {@link runMigrations}.
 *
 * @example
 * ```ts
 * import { connect, loadConfig, migrateUp, runnerOptions } from "./mod.ts";
 * const cfg = await loadConfig({ root: ".", vars: Deno.env.toObject() });
 * const db = await connect({ url: "postgres://postgres@127.0.0.1/app", source: "flag" });
 * const report = await migrateUp(db, runnerOptions(cfg), { target: "20260101120000" });
 * await db.close();
 * if (report.error) throw report.error;
 * for (const r of report.results) console.log(r.version, r.status, r.durationMs);
 * ```
 */
export function migrateUp(
  db: Database,
  o: RunnerOptions,
  options: Omit<Extract<Operation, { op: "up" }>, "op"> = {},
): Promise<RunReport> {
  return runMigrations(db, o, { op: "up", ...options });
}

/**
 * Reverts the newest applied migrations (`steps`, default 1) or all after `to`.
 *
 * @example
 * ```ts
 * import { connect, loadConfig, migrateDown, runnerOptions } from "./mod.ts";
 * const cfg = await loadConfig({ root: ".", vars: Deno.env.toObject() });
 * const db = await connect({ url: "postgres://postgres@127.0.0.1/app", source: "flag" });
 * const report = await migrateDown(db, runnerOptions(cfg), { steps: 2 });
 * await db.close();
 * if (report.error) throw report.error;
 * ```
 */
export function migrateDown(
  db: Database,
  o: RunnerOptions,
  options: { steps?: number; to?: string; dryRun?: boolean } = {},
): Promise<RunReport> {
  return runMigrations(db, o, { op: "down", ...options });
}

/**
 * Records every migration up to `through` as applied without running it (adopting an existing database).
 *
 * @example
 * ```ts
 * import { connect, loadConfig, migrateBaseline, runnerOptions } from "./mod.ts";
 * const cfg = await loadConfig({ root: ".", vars: Deno.env.toObject() });
 * const db = await connect({ url: "postgres://postgres@127.0.0.1/app", source: "flag" });
 * const report = await migrateBaseline(db, runnerOptions(cfg), "20260101120000");
 * await db.close();
 * console.log(report.results.length, "migration(s) recorded as applied");
 * ```
 */
export function migrateBaseline(db: Database, o: RunnerOptions, through: string): Promise<RunReport> {
  return runMigrations(db, o, { op: "baseline", through });
}

/**
 * Compares ledger checksums with the files; `error` is set on a mismatch.
 *
 * @example
 * ```ts
 * import { connect, loadConfig, migrateVerify, runnerOptions } from "./mod.ts";
 * const cfg = await loadConfig({ root: ".", vars: Deno.env.toObject() });
 * const db = await connect({ url: "postgres://postgres@127.0.0.1/app", source: "flag" });
 * const report = await migrateVerify(db, runnerOptions(cfg));
 * await db.close();
 * if (report.error) console.error(report.error.code, report.error.message);
 * ```
 */
export function migrateVerify(db: Database, o: RunnerOptions): Promise<RunReport> {
  return runMigrations(db, o, { op: "verify" });
}

/**
 * Replaces ledger checksums with the files' current ones; without `confirm`, only reports.
 *
 * @example
 * ```ts
 * import { connect, loadConfig, migrateRepair, runnerOptions } from "./mod.ts";
 * const cfg = await loadConfig({ root: ".", vars: Deno.env.toObject() });
 * const db = await connect({ url: "postgres://postgres@127.0.0.1/app", source: "flag" });
 * const report = await migrateRepair(db, runnerOptions(cfg), true);
 * await db.close();
 * for (const r of report.results) console.log(r.version, r.status); // "repaired"
 * ```
 */
export function migrateRepair(db: Database, o: RunnerOptions, confirm: boolean): Promise<RunReport> {
  return runMigrations(db, o, { op: "repair", confirm });
}
export { enumValueSteps, generateMigration, renderGeneratedMigration } from "./generate.ts";
export type {
  EnumValueStepOptions,
  GeneratedMigration,
  GenerateMigrationOptions,
  GenerateResult,
  MigrationStep,
} from "./generate.ts";

/**
 * A schema source holding this project's migrations replayed on an empty database (for
 * `diff --from migrations` and `migrate generate --from-migrations`).
 */
export function migrationsSource(
  o: RunnerOptions,
): { kind: "replay"; label: string; replay(db: Database): Promise<void> } {
  return {
    kind: "replay",
    label: "the migrations",
    replay: async (db) => {
      const report = await runMigrations(db, o, { op: "up" });
      if (report.error) throw report.error;
    },
  };
}
export { dumpSchema } from "./dump_schema.ts";
export type { DumpSchemaOptions } from "./dump_schema.ts";
