/**
 * Lock-timeout retries: a migration (or, outside a transaction, a statement) that hits
 * `lock_timeout` (SQLSTATE 55P03) is retried a few times with growing pauses instead of queuing
 * behind a long query while blocking every reader; when the retries run out, the error names the
 * session holding a lock on the tables it changes.
 * @module
 */
import { describeHolder, type LockHolderInfo, relationLockHolder, type Session } from "../db/mod.ts";
import { sleep } from "../util/mod.ts";
import { ConfitureError, toConfitureError } from "../errors/mod.ts";
import { quoteIdent } from "../sql/mod.ts";
import type { RunnerOptions } from "./_types.ts";

/** True for a `lock_timeout` error. */
export function isLockTimeout(e: unknown): boolean {
  return toConfitureError(e).sqlstate === "55P03";
}

/** The outcome of {@link retryOnLockTimeout}. */
export type RetryOutcome<T> =
  | { ok: true; value: T; attempts: number }
  | { ok: false; error: unknown; attempts: number };

/**
 * Runs `attempt` and runs it again after a lock timeout, up to `o.lockRetries` (3) more times,
 * pausing `o.retryDelayMs` (500 ms) plus up to half of it at random, doubled each time. `prior` is
 * the error of an attempt already made elsewhere (counted as the first). With `retry: false` a
 * lock timeout is not retried. Returns the value, or the last error, with the attempts made.
 */
export async function retryOnLockTimeout<T>(
  o: RunnerOptions,
  version: string,
  attempt: () => Promise<T>,
  opts: { prior?: unknown; retry?: boolean } = {},
): Promise<RetryOutcome<T>> {
  const retries = opts.retry === false ? 0 : o.lockRetries ?? 3;
  let delay = o.retryDelayMs ?? 500;
  let prior = opts.prior;
  for (let attempts = 1;; attempts++) {
    let error: unknown;
    if (prior !== undefined) {
      error = prior;
      prior = undefined;
    } else {
      try {
        return { ok: true, value: await attempt(), attempts };
      } catch (e) {
        error = e;
      }
    }
    if (!isLockTimeout(error) || attempts > retries || o.signal?.aborted) return { ok: false, error, attempts };
    o.onEvent?.({ type: "retry", version, attempt: attempts, delayMs: delay, error: toConfitureError(error).message });
    await sleep(delay + Math.floor(Math.random() * delay / 2), o.signal);
    delay *= 2;
  }
}

/**
 * The session holding a lock on one of `tables` (names as the parse tree gives them,
 * `schema.table` or `table`), the one whose transaction is the oldest; null when none does.
 */
export function blockingSession(s: Session, tables: readonly string[]): Promise<LockHolderInfo | null> {
  return relationLockHolder(s, tables.map((t) => t.split(".").map(quoteIdent).join(".")));
}

/**
 * `MIGRATION_LOCK_RETRIES_EXHAUSTED` for a migration (or statement) that kept hitting
 * `lock_timeout`, naming the session that holds a lock on its tables when one is found.
 */
export async function retriesExhausted(
  s: Session,
  e: unknown,
  shown: string,
  attempts: number,
  tables: readonly string[],
  outcome: string,
): Promise<ConfitureError> {
  const err = toConfitureError(e);
  let holder: LockHolderInfo | null = null;
  let lookup = "";
  try {
    holder = await blockingSession(s, [...new Set(tables)]);
  } catch (e2) {
    lookup = ` (the lock holders could not be read: ${toConfitureError(e2).message})`;
  }
  return new ConfitureError(
    "MIGRATION_LOCK_RETRIES_EXHAUSTED",
    `${shown}: ${err.message} (after ${attempts} attempt${attempts === 1 ? "" : "s"}); ${outcome}` +
      (holder ? `; blocked by ${describeHolder(holder)}` : ""),
    {
      location: err.location,
      sqlstate: err.sqlstate,
      detail:
        (holder
          ? `session pid ${holder.pid} holds a lock on a table this migration changes`
          : "another session holds a conflicting lock on a table this migration changes") + lookup,
      hint:
        (holder
          ? `wait for it to finish, or end it (select pg_terminate_backend(${holder.pid})), then run again`
          : "find it in pg_stat_activity / pg_locks, or retry when the database is quieter") +
        " (statement_lock_timeout in the environment file sets the wait)",
      cause: e,
    },
  );
}
