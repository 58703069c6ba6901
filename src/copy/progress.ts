/**
 * The progress model of a data copy, shared by sync and schema-to-schema: per table, rows and
 * bytes so far against the source's estimates, a rate over the last seconds and an ETA. Engines
 * feed it events; the CLI reads snapshots of it to draw lines. No row value ever enters it.
 * @module
 */
import type { TableProgress, UnitResult } from "./job.ts";

/** One table's progress (all its parts together). */
export interface TableStatus {
  /** The table, `schema.table`. */
  table: string;
  /** Rows expected, from the source's statistics. */
  estimatedRows: number;
  /** Bytes expected, from the source's statistics. */
  estimatedBytes: number;
  /** Rows copied so far. */
  rows: number;
  /** Bytes copied so far. */
  bytes: number;
  /** Rows per second over the last few seconds (0 before the second sample). */
  rowsPerSecond: number;
  /** Whether its copy has started or finished. */
  state: "waiting" | "running" | "done";
  /** Seconds the table took, once done. */
  seconds?: number;
}

/** The whole copy: tables and totals, and the ETA from the estimates. */
export interface ProgressSnapshot {
  /** Every table of the copy. */
  tables: TableStatus[];
  /** Rows copied so far, all tables. */
  rows: number;
  /** Bytes copied so far, all tables. */
  bytes: number;
  /** Rows expected, all tables. */
  estimatedRows: number;
  /** Bytes expected, all tables. */
  estimatedBytes: number;
  /** Bytes per second over the last few seconds. */
  bytesPerSecond: number;
  /**
   * Seconds left at the current rate, from the estimated bytes; undefined when unknown (before a
   * rate, or while a table without an estimate is unfinished).
   */
  etaSeconds?: number;
  /** Seconds since the copy started. */
  elapsedSeconds: number;
}

interface Sample {
  at: number;
  rows: number;
  bytes: number;
}

const WINDOW_MS = 5_000;

/** Tracks progress events (see the module documentation). */
export class ProgressTracker {
  #tables = new Map<string, TableStatus>();
  /** Tables without an estimate (see `TableCopy.estimateUnknown`). */
  #unknown = new Set<string>();
  #parts = new Map<string, { rows: number; bytes: number }>();
  #samples = new Map<string, Sample[]>();
  #total: Sample[] = [];
  #started: number;
  #now: () => number;

  constructor(
    tables: { table: string; estimatedRows: number; estimatedBytes: number; estimateUnknown?: boolean }[],
    now: () => number = () => performance.now(),
  ) {
    this.#now = now;
    this.#started = now();
    for (const t of tables) {
      if (t.estimateUnknown) this.#unknown.add(t.table);
      const cur = this.#tables.get(t.table);
      if (cur) {
        cur.estimatedRows += t.estimatedRows;
        cur.estimatedBytes += t.estimatedBytes;
      } else {
        this.#tables.set(t.table, { ...t, rows: 0, bytes: 0, rowsPerSecond: 0, state: "waiting" });
      }
    }
  }

  /** A table (part) is being copied: cumulative counts of that part. */
  progress(p: TableProgress): void {
    const t = this.#tables.get(p.table);
    if (!t) return;
    const key = `${p.table}\u0000${p.part}`;
    const prev = this.#parts.get(key) ?? { rows: 0, bytes: 0 };
    t.rows += p.rows - prev.rows;
    t.bytes += p.bytes - prev.bytes;
    this.#parts.set(key, { rows: p.rows, bytes: p.bytes });
    if (t.state === "waiting") t.state = "running";
    this.#sample(p.table, t);
  }

  /** A unit committed: its tables' final counts. */
  done(r: UnitResult, tableFinished: (table: string) => boolean): void {
    for (const tr of r.tables) {
      this.progress({ unit: r.unit, table: tr.table, part: tr.part, rows: tr.rows, bytes: tr.bytes });
      const t = this.#tables.get(tr.table);
      if (t && tableFinished(tr.table)) {
        t.state = "done";
        t.seconds = Math.round((this.#now() - this.#started) / 100) / 10;
      }
    }
  }

  /** A table the run found already finished (resume): counted as done. */
  skip(table: string, rows: number, bytes: number): void {
    const t = this.#tables.get(table);
    if (!t) return;
    t.rows = rows;
    t.bytes = bytes;
    t.state = "done";
  }

  #sample(table: string, t: TableStatus): void {
    const at = this.#now();
    const list = this.#samples.get(table) ?? [];
    list.push({ at, rows: t.rows, bytes: t.bytes });
    while (list.length > 2 && at - list[0].at > WINDOW_MS) list.shift();
    this.#samples.set(table, list);
    const first = list[0];
    t.rowsPerSecond = at > first.at ? Math.round(((t.rows - first.rows) * 1000) / (at - first.at)) : 0;
    const snap = this.#totals();
    this.#total.push({ at, rows: snap.rows, bytes: snap.bytes });
    while (this.#total.length > 2 && at - this.#total[0].at > WINDOW_MS) this.#total.shift();
  }

  #totals() {
    let rows = 0, bytes = 0, estimatedRows = 0, estimatedBytes = 0;
    for (const t of this.#tables.values()) {
      rows += t.rows;
      bytes += t.bytes;
      estimatedRows += Math.max(t.estimatedRows, t.rows);
      estimatedBytes += Math.max(t.estimatedBytes, t.state === "done" ? t.bytes : 0, t.bytes);
    }
    return { rows, bytes, estimatedRows, estimatedBytes };
  }

  /** The current state, for rendering. */
  snapshot(): ProgressSnapshot {
    const at = this.#now();
    const tot = this.#totals();
    const first = this.#total[0];
    const bytesPerSecond = first && at > first.at
      ? Math.round(((tot.bytes - first.bytes) * 1000) / (at - first.at))
      : 0;
    // Bytes still expected: the estimates of unfinished tables beyond what they have copied. A
    // table without an estimate (its rows are chosen by a filter or a subset) leaves it unknown;
    // an empty table does not.
    let left = 0;
    let unknown = false;
    for (const t of this.#tables.values()) {
      if (t.state === "done") continue;
      left += Math.max(0, t.estimatedBytes - t.bytes);
      if (this.#unknown.has(t.table)) unknown = true;
    }
    return {
      tables: [...this.#tables.values()].map((t) => ({ ...t })),
      ...tot,
      bytesPerSecond,
      etaSeconds: bytesPerSecond > 0 && !unknown ? Math.round(left / bytesPerSecond) : undefined,
      elapsedSeconds: Math.round((at - this.#started) / 100) / 10,
    };
  }
}
