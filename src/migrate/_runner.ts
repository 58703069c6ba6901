/**
 * The migration runner: the one private routine every public operation funnels
 * into. It reads the files, takes the lock, reads the ledger, plans, and executes
 * each migration with its ledger row in one transaction, returning a result per
 * migration instead of throwing midway.
 * @module
 */
import { ConfitureError, toConfitureError } from "../errors/mod.ts";
import { acquireMigrationLock, type AdvisoryLock, type Database, type Session } from "../db/mod.ts";
import { type Hazard, LOCK_LEVELS, type LockLevel } from "../sql/mod.ts";
import { migrationChecksum, sha256Hex } from "./checksum.ts";
import { compareVersions, discoverMigrations, sameVersion } from "./files.ts";
import {
  deleteLedgerRow,
  deleteLedgerRowSql,
  ensureLedger,
  insertLedgerRow,
  insertLedgerRowSql,
  LEDGER_CLOCK_START,
  type LedgerTable,
  ledgerTable,
  readLedger,
  updateLedgerChecksum,
} from "./ledger.ts";
import {
  importMigrationModule,
  migrationContext,
  type MigrationModule,
  moduleError,
  parseSqlScript,
  type SqlScript,
  statementError,
  type TypeScriptLoader,
} from "./script.ts";
import { type ChecksummedFile, computeStatus, type MigrationStatus, type StatusEntry } from "./status.ts";

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
  line: number;
  col: number;
  /** Parse node type, e.g. `IndexStmt`. */
  kind: string;
  /** The statement's first line. */
  summary: string;
  lock: LockLevel | null;
  target?: string;
  rewrites: boolean;
  deletesData: boolean;
  nonTransactional: boolean;
  hazards: Hazard[];
}

/** A migration the run will apply or revert. */
export interface PlannedMigration {
  version: string;
  name: string;
  direction: "up" | "down";
  /** The file that runs (`.up.sql`, `.down.sql` or `.ts`). */
  file: string;
  type: "sql" | "ts";
  transactional: boolean;
  /** Runs outside a transaction because of the `-- confiture:no-transaction` comment. */
  forcedNoTransaction: boolean;
  /** Empty for TypeScript migrations (not analysed). */
  statements: PlannedStatement[];
}

/** The outcome of one migration. */
export interface MigrationResult {
  version: string;
  name: string;
  direction: "up" | "down";
  file: string;
  /**
   * `applied`/`reverted`: committed; `rolled_back`: ran and was rolled back on purpose
   * (--dry-run-execute); `failed`: nothing of it kept (or, for a non-transactional
   * migration, the statements before the failure); `baselined`: recorded without running;
   * `repaired`: checksum updated; `skipped`: not run by a dry run.
   */
  status: "applied" | "reverted" | "rolled_back" | "failed" | "baselined" | "repaired" | "skipped";
  transactional: boolean;
  durationMs: number;
  /** Executions (more than 1 after lock-timeout retries). */
  attempts: number;
  error?: ConfitureError;
}

/** What a run returns. */
export interface RunReport {
  op: Operation["op"];
  /** The status read before the run made any change. */
  status: MigrationStatus;
  plan: PlannedMigration[];
  results: MigrationResult[];
  warnings: string[];
  /** The first failure, when any: the run stopped there. */
  error?: ConfitureError;
  ledgerTable: string;
}

class DryRunRollback extends Error {}

interface Step {
  file: ChecksummedFile;
  direction: "up" | "down";
  script?: SqlScript;
  module?: MigrationModule;
  /** Path shown: the file that runs. */
  shown: string;
  /** Absolute path of the file that runs. */
  path: string;
}

/** Reads the files of `dir` and computes their checksums. */
async function readFiles(o: RunnerOptions): Promise<{ files: ChecksummedFile[]; texts: Map<string, string> }> {
  const found = await discoverMigrations(o.migrationsDir, o.root);
  const texts = new Map<string, string>();
  const files: ChecksummedFile[] = [];
  await Promise.all(found.map(async (f) => {
    const bytes = await readBytes(f.upPath, f.upFile);
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch (e) {
      throw new ConfitureError("FILE_UNREADABLE", `${f.upFile} is not valid UTF-8`, { cause: e });
    }
    texts.set(f.upPath, text);
    files.push({ ...f, checksum: migrationChecksum(text, f.type), rawChecksum: sha256Hex(bytes) });
  }));
  files.sort((a, b) => compareVersions(a.version, b.version));
  return { files, texts };
}

async function readBytes(path: string, shown: string): Promise<Uint8Array> {
  try {
    return await Deno.readFile(path);
  } catch (e) {
    throw new ConfitureError("FILE_UNREADABLE", `cannot read ${shown}`, { cause: e, detail: String(e) });
  }
}

async function readText(path: string, shown: string): Promise<string> {
  const bytes = await readBytes(path, shown);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (e) {
    throw new ConfitureError("FILE_UNREADABLE", `${shown} is not valid UTF-8`, { cause: e });
  }
}

function planOf(step: Step): PlannedMigration {
  const s = step.script;
  return {
    version: step.file.version,
    name: step.file.name,
    direction: step.direction,
    file: step.shown,
    type: step.file.type,
    transactional: s ? s.transactional : true,
    forcedNoTransaction: s ? s.forcedNoTransaction : false,
    statements: s
      ? s.statements.map((st, i) => {
        const c = s.classes[i];
        const p: PlannedStatement = {
          line: st.line,
          col: st.col,
          kind: st.kind,
          summary: summarize(st.text),
          lock: c.lock,
          rewrites: c.rewrites,
          deletesData: c.deletesData,
          nonTransactional: c.nonTransactional,
          hazards: c.hazards,
        };
        if (c.target !== undefined) p.target = c.target;
        return p;
      })
      : [],
  };
}

function summarize(text: string): string {
  const l = text.split("\n")[0].trim();
  return l.length > 80 ? l.slice(0, 77) + "..." : l;
}

function findVersion(status: MigrationStatus, v: string, flag: string): StatusEntry {
  const e = status.entries.find((x) => sameVersion(x.version, v));
  if (!e) {
    throw new ConfitureError("MIGRATION_UNKNOWN_VERSION", `${flag} ${v}: no migration has this version`, {
      hint: "`confiture migrate status` lists the versions",
    });
  }
  return e;
}

/**
 * Runs one operation. Errors found before anything changes (bad files, checksum
 * mismatch, missing down file, lock timeout) are thrown; a failure while
 * migrating is returned in `error` with the results so far.
 */
export async function runMigrations(db: Database, o: RunnerOptions, operation: Operation): Promise<RunReport> {
  const table = ledgerTable(o.trackingTable ?? "tb_confiture");
  const { files, texts } = await readFiles(o);
  const mutating = operation.op === "baseline" || operation.op === "repair" ||
    (operation.op === "up" && operation.dryRun !== "plan") || (operation.op === "down" && !operation.dryRun);
  let lock: AdvisoryLock | undefined;
  if (mutating) {
    o.onEvent?.({ type: "lock-wait" });
    lock = await acquireMigrationLock(db, { timeoutMs: o.lockTimeoutMs ?? 60_000, signal: o.signal });
    o.onEvent?.({ type: "lock-acquired" });
    if (db.info.backend === "server" && (await db.serverVersionNum()) >= 140000) {
      // a runner killed mid-statement ends its server session within a second, releasing the lock
      await db.query("select set_config('client_connection_check_interval', '1000', false)");
    }
  }
  let report: RunReport | undefined;
  try {
    // the ledger is created (or upgraded) only once the run has passed every check, right before its
    // first write: a refused run changes nothing
    const ledger = await readLedger(db, table);
    const status = computeStatus(files, ledger);
    report = {
      op: operation.op,
      status,
      plan: [],
      results: [],
      warnings: [],
      ledgerTable: o.trackingTable ?? "tb_confiture",
    };
    switch (operation.op) {
      case "status":
        break;
      case "verify":
        verify(report);
        break;
      case "up":
        await up(db, o, table, operation, files, texts, report);
        break;
      case "down":
        await down(db, o, table, operation, files, texts, report);
        break;
      case "baseline":
        await baseline(db, table, operation.through, files, report);
        break;
      case "repair":
        await repair(db, table, operation.confirm, files, report);
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

function verify(report: RunReport): void {
  const bad = report.status.entries.filter((e) => e.state === "checksum_mismatch");
  for (const e of report.status.entries) {
    if (e.state === "missing_file") report.warnings.push(`${e.version}_${e.name} is applied but its file is missing`);
    if (e.state === "applied" && e.checksum === "none" && !e.archivedInto) {
      report.warnings.push(`${e.file} has no checksum in the ledger (not verified)`);
    }
  }
  if (bad.length) report.error = mismatchError(bad);
}

function mismatchError(bad: StatusEntry[]): ConfitureError {
  const first = bad[0];
  return new ConfitureError(
    "MIGRATION_CHECKSUM_MISMATCH",
    bad.length === 1
      ? `${first.file} was changed after it was applied`
      : `${bad.length} applied migrations were changed after they were applied: ${bad.map((b) => b.file).join(", ")}`,
    {
      location: first.file ? { file: first.file, line: 1, col: 1 } : undefined,
      detail: "formatting and comments do not count: the statements differ from what ran",
      hint: "restore the file (a change belongs in a new migration), or, after review, accept it with " +
        "`confiture migrate repair --yes`",
    },
  );
}

async function loadStep(
  f: ChecksummedFile,
  direction: "up" | "down",
  texts: Map<string, string>,
  serverVersionNum: number,
  loader?: TypeScriptLoader,
): Promise<Step> {
  if (f.type === "ts") {
    const module = await importMigrationModule(f.upPath, f.upFile, { loader });
    if (direction === "down" && !module.down) {
      throw new ConfitureError("MIGRATION_DOWN_MISSING", `${f.upFile} does not export down(ctx): cannot roll it back`, {
        location: { file: f.upFile, line: 1, col: 1 },
        hint: "add `export async function down(ctx)`; nothing was changed",
      });
    }
    return { file: f, direction, module, shown: f.upFile, path: f.upPath };
  }
  if (direction === "up") {
    const text = texts.get(f.upPath) ?? await readText(f.upPath, f.upFile);
    const script = await parseSqlScript(text, f.upFile, { serverVersionNum });
    return { file: f, direction, script, shown: f.upFile, path: f.upPath };
  }
  if (!f.downPath || !f.downFile) {
    const downName = f.upFile.replace(/\.up\.sql$/, ".down.sql");
    throw new ConfitureError("MIGRATION_DOWN_MISSING", `${downName} does not exist: cannot roll back ${f.version}`, {
      location: { file: f.upFile, line: 1, col: 1 },
      hint: `write ${downName}; nothing was changed`,
    });
  }
  const text = await readText(f.downPath, f.downFile);
  const script = await parseSqlScript(text, f.downFile, { serverVersionNum });
  return { file: f, direction, script, shown: f.downFile, path: f.downPath };
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
  for (const e of status.entries) {
    if (e.state === "missing_file") report.warnings.push(`${e.version}_${e.name} is applied but its file is missing`);
  }
  let pending = status.entries.filter((e) => e.state === "pending" || e.state === "out_of_order");
  if (op.target !== undefined) {
    const t = findVersion(status, op.target, "--target");
    pending = pending.filter((e) => compareVersions(e.version, t.version) <= 0);
  }
  const ooo = pending.filter((e) => e.state === "out_of_order");
  if (ooo.length && !op.allowOutOfOrder) {
    throw new ConfitureError(
      "MIGRATION_OUT_OF_ORDER",
      `${ooo[0].file} is older than the newest applied migration ${status.current}` +
        (ooo.length > 1 ? ` (and ${ooo.length - 1} more)` : ""),
      {
        location: ooo[0].file ? { file: ooo[0].file, line: 1, col: 1 } : undefined,
        detail: `pending out of order: ${ooo.map((e) => e.version).join(", ")}`,
        hint: "usually a branch merged late: check it does not depend on newer migrations, then run with " +
          "--allow-out-of-order (or give it a newer version)",
      },
    );
  }
  const byVersion = new Map(files.map((f) => [f.version, f]));
  const serverVersionNum = pending.length ? await db.serverVersionNum() : 0;
  const steps: Step[] = [];
  for (const e of pending) {
    steps.push(await loadStep(byVersion.get(e.version)!, "up", texts, serverVersionNum, o.typeScriptLoader));
  }
  report.plan = steps.map(planOf);
  if (op.dryRun === "plan") return;
  if (op.dryRun === "execute") {
    await dryRunExecute(db, o, table, steps, report);
    return;
  }
  if (steps.length) await ensureLedger(db, table);
  await execute(db, o, table, steps, report);
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
  const status = report.status;
  const applied = status.entries.filter((e) => e.state !== "pending" && e.state !== "out_of_order").reverse();
  let revert: StatusEntry[];
  if (op.to !== undefined) {
    const t = findVersion(status, op.to, "--to");
    revert = applied.filter((e) => compareVersions(e.version, t.version) > 0);
  } else {
    const n = op.steps ?? 1;
    if (!Number.isInteger(n) || n < 1) {
      throw new ConfitureError("USAGE_INVALID_ARGUMENT", `--steps must be a positive integer, got ${n}`);
    }
    revert = applied.slice(0, n);
  }
  const byVersion = new Map(files.map((f) => [f.version, f]));
  const serverVersionNum = revert.length ? await db.serverVersionNum() : 0;
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
    steps.push(await loadStep(f, "down", texts, serverVersionNum, o.typeScriptLoader));
  }
  report.plan = steps.map(planOf);
  if (op.dryRun) return;
  await execute(db, o, table, steps, report);
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
    (e.state === "pending" || e.state === "out_of_order") && compareVersions(e.version, t.version) <= 0
  );
  const byVersion = new Map(files.map((f) => [f.version, f]));
  await db.transaction(async (tx) => {
    await ensureLedger(tx, table);
    for (const e of marks) {
      const f = byVersion.get(e.version)!;
      await insertLedgerRow(tx, table, { version: f.version, name: f.name, checksum: f.checksum, executionTimeMs: 0 });
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

async function repair(
  db: Database,
  table: LedgerTable,
  confirm: boolean,
  files: ChecksummedFile[],
  report: RunReport,
): Promise<void> {
  const byVersion = new Map(files.map((f) => [f.version, f]));
  const fix = report.status.entries.filter((e) =>
    e.state === "checksum_mismatch" || (e.state === "applied" && e.checksum !== "current" && !e.archivedInto)
  );
  for (const e of report.status.entries) {
    if (e.state === "missing_file") report.warnings.push(`${e.version}_${e.name} is applied but its file is missing`);
  }
  const results: MigrationResult[] = fix.map((e) => ({
    version: e.version,
    name: e.name,
    direction: "up",
    file: e.file ?? "",
    status: confirm ? "repaired" : "skipped",
    transactional: true,
    durationMs: 0,
    attempts: 0,
  }));
  report.results = results;
  if (!confirm) {
    if (fix.length) {
      report.error = new ConfitureError(
        "REFUSED_UNSAFE",
        `${fix.length} ledger checksum(s) would be replaced: ${fix.map((e) => e.file).join(", ")}`,
        { hint: "review the files, then run `confiture migrate repair --yes`" },
      );
    }
    return;
  }
  if (!fix.length) return;
  await db.transaction(async (tx) => {
    await ensureLedger(tx, table);
    for (const e of fix) await updateLedgerChecksum(tx, table, e.version, byVersion.get(e.version)!.checksum);
  });
}

async function dryRunExecute(
  db: Database,
  o: RunnerOptions,
  table: LedgerTable,
  steps: Step[],
  report: RunReport,
): Promise<void> {
  try {
    await db.transaction(async (tx) => {
      await ensureLedger(tx, table);
      for (let i = 0; i < steps.length; i++) {
        const step = steps[i];
        if (step.script && !step.script.transactional) {
          report.warnings.push(
            `--dry-run-execute stops before ${step.shown}: it cannot run in a transaction`,
          );
          for (const rest of steps.slice(i)) report.results.push(skipped(rest));
          break;
        }
        const r = await applyTransactional(tx, o, table, step, i, steps.length);
        if (r.status === "failed") {
          report.results.push(r);
          report.error = r.error;
          break;
        }
        r.status = "rolled_back";
        report.results.push(r);
      }
      throw new DryRunRollback();
    });
  } catch (e) {
    if (!isDryRunRollback(e)) throw e;
  }
}

function skipped(step: Step): MigrationResult {
  return {
    version: step.file.version,
    name: step.file.name,
    direction: step.direction,
    file: step.shown,
    status: "skipped",
    transactional: step.script ? step.script.transactional : true,
    durationMs: 0,
    attempts: 0,
  };
}

/** The result of a transactional step that ran (duration and attempts filled in by the caller). */
function appliedResult(step: Step): MigrationResult {
  return {
    version: step.file.version,
    name: step.file.name,
    direction: step.direction,
    file: step.shown,
    status: step.direction === "up" ? "applied" : "reverted",
    transactional: true,
    durationMs: 0,
    attempts: 0,
  };
}

async function execute(
  db: Database,
  o: RunnerOptions,
  table: LedgerTable,
  steps: Step[],
  report: RunReport,
): Promise<void> {
  await executeSteps(db, o, table, steps, report);
  if (!report.results.some((r) => r.status === "applied" || r.status === "reverted")) return;
  try {
    await flushCommits(db);
  } catch (e) {
    const err = toConfitureError(e);
    if (report.error) report.warnings.push(`could not confirm the applied migrations are on disk: ${err.message}`);
    else report.error = err;
  }
}

/**
 * Waits until every commit of this session is on disk: a transaction that has an
 * xid commits with the session's synchronous_commit, and its WAL flush covers
 * every earlier commit record.
 */
async function flushCommits(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query("select txid_current()");
  });
}

async function executeSteps(
  db: Database,
  o: RunnerOptions,
  table: LedgerTable,
  steps: Step[],
  report: RunReport,
): Promise<void> {
  for (let i = 0; i < steps.length;) {
    if (o.signal?.aborted) {
      report.error = new ConfitureError("INTERRUPTED", "interrupted: the remaining migrations were not run");
      for (const rest of steps.slice(i)) report.results.push(skipped(rest));
      return;
    }
    let end = i;
    let bytes = 0;
    while (end < steps.length && batchable(steps[end]) && end - i < CHUNK_MIGRATIONS && bytes < CHUNK_BYTES) {
      bytes += steps[end].script!.text.length;
      end++;
    }
    let results: MigrationResult[];
    if (end - i > 1) results = await applyChunk(db, o, table, steps, i, end);
    else {
      const step = steps[i];
      results = [
        step.script && !step.script.transactional
          ? await applyNonTransactional(db, o, table, step, i, steps.length)
          : await applyTransactional(db, o, table, step, i, steps.length, db),
      ];
    }
    report.results.push(...results);
    i += results.length;
    const last = results[results.length - 1];
    if (last.status === "failed") {
      report.error = last.error;
      for (const rest of steps.slice(i)) report.results.push(skipped(rest));
      return;
    }
  }
}

/** Most migrations sent in one message (see {@link applyChunk}). */
const CHUNK_MIGRATIONS = 50;
/** Most SQL text sent in one message, in UTF-16 code units (the last migration may pass it). */
const CHUNK_BYTES = 1 << 20;

/** A transactional SQL migration: it can share a message with its neighbours. */
function batchable(step: Step): boolean {
  return step.script !== undefined && step.script.transactional;
}

/**
 * Applies transactional SQL migrations `steps[from..to)` with one message: one
 * `begin; …; <ledger row>; commit;` block per migration, so each still commits alone with its
 * ledger row, and the server skips the rest of the message after an error. A failure is
 * located from the ledger (the migrations before it committed), then handled as if the failing
 * migration had run alone: a lock timeout is retried, another error is located in its file.
 */
async function applyChunk(
  db: Database,
  o: RunnerOptions,
  table: LedgerTable,
  steps: Step[],
  from: number,
  to: number,
): Promise<MigrationResult[]> {
  const chunk = steps.slice(from, to);
  const first = chunk[0].file;
  o.onEvent?.({
    type: "start",
    version: first.version,
    name: first.name,
    direction: chunk[0].direction,
    index: from,
    total: steps.length,
  });
  const blocks = chunk.map((step) => migrationBlock(o, table, step));
  const t0 = performance.now();
  let failure: unknown;
  try {
    await db.exec(blocks.map((b) => b.sql).join(""));
  } catch (e) {
    failure = e;
    await rollbackAfter(db, e);
  }
  const elapsed = performance.now() - t0;
  const done = await committedPrefix(db, table, chunk, failure === undefined);
  const results: MigrationResult[] = [];
  for (let k = 0; k < done.count; k++) {
    const step = chunk[k];
    const { version, name } = step.file;
    if (k > 0) {
      o.onEvent?.({ type: "start", version, name, direction: step.direction, index: from + k, total: steps.length });
    }
    const durationMs = done.durations.get(version) ?? elapsed / chunk.length;
    results.push({ ...appliedResult(step), durationMs, attempts: 1 });
    o.onEvent?.({ type: "done", version, name, direction: step.direction, durationMs });
  }
  if (failure === undefined) return results;
  const k = done.count;
  if (k >= chunk.length) throw failure; // every migration committed: the failure is not theirs
  const step = chunk[k];
  if (k > 0) {
    o.onEvent?.({
      type: "start",
      version: step.file.version,
      name: step.file.name,
      direction: step.direction,
      index: from + k,
      total: steps.length,
    });
  }
  let located: unknown;
  try {
    located = await locateBlockError(
      db,
      step,
      blocks[k],
      failure,
      blocks.slice(0, k).reduce((n, b) => n + codePoints(b.sql), 0),
    );
  } catch (e) {
    located = e;
  }
  results.push(await applyTransactional(db, o, table, step, from + k, steps.length, db, located));
  return results;
}

/** Which migrations of a chunk committed (a prefix), with their measured durations (up only). */
async function committedPrefix(
  db: Database,
  table: LedgerTable,
  chunk: Step[],
  all: boolean,
): Promise<{ count: number; durations: Map<string, number> }> {
  const durations = new Map<string, number>();
  if (all && chunk[0].direction === "down") return { count: chunk.length, durations };
  const rows = await db.query<{ version: string; ms: number | null }>(
    `select version::text as version, execution_time_ms as ms from ${table.sql} where version::text = any($1::text[])`,
    [JSON.stringify(chunk.map((s) => s.file.version)).replace(/^\[/, "{").replace(/\]$/, "}")],
  );
  for (const r of rows) durations.set(r.version, r.ms === null ? 0 : Number(r.ms));
  if (all) return { count: chunk.length, durations };
  let count = 0;
  while (count < chunk.length && durations.has(chunk[count].file.version) === (chunk[count].direction === "up")) {
    count++;
  }
  return { count, durations };
}

function isLockTimeout(e: unknown): boolean {
  return toConfitureError(e).sqlstate === "55P03";
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });
}

function msLiteral(ms: number): string {
  return `'${Math.max(0, Math.floor(ms))}ms'`;
}

async function runBody(tx: Session, step: Step): Promise<void> {
  if (step.script) {
    const st = step.script.statements;
    for (let i = 0; i < st.length; i++) {
      try {
        await tx.exec(st[i].text);
      } catch (e) {
        throw statementError(e, step.script, i);
      }
    }
    return;
  }
  const fn = step.direction === "up" ? step.module!.up : step.module!.down!;
  try {
    await fn.call(step.module, migrationContext(tx));
  } catch (e) {
    throw moduleError(e, step.path, step.shown);
  }
}

async function writeLedger(s: Session, table: LedgerTable, step: Step, ms: number): Promise<void> {
  if (step.direction === "up") {
    await insertLedgerRow(s, table, {
      version: step.file.version,
      name: step.file.name,
      checksum: step.file.checksum,
      executionTimeMs: Math.round(ms),
    });
  } else await deleteLedgerRow(s, table, step.file.version);
}

async function applyTransactional(
  s: Session,
  o: RunnerOptions,
  table: LedgerTable,
  step: Step,
  index: number,
  total: number,
  /** Set when `s` is the top-level session: a SQL migration then goes as one batch. */
  top?: Database,
  /** The error of an attempt already made (in a chunk): counted as the first attempt. */
  prior?: unknown,
): Promise<MigrationResult> {
  const { version, name } = step.file;
  if (prior === undefined) o.onEvent?.({ type: "start", version, name, direction: step.direction, index, total });
  const retries = o.lockRetries ?? 3;
  let delay = o.retryDelayMs ?? 500;
  const result: MigrationResult = appliedResult(step);
  let earlier = prior;
  for (;;) {
    result.attempts++;
    const t0 = performance.now();
    let failed: unknown = earlier;
    if (earlier !== undefined) earlier = undefined;
    else {
      try {
        if (top && step.script) await runBatch(top, o, table, step);
        else {
          await s.transaction(async (tx) => {
            await tx.exec(`set local lock_timeout = ${msLiteral(o.statementLockTimeoutMs ?? 5000)}`);
            await runBody(tx, step);
            await writeLedger(tx, table, step, performance.now() - t0);
          });
        }
        result.durationMs = performance.now() - t0;
        o.onEvent?.({ type: "done", version, name, direction: step.direction, durationMs: result.durationMs });
        return result;
      } catch (e) {
        failed = e;
      }
    }
    const e = failed;
    if (isLockTimeout(e) && result.attempts <= retries && !o.signal?.aborted) {
      o.onEvent?.({
        type: "retry",
        version,
        attempt: result.attempts,
        delayMs: delay,
        error: toConfitureError(e).message,
      });
      await sleep(delay + Math.floor(Math.random() * delay / 2), o.signal);
      delay *= 2;
      continue;
    }
    let err = toConfitureError(e);
    if (isLockTimeout(e)) {
      err = new ConfitureError(
        "MIGRATION_LOCK_RETRIES_EXHAUSTED",
        `${step.shown}: ${err.message} (after ${result.attempts} attempts); the migration was rolled back`,
        {
          location: err.location,
          sqlstate: err.sqlstate,
          detail: "another session holds a conflicting lock on a table this migration changes",
          hint: "find it in pg_stat_activity / pg_locks, or retry when the database is quieter " +
            "(statement_lock_timeout in the environment file sets the wait)",
          cause: e,
        },
      );
    }
    result.status = "failed";
    result.error = err;
    result.durationMs = performance.now() - t0;
    o.onEvent?.({ type: "failed", version, error: err });
    return result;
  }
}

/** The SQL block of a transactional SQL migration, and where its body starts in it. */
interface MigrationBlock {
  sql: string;
  /** Offset of the migration's first statement in `sql`. */
  bodyStart: number;
  /** Length of the body (first statement to last). */
  bodyLength: number;
}

/**
 * `begin; set local lock_timeout; <statements>; <ledger row>; commit;` for one migration. The
 * commit does not wait for its WAL flush (synchronous_commit off): {@link execute} makes the
 * whole run durable with one flushed commit at the end, before the lock is released.
 */
function migrationBlock(o: RunnerOptions, table: LedgerTable, step: Step): MigrationBlock {
  const script = step.script!;
  const st = script.statements;
  const prefix = `begin;\nset local lock_timeout = ${msLiteral(o.statementLockTimeoutMs ?? 5000)};\n` +
    `set local synchronous_commit = off;\n${LEDGER_CLOCK_START};\n`;
  const body = st.length ? script.text.slice(st[0].start, st[st.length - 1].end) : "";
  const ledgerSql = step.direction === "up"
    ? insertLedgerRowSql(table, { version: step.file.version, name: step.file.name, checksum: step.file.checksum })
    : deleteLedgerRowSql(table, step.file.version);
  return {
    sql: prefix + (body ? body + "\n;\n" : "") + ledgerSql + ";\ncommit;\n",
    bodyStart: prefix.length,
    bodyLength: body.length,
  };
}

/** Ends the failed transaction block after an error in a message (a no-op when none is open). */
async function rollbackAfter(db: Database, e: unknown): Promise<void> {
  try {
    await db.exec("rollback");
  } catch (e2) {
    throw new ConfitureError("SQL_ERROR", `${toConfitureError(e).message} (and rollback failed)`, {
      detail: toConfitureError(e2).message,
      cause: e,
    });
  }
}

/**
 * Runs a transactional SQL migration as one round trip (its {@link migrationBlock}). On failure
 * the transaction is rolled back and the error located in the file.
 */
async function runBatch(db: Database, o: RunnerOptions, table: LedgerTable, step: Step): Promise<void> {
  const block = migrationBlock(o, table, step);
  try {
    await db.exec(block.sql);
  } catch (e) {
    await rollbackAfter(db, e);
    throw await locateBlockError(db, step, block, e, 0);
  }
}

/** Number of Unicode code points of a string (the server's character count). */
function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** The UTF-16 length of the first `chars` code points of `text` from `start` (-1 past the end). */
function utf16Offset(text: string, start: number, chars: number): number {
  let i = start;
  for (let c = 0; c < chars; c++) {
    if (i >= text.length) return -1;
    i += (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
  }
  return i - start;
}

/**
 * Maps the error of a migration's block (starting at character `blockOffset` of the message) to its
 * file: from the server's position, or, when the server gives none, by running the statements
 * one by one in a transaction that is always rolled back. Lock timeouts and errors outside SQL
 * are returned as they are.
 */
async function locateBlockError(
  db: Database,
  step: Step,
  block: MigrationBlock,
  e: unknown,
  blockOffset: number,
): Promise<unknown> {
  const script = step.script!;
  const st = script.statements;
  const ce = toConfitureError(e);
  // not replayed when cancelled (57014, Ctrl-C): the replay would run the cancelled statement again
  if (ce.code !== "SQL_ERROR" || ce.sqlstate === "55P03" || ce.sqlstate === "57014" || st.length === 0) return e;
  // the server counts characters; the block's prefix is ASCII
  const cp = ce.position !== undefined ? ce.position - 1 - blockOffset - block.bodyStart : -1;
  const off = cp >= 0 ? utf16Offset(script.text, st[0].start, cp) : -1;
  if (off >= 0 && off < block.bodyLength) {
    const at = st[0].start + off;
    let i = st.length - 1;
    while (i > 0 && st[i].start > at) i--;
    return statementError(e, { ...script, statements: [{ ...st[i], start: at, text: "" }] }, 0, true, script);
  }
  return await locateFailure(db, script, e);
}

/** Finds the failing statement by running them one by one in a transaction that is rolled back. */
async function locateFailure(db: Database, script: SqlScript, original: unknown): Promise<ConfitureError> {
  let located: ConfitureError | undefined;
  try {
    await db.transaction(async (tx) => {
      for (let i = 0; i < script.statements.length; i++) {
        try {
          await tx.exec(script.statements[i].text);
        } catch (e) {
          located = statementError(e, script, i);
          throw e;
        }
      }
      throw new DryRunRollback();
    });
  } catch (e) {
    if (located === undefined && !isDryRunRollback(e)) located = statementError(e, script, 0);
  }
  return located ?? statementError(original, script, 0);
}

function isDryRunRollback(e: unknown): boolean {
  let cur: unknown = e;
  for (let i = 0; i < 8 && cur !== undefined && cur !== null; i++) {
    if (cur instanceof DryRunRollback) return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}

const WEAK_LOCK = LOCK_LEVELS.indexOf("SHARE UPDATE EXCLUSIVE");

async function applyNonTransactional(
  db: Database,
  o: RunnerOptions,
  table: LedgerTable,
  step: Step,
  index: number,
  total: number,
): Promise<MigrationResult> {
  const script = step.script!;
  const { version, name } = step.file;
  o.onEvent?.({ type: "start", version, name, direction: step.direction, index, total });
  const result: MigrationResult = {
    version,
    name,
    direction: step.direction,
    file: step.shown,
    status: step.direction === "up" ? "applied" : "reverted",
    transactional: false,
    durationMs: 0,
    attempts: 1,
  };
  const t0 = performance.now();
  const [{ v: previous }] = await db.query<{ v: string }>("select current_setting('lock_timeout') as v");
  let current = previous;
  const setTimeoutTo = async (value: string) => {
    if (value === current) return;
    await db.query("select set_config('lock_timeout', $1, false)", [value]);
    current = value;
  };
  let done = 0;
  let attempts = 0;
  try {
    for (let i = 0; i < script.statements.length; i++) {
      const c = script.classes[i];
      // Statements that take at most SHARE UPDATE EXCLUSIVE block neither readers nor writers: they may
      // wait. A timed-out CREATE INDEX CONCURRENTLY would leave an invalid index behind.
      const weak = c.lock === null || LOCK_LEVELS.indexOf(c.lock) <= WEAK_LOCK;
      await setTimeoutTo(weak && c.nonTransactional ? "0" : `${Math.floor(o.statementLockTimeoutMs ?? 5000)}ms`);
      let attempt = 0;
      let delay = o.retryDelayMs ?? 500;
      for (;;) {
        attempt++;
        attempts = attempt;
        try {
          await db.exec(script.statements[i].text);
          break;
        } catch (e) {
          if (isLockTimeout(e) && !c.nonTransactional && attempt <= (o.lockRetries ?? 3) && !o.signal?.aborted) {
            o.onEvent?.({ type: "retry", version, attempt, delayMs: delay, error: toConfitureError(e).message });
            await sleep(delay, o.signal);
            delay *= 2;
            continue;
          }
          throw statementError(e, script, i);
        }
      }
      done++;
    }
    await setTimeoutTo(previous);
    await writeLedger(db, table, step, performance.now() - t0);
    result.durationMs = performance.now() - t0;
    o.onEvent?.({ type: "done", version, name, direction: step.direction, durationMs: result.durationMs });
  } catch (e) {
    let err = toConfitureError(e);
    if (done === 0 && isLockTimeout(err)) {
      err = new ConfitureError(
        "MIGRATION_LOCK_RETRIES_EXHAUSTED",
        `${step.shown}: ${err.message} (after ${attempts} attempt${attempts === 1 ? "" : "s"}); nothing of it ran`,
        {
          location: err.location,
          sqlstate: err.sqlstate,
          detail: "another session holds a conflicting lock on a table this migration changes",
          hint: "find it in pg_stat_activity / pg_locks, or retry when the database is quieter " +
            "(statement_lock_timeout in the environment file sets the wait)",
          cause: e,
        },
      );
    } else if (done > 0) {
      err = new ConfitureError(
        "MIGRATION_PARTIAL",
        `${err.message} (statement ${done + 1} of ${script.statements.length}; ` +
          `the ${done} before it stay applied, the ledger was not updated)`,
        {
          location: err.location,
          sqlstate: err.sqlstate,
          detail: err.detail,
          hint: (err.hint ? err.hint + "; " : "") +
            "this migration runs outside a transaction: make its statements idempotent (IF NOT EXISTS) " +
            "or undo the applied ones, then run it again",
          cause: e,
        },
      );
    }
    try {
      await setTimeoutTo(previous);
    } catch (e2) {
      err.detail = (err.detail ? err.detail + "\n" : "") + `lock_timeout not restored: ${toConfitureError(e2).message}`;
    }
    result.status = "failed";
    result.error = err;
    result.durationMs = performance.now() - t0;
    o.onEvent?.({ type: "failed", version, error: err });
  }
  return result;
}
