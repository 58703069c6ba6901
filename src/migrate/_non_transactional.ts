/**
 * Executing a migration that cannot run in a transaction (`CREATE INDEX CONCURRENTLY`, `VACUUM`…,
 * or `-- confiture:no-transaction`): statement by statement, its ledger row written after the
 * last one. When it stops midway, the statements before the failure stay applied: the error says
 * so, names any invalid index the failing statement left, and a `partial` ledger row records
 * where it stopped, so `migrate status` shows it.
 * @module
 */
import { ConfitureError, toConfitureError } from "../errors/mod.ts";
import { LOCK_LEVELS } from "../sql/mod.ts";
import { ledgerChangeSql, type PartialFailure, partialRowSql } from "./ledger.ts";
import {
  buildsIndexConcurrently,
  dropInvalidHint,
  invalidIndexError,
  invalidIndexes,
  invalidIndexOids,
  newInvalidIndexes,
} from "./_invalid_index.ts";
import { ledgerError } from "./_locate.ts";
import type { Step } from "./_plan.ts";
import { isLockTimeout, retriesExhausted, retryOnLockTimeout } from "./_retry.ts";
import { resultOf, type RunContext } from "./_context.ts";
import { statementError } from "./script.ts";
import type { MigrationResult } from "./_types.ts";

const WEAK_LOCK = LOCK_LEVELS.indexOf("SHARE UPDATE EXCLUSIVE");

/** Applies (or reverts) one SQL migration outside a transaction, on the run's connection. */
export async function applyNonTransactional(ctx: RunContext, step: Step, index: number): Promise<MigrationResult> {
  const { db, o } = ctx;
  const script = step.script!;
  const { version, name } = step.file;
  o.onEvent?.({ type: "start", version, name, direction: step.direction, index, total: ctx.total });
  const result = resultOf(step, false);
  result.attempts = 1;
  const t0 = performance.now();
  const [{ v: previous }] = await db.query<{ v: string }>("select pg_catalog.current_setting('lock_timeout') as v");
  let current = previous;
  const setTimeoutTo = async (value: string) => {
    if (value === current) return;
    await db.query("select pg_catalog.set_config('lock_timeout', $1, false)", [value]);
    current = value;
  };
  let done = 0;
  let failure: Failure | undefined;
  try {
    for (let i = 0; i < script.statements.length; i++) {
      const c = script.classes[i];
      // Statements that take at most SHARE UPDATE EXCLUSIVE block neither readers nor writers: they may
      // wait. A timed-out CREATE INDEX CONCURRENTLY would leave an invalid index behind.
      const weak = c.lock === null || LOCK_LEVELS.indexOf(c.lock) <= WEAK_LOCK;
      await setTimeoutTo(weak && c.nonTransactional ? "0" : `${Math.floor(o.statementLockTimeoutMs ?? 5000)}ms`);
      const watch = buildsIndexConcurrently(script, i) ? await invalidIndexOids(db) : undefined;
      const outcome = await retryOnLockTimeout(o, version, () => db.exec(script.statements[i].text), {
        retry: !c.nonTransactional,
      });
      result.attempts = outcome.attempts;
      if (!outcome.ok) {
        const left = watch ? await newInvalidIndexes(db, watch) : [];
        let error = statementError(outcome.error, script, i);
        if (done === 0 && isLockTimeout(error)) {
          error = await retriesExhausted(
            db,
            error,
            step.shown,
            outcome.attempts,
            c.target ? [c.target] : [],
            "nothing of it ran",
          );
        }
        failure = { error, statement: i, left };
        break;
      }
      done++;
    }
    if (!failure) {
      const invalid = await invalidIndexes(db, step.indexes);
      if (invalid.length) {
        failure = {
          error: invalidIndexError(script, invalid),
          statement: invalid[0].statement ?? 0,
          left: [],
          invalid: invalid.map((x) => x.name),
        };
      }
    }
  } catch (e) {
    failure = { error: toConfitureError(e), statement: done, left: [] };
  }
  // the ledger row, with the session put back as the run found it (authorization and role before
  // the row, every setting after it: search_path, lock_timeout…), in one transaction
  const ledgerSql = failure ? "" : ledgerChangeSql(ctx.table, {
    ...step.ledger,
    ...(step.ledger.op === "apply" ? { executionTimeMs: performance.now() - t0 } : {}),
  });
  try {
    await db.transaction(async (tx) => {
      await tx.exec(ctx.session.identitySql);
      if (ledgerSql) await tx.exec(ledgerSql);
      await tx.exec(ctx.session.settingsSql); // lock_timeout included
    });
  } catch (e) {
    const err = toConfitureError(e);
    if (failure) failure.error.detail = appendLine(failure.error.detail, `session not restored: ${err.message}`);
    else failure = { error: ledgerError(script, e), statement: script.statements.length - 1, left: [], ledger: true };
  }
  if (!failure) {
    result.durationMs = performance.now() - t0;
    o.onEvent?.({ type: "done", version, name, direction: step.direction, durationMs: result.durationMs });
    return result;
  }
  const err = await describeFailure(ctx, step, done, failure);
  result.status = "failed";
  result.error = err;
  result.durationMs = performance.now() - t0;
  o.onEvent?.({ type: "failed", version, error: err });
  return result;
}

function appendLine(text: string | undefined, line: string): string {
  return (text ? text + "\n" : "") + line;
}

/** Where a migration stopped: the error, the failing statement, invalid indexes it left or found. */
interface Failure {
  error: ConfitureError;
  statement: number;
  /** Invalid indexes the failing statement left behind. */
  left: string[];
  /** Invalid indexes the migration created with IF NOT EXISTS (the refusal to record it). */
  invalid?: string[];
  /** Every statement ran; writing the ledger row failed. */
  ledger?: boolean;
}

/**
 * The error of a migration that stopped: `MIGRATION_PARTIAL` when statements before the failure
 * stay applied, naming any invalid index the failing statement left; and, when anything stays
 * (applied statements or an invalid index), the `partial` ledger row saying where it stopped.
 */
async function describeFailure(ctx: RunContext, step: Step, done: number, failure: Failure): Promise<ConfitureError> {
  const script = step.script!;
  const total = script.statements.length;
  const first = failure.error;
  const left = failure.left;
  let err = first;
  if ((done > 0 && !failure.invalid && !failure.ledger) || left.length) {
    const partial = done > 0 && !failure.invalid && !failure.ledger;
    err = new ConfitureError(
      partial ? "MIGRATION_PARTIAL" : first.code,
      first.message +
        (partial
          ? ` (statement ${done + 1} of ${total}; the ${done} before it stay applied, the ledger was not updated)`
          : "") +
        (left.length ? `; it left the invalid index ${left.join(", ")} behind` : ""),
      {
        location: first.location,
        sqlstate: first.sqlstate,
        detail: left.length
          ? appendLine(
            first.detail,
            "a failed CREATE INDEX CONCURRENTLY leaves its index INVALID: not used by queries, enforcing no " +
              "uniqueness, yet updated by every write",
          )
          : first.detail,
        hint: left.length ? dropInvalidHint(left) : (first.hint ? first.hint + "; " : "") +
          "this migration runs outside a transaction: make its statements idempotent (IF NOT EXISTS) " +
          "or undo the applied ones, then run it again",
        cause: first,
      },
    );
  }
  const invalid = [...left, ...(failure.invalid ?? [])];
  if (step.direction !== "up" || (done === 0 && invalid.length === 0)) return err;
  const recorded: PartialFailure = {
    statement: Math.min(failure.statement, total - 1) + 1,
    statements: total,
    message: first.message,
  };
  if (err.location) recorded.location = err.location;
  if (err.sqlstate) recorded.sqlstate = err.sqlstate;
  if (invalid.length) recorded.invalidIndexes = invalid;
  try {
    await ctx.db.transaction((tx) =>
      tx.exec(partialRowSql(ctx.table, {
        version: step.file.version,
        name: step.file.name,
        checksum: step.file.checksum,
        failure: recorded,
      }))
    );
  } catch (e) {
    err.detail = appendLine(err.detail, `the ledger could not record where it stopped: ${toConfitureError(e).message}`);
  }
  return err;
}
