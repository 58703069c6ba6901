/**
 * Executing transactional migrations: each migration and its ledger row commit in one
 * transaction. A SQL migration goes as one block (`begin; …; <ledger row>; commit;`), and
 * consecutive ones share a message; a TypeScript migration (or one whose indexes must be checked)
 * runs statement by statement inside a transaction. Around its ledger row, a migration puts the
 * session back into the state the run started with.
 * @module
 */
import type { Database, Session } from "../db/mod.ts";
import { ConfitureError, toConfitureError } from "../errors/mod.ts";
import { LEDGER_CLOCK_START, type LedgerChange, ledgerChangeSql } from "./ledger.ts";
import { invalidIndexError, invalidIndexes } from "./_invalid_index.ts";
import { codePoints, locateBlockError, type MigrationBlock } from "./_locate.ts";
import type { Step } from "./_plan.ts";
import { isLockTimeout, retriesExhausted, retryOnLockTimeout } from "./_retry.ts";
import { lockTimeoutSql, resultOf, type RunContext } from "./_context.ts";
import { migrationContext, moduleError, statementError } from "./script.ts";
import type { MigrationResult } from "./_types.ts";

/** A transactional SQL migration without index checks: it can go as one block and share a message. */
export function batchable(step: Step): boolean {
  return step.script !== undefined && step.script.transactional && step.indexes.length === 0;
}

/** Runs a migration's statements (or its TypeScript function) on `tx`, locating a failure in its file. */
async function runBody(ctx: RunContext, tx: Session, step: Step): Promise<void> {
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
    await fn.call(step.module, migrationContext(tx, ctx.o.placeholders));
  } catch (e) {
    throw moduleError(e, step.path, step.shown);
  }
}

/** The ledger change of a step with its measured duration (when it applies one). */
function withDuration(change: LedgerChange, ms: number): LedgerChange {
  return change.op === "apply" ? { ...change, executionTimeMs: ms } : change;
}

/**
 * Applies (or reverts) one transactional migration on `s`, retried as a whole after a lock
 * timeout. With `top`, `s` is the run's connection and a SQL migration goes as one block;
 * otherwise (a dry run's transaction) it runs inside a savepoint. `prior` is the error of an
 * attempt already made in a shared message: it counts as the first attempt.
 */
export async function applyTransactional(
  ctx: RunContext,
  s: Session,
  step: Step,
  index: number,
  opts: { top?: boolean; prior?: unknown } = {},
): Promise<MigrationResult> {
  const { o } = ctx;
  const { version, name } = step.file;
  if (opts.prior === undefined) {
    o.onEvent?.({ type: "start", version, name, direction: step.direction, index, total: ctx.total });
  }
  const result = resultOf(step, true);
  let t0 = performance.now();
  const outcome = await retryOnLockTimeout(o, version, async () => {
    t0 = performance.now();
    if (opts.top && batchable(step)) return await runBatch(ctx, step);
    await s.transaction(async (tx) => {
      await tx.exec(lockTimeoutSql(o));
      await runBody(ctx, tx, step);
      const invalid = await invalidIndexes(tx, step.indexes);
      if (invalid.length) throw invalidIndexError(step.script!, invalid);
      await tx.exec(ctx.session.identitySql);
      await tx.exec(ledgerChangeSql(ctx.table, withDuration(step.ledger, performance.now() - t0)));
      await tx.exec(ctx.session.settingsSql);
    });
  }, { prior: opts.prior });
  result.attempts = outcome.attempts;
  result.durationMs = performance.now() - t0;
  if (outcome.ok) {
    o.onEvent?.({ type: "done", version, name, direction: step.direction, durationMs: result.durationMs });
    return result;
  }
  const err = isLockTimeout(outcome.error)
    ? await retriesExhausted(
      s,
      outcome.error,
      step.shown,
      outcome.attempts,
      step.tables,
      "the migration was rolled back",
    )
    : toConfitureError(outcome.error);
  result.status = "failed";
  result.error = err;
  o.onEvent?.({ type: "failed", version, error: err });
  return result;
}

/**
 * `begin; set local lock_timeout; <statements>; <authorization and role back>; <ledger row>;
 * <settings back>; commit;` for one migration. The commit does not wait for its WAL flush
 * (synchronous_commit off): the run is made durable with one flushed commit at the end, before
 * the lock is released.
 */
export function migrationBlock(ctx: RunContext, step: Step): MigrationBlock {
  const script = step.script!;
  const st = script.statements;
  const prefix = `begin;\n${lockTimeoutSql(ctx.o)};\nset local synchronous_commit = off;\n${LEDGER_CLOCK_START};\n`;
  const body = st.length ? script.text.slice(st[0].start, st[st.length - 1].end) : "";
  return {
    sql: prefix + (body ? body + "\n;\n" : "") + ctx.session.identitySql + ";\n" +
      ledgerChangeSql(ctx.table, step.ledger) + ";\n" + ctx.session.settingsSql +
      ";\nset local synchronous_commit = off;\ncommit;\n",
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
async function runBatch(ctx: RunContext, step: Step): Promise<void> {
  const block = migrationBlock(ctx, step);
  try {
    await ctx.db.exec(block.sql);
  } catch (e) {
    await rollbackAfter(ctx.db, e);
    throw await locateBlockError(ctx.db, step.script!, block, e, 0);
  }
}

/**
 * Applies transactional SQL migrations `steps[from..to)` with one message: one
 * `begin; …; <ledger row>; commit;` block per migration, so each still commits alone with its
 * ledger row, and the server skips the rest of the message after an error. A failure is
 * located from the ledger (the migrations before it committed), then handled as if the failing
 * migration had run alone: a lock timeout is retried, another error is located in its file.
 */
export async function applyChunk(ctx: RunContext, steps: Step[], from: number, to: number): Promise<MigrationResult[]> {
  const { o, db } = ctx;
  const chunk = steps.slice(from, to);
  const first = chunk[0].file;
  o.onEvent?.({
    type: "start",
    version: first.version,
    name: first.name,
    direction: chunk[0].direction,
    index: from,
    total: ctx.total,
  });
  const blocks = chunk.map((step) => migrationBlock(ctx, step));
  const t0 = performance.now();
  let failure: unknown;
  try {
    await db.exec(blocks.map((b) => b.sql).join(""));
  } catch (e) {
    failure = e;
    await rollbackAfter(db, e);
  }
  const elapsed = performance.now() - t0;
  const done = await committedPrefix(ctx, chunk, failure === undefined);
  const results: MigrationResult[] = [];
  for (let k = 0; k < done.count; k++) {
    const step = chunk[k];
    const { version, name } = step.file;
    if (k > 0) {
      o.onEvent?.({ type: "start", version, name, direction: step.direction, index: from + k, total: ctx.total });
    }
    const durationMs = done.durations.get(version) ?? elapsed / chunk.length;
    results.push({ ...resultOf(step, true), durationMs, attempts: 1 });
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
      total: ctx.total,
    });
  }
  let located: unknown;
  try {
    const offset = blocks.slice(0, k).reduce((n, b) => n + codePoints(b.sql), 0);
    located = await locateBlockError(db, step.script!, blocks[k], failure, offset);
  } catch (e) {
    located = e;
  }
  results.push(await applyTransactional(ctx, db, step, from + k, { top: true, prior: located }));
  return results;
}

/** Which migrations of a chunk committed (a prefix), with their measured durations (up only). */
async function committedPrefix(
  ctx: RunContext,
  chunk: Step[],
  all: boolean,
): Promise<{ count: number; durations: Map<string, number> }> {
  const durations = new Map<string, number>();
  if (all && chunk[0].direction === "down") return { count: chunk.length, durations };
  const rows = await ctx.db.query<{ version: string; ms: number | null; checksum: string | null }>(
    `select version::pg_catalog.text as version, execution_time_ms as ms, checksum::pg_catalog.text as checksum
       from ${ctx.table.sql}
      where version::pg_catalog.text in (select pg_catalog.json_array_elements_text($1::pg_catalog.text::pg_catalog.json))`,
    [JSON.stringify(chunk.map((s) => s.file.version))],
  );
  const found = new Map(rows.map((r) => [r.version, r]));
  // a repeatable migration's row is there before it runs again: it is its checksum that changes
  const committed = (s: Step) => {
    const r = found.get(s.file.version);
    return s.direction === "down" ? !r : r !== undefined && (!s.file.repeatable || r.checksum === s.file.checksum);
  };
  for (const s of chunk) {
    const r = found.get(s.file.version);
    if (r && committed(s)) durations.set(s.file.version, r.ms === null ? 0 : Number(r.ms));
  }
  if (all) return { count: chunk.length, durations };
  let count = 0;
  while (count < chunk.length && committed(chunk[count])) count++;
  return { count, durations };
}
