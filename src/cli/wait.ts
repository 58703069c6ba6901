/**
 * `--wait DURATION`: connecting again until the database accepts connections, for a server that
 * is still starting (a container just started: connection refused, or SQLSTATE 57P03 "the
 * database system is starting up"), up to a deadline. A refused login or a bad URL is not waited
 * for.
 * @module
 */
import { sleep } from "../util/mod.ts";
import { ConfitureError, toConfitureError } from "../errors/mod.ts";

/** Options of {@link connectWhenReady}. */
export interface WaitOptions {
  /** How long to keep trying, in milliseconds. */
  waitMs: number;
  /** Stops waiting. */
  signal?: AbortSignal;
  /** Called once, at the first failed attempt that will be retried. */
  onWaiting?: (e: ConfitureError) => void;
}

/** True for a connection failure that may end by itself (the server is not up yet). */
function mayRecover(e: ConfitureError): boolean {
  return e.code === "CONNECTION_FAILED";
}

/**
 * Calls `connect` until it succeeds, while it fails with `CONNECTION_FAILED` and `waitMs` has not
 * passed (pauses of 250 ms, doubling up to 2 s). The last failure is thrown, saying how long it
 * waited.
 *
 * @example
 * ```ts
 * const db = await connectWhenReady(() => connect({ url, source: "flag" }), { waitMs: 30_000 });
 * ```
 */
export async function connectWhenReady<T>(connect: () => Promise<T>, o: WaitOptions): Promise<T> {
  const started = Date.now();
  const deadline = started + o.waitMs;
  let pause = 250;
  for (let attempt = 1;; attempt++) {
    try {
      return await connect();
    } catch (e) {
      const err = toConfitureError(e);
      if (!mayRecover(err) || o.signal?.aborted || Date.now() >= deadline) {
        // A recoverable failure names the wait, also when the first attempt alone outlasted it.
        if (!mayRecover(err) || o.signal?.aborted) throw err;
        throw new ConfitureError(
          err.code,
          `${err.message}; still failing after waiting ${Math.round((Date.now() - started) / 100) / 10} s (--wait)`,
          { detail: err.detail, hint: err.hint, sqlstate: err.sqlstate, cause: err },
        );
      }
      if (attempt === 1) o.onWaiting?.(err);
      await sleep(Math.max(1, Math.min(pause, deadline - Date.now())), o.signal);
      pause = Math.min(pause * 2, 2000);
    }
  }
}
