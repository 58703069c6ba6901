/**
 * Pauses that an interruption cuts short.
 * @module
 */

/**
 * Waits `ms` milliseconds, or less when `signal` aborts (it resolves then; the caller checks the
 * signal).
 *
 * @example
 * ```ts
 * await sleep(250, AbortSignal.timeout(100)); // returns after about 100 ms
 * ```
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });
}
