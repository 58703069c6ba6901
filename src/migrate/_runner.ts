/**
 * The migration runner: the one private routine every public operation funnels into. It reads
 * the files, takes the lock, reads the ledger, plans, and has each migration executed with its
 * ledger row in one transaction, returning a result per migration instead of throwing midway.
 * @module
 */
import { ConfitureError, toConfitureError } from "../errors/mod.ts";
import { acquireMigrationLock, type AdvisoryLock, type Database } from "../db/mod.ts";
import { compareVersions, sameVersion } from "./files.ts";
import {
  deleteLedgerRows,
  ensureLedger,
  insertLedgerRow,
  type LedgerTable,
  partialKey,
  readLedger,
  resolveLedgerTable,
  updateLedgerChecksum,
} from "./ledger.ts";
import { readMigrations } from "./_read.ts";
import {
  findVersion,
  isPending,
  type LoadOptions,
  loadStep,
  mismatchError,
  pendingEntries,
  planOf,
  revertEntries,
  type Step,
} from "./_plan.ts";
import { captureSessionState, customSettingNames } from "./_session_state.ts";
import type { RunContext } from "./_context.ts";
import { dryRunExecute, execute } from "./_execute.ts";
import { type ChecksummedFile, computeStatus } from "./status.ts";
import type { MigrationResult, Operation, RunnerOptions, RunReport } from "./_types.ts";

/**
 * Runs one operation. Errors found before anything changes (bad files, checksum
 * mismatch, missing down file, lock timeout) are thrown; a failure while
 * migrating is returned in `error` with the results so far.
 */
export async function runMigrations(db: Database, o: RunnerOptions, operation: Operation): Promise<RunReport> {
  const { files, repeatables, texts } = await readMigrations(o.migrationsDir, o.root);
  const mutating = operation.op === "baseline" || operation.op === "repair" ||
    (operation.op === "up" && operation.dryRun !== "plan") || (operation.op === "down" && !operation.dryRun);
  let lock: AdvisoryLock | undefined;
  if (mutating) {
    o.onEvent?.({ type: "lock-wait" });
    lock = await acquireMigrationLock(db, { timeoutMs: o.lockTimeoutMs ?? 60_000, signal: o.signal });
    o.onEvent?.({ type: "lock-acquired" });
    if (db.info.backend === "server" && (await db.serverVersionNum()) >= 140000) {
      // a runner killed mid-statement ends its server session within a second, releasing the lock
      await db.query("select pg_catalog.set_config('client_connection_check_interval', '1000', false)");
    }
  }
  let report: RunReport | undefined;
  try {
    // the ledger's schema is resolved before any migration can change the search_path; it is
    // created (or upgraded) only once the run has passed every check, right before its first
    // write: a refused run changes nothing
    const table = await resolveLedgerTable(db, o.trackingTable ?? "tb_confiture");
    const ledger = await readLedger(db, table);
    const status = computeStatus(files, ledger, repeatables);
    report = {
      op: operation.op,
      status,
      plan: [],
      results: [],
      warnings: [],
      ledgerTable: o.trackingTable ?? "tb_confiture",
    };
    const all = [...files, ...repeatables];
    switch (operation.op) {
      case "status":
        break;
      case "verify":
        verify(report);
        break;
      case "up":
        await up(db, o, table, operation, all, texts, report);
        break;
      case "down":
        await down(db, o, table, operation, files, texts, report);
        break;
      case "baseline":
        await baseline(db, table, operation.through, files, report);
        break;
      case "repair":
        await repair(db, table, operation.confirm, all, report);
        break;
    }
    return report;
  } finally {
    if (lock) {
      try {
        await lock.release();
      } catch (e) {
        // the session is gone (the server ended it): the lock went with it
        report?.warnings.push(`could not release the migration lock: ${toConfitureError(e).message}`);
      }
    }
  }
}

function warnMissing(report: RunReport): void {
  for (const e of report.status.entries) {
    if (e.state !== "missing_file") continue;
    report.warnings.push(
      e.kind === "repeatable"
        ? `repeatable migration R_${e.name}.sql is in the ledger but its file is missing (migrate repair --yes forgets it)`
        : `${e.version}_${e.name} is applied but its file is missing`,
    );
  }
  for (const e of report.status.entries) {
    if (e.state === "partial" && e.file === undefined) {
      report.warnings.push(`${e.version}_${e.name} stopped midway and its file is missing`);
    }
  }
}

function verify(report: RunReport): void {
  const bad = report.status.entries.filter((e) => e.state === "checksum_mismatch");
  warnMissing(report);
  for (const e of report.status.entries) {
    if (e.state === "applied" && e.checksum === "none" && !e.archivedInto) {
      report.warnings.push(`${e.file} has no checksum in the ledger (not verified)`);
    }
  }
  if (bad.length) report.error = mismatchError(bad);
}

/** The context executors share; the session state is read now, before the first migration runs. */
async function runContext(
  db: Database,
  o: RunnerOptions,
  table: LedgerTable,
  steps: Step[],
): Promise<RunContext> {
  const custom = customSettingNames(steps.flatMap((s) => (s.script ? [s.script] : [])));
  return { db, o, table, session: await captureSessionState(db, custom), total: steps.length };
}

async function loadOptions(db: Database, o: RunnerOptions, texts: Map<string, string>, needed: boolean) {
  const lo: LoadOptions = {
    texts,
    serverVersionNum: needed ? await db.serverVersionNum() : 0,
    loader: o.typeScriptLoader,
    placeholders: o.placeholders,
  };
  return lo;
}

async function up(
  db: Database,
  o: RunnerOptions,
  table: LedgerTable,
  op: Extract<Operation, { op: "up" }>,
  files: ChecksummedFile[],
  texts: Map<string, string>,
  report: RunReport,
): Promise<void> {
  const status = report.status;
  const bad = status.entries.filter((e) => e.state === "checksum_mismatch");
  if (bad.length) {
    if ((op.onChecksumMismatch ?? "fail") === "fail") throw mismatchError(bad);
    for (const b of bad) {
      report.warnings.push(`${b.file} was changed after it was applied (--on-checksum-mismatch warn)`);
    }
  }
  warnMissing(report);
  const pending = pendingEntries(status, op);
  const byVersion = new Map(files.map((f) => [f.version, f]));
  const lo = await loadOptions(db, o, texts, pending.length > 0);
  const steps: Step[] = [];
  for (const e of pending) steps.push(await loadStep(byVersion.get(e.version)!, "up", lo, e));
  report.plan = steps.map(planOf);
  if (op.dryRun === "plan") return;
  const ctx = await runContext(db, o, table, steps);
  if (op.dryRun === "execute") {
    await dryRunExecute(ctx, steps, report);
    return;
  }
  if (steps.length) await ensureLedger(db, table);
  await execute(ctx, steps, report);
}

async function down(
  db: Database,
  o: RunnerOptions,
  table: LedgerTable,
  op: Extract<Operation, { op: "down" }>,
  files: ChecksummedFile[],
  texts: Map<string, string>,
  report: RunReport,
): Promise<void> {
  const revert = revertEntries(report.status, op);
  const byVersion = new Map(files.map((f) => [f.version, f]));
  const lo = await loadOptions(db, o, texts, revert.length > 0);
  const steps: Step[] = [];
  for (const e of revert) {
    if (e.archivedInto) {
      throw new ConfitureError(
        "MIGRATION_DOWN_MISSING",
        `cannot roll back ${e.version}_${e.name}: it was archived into ${e.archivedInto} by a squash`,
        { hint: "revert to a version after the squash baseline; nothing was changed" },
      );
    }
    const f = byVersion.get(e.version) ?? files.find((x) => sameVersion(x.version, e.version));
    if (!f) {
      throw new ConfitureError(
        "MIGRATION_FILE_MISSING",
        `cannot roll back ${e.version}_${e.name}: its migration file is missing`,
        { hint: "restore the file from version control; nothing was changed" },
      );
    }
    if (e.state === "checksum_mismatch") report.warnings.push(`${f.upFile} was changed after it was applied`);
    steps.push(await loadStep(f, "down", lo));
  }
  report.plan = steps.map(planOf);
  if (op.dryRun) return;
  await execute(await runContext(db, o, table, steps), steps, report);
}

async function baseline(
  db: Database,
  table: LedgerTable,
  through: string,
  files: ChecksummedFile[],
  report: RunReport,
): Promise<void> {
  const t = findVersion(report.status, through, "--through");
  const marks = report.status.entries.filter((e) =>
    e.kind === "versioned" && isPending(e) && compareVersions(e.version, t.version) <= 0
  );
  const byVersion = new Map(files.map((f) => [f.version, f]));
  await db.transaction(async (tx) => {
    await ensureLedger(tx, table);
    for (const e of marks) {
      const f = byVersion.get(e.version)!;
      await insertLedgerRow(tx, table, { version: f.version, name: f.name, checksum: f.checksum, executionTimeMs: 0 });
      if (e.state === "partial") await deleteLedgerRows(tx, table, [partialKey(f.version)]);
    }
  });
  for (const e of marks) {
    const f = byVersion.get(e.version)!;
    report.results.push({
      version: f.version,
      name: f.name,
      direction: "up",
      file: f.upFile,
      status: "baselined",
      transactional: true,
      durationMs: 0,
      attempts: 0,
    });
  }
}

/**
 * Accepts the files' current checksums (edited migrations, rows in the reference tool's format or
 * with none) and forgets repeatable migrations whose file was removed; without `confirm`, only
 * reports what it would do.
 */
async function repair(
  db: Database,
  table: LedgerTable,
  confirm: boolean,
  files: ChecksummedFile[],
  report: RunReport,
): Promise<void> {
  const byVersion = new Map(files.map((f) => [f.version, f]));
  const fix = report.status.entries.filter((e) =>
    e.kind === "versioned" &&
    (e.state === "checksum_mismatch" || (e.state === "applied" && e.checksum !== "current" && !e.archivedInto))
  );
  const forget = report.status.entries.filter((e) => e.kind === "repeatable" && e.state === "missing_file");
  for (const e of report.status.entries) {
    if (e.state === "missing_file" && e.kind === "versioned") {
      report.warnings.push(`${e.version}_${e.name} is applied but its file is missing`);
    }
  }
  const results: MigrationResult[] = [...fix, ...forget].map((e) => ({
    version: e.version,
    name: e.name,
    direction: "up",
    file: e.file ?? "",
    ...(e.kind === "repeatable" ? { repeatable: true } : {}),
    status: confirm ? "repaired" : "skipped",
    transactional: true,
    durationMs: 0,
    attempts: 0,
  }));
  report.results = results;
  if (!confirm) {
    if (results.length) {
      const what = [
        ...(fix.length
          ? [`${fix.length} ledger checksum(s) would be replaced: ${fix.map((e) => e.file).join(", ")}`]
          : []),
        ...(forget.length
          ? [
            `${forget.length} removed repeatable migration(s) would be forgotten: ${
              forget.map((e) => e.version).join(", ")
            }`,
          ]
          : []),
      ];
      report.error = new ConfitureError("REFUSED_UNSAFE", what.join("; "), {
        hint: "review the files, then run `confiture migrate repair --yes`",
      });
    }
    return;
  }
  if (!results.length) return;
  await db.transaction(async (tx) => {
    await ensureLedger(tx, table);
    for (const e of fix) await updateLedgerChecksum(tx, table, e.version, byVersion.get(e.version)!.checksum);
    await deleteLedgerRows(tx, table, forget.map((e) => e.version));
  });
}
