/**
 * The state of schema-to-schema on the target, in `confiture_s2s.confiture_s2s_state` (the copy
 * pipeline's state table: one row per table part, committed with its rows). Beside a run's rows
 * it keeps notes: the run's end and its last verification; and notes of no run (the run id `""`):
 * the source's freeze, the cutover and the rollback, whether the run created postgres_fdw. The
 * state travels with the target database, through a cutover's renames too.
 * @module
 */
import { StateTable } from "../copy/mod.ts";
import type { Session } from "../db/mod.ts";
import { quoteIdent } from "../sql/mod.ts";
import { PRIVATE_SCHEMA } from "./statements.ts";

/** The state table. */
export const STATE = new StateTable(PRIVATE_SCHEMA, "confiture_s2s_state");

/** The run id of notes that belong to no run. */
const GLOBAL = { runId: "", fingerprint: "" };

/** Write counters of the source's tables (`n_tup_ins + n_tup_upd + n_tup_del`), by `schema.table`. */
export type WriteCounters = Record<string, string>;

/** The note of a verification. */
export interface VerifyNote {
  ok: boolean;
  at: string;
  /** The source's write counters read before it was hashed. */
  counters: WriteCounters;
  /** What differed, by name. */
  failures: string[];
}

/** The note of `--freeze-source`. */
export interface FreezeNote {
  /** The source database (its name when frozen). */
  database: string;
  /** Its own `default_transaction_read_only` before (null: not set for the database). */
  previous: string | null;
  active: boolean;
}

/** The note of a cutover. */
export interface CutoverNote {
  /** `rename`: on one server, the databases were renamed; `switch`: across servers, recorded only. */
  mode: "rename" | "switch";
  /** The source's and target's database names before the cutover. */
  source: string;
  target: string;
  /** The source's name after a rename. */
  sourceRenamedTo?: string;
  /** The URL applications use from now on (password redacted). */
  use: string;
  active: boolean;
  runId: string;
}

/** Global notes. */
export interface GlobalNotes {
  fdw?: { createdExtension: boolean };
  freeze?: FreezeNote;
  cutover?: CutoverNote;
  rollback?: { at: string; from: CutoverNote | null };
}

/** Creates the private schema and the state table when missing. */
export async function ensureState(db: Session): Promise<void> {
  await db.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(PRIVATE_SCHEMA)}`);
  await STATE.ensure(db);
}

/** The global notes (none when the state table is missing). */
export async function globalNotes(db: Session): Promise<GlobalNotes> {
  if (!(await STATE.exists(db))) return {};
  const notes = await STATE.notes(db, GLOBAL.runId);
  const out: GlobalNotes = {};
  for (const [k, v] of Object.entries(notes)) (out as Record<string, unknown>)[k] = v.value;
  return out;
}

/** Writes a global note. */
export async function setGlobalNote<K extends keyof GlobalNotes>(
  db: Session,
  name: K,
  value: NonNullable<GlobalNotes[K]>,
): Promise<void> {
  await STATE.setNote(db, GLOBAL, name, value);
}

/** The notes of a run: its end and its last verification. */
export async function runNotes(db: Session, runId: string): Promise<{ finished?: string; verify?: VerifyNote }> {
  const notes = await STATE.notes(db, runId);
  return {
    ...(notes.finished ? { finished: notes.finished.at } : {}),
    ...(notes.verify ? { verify: notes.verify.value as VerifyNote } : {}),
  };
}

/** Reads the source's write counters of `tables` (`schema.table`), with `track_counts`. */
export async function writeCounters(
  source: Session,
  tables: string[],
): Promise<{ counters: WriteCounters; tracked: boolean }> {
  const rows = await source.query<{ t: string; n: string }>(
    `SELECT schemaname || '.' || relname AS t, (n_tup_ins + n_tup_upd + n_tup_del)::text AS n
       FROM pg_catalog.pg_stat_user_tables ORDER BY 1`,
  );
  const [{ on }] = await source.query<{ on: string }>("SELECT pg_catalog.current_setting('track_counts') AS on");
  const want = new Set(tables);
  const counters: WriteCounters = {};
  for (const r of rows) if (want.has(r.t)) counters[r.t] = r.n;
  return { counters, tracked: on === "on" };
}

/** The tables whose counters differ between two readings. */
export function changedTables(before: WriteCounters, now: WriteCounters): string[] {
  return Object.keys(before).filter((t) => now[t] !== undefined && now[t] !== before[t]).sort();
}
