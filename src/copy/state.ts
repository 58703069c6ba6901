/**
 * The state table of a data copy, kept on the target (`confiture_sync_state` for sync,
 * `confiture_s2s_state` for schema-to-schema): one row per run and table part, written in the
 * same transaction as the part's rows, so that "finished" is true exactly when the rows are
 * there. A run that stops (failure, Ctrl-C, SIGKILL) leaves its finished parts marked; `--resume`
 * copies only the others.
 * @module
 */
import type { Session } from "../db/mod.ts";
import { ConfitureError } from "../errors/mod.ts";
import { quoteIdent } from "../sql/mod.ts";

/** The part number of a run's notes (see {@link StateTable.setNote}); table parts count from 0. */
export const NOTE_PART = -1;

/** One row of the state table. */
export interface StateRow {
  runId: string;
  fingerprint: string;
  snapshot: string | null;
  table: string;
  part: number;
  parts: number;
  rows: number | null;
  bytes: number | null;
  /** `rows:hash` of the source's content, when verified. */
  contentHash: string | null;
  startedAt: string;
  finishedAt: string | null;
}

/** A run found in the state table. */
export interface StateRun {
  runId: string;
  fingerprint: string;
  snapshot: string | null;
  startedAt: string;
  rows: StateRow[];
}

/** The columns of a state table, in order (see {@link StateTable.ensure}). */
export const STATE_COLUMNS: readonly string[] = [
  "run_id",
  "fingerprint",
  "snapshot",
  "table_name",
  "part",
  "parts",
  "rows",
  "bytes",
  "content_hash",
  "started_at",
  "finished_at",
];

/**
 * Whether a table with these columns is a state table Confiture made (a sync's, under its default
 * name or another): Confiture's bookkeeping, not data to carry.
 */
export function isStateTableShape(columns: readonly string[]): boolean {
  return columns.length === STATE_COLUMNS.length && STATE_COLUMNS.every((c, i) => columns[i] === c);
}

/** The state table `schema.name` on the target. */
export class StateTable {
  readonly qualified: string;

  constructor(readonly schema: string, readonly name: string) {
    this.qualified = `${quoteIdent(schema)}.${quoteIdent(name)}`;
  }

  /** `schema.name` as users read it. */
  get display(): string {
    return `${this.schema}.${this.name}`;
  }

  /** Creates the table when it does not exist. */
  async ensure(db: Session): Promise<void> {
    await db.exec(
      `CREATE TABLE IF NOT EXISTS ${this.qualified} (
  run_id text NOT NULL,
  fingerprint text NOT NULL,
  snapshot text,
  table_name text NOT NULL,
  part integer NOT NULL DEFAULT 0,
  parts integer NOT NULL DEFAULT 1,
  rows bigint,
  bytes bigint,
  content_hash text,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  PRIMARY KEY (run_id, table_name, part)
)`,
    );
  }

  /** Records a new run: one unfinished row per table part. */
  async startRun(
    db: Session,
    run: { runId: string; fingerprint: string; snapshot: string | null },
    parts: { table: string; part: number; parts: number }[],
  ): Promise<void> {
    for (const p of parts) {
      await db.query(
        `INSERT INTO ${this.qualified} (run_id, fingerprint, snapshot, table_name, part, parts)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (run_id, table_name, part) DO NOTHING`,
        [run.runId, run.fingerprint, run.snapshot, p.table, p.part, p.parts],
      );
    }
  }

  /**
   * The statement that marks a part finished, with parameters
   * `[table, part, parts, rows, bytes, contentHash]` (see `executeUnit`'s `stateSql`).
   */
  finishSql(runId: string): string {
    const lit = `'${runId.replaceAll("'", "''")}'`;
    return `UPDATE ${this.qualified}
   SET rows = $4, bytes = $5, content_hash = $6, finished_at = clock_timestamp()
 WHERE run_id = ${lit} AND table_name = $1 AND part = $2 AND parts = $3`;
  }

  /** The newest run, or undefined when the table is missing or empty. */
  async latestRun(db: Session): Promise<StateRun | undefined> {
    const exists = await db.query<{ ok: boolean }>(
      "SELECT to_regclass($1) IS NOT NULL AS ok",
      [this.qualified],
    );
    if (!exists[0]?.ok) return undefined;
    const [last] = await db.query<{ run_id: string }>(
      `SELECT run_id FROM ${this.qualified} WHERE part >= 0 ORDER BY started_at DESC, run_id DESC LIMIT 1`,
    );
    if (!last) return undefined;
    const rows = await db.query<Record<string, unknown>>(
      `SELECT run_id, fingerprint, snapshot, table_name, part, parts, rows, bytes, content_hash,
              started_at::text AS started_at, finished_at::text AS finished_at
         FROM ${this.qualified} WHERE run_id = $1 AND part >= 0 ORDER BY table_name, part`,
      [last.run_id],
    );
    const list = rows.map((r): StateRow => ({
      runId: String(r.run_id),
      fingerprint: String(r.fingerprint),
      snapshot: r.snapshot === null ? null : String(r.snapshot),
      table: String(r.table_name),
      part: Number(r.part),
      parts: Number(r.parts),
      rows: r.rows === null ? null : Number(r.rows),
      bytes: r.bytes === null ? null : Number(r.bytes),
      contentHash: r.content_hash === null ? null : String(r.content_hash),
      startedAt: String(r.started_at),
      finishedAt: r.finished_at === null ? null : String(r.finished_at),
    }));
    if (list.length === 0) return undefined;
    return {
      runId: list[0].runId,
      fingerprint: list[0].fingerprint,
      snapshot: list[0].snapshot,
      startedAt: list[0].startedAt,
      rows: list,
    };
  }

  /**
   * Records a note of a run: a named JSON value kept beside its tables' rows (a row with part
   * {@link NOTE_PART}, the name as its table name, the value in its content hash column). Runs
   * read by {@link latestRun} leave notes out. Replaces the note of that name.
   */
  async setNote(db: Session, run: { runId: string; fingerprint: string }, name: string, value: unknown): Promise<void> {
    await db.query(
      `INSERT INTO ${this.qualified} (run_id, fingerprint, table_name, part, parts, content_hash, finished_at)
       VALUES ($1, $2, $3, ${NOTE_PART}, 1, $4, clock_timestamp())
       ON CONFLICT (run_id, table_name, part)
       DO UPDATE SET content_hash = EXCLUDED.content_hash, finished_at = EXCLUDED.finished_at`,
      [run.runId, run.fingerprint, name, JSON.stringify(value)],
    );
  }

  /** Removes a note of a run. */
  async deleteNote(db: Session, runId: string, name: string): Promise<void> {
    await db.query(`DELETE FROM ${this.qualified} WHERE run_id = $1 AND table_name = $2 AND part = ${NOTE_PART}`, [
      runId,
      name,
    ]);
  }

  /** The notes of a run by name, with the time each was written. */
  async notes(db: Session, runId: string): Promise<Record<string, { value: unknown; at: string }>> {
    const rows = await db.query<{ name: string; value: string; at: string }>(
      `SELECT table_name AS name, content_hash AS value, finished_at::text AS at
         FROM ${this.qualified} WHERE run_id = $1 AND part = ${NOTE_PART} ORDER BY 1`,
      [runId],
    );
    const out: Record<string, { value: unknown; at: string }> = {};
    for (const r of rows) out[r.name] = { value: JSON.parse(r.value), at: r.at };
    return out;
  }

  /** True when the state table exists. */
  async exists(db: Session): Promise<boolean> {
    const [r] = await db.query<{ ok: boolean }>("SELECT to_regclass($1) IS NOT NULL AS ok", [this.qualified]);
    return r?.ok === true;
  }

  /** The run to resume: the newest one, refused when it finished or when `fingerprint` differs. */
  async resumable(db: Session, fingerprint: string, what: string): Promise<StateRun> {
    const run = await this.latestRun(db);
    if (!run) {
      throw new ConfitureError("USAGE_INVALID_ARGUMENT", `there is no ${what} run to resume on the target`, {
        hint: `start a new run without --resume (${this.display} is empty or missing)`,
      });
    }
    if (run.rows.every((r) => r.finishedAt !== null)) {
      throw new ConfitureError(
        "USAGE_INVALID_ARGUMENT",
        `the last ${what} run (${run.runId}) finished; nothing to resume`,
        {
          hint: "start a new run without --resume",
        },
      );
    }
    if (run.fingerprint !== fingerprint) {
      throw new ConfitureError(
        "REFUSED_UNSAFE",
        `the last ${what} run (${run.runId}) had another selection or other rules`,
        {
          detail: "resuming would mix two different copies in one target",
          hint: "start a new run without --resume, or restore the selection and rules of that run",
        },
      );
    }
    return run;
  }
}

/** Parses `schema.name` (plain identifiers; defaults to `public`). */
export function stateTableOf(name: string): StateTable {
  const m = /^(?:([A-Za-z_][A-Za-z0-9_$]*)\.)?([A-Za-z_][A-Za-z0-9_$]*)$/.exec(name);
  if (!m) {
    throw new ConfitureError("USAGE_INVALID_ARGUMENT", `invalid state table name "${name}"`, {
      hint: "a table name or schema.table, letters, digits and underscores",
    });
  }
  return new StateTable(m[1] ?? "public", m[2]);
}
