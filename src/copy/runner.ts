/**
 * Where load units run. {@link WorkerRunner}: N worker threads, each with its own source session
 * (in the run's exported snapshot) and target session, so N units stream at once. {@link
 * SessionRunner}: one pair of sessions in this thread — for the embedded engine, which lives in
 * this process, and for `--atomic`, where every unit shares one target transaction.
 * @module
 */
import type { Database, Session } from "../db/mod.ts";
import { ConfitureError, type ErrorCode } from "../errors/mod.ts";
import { type ExecuteOptions, executeUnit } from "./execute.ts";
import type { LoadUnit, TableProgress, UnitResult } from "./job.ts";
import type { WorkerInit, WorkerReply } from "./_protocol.ts";

/** Runs load units; `slots` of them at once. */
export interface UnitRunner {
  readonly slots: number;
  /** Runs `unit` on a free slot (the caller never asks for more than `slots` at once). */
  run(unit: LoadUnit, onProgress: (p: TableProgress) => void): Promise<UnitResult>;
  /** Stops whatever runs (its transactions roll back) and closes every session. */
  abort(): Promise<void>;
  /** Closes every session once the runs have ended. */
  close(): Promise<void>;
}

/** A ConfitureError rebuilt from its JSON form (as it crosses from a worker). */
export function errorFromJson(j: Record<string, unknown>): ConfitureError {
  const { code, message, ...rest } = j as { code: ErrorCode; message: string } & Record<string, unknown>;
  const e = new ConfitureError(code ?? "INTERNAL_ERROR", String(message ?? "worker failed"), {
    detail: rest.detail as string | undefined,
    hint: rest.hint as string | undefined,
    location: rest.location as ConfitureError["location"],
    sqlstate: rest.sqlstate as string | undefined,
  });
  // Structured server fields (table, column, constraint…) travel as they are.
  for (const [k, v] of Object.entries(rest)) {
    if (!(k in e)) Object.defineProperty(e, k, { value: v, enumerable: true, writable: true });
  }
  return e;
}

interface Slot {
  worker: Worker;
  busy: boolean;
  /** Settles the unit running on this worker. */
  settle?: { resolve(r: UnitResult): void; reject(e: unknown): void; onProgress(p: TableProgress): void };
  closed: Promise<void>;
  dead?: ConfitureError;
}

/** N worker threads, each with a source session in the run's snapshot and a target session. */
export class WorkerRunner implements UnitRunner {
  #slots: Slot[] = [];

  private constructor() {}

  /** Workers running (free or busy). */
  get slots(): number {
    return this.#slots.length;
  }

  /** Starts `n` workers and waits until each has connected both sessions (or one fails). */
  static async start(n: number, init: WorkerInit): Promise<WorkerRunner> {
    const runner = new WorkerRunner();
    await runner.grow(n, init);
    return runner;
  }

  /**
   * Starts `n` more workers (a plan that turned out to need more slots than were started ahead of
   * it) and waits until each is ready. When one fails, every worker is stopped.
   */
  async grow(n: number, init: WorkerInit): Promise<void> {
    const ready: Promise<void>[] = [];
    for (let i = 0; i < n; i++) {
      const worker = new Worker(new URL("./_worker.ts", import.meta.url).href, { type: "module" });
      let closedResolve!: () => void;
      const slot: Slot = { worker, busy: false, closed: new Promise<void>((r) => (closedResolve = r)) };
      this.#slots.push(slot);
      ready.push(
        new Promise<void>((resolve, reject) => {
          worker.onmessage = (e: MessageEvent<WorkerReply>) => {
            const m = e.data;
            if (m.type === "ready") resolve();
            else if (m.type === "progress") slot.settle?.onProgress(m.progress);
            else if (m.type === "done") {
              const s = slot.settle;
              slot.settle = undefined;
              slot.busy = false;
              s?.resolve(m.result);
            } else if (m.type === "failed" || m.type === "fatal") {
              const err = errorFromJson(m.error);
              slot.dead = err;
              const s = slot.settle;
              slot.settle = undefined;
              s?.reject(err);
              reject(err);
            } else if (m.type === "closed") closedResolve();
          };
          worker.onerror = (e) => {
            e.preventDefault();
            const err = new ConfitureError("INTERNAL_ERROR", `copy worker failed: ${e.message}`);
            slot.dead = err;
            slot.settle?.reject(err);
            slot.settle = undefined;
            closedResolve();
            reject(err);
          };
        }),
      );
      worker.postMessage({ type: "init", init });
    }
    try {
      await Promise.all(ready);
    } catch (e) {
      await this.abort();
      throw e;
    }
  }

  run(unit: LoadUnit, onProgress: (p: TableProgress) => void): Promise<UnitResult> {
    const slot = this.#slots.find((s) => !s.busy && !s.dead);
    if (!slot) return Promise.reject(new ConfitureError("INTERNAL_ERROR", "no free copy worker"));
    slot.busy = true;
    return new Promise<UnitResult>((resolve, reject) => {
      slot.settle = { resolve, reject, onProgress };
      slot.worker.postMessage({ type: "unit", unit });
    });
  }

  abort(): Promise<void> {
    for (const s of this.#slots) {
      const stopped = new ConfitureError("INTERRUPTED", "the copy was stopped");
      s.settle?.reject(stopped);
      s.settle = undefined;
      // Terminating drops the worker's connections: the server rolls their transactions back. A
      // terminated worker never answers close(), which must not wait for it.
      s.worker.terminate();
      s.dead ??= stopped;
    }
    return Promise.resolve();
  }

  async close(): Promise<void> {
    const live = this.#slots.filter((s) => !s.dead);
    for (const s of live) s.worker.postMessage({ type: "close" });
    const timeout = new Promise<void>((r) => setTimeout(r, 10_000));
    await Promise.race([Promise.all(live.map((s) => s.closed)), timeout]);
    for (const s of this.#slots) s.worker.terminate();
  }
}

/**
 * One source session (already inside the run's snapshot transaction) and one target session in
 * this thread, one unit at a time.
 */
export class SessionRunner implements UnitRunner {
  readonly slots = 1;
  constructor(
    private readonly source: Session,
    private readonly target: Database | Session,
    private readonly options: Omit<ExecuteOptions, "onProgress">,
  ) {}

  run(unit: LoadUnit, onProgress: (p: TableProgress) => void): Promise<UnitResult> {
    return executeUnit(unit, { source: this.source, target: this.target }, { ...this.options, onProgress });
  }

  abort(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
