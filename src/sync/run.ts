/**
 * `sync`: copies selected tables from a source database into a target, at one consistent moment,
 * in foreign-key order, resumably.
 *
 * 1. The source is opened read-only at one moment: a `REPEATABLE READ READ ONLY` transaction whose
 *    snapshot every reading session imports (`pg_export_snapshot`).
 * 2. Both sides are inspected; the plan is made and checked (see `planSync`); `--dry-run` stops
 *    here.
 * 3. One target transaction empties every copied table (one `TRUNCATE`, no `CASCADE`) and records
 *    the run in the state table.
 * 4. Units load in dependency order, several at once on worker threads; each commits its rows
 *    with its "finished" mark in the state table. A stopped run is resumed with `resume`.
 * 5. With `verify`, each table's count and content hash are compared between the two sides.
 * @module
 */
import type { SyncFile } from "../config/mod.ts";
import {
  CopyRunError,
  isStateTableShape,
  type LoadMode,
  probeCondition,
  type ProgressSnapshot,
  ProgressTracker,
  runUnits,
  SessionRunner,
  stateTableOf,
  type TransformKey,
  type UnitResult,
  type UnitRunner,
  type WorkerInit,
  WorkerRunner,
} from "../copy/mod.ts";
import { COPY_SESSION_SETTINGS, makeTransformFactory } from "../copy/mod.ts";
import { connect, type Database, isEmbeddedUrl, type Session } from "../db/mod.ts";
import { ConfitureError } from "../errors/mod.ts";
import { inspectTables } from "../inspect/mod.ts";
import type { TableFacts } from "../model/mod.ts";
import { databaseIdentity, heapPages, isSuperuser, sequenceValues, targetExtras } from "./facts.ts";
import { planSync, type SyncPlan } from "./plan.ts";
import { compileTableGlob, parseTableName, type TableGlob } from "./select.ts";
import { type TableVerification, verifyTables } from "./verify.ts";
import { type ColumnPii, detectColumns, refuseUncovered, uncovered } from "./pii.ts";
import { needsKey, resolveRules } from "./rules.ts";
import { computeSubset, streamSubset, type SubsetRootSpec } from "./subset.ts";
import { closest } from "../util/mod.ts";
import { AnonymizeKey } from "../anonymize/mod.ts";

/** Options of {@link sync}. */
export interface SyncOptions {
  /** The source: a server URL or `embedded:<folder>`. Only ever read. */
  source: string;
  /** The target: a server URL, `embedded:<folder>` or `embedded:memory`. */
  target: string;
  /** The sync file's selection and rules (patterns given here are added to it). */
  file?: SyncFile;
  /** Table patterns (`public.*`); they replace the file's `tables` when given. */
  tables?: string[];
  /** Patterns to leave out (added to the file's `exclude`). */
  exclude?: string[];
  /**
   * Subset roots added to the sync file's `subset:` (`--where 'schema.table=SQL'`): the rows of
   * `table` matching `where`, or `percent` of them by key, with every row they reference.
   */
  subset?: { table: string; where?: string; percent?: number; includeChildren?: boolean }[];
  /** Plan only: nothing is changed. */
  dryRun?: boolean;
  /** Units copied at once (worker threads). Default 1. */
  jobs?: number;
  /** Copy tables larger than this many bytes in ranges, by several workers at once. */
  splitLargerThan?: number;
  /** Also copy the tables that reference selected ones (`--include-dependents`). */
  includeDependents?: boolean;
  /** Also empty target tables outside the copy that reference copied ones (`--cascade`). */
  cascade?: boolean;
  /** Continue the last stopped run with the same selection and rules. */
  resume?: boolean;
  /** Load everything in one target transaction: all or nothing (one connection). */
  atomic?: boolean;
  /** Compare counts and content hashes of both sides after the copy. */
  verify?: boolean;
  /** The state table on the target (default `public.confiture_sync_state`). */
  stateTable?: string;
  /** Tables never copied, as `schema.table` (the migration ledger). */
  never?: string[];
  /**
   * Builds the target's schema when selected tables are missing there (`--build-target`): called
   * with the target session; the plan is then made again.
   */
  buildTarget?: (target: Database) => Promise<void>;
  /**
   * The anonymization key, needed when the sync file has rules that transform values. One key for
   * the whole run; `random: true` for output no other run reproduces (then no resume).
   */
  anonymizeKey?: TransformKey;
  /** Copy columns that look like personal data and have no rule (default: refused). */
  allowPii?: boolean;
  /** Classify the copied columns (default true). */
  detectPii?: boolean;
  /** `lock_timeout` of the target's statements, milliseconds (default 30 s). */
  lockTimeoutMs?: number;
  /**
   * Called with the exported snapshot before anything is read; the run waits for it. Another
   * program may read the same moment meanwhile (e.g. `pg_dump --snapshot`).
   */
  onSnapshot?: (snapshot: string) => Promise<void>;
  /** Stops the run: finished tables stay, and `resume` continues it. */
  signal?: AbortSignal;
  /** Receives progress events (see {@link SyncEvent}). */
  onEvent?: (e: SyncEvent) => void;
}

/** What {@link sync} reports while it runs. The CLI renders these; none holds a row value. */
export type SyncEvent =
  | {
    type: "phase";
    phase: "inspect" | "build-target" | "subset" | "truncate" | "load" | "verify";
    detail?: string;
  }
  | { type: "plan"; plan: SyncPlan }
  | { type: "progress"; progress: ProgressSnapshot }
  | { type: "table-done"; table: string; rows: number; bytes: number; seconds: number }
  | { type: "warning"; message: string };

/** One table of a finished sync. */
export interface SyncTableResult {
  /** The table, `schema.table`. */
  table: string;
  /** Rows copied. */
  rows: number;
  /** Bytes copied (COPY text). */
  bytes: number;
  /** Seconds it took. */
  seconds: number;
  /** Finished by an earlier, stopped run (`resume`). */
  resumed?: boolean;
}

/** What {@link sync} did. */
export interface SyncResult {
  /** The run's identifier (in the state table). */
  runId: string;
  /** The exported snapshot the source was read in (servers only). */
  snapshot?: string;
  /** Planned only: nothing changed. */
  dryRun: boolean;
  /** Continued an earlier run; its remaining tables come from a newer snapshot. */
  resumed: boolean;
  /** The plan that ran. */
  plan: SyncPlan;
  /** Every copied table. */
  tables: SyncTableResult[];
  /** Per-table comparison of the two sides, with `verify`. */
  verification?: TableVerification[];
  /** What PII detection found in every copied column, and the rule covering each. */
  pii: ColumnPii[];
  /** Remarks that did not stop the run. */
  warnings: string[];
}

const DEFAULT_STATE_TABLE = "public.confiture_sync_state";

async function sha256(text: string): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Copies the selected tables of `opts.source` into `opts.target` (see the module documentation).
 * Throws a ConfitureError naming the finished tables when the copy stops midway.
 *
 * @example
 * ```ts
 * import { sync } from "./mod.ts";
 * const r = await sync({ source: "postgres://ro@prod/app", target: "postgres://localhost/app_dev", tables: ["public.*"] });
 * for (const t of r.tables) console.log(t.table, t.rows);
 * ```
 */
export async function sync(opts: SyncOptions): Promise<SyncResult> {
  if (opts.anonymizeKey?.random && opts.resume) {
    throw new ConfitureError("USAGE_INVALID_ARGUMENT", "--random and --resume do not go together", {
      hint: "a random key lives for one run: the resumed tables would not join with the others",
    });
  }
  if (opts.atomic && opts.resume) {
    throw new ConfitureError("USAGE_INVALID_ARGUMENT", "--atomic and --resume do not go together", {
      hint: "an atomic run leaves nothing behind to resume",
    });
  }
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    opts.onEvent?.({ type: "warning", message });
  };
  const stateTable = stateTableOf(opts.stateTable ?? DEFAULT_STATE_TABLE);
  const source = await connect({ url: opts.source, source: "flag", applicationName: "confiture sync (read)" });
  let target: Database | undefined;
  try {
    target = await connect({ url: opts.target, source: "flag", applicationName: "confiture sync (write)" });
    await refuseSameDatabase(opts, source, target);
    await source.exec(COPY_SESSION_SETTINGS);
    await target.exec(COPY_SESSION_SETTINGS);
    const tgt = target;
    return await source.transaction({ isolation: "repeatable read", readOnly: true }, async (snap) => {
      const snapshot = !isEmbeddedUrl(opts.source)
        ? (await snap.query<{ id: string }>("SELECT pg_catalog.pg_export_snapshot() AS id"))[0].id
        : undefined;
      if (snapshot && opts.onSnapshot) await opts.onSnapshot(snapshot);
      return await runInSnapshot(opts, snap, tgt, { snapshot, stateTable, warn, warnings });
    });
  } finally {
    await Promise.allSettled([source.close(), target?.close()]);
  }
}

async function refuseSameDatabase(opts: SyncOptions, source: Database, target: Database): Promise<void> {
  if (isEmbeddedUrl(opts.source) || isEmbeddedUrl(opts.target)) {
    if (opts.source === opts.target && opts.source !== "embedded:memory") {
      throw new ConfitureError("REFUSED_UNSAFE", "the source and the target are the same database", {
        detail: opts.source,
      });
    }
    return;
  }
  const [a, b] = await Promise.all([databaseIdentity(source), databaseIdentity(target)]);
  if (a.system === b.system && a.database === b.database) {
    throw new ConfitureError("REFUSED_UNSAFE", `the source and the target are the same database (${a.database})`, {
      detail: `both are database "${a.database}" of the server with system identifier ${a.system}`,
      hint: "a sync copies one database into another",
    });
  }
}

interface RunContext {
  snapshot?: string;
  stateTable: ReturnType<typeof stateTableOf>;
  warn(message: string): void;
  warnings: string[];
}

/**
 * Tries a condition on the source ({@link probeCondition}): one that does not parse or names an
 * unknown column fails with the place it is written (no row is read, so no value shows).
 */
async function checkCondition(
  snap: Session,
  table: TableFacts,
  sql: string,
  what: string,
  location: ConfitureError["location"],
): Promise<void> {
  const name = `${table.schema}.${table.name}`;
  try {
    await probeCondition(snap, table, sql);
  } catch (e) {
    if (!(e instanceof ConfitureError) || e.sqlstate === undefined) throw e;
    // SQL_ERROR at its place in the file, as schema-to-schema reports a mapping's rejected SQL.
    throw new ConfitureError("SQL_ERROR", `${what}: the condition on ${name} fails on the source: ${e.message}`, {
      location,
      ...(e.detail !== undefined ? { detail: e.detail } : {}),
      hint: e.hint ?? `a condition is the SQL of a WHERE clause on ${name}, e.g. "id < 1000"`,
      sqlstate: e.sqlstate,
      cause: e,
    });
  }
}

function globs(patterns: { text: string; location?: ConfitureError["location"] }[]): TableGlob[] {
  return patterns.map((p) => compileTableGlob(p.text, p.location));
}

/**
 * One copy worker started before it is needed, for the run id it records: its thread starts and it
 * connects while the plan is made (it imports the snapshot with its first unit). More start at the
 * load when the plan has more units to run at once.
 */
class EarlyWorker {
  readonly runId = crypto.randomUUID();
  #runner?: Promise<WorkerRunner>;
  #taken = false;
  readonly #init: WorkerInit;
  constructor(initFor: (runId: string) => WorkerInit) {
    this.#init = initFor(this.runId);
  }
  /** Starts the worker (once). */
  start(): void {
    if (this.#runner) return;
    this.#runner = WorkerRunner.start(1, this.#init);
    this.#runner.catch(() => {}); // awaited by take(); a failure shows there
  }
  /** The runner, with `slots` workers: the load closes it. */
  async take(slots: number): Promise<WorkerRunner> {
    this.start();
    this.#taken = true;
    const runner = await this.#runner!;
    if (slots > runner.slots) await runner.grow(slots - runner.slots, this.#init);
    return runner;
  }
  /** Stops the worker when the load never took it (a refusal, a failed plan). */
  async discard(): Promise<void> {
    if (this.#runner && !this.#taken) await (await this.#runner.catch(() => undefined))?.abort();
  }
}

async function runInSnapshot(opts: SyncOptions, snap: Session, target: Database, ctx: RunContext): Promise<SyncResult> {
  let early: EarlyWorker | undefined;
  if (
    !opts.dryRun && !opts.resume && !opts.atomic && ctx.snapshot &&
    !isEmbeddedUrl(opts.source) && !isEmbeddedUrl(opts.target)
  ) {
    early = new EarlyWorker((runId) => workerInit(opts, ctx, runId));
    early.start();
  }
  try {
    return await planAndRun(opts, snap, target, ctx, early);
  } finally {
    await early?.discard();
  }
}

function workerInit(opts: SyncOptions, ctx: RunContext, runId: string): WorkerInit {
  return {
    sourceUrl: opts.source,
    targetUrl: opts.target,
    snapshot: ctx.snapshot,
    stateSql: ctx.stateTable.finishSql(runId),
    transformKey: opts.anonymizeKey,
  };
}

async function planAndRun(
  opts: SyncOptions,
  snap: Session,
  target: Database,
  ctx: RunContext,
  early: EarlyWorker | undefined,
): Promise<SyncResult> {
  const file = opts.file;
  opts.onEvent?.({ type: "phase", phase: "inspect" });
  const include = opts.tables?.length
    ? globs(opts.tables.map((text) => ({ text })))
    : globs((file?.tables ?? []).map((p) => ({ text: p.pattern, location: p.location })));
  const exclude = globs([
    ...(file?.exclude ?? []).map((p) => ({ text: p.pattern, location: p.location })),
    ...(opts.exclude ?? []).map((text) => ({ text })),
  ]);
  const idOf = (name: string, location?: ConfitureError["location"]) => {
    const t = parseTableName(name, location);
    return `table:${t.schema}.${t.name}`;
  };
  const where: Record<string, { sql: string; location?: ConfitureError["location"] }> = {};
  for (const w of file?.where ?? []) where[idOf(w.table, w.location)] = { sql: w.sql, location: w.location };
  const columns: Record<string, { columns: string[]; location?: ConfitureError["location"] }> = {};
  for (const c of file?.columns ?? []) {
    columns[idOf(c.table, c.location)] = { columns: c.columns, location: c.location };
  }
  const sourceTables = await inspectTables(snap);
  const never = [
    `table:${ctx.stateTable.schema}.${ctx.stateTable.name}`,
    ...(opts.never ?? []).map((n) => idOf(n)),
    // Another sync's state table on the source (any name: --state-table): bookkeeping, not data.
    ...sourceTables.filter((t) => isStateTableShape(t.columns.map((c) => c.name))).map((t) => t.id),
  ];

  const rules = resolveRules(file?.anonymize ?? [], sourceTables, idOf);
  if (needsKey(rules) && !opts.anonymizeKey && !opts.dryRun) {
    throw new ConfitureError("ANONYMIZE_KEY_MISSING", "the sync file has anonymization rules but no key was given", {
      hint: "set CONFITURE_ANONYMIZE_KEY (a long random secret), name a file with --anonymize-key-file, " +
        "or add --random for output that no other run reproduces",
    });
  }
  let targetTables = await inspectTables(target, { stats: false });
  const mode: LoadMode = (await isSuperuser(target)) ? "replica" : "alter";
  const subsetRoots = [
    ...(file?.subset ?? []).map((r) => ({ ...r, flag: false })),
    ...(opts.subset ?? []).map((r) => ({
      ...r,
      includeChildren: r.includeChildren === true,
      location: undefined as ConfitureError["location"],
      flag: true,
    })),
  ];
  const sourceById = new Map(sourceTables.map((t) => [t.id, t]));
  const resolveRoots = (copied: Set<string>): SubsetRootSpec[] =>
    subsetRoots.map((r) => {
      const id = idOf(r.table, r.location);
      const code = r.flag ? "USAGE_INVALID_ARGUMENT" : "CONFIG_INVALID_VALUE";
      const where = r.flag ? "--where" : "subset";
      if (!sourceById.has(id)) {
        const near = closest(id.slice(6), sourceTables.map((t) => `${t.schema}.${t.name}`));
        throw new ConfitureError(code, `${where}: ${id.slice(6)} is not a table of the source`, {
          location: r.location,
          ...(near ? { hint: `did you mean ${near}?` } : {}),
        });
      }
      if (!copied.has(id)) {
        throw new ConfitureError(code, `${where}: ${id.slice(6)} is not among the copied tables`, {
          location: r.location,
          hint: "add it to tables: (or --tables), or remove it from exclude",
        });
      }
      return {
        id,
        ...(r.where !== undefined ? { where: r.where } : {}),
        ...(r.percent !== undefined ? { percent: r.percent } : {}),
        includeChildren: r.includeChildren,
        location: r.location,
      };
    });
  const planOnce = async (tables: TableFacts[]) => {
    const sequences = await sequenceValues(snap, sourceTables);
    const planInput = {
      source: sourceTables,
      target: tables,
      targetExtras: await targetExtras(target, tables),
      sequences: sequences.values,
      heapPages: opts.splitLargerThan !== undefined ? await heapPages(snap, sourceTables, opts.splitLargerThan) : {},
      include,
      exclude,
      where,
      columns,
      rules,
      never,
      options: {
        jobs: Math.max(1, opts.jobs ?? 1),
        splitLargerThan: opts.splitLargerThan,
        includeDependents: opts.includeDependents === true,
        cascade: opts.cascade === true,
        mode,
        verify: opts.verify === true,
      },
    };
    let plan = planSync(planInput);
    // Every condition is tried on the source before anything is read or written, so that a typo
    // fails here, at its place in the file, and never after the target was emptied.
    for (const [id, w] of Object.entries(where)) {
      await checkCondition(snap, sourceById.get(id)!, w.sql, "where", w.location);
    }
    if (subsetRoots.length) {
      // The closure, read in the snapshot over the tables the plan copies; then the plan again
      // with each table's rows.
      opts.onEvent?.({ type: "phase", phase: "subset" });
      const copied = plan.tables.map((t) => sourceById.get(t.id)!);
      const roots = resolveRoots(new Set(copied.map((t) => t.id)));
      for (const [i, r] of roots.entries()) {
        if (r.where === undefined) continue;
        await checkCondition(
          snap,
          sourceById.get(r.id)!,
          r.where,
          subsetRoots[i].flag ? "--where" : "subset",
          r.location,
        );
      }
      const subsetInput = {
        tables: copied,
        target: tables.filter((t) => plan.tables.some((p) => p.id === t.id)),
        roots,
        where: Object.fromEntries(Object.entries(where).map(([id, w]) => [id, w.sql])),
      };
      // A run reads the subset while it copies it when one pass can (streamSubset): each table is
      // read once. The plan alone (--dry-run), or a closure needing a fixpoint, computes it first.
      const readable = (id: string, cols: string[]) => {
        const p = plan.tables.find((t) => t.id === id);
        return p !== undefined &&
          cols.every((c) => p.columns.includes(c) && !p.rules.some((r) => r.column === c && r.kind === "source"));
      };
      const streamed = opts.dryRun ? undefined : streamSubset(subsetInput, readable);
      plan = streamed
        ? planSync({ ...planInput, subset: streamed.tables, subsetOrder: streamed.order })
        : planSync({ ...planInput, subset: (await computeSubset(snap, subsetInput)).tables });
    }
    return { unreadable: sequences.unreadable, plan };
  };
  let planned;
  try {
    planned = await planOnce(targetTables);
  } catch (e) {
    const missingTable = e instanceof ConfitureError && /^the target has no table/.test(e.message);
    if (!missingTable || !opts.buildTarget || opts.dryRun) throw e;
    opts.onEvent?.({ type: "phase", phase: "build-target" });
    await opts.buildTarget(target);
    targetTables = await inspectTables(target, { stats: false });
    planned = await planOnce(targetTables);
  }
  const plan = planned.plan;
  for (const w of plan.warnings) ctx.warn(w);
  const pii = opts.detectPii === false ? [] : await detectColumns(snap, plan.tables);
  if (!opts.dryRun && !opts.allowPii) refuseUncovered(pii);
  if (opts.allowPii) {
    for (const c of uncovered(pii)) {
      ctx.warn(`${c.table}.${c.column} looks like ${c.class} and is copied as it is (--allow-pii)`);
    }
  }
  if (planned.unreadable.length) {
    ctx.warn(`the source role may not read sequence(s) ${planned.unreadable.join(", ")}; they are left as they are`);
  }
  opts.onEvent?.({ type: "plan", plan });
  const fingerprint = await sha256(JSON.stringify({
    // The ranges too: a part finished under another split would not cover the same rows.
    tables: plan.tables.map((t) => [t.table, t.columns, t.where ?? null, t.transformed, t.parts]),
    rules: file?.anonymize.map((r) => [r.table, r.column, r.rule]) ?? [],
    subset: subsetRoots.map((r) => [r.table, r.where ?? null, r.percent ?? null, r.includeChildren]),
    truncate: plan.truncate,
    // Which tables commit together: a unit finished under another grouping is not this one's.
    units: plan.units.map((u) => u.tables.map((t) => `${t.table}#${t.part}`)),
    // Another key would give other values: tables copied before and after a resume would not join.
    key: opts.anonymizeKey
      ? (opts.anonymizeKey.random ? crypto.randomUUID() : AnonymizeKey.fromSecret(opts.anonymizeKey.secret).fingerprint)
      : null,
  }));
  if (opts.dryRun) {
    return {
      runId: "",
      dryRun: true,
      resumed: false,
      plan,
      pii,
      tables: [],
      warnings: ctx.warnings,
      snapshot: ctx.snapshot,
    };
  }

  // The run: a new one (empty the tables and record it in one transaction), or the last one resumed.
  await ctx.stateTable.ensure(target);
  let runId = "";
  /** Empties the copied tables and records the new run: in its own transaction, or in the atomic run's. */
  const startRun = async (tx: Session) => {
    await tx.exec(`SET LOCAL lock_timeout = ${Math.round(opts.lockTimeoutMs ?? 30_000)}`);
    await tx.exec(plan.truncateSql);
    await ctx.stateTable.startRun(
      tx,
      { runId, fingerprint, snapshot: ctx.snapshot ?? null },
      plan.units.flatMap((u) => u.tables.map((t) => ({ table: t.table, part: t.part, parts: t.parts }))),
    );
  };
  const done = new Map<string, { rows: number; bytes: number }>();
  let units = plan.units;
  if (opts.resume) {
    const run = await ctx.stateTable.resumable(target, fingerprint, "sync");
    runId = run.runId;
    const finished = new Set(run.rows.filter((r) => r.finishedAt !== null).map((r) => `${r.table}\u0000${r.part}`));
    for (const r of run.rows) {
      if (r.finishedAt === null) continue;
      const d = done.get(r.table) ?? { rows: 0, bytes: 0 };
      done.set(r.table, { rows: d.rows + (r.rows ?? 0), bytes: d.bytes + (r.bytes ?? 0) });
    }
    const skipped = new Set(
      units.filter((u) => u.tables.every((t) => finished.has(`${t.table}\u0000${t.part}`))).map((u) => u.id),
    );
    units = units.filter((u) => !skipped.has(u.id)).map((u) => ({
      ...u,
      dependsOn: u.dependsOn.filter((d) => !skipped.has(d)),
    }));
    ctx.warn(
      `resuming run ${runId}: ${skipped.size} of ${plan.units.length} unit(s) had finished; the others are read ` +
        "from a new snapshot, taken now",
    );
  } else {
    runId = early?.runId ?? crypto.randomUUID();
    opts.onEvent?.({ type: "phase", phase: "truncate", detail: plan.truncate.join(", ") });
    if (!opts.atomic) {
      await target.transaction((tx) => startRun(tx));
    }
  }

  const tracker = new ProgressTracker(plan.units.flatMap((u) => u.tables));
  for (const [table, d] of done) tracker.skip(table, d.rows, d.bytes);
  const partsLeft = new Map<string, number>();
  for (const u of units) for (const t of u.tables) partsLeft.set(t.table, (partsLeft.get(t.table) ?? 0) + 1);
  const results = new Map<string, SyncTableResult>();
  for (const [table, d] of done) results.set(table, { table, ...d, seconds: 0, resumed: true });
  const started = performance.now();
  const onUnitDone = (r: UnitResult) => {
    for (const t of r.tables) {
      partsLeft.set(t.table, partsLeft.get(t.table)! - 1);
      const prev = results.get(t.table);
      results.set(t.table, {
        table: t.table,
        rows: (prev?.rows ?? 0) + t.rows,
        bytes: (prev?.bytes ?? 0) + t.bytes,
        seconds: Math.round((performance.now() - started) / 100) / 10,
      });
      if (partsLeft.get(t.table) === 0) {
        const res = results.get(t.table)!;
        opts.onEvent?.({ type: "table-done", ...res });
      }
    }
    tracker.done(r, (table) => partsLeft.get(table) === 0);
    opts.onEvent?.({ type: "progress", progress: tracker.snapshot() });
  };
  opts.onEvent?.({ type: "phase", phase: "load", detail: `${units.length} unit(s)` });
  const transformFactory = makeTransformFactory(opts.anonymizeKey);
  const schedule = (runner: UnitRunner) =>
    runUnits(units, runner, {
      signal: opts.signal,
      onEvent: (e) => {
        if (e.type === "progress") {
          tracker.progress(e.progress);
          opts.onEvent?.({ type: "progress", progress: tracker.snapshot() });
        } else if (e.type === "unit-done") onUnitDone(e.result);
      },
    });
  const stateSql = ctx.stateTable.finishSql(runId);
  try {
    if (opts.atomic) {
      await target.transaction(async (tx) => {
        await startRun(tx);
        await schedule(new SessionRunner(snap, tx, { stateSql, transforms: transformFactory, inTransaction: true }));
      });
    } else if (isEmbeddedUrl(opts.source) || isEmbeddedUrl(opts.target) || !ctx.snapshot) {
      await schedule(new SessionRunner(snap, target, { stateSql, transforms: transformFactory }));
    } else {
      const slots = Math.max(1, Math.min(opts.jobs ?? 1, units.length || 1));
      const runner = early ? await early.take(slots) : await WorkerRunner.start(slots, workerInit(opts, ctx, runId));
      try {
        await schedule(runner);
      } finally {
        await runner.close();
      }
    }
  } catch (e) {
    throw stoppedError(e, results, opts.atomic === true);
  }
  let verification: TableVerification[] | undefined;
  if (opts.verify) {
    opts.onEvent?.({ type: "phase", phase: "verify" });
    verification = await verifyTables(snap, target, plan, ctx.stateTable, runId);
  }
  const tables = plan.tables.map((t) => results.get(t.table) ?? { table: t.table, rows: 0, bytes: 0, seconds: 0 });
  // A streamed subset's rows are known now.
  for (const [i, t] of plan.tables.entries()) if (t.subset && t.subset.rows < 0) t.subset.rows = tables[i].rows;
  return {
    runId,
    snapshot: ctx.snapshot,
    dryRun: false,
    resumed: opts.resume === true,
    plan,
    pii,
    tables,
    ...(verification ? { verification } : {}),
    warnings: ctx.warnings,
  };
}

function stoppedError(e: unknown, results: Map<string, SyncTableResult>, atomic: boolean): ConfitureError {
  const err = e instanceof ConfitureError ? e : new ConfitureError("INTERNAL_ERROR", String(e), { cause: e });
  const finished = [...results.values()].map((r) => r.table);
  const note = atomic
    ? "--atomic: nothing of the run was kept."
    : finished.length
    ? `finished before it stopped: ${finished.join(", ")}. Run again with --resume to copy the rest.`
    : "no table had finished. Run again with --resume to start over where it stopped.";
  const detail = [err.detail, note].filter(Boolean).join("\n");
  if (err instanceof CopyRunError || err instanceof ConfitureError) {
    err.detail = detail;
    return err;
  }
  return err;
}
