/**
 * `schema-to-schema run`: moves the source's data into the target along the plan.
 *
 * 1. The plan is made (see `prepare`); an empty target is built from the DDL tree first.
 * 2. With `freezeSource`, the source database is made read-only for new sessions.
 * 3. The foreign tables of the fdw tables are made on the target, and the target is checked to
 *    reach the source through them; when it cannot, the tables `auto` gave to fdw go to copy.
 * 4. A new run empties the filled tables and records itself in the state table, in one target
 *    transaction; a run that stopped (failure, Ctrl-C, SIGKILL) with the same mapping is resumed
 *    instead: its finished units are kept.
 * 5. The units load in foreign-key order on the copy pipeline's workers (copy units read the
 *    source in one exported snapshot); each commits its rows with its mark in the state table.
 * @module
 */
import {
  COPY_SESSION_SETTINGS,
  ProgressTracker,
  runUnits,
  SessionRunner,
  type UnitResult,
  type UnitRunner,
  WorkerRunner,
} from "../copy/mod.ts";
import { connect, type Database, isEmbeddedUrl } from "../db/mod.ts";
import { ConfitureError } from "../errors/mod.ts";
import { checkForeignServer, setupForeignTables } from "./fdw.ts";
import { freezeSource } from "./freeze.ts";
import { prepare, type Prepared, type TransferOptions } from "./prepare.ts";
import type { TransferPlan } from "./plan.ts";
import { ensureState, globalNotes, setGlobalNote, STATE } from "./state.ts";

/** Options of {@link run}. */
export interface RunOptions extends TransferOptions {
  /** Make the source read-only for new sessions until cutover or rollback. */
  freezeSource?: boolean;
  /** Start a new run even when the last one stopped and could be resumed. */
  fresh?: boolean;
  /** `lock_timeout` of the target's statements, milliseconds (default 30 s). */
  lockTimeoutMs?: number;
}

/** One table of a run. */
export interface RunTableResult {
  /** The target table, `schema.table`. */
  table: string;
  /** How its rows moved (`fdw` or `copy`). */
  strategy: string;
  /** Rows moved. */
  rows: number;
  /** Bytes moved. */
  bytes: number;
  /** Since the load started, when the table finished. */
  seconds: number;
  /** The table's own streams or statements, milliseconds (all its ranges together). */
  ms: number;
  /** Finished by an earlier run that stopped. */
  resumed?: boolean;
}

/** What {@link run} did. */
export interface RunResult {
  /** The run's identifier (in the state tables). */
  runId: string;
  /** Continued an earlier run that stopped. */
  resumed: boolean;
  /** The target was built from the DDL tree by this run. */
  built: boolean;
  /** The plan that ran. */
  plan: TransferPlan;
  /** Every filled table. */
  tables: RunTableResult[];
  /** The source was frozen by this run (or already by an earlier one). */
  frozen: boolean;
  /** Remarks that did not stop the run. */
  warnings: string[];
}

async function sha256(text: string): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The fingerprint of what a run moves: each filled table's source, column expressions and
 * filter, and what is emptied. A stopped run is resumed only under the same one (and the same
 * ranges of each table); `verify` compares a run made under the same one.
 */
export function planFingerprint(plan: TransferPlan): Promise<string> {
  return sha256(JSON.stringify({
    tables: plan.filled.map((m) => [
      m.table,
      m.source.kind === "table" ? m.source.table.id : m.source.kind === "query" ? m.source.sql : "",
      m.columns.map((c) => [c.target, c.sql]),
      m.where ?? null,
    ]),
    truncate: plan.truncate,
  }));
}

/** True when every table the stopped run recorded is planned in the same number of ranges. */
function sameParts(plan: TransferPlan, rows: { table: string; parts: number }[]): boolean {
  const planned = new Map<string, number>();
  for (const u of plan.units) for (const t of u.tables) planned.set(t.table, t.parts);
  return rows.every((r) => planned.get(r.table) === r.parts);
}

/**
 * Runs the migration's data movement (see the module documentation). Throws a ConfitureError
 * naming the finished tables when it stops midway; running again resumes.
 *
 * @example
 * ```ts
 * import { buildSchema, loadConfig, loadMappingFile, schemaToSchemaRun } from "./mod.ts";
 * const cfg = await loadConfig({ root: ".", vars: Deno.env.toObject() });
 * const tree = (await buildSchema(cfg)).files;
 * const mapping = await loadMappingFile("db/schema_to_schema.yaml", cfg.root);
 * const sides = { source: "postgres://app@old-db/app", target: "postgres://app@new-db/app", tree, mapping };
 * const r = await schemaToSchemaRun(sides);
 * for (const t of r.tables) console.log(t.table, t.strategy, t.rows);
 * ```
 */
export async function run(opts: RunOptions): Promise<RunResult> {
  if (opts.freezeSource && isEmbeddedUrl(opts.source)) {
    throw new ConfitureError("USAGE_INVALID_ARGUMENT", "--freeze-source needs a source on a server", {
      hint: "the embedded engine has one session at a time: nothing else writes to it during the run",
    });
  }
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    opts.onEvent?.({ type: "warning", message });
  };
  const source = await connect({ url: opts.source, source: "flag", applicationName: "confiture s2s (read)" });
  let target: Database | undefined;
  try {
    target = await connect({ url: opts.target, source: "flag", applicationName: "confiture s2s (write)" });
    await source.exec(COPY_SESSION_SETTINGS);
    await target.exec(COPY_SESSION_SETTINGS);
    let prepared = await prepare({ ...opts, onEvent: opts.onEvent }, source, target);
    for (const w of prepared.plan.warnings) warn(w);
    await ensureState(target);
    const notes = await globalNotes(target);
    if (notes.cutover?.active) {
      throw new ConfitureError("REFUSED_UNSAFE", "the cutover to this target is done: it is the live database now", {
        detail: `cut over from ${notes.cutover.source}; applications use it`,
        hint: "roll back first (schema-to-schema rollback) to move the data again",
      });
    }
    let frozen = notes.freeze?.active === true;
    if (opts.freezeSource && !frozen) {
      const f = await freezeSource(source, prepared.names.source, warn);
      await setGlobalNote(target, "freeze", f);
      frozen = true;
    }
    prepared = await withForeignTables(opts, source, target, prepared, notes.fdw?.createdExtension === true, warn);
    const plan = prepared.plan;
    opts.onEvent?.({ type: "plan", plan });
    return await load(opts, source, target, prepared, { frozen, warn, warnings });
  } finally {
    await Promise.allSettled([source.close(), target?.close()]);
  }
}

/** Makes the foreign tables and checks them; re-plans without fdw when `auto` can fall back. */
async function withForeignTables(
  opts: RunOptions,
  source: Database,
  target: Database,
  prepared: Prepared,
  created: boolean,
  warn: (m: string) => void,
): Promise<Prepared> {
  const tables = prepared.plan.foreignTables;
  if (tables.length === 0) return prepared;
  opts.onEvent?.({ type: "phase", phase: "fdw", detail: `${tables.length} foreign table(s)` });
  try {
    const now = await setupForeignTables(target, opts.source, tables);
    if (now || created) await setGlobalNote(target, "fdw", { createdExtension: true });
    await checkForeignServer(target, tables[0]);
    return prepared;
  } catch (e) {
    const asked = prepared.plan.tables.filter((t) => t.strategy === "fdw" && !t.strategyNote.startsWith("auto"));
    if (!(e instanceof ConfitureError) || e.code !== "S2S_FDW_UNAVAILABLE" || asked.length) throw e;
    warn(`postgres_fdw cannot reach the source (${e.detail?.split("\n")[0] ?? e.message}); auto uses copy`);
    return await prepare({ ...opts, onEvent: undefined }, source, target, { fdw: false, build: false });
  }
}

interface LoadContext {
  frozen: boolean;
  warn(message: string): void;
  warnings: string[];
}

async function load(
  opts: RunOptions,
  source: Database,
  target: Database,
  prepared: Prepared,
  ctx: LoadContext,
): Promise<RunResult> {
  const plan = prepared.plan;
  const fingerprint = await planFingerprint(plan);
  const last = await STATE.latestRun(target);
  const unfinished = last !== undefined && last.rows.some((r) => r.finishedAt === null);
  const resume = unfinished && last!.fingerprint === fingerprint && sameParts(plan, last!.rows) && !opts.fresh;
  if (unfinished && !resume) {
    ctx.warn(
      opts.fresh
        ? `starting a new run (--fresh): the stopped run ${last!.runId} is abandoned`
        : `the stopped run ${last!.runId} moved another mapping or other ranges; starting a new run`,
    );
  }
  let runId: string;
  const done = new Map<string, { rows: number; bytes: number }>();
  let units = plan.units;
  if (resume) {
    runId = last!.runId;
    const finished = new Set(last!.rows.filter((r) => r.finishedAt !== null).map((r) => `${r.table}\u0000${r.part}`));
    for (const r of last!.rows) {
      if (r.finishedAt === null) continue;
      const d = done.get(r.table) ?? { rows: 0, bytes: 0 };
      done.set(r.table, { rows: d.rows + (r.rows ?? 0), bytes: d.bytes + (r.bytes ?? 0) });
    }
    // Units without tables (sequences after a table's ranges) always run again.
    const skipped = new Set(
      units.filter((u) => u.tables.length > 0 && u.tables.every((t) => finished.has(`${t.table}\u0000${t.part}`)))
        .map((u) => u.id),
    );
    units = units.filter((u) => !skipped.has(u.id)).map((u) => ({
      ...u,
      dependsOn: u.dependsOn.filter((d) => !skipped.has(d)),
    }));
    ctx.warn(`resuming run ${runId}: ${skipped.size} of ${plan.units.length} unit(s) had finished`);
  } else {
    runId = crypto.randomUUID();
    opts.onEvent?.({ type: "phase", phase: "truncate", detail: plan.truncate.join(", ") });
    await target.transaction(async (tx) => {
      await tx.exec(`SET LOCAL lock_timeout = ${Math.round(opts.lockTimeoutMs ?? 30_000)}`);
      if (plan.truncateSql) await tx.exec(plan.truncateSql);
      await STATE.startRun(
        tx,
        { runId, fingerprint, snapshot: null },
        plan.units.flatMap((u) => u.tables.map((t) => ({ table: t.table, part: t.part, parts: t.parts }))),
      );
    });
  }

  const strategyOf = new Map(plan.tables.map((t) => [t.table, t.strategy]));
  const tracker = new ProgressTracker(plan.units.flatMap((u) => u.tables));
  for (const [table, d] of done) tracker.skip(table, d.rows, d.bytes);
  const partsLeft = new Map<string, number>();
  for (const u of units) for (const t of u.tables) partsLeft.set(t.table, (partsLeft.get(t.table) ?? 0) + 1);
  const results = new Map<string, RunTableResult>();
  for (const [table, d] of done) {
    results.set(table, { table, strategy: strategyOf.get(table) ?? "", ...d, seconds: 0, ms: 0, resumed: true });
  }
  const started = performance.now();
  const onUnitDone = (r: UnitResult) => {
    for (const t of r.tables) {
      partsLeft.set(t.table, partsLeft.get(t.table)! - 1);
      const prev = results.get(t.table);
      results.set(t.table, {
        table: t.table,
        strategy: strategyOf.get(t.table) ?? "",
        rows: (prev?.rows ?? 0) + t.rows,
        bytes: (prev?.bytes ?? 0) + t.bytes,
        seconds: Math.round((performance.now() - started) / 100) / 10,
        ms: (prev?.ms ?? 0) + t.ms,
      });
      if (partsLeft.get(t.table) === 0) {
        const res = results.get(t.table)!;
        opts.onEvent?.({
          type: "table-done",
          table: res.table,
          rows: res.rows,
          bytes: res.bytes,
          seconds: res.seconds,
        });
      }
    }
    tracker.done(r, (table) => partsLeft.get(table) === 0);
    opts.onEvent?.({ type: "progress", progress: tracker.snapshot() });
  };
  opts.onEvent?.({ type: "phase", phase: "load", detail: `${units.length} unit(s)` });
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
  const stateSql = STATE.finishSql(runId);
  try {
    await source.transaction({ isolation: "repeatable read", readOnly: true }, async (snap) => {
      if (isEmbeddedUrl(opts.source) || isEmbeddedUrl(opts.target)) {
        await schedule(new SessionRunner(snap, target, { stateSql }));
        return;
      }
      const [{ id: snapshot }] = await snap.query<{ id: string }>("SELECT pg_catalog.pg_export_snapshot() AS id");
      const runner = await WorkerRunner.start(Math.max(1, Math.min(opts.jobs ?? 1, units.length || 1)), {
        sourceUrl: opts.source,
        targetUrl: opts.target,
        snapshot,
        stateSql,
        label: "confiture s2s",
      });
      try {
        await schedule(runner);
      } finally {
        await runner.close();
      }
    });
  } catch (e) {
    throw stoppedError(e, results);
  }
  await STATE.setNote(target, { runId, fingerprint }, "finished", true);
  return {
    runId,
    resumed: resume,
    built: prepared.built,
    plan,
    tables: plan.tables.filter((t) => t.strategy !== "none").map((t) =>
      results.get(t.table) ?? { table: t.table, strategy: t.strategy, rows: 0, bytes: 0, seconds: 0, ms: 0 }
    ),
    frozen: ctx.frozen,
    warnings: ctx.warnings,
  };
}

function stoppedError(e: unknown, results: Map<string, RunTableResult>): ConfitureError {
  const err = e instanceof ConfitureError ? e : new ConfitureError("INTERNAL_ERROR", String(e), { cause: e });
  const finished = [...results.values()].map((r) => r.table);
  const note = finished.length
    ? `finished before it stopped: ${finished.join(", ")}. Run again to move the rest.`
    : "no table had finished. Run again to start over.";
  err.detail = [err.detail, note].filter(Boolean).join("\n");
  return err;
}
