/**
 * Runs one load unit: in one target transaction, the statements before the data, each table's
 * `COPY … TO STDOUT` on the source streamed into `COPY … FROM STDIN` on the target (transformed
 * field by field only where a transform applies) or its `INSERT … SELECT` on the target, the
 * statements after the data, and the unit's
 * rows in the state table — so that a table's rows and its "finished" mark commit together.
 *
 * Memory is bounded by a few chunks per stream whatever the table's size: the source is read only
 * as fast as the target takes the data. Every error is data-safe (no row value) and names the
 * table.
 * @module
 */
import type { Database, Session } from "../db/mod.ts";
import { ConfitureError, toConfitureError } from "../errors/mod.ts";
import { tally } from "./count.ts";
import { collectKeys, keyedStatements, type KeySets } from "./keyed.ts";
import type { LoadUnit, TableProgress, TableResult, TransformSpec, UnitResult } from "./job.ts";

/** Turns the transforms of a table into a stream transformer (the anonymization pipeline). */
export type TransformFactory = (
  specs: TransformSpec[],
  table: string,
) => (source: AsyncIterable<Uint8Array>) => AsyncIterable<Uint8Array>;

/** Options of {@link executeUnit}. */
export interface ExecuteOptions {
  /**
   * The state-table statement run once per table in the unit's transaction, with parameters
   * `[table, part, parts, rows, bytes, sourceHash]` (see `StateTable.finishSql`).
   */
  stateSql?: string;
  /** Progress of each table, at most every `progressMs`. */
  onProgress?: (p: TableProgress) => void;
  /** Default 250 ms. */
  progressMs?: number;
  /** Builds the transformer of a table with transforms. Required when a unit has transforms. */
  transforms?: TransformFactory;
  /**
   * Runs the unit in an existing transaction (`--atomic`: every unit in one) instead of a
   * transaction of its own.
   */
  inTransaction?: boolean;
}

/** The sessions a unit runs on: the source inside the run's snapshot, and the target. */
export interface UnitSessions {
  /** A source session inside a `REPEATABLE READ READ ONLY` transaction on the run's snapshot. */
  source: Session;
  target: Database | Session;
}

/** Adds the table's name to an error, keeping its code and structured fields. */
export function tableError(table: string, e: unknown): ConfitureError {
  const err = toConfitureError(e, "COPY_FAILED");
  if (err.message.startsWith(`${table}: `)) return err;
  err.message = `${table}: ${err.message}`;
  return err;
}

/**
 * Runs `unit` (see the module documentation). Throws the first error, data-safe and naming the
 * table; nothing of the unit is kept then.
 */
export async function executeUnit(
  unit: LoadUnit,
  sessions: UnitSessions,
  opts: ExecuteOptions = {},
): Promise<UnitResult> {
  const started = performance.now();
  const body = async (tx: Session): Promise<TableResult[]> => {
    const safe = tx.dataSafe();
    for (const sql of unit.before) await safe.exec(sql);
    const results: TableResult[] = [];
    // The key values keyed reads collect and use, for this unit only.
    const sets: KeySets = new Map();
    for (const t of unit.tables) results.push(await copyTable(t, sessions.source, safe, unit.id, opts, sets));
    try {
      for (const sql of unit.after) await safe.exec(sql);
    } catch (e) {
      throw tableError(unit.tables.map((t) => t.table).join(", "), e);
    }
    if (opts.stateSql) {
      for (const r of results) {
        await safe.query(opts.stateSql, [
          r.table,
          r.part,
          r.parts,
          r.rows,
          r.bytes,
          r.sourceHash ? `${r.sourceHash.rows}:${r.sourceHash.hash}` : null,
        ]);
      }
    }
    return results;
  };
  const tables = opts.inTransaction ? await body(sessions.target) : await sessions.target.transaction(body);
  return { unit: unit.id, tables, ms: Math.round(performance.now() - started) };
}

async function copyTable(
  t: LoadUnit["tables"][number],
  source: Session,
  target: Session,
  unit: string,
  opts: ExecuteOptions,
  sets: KeySets,
): Promise<TableResult> {
  const t0 = performance.now();
  const counts = { rows: 0, bytes: 0 };
  const every = opts.progressMs ?? 250;
  let last = 0;
  const report = () => opts.onProgress?.({ unit, table: t.table, part: t.part, ...counts });
  if (t.insert !== undefined) {
    let moved: number;
    try {
      moved = await insertRows(target, t.insert);
    } catch (e) {
      throw tableError(t.table, e);
    }
    counts.rows = moved;
    report();
    return {
      table: t.table,
      part: t.part,
      parts: t.parts,
      rows: moved,
      bytes: 0,
      ms: Math.round(performance.now() - t0),
    };
  }
  const keyed = t.keyed ? keyedStatements(t.keyed, sets) : undefined;
  let stream: AsyncIterable<Uint8Array> = source.dataSafe().copyTo(keyed ? keyed.read : t.read);
  // Before any transform: the keys are the source's values.
  if (t.keyed?.collect.length) stream = collectKeys(stream, t.keyed.collect, sets);
  if (t.transforms?.length) {
    if (!opts.transforms) {
      throw new ConfitureError("INTERNAL_ERROR", `${t.table}: transforms were planned but no transformer was given`);
    }
    stream = opts.transforms(t.transforms, t.table)(stream);
  }
  let rows: number;
  try {
    rows = await target.copyFrom(
      t.write,
      tally(stream, counts, () => {
        const now = performance.now();
        if (now - last >= every) {
          last = now;
          report();
        }
      }),
    );
  } catch (e) {
    throw tableError(t.table, e);
  }
  report();
  let sourceHash: TableResult["sourceHash"];
  const hashSql = keyed ? keyed.hash : t.sourceHash;
  if (hashSql) {
    const [h] = await source.dataSafe().query<{ rows: string | number; hash: string }>(hashSql);
    sourceHash = { rows: Number(h.rows), hash: String(h.hash) };
  }
  return {
    table: t.table,
    part: t.part,
    parts: t.parts,
    rows,
    bytes: counts.bytes,
    ms: Math.round(performance.now() - t0),
    ...(sourceHash ? { sourceHash } : {}),
  };
}

/**
 * Runs an `INSERT … SELECT` on the target (data-safe) and returns the rows it inserted, read
 * with `GET DIAGNOSTICS` (no `RETURNING`, which would hold a row per inserted row).
 */
async function insertRows(target: Session, insert: string): Promise<number> {
  let tag = "confiture_move";
  while (insert.includes(`$${tag}$`)) tag += "_";
  await target.exec(
    `DO $${tag}$ DECLARE n bigint; BEGIN ${insert}; GET DIAGNOSTICS n = ROW_COUNT; ` +
      `PERFORM pg_catalog.set_config('confiture.moved_rows', n::text, true); END $${tag}$`,
  );
  const [r] = await target.query<{ n: string }>("SELECT pg_catalog.current_setting('confiture.moved_rows') AS n");
  return Number(r.n);
}
