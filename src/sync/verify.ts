/**
 * `--verify`: per copied table, the target's row count and content hash against the source's,
 * both computed by the servers over the columns copied unchanged (anonymized columns differ by
 * design and are compared by count only). The source's hash is the one each unit read in its
 * snapshot and stored in the state table; for tables copied in ranges it is read now in the run's
 * snapshot.
 * @module
 */
import { contentHashSql, parseStoredHash, sameContent, type StateTable } from "../copy/mod.ts";
import type { Session } from "../db/mod.ts";
import { quoteIdent } from "../sql/mod.ts";
import type { SyncPlan } from "./plan.ts";

/** One table's verification. */
export interface TableVerification {
  /** The table, `schema.table`. */
  table: string;
  /** Rows on the source (in the run's snapshot). */
  sourceRows: number;
  /** Rows on the target. */
  targetRows: number;
  /** Counts and hashes agree. */
  ok: boolean;
  /** Columns left out of the hash (transformed). */
  unhashed: string[];
  /** Why it could not be compared fully, when so. */
  note?: string;
}

/** Compares every table of `plan` (see the module documentation). */
export async function verifyTables(
  snap: Session,
  target: Session,
  plan: SyncPlan,
  state: StateTable,
  runId: string,
): Promise<TableVerification[]> {
  const run = await state.latestRun(target);
  const stored = new Map<string, string | null>();
  for (const r of run?.runId === runId ? run.rows : []) {
    if (r.parts === 1) stored.set(r.table, r.contentHash);
  }
  const out: TableVerification[] = [];
  for (const t of plan.tables) {
    const q = `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`;
    const hashed = t.columns.filter((c) => !t.transformed.includes(c)).map(quoteIdent);
    const from = t.partitioned ? q : `ONLY ${q}`;
    const [tgt] = await target.dataSafe().query<{ rows: string; hash: string }>(contentHashSql(hashed, from));
    let src = parseStoredHash(stored.get(t.table) ?? null);
    if (!src && t.subset && !t.subset.filter) {
      // A streamed subset's read exists only in its unit, which stores its hash: none, no hash.
      out.push({
        table: t.table,
        sourceRows: -1,
        targetRows: Number(tgt.rows),
        ok: false,
        unhashed: t.transformed,
        note: "its subset was read as it was copied, and that read's hash was not stored",
      });
      continue;
    }
    if (!src) {
      // The same rows the copy read: the table's filter and its subset.
      const where = t.subset ? (t.where ? `(${t.where}) AND (${t.subset.filter})` : t.subset.filter) : t.where;
      const [s] = await snap.dataSafe().query<{ rows: string; hash: string }>(contentHashSql(hashed, from, where));
      src = { rows: Number(s.rows), hash: String(s.hash) };
    }
    const dst = { rows: Number(tgt.rows), hash: String(tgt.hash) };
    out.push({
      table: t.table,
      sourceRows: src.rows,
      targetRows: dst.rows,
      ok: sameContent(src, dst),
      unhashed: t.transformed,
    });
  }
  return out;
}
