/**
 * The throughput the plan's durations are estimated with, measured on a sample: the first rows of
 * the largest filled table read from the source with its mapped expressions and written into a
 * temporary table of the target's column types, which is dropped at the end of its transaction
 * (nothing stays). The result is in bytes of the source's heap per second, so that each table's
 * size on the source gives its estimate.
 * @module
 */
import { COPY_SESSION_SETTINGS } from "../copy/mod.ts";
import type { Database } from "../db/mod.ts";
import { quoteIdent } from "../sql/mod.ts";
import type { TableMapping } from "./mapping.ts";
import { readSql, targetQualified } from "./statements.ts";

/** A measured throughput. */
export interface Throughput {
  /** Source heap bytes moved per second. */
  bytesPerSecond: number;
  /** Rows of the sample, and how long they took. */
  rows: number;
  /** Milliseconds the sample took. */
  ms: number;
  /** The table sampled. */
  table: string;
}

/** Rows read for the sample. */
export const SAMPLE_ROWS = 20_000;

/** Measures the throughput on the largest filled table of `tables` (undefined when none has rows). */
export async function measureThroughput(
  source: Database,
  target: Database,
  tables: TableMapping[],
): Promise<Throughput | undefined> {
  const sized = tables.filter((m) => m.source.kind === "table" && (m.source.table.stats?.bytes ?? 0) > 0);
  if (sized.length === 0) return undefined;
  const m = sized.reduce((a, b) =>
    ((b.source.kind === "table" ? b.source.table.stats?.bytes : 0) ?? 0) >
        ((a.source.kind === "table" ? a.source.table.stats?.bytes : 0) ?? 0)
      ? b
      : a
  );
  if (m.source.kind !== "table" || m.columns.length === 0) return undefined;
  const stats = m.source.table.stats!;
  await source.exec(COPY_SESSION_SETTINGS);
  await target.exec(COPY_SESSION_SETTINGS);
  const cols = m.columns.map((c) => quoteIdent(c.target)).join(", ");
  const started = performance.now();
  const rows = await target.transaction(async (tx) => {
    await tx.exec(
      `CREATE TEMPORARY TABLE confiture_s2s_sample ON COMMIT DROP AS SELECT ${cols} FROM ${
        targetQualified(m)
      } WITH NO DATA`,
    );
    return await tx.copyFrom(
      `COPY confiture_s2s_sample (${cols}) FROM STDIN`,
      source.dataSafe().copyTo(readSql(m, undefined, SAMPLE_ROWS)),
    );
  });
  const ms = Math.max(1, performance.now() - started);
  if (rows === 0) return undefined;
  const rowBytes = (stats.rowEstimate ?? 0) > 0 ? stats.bytes / stats.rowEstimate! : stats.bytes / rows;
  return { bytesPerSecond: Math.round((rows * rowBytes * 1000) / ms), rows, ms: Math.round(ms), table: m.table };
}
