/**
 * Runs load units on a runner's slots in dependency order: a unit starts once every unit it
 * depends on has committed (parents before children), the largest ready unit first. The first
 * failure stops the run: the units in flight are stopped (their transactions roll back) and the
 * error names what had finished.
 * @module
 */
import { ConfitureError, toConfitureError } from "../errors/mod.ts";
import type { LoadUnit, TableProgress, UnitResult } from "./job.ts";
import type { UnitRunner } from "./runner.ts";

/** What {@link runUnits} reports while it runs. */
export type ScheduleEvent =
  | { type: "unit-start"; unit: string; tables: string[] }
  | { type: "progress"; progress: TableProgress }
  | { type: "unit-done"; result: UnitResult };

/** Options of {@link runUnits}. */
export interface ScheduleOptions {
  signal?: AbortSignal;
  onEvent?: (e: ScheduleEvent) => void;
}

/** A failed run: the error, and the units that had committed before it. */
export class CopyRunError extends ConfitureError {
  constructor(cause: ConfitureError, readonly finished: UnitResult[]) {
    super(cause.code, cause.message, {
      detail: cause.detail,
      hint: cause.hint,
      location: cause.location,
      sqlstate: cause.sqlstate,
      cause,
    });
    for (const [k, v] of Object.entries(cause)) {
      if (!(k in this)) Object.defineProperty(this, k, { value: v, enumerable: true, writable: true });
    }
  }
}

const weight = (u: LoadUnit) => u.tables.reduce((n, t) => n + t.estimatedBytes, 0);

/**
 * Runs `units` (see the module documentation) and returns their results in completion order.
 * Throws a {@link CopyRunError} on the first failure or on `signal`.
 */
export async function runUnits(
  units: LoadUnit[],
  runner: UnitRunner,
  opts: ScheduleOptions = {},
): Promise<UnitResult[]> {
  const byId = new Map(units.map((u) => [u.id, u]));
  for (const u of units) {
    for (const d of u.dependsOn) {
      if (!byId.has(d)) throw new ConfitureError("INTERNAL_ERROR", `unit ${u.id} depends on unknown unit ${d}`);
    }
  }
  const pending = new Set(units.map((u) => u.id));
  const committed = new Set<string>();
  const results: UnitResult[] = [];
  const running = new Map<string, Promise<void>>();
  let failure: ConfitureError | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const onAbort = () => {
    failure ??= new ConfitureError("INTERRUPTED", "the copy was interrupted");
    notify();
  };
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  if (opts.signal?.aborted) onAbort();
  try {
    while (!failure && (pending.size > 0 || running.size > 0)) {
      const ready = [...pending].map((id) => byId.get(id)!).filter((u) => u.dependsOn.every((d) => committed.has(d)))
        .sort((a, b) => weight(b) - weight(a) || a.id.localeCompare(b.id));
      while (ready.length > 0 && running.size < runner.slots) {
        const u = ready.shift()!;
        pending.delete(u.id);
        opts.onEvent?.({ type: "unit-start", unit: u.id, tables: u.tables.map((t) => t.table) });
        running.set(
          u.id,
          runner.run(u, (progress) => opts.onEvent?.({ type: "progress", progress })).then(
            (r) => {
              running.delete(u.id);
              committed.add(u.id);
              results.push(r);
              opts.onEvent?.({ type: "unit-done", result: r });
              notify();
            },
            (e) => {
              running.delete(u.id);
              failure ??= toConfitureError(e);
              notify();
            },
          ),
        );
      }
      if (running.size === 0 && pending.size > 0 && !failure) {
        throw new ConfitureError("INTERNAL_ERROR", `units wait on each other: ${[...pending].join(", ")}`);
      }
      if (!failure) await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
  }
  if (failure) {
    await runner.abort();
    throw new CopyRunError(failure, results);
  }
  return results;
}
