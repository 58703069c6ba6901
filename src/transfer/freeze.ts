/**
 * `--freeze-source`: the source database made read-only for new sessions
 * (`ALTER DATABASE … SET default_transaction_read_only = on`) from the start of `run` until
 * `cutover` or `rollback`, which restore its own setting as it was. Sessions already connected
 * keep theirs until they reconnect: `run` says how many there are. A session may still turn the
 * setting off for itself; the freeze guards against mistakes, not against intent, and `cutover`
 * checks the source's write counters either way.
 * @module
 */
import type { Session } from "../db/mod.ts";
import { ConfitureError } from "../errors/mod.ts";
import { quoteIdent, quoteLiteral } from "../sql/mod.ts";
import type { FreezeNote } from "./state.ts";

const SETTING = "default_transaction_read_only";

/** The database's own value of the setting, or null when it sets none. */
async function ownSetting(db: Session, database: string): Promise<string | null> {
  const rows = await db.query<{ v: string }>(
    `SELECT split_part(s.c, '=', 2) AS v
       FROM pg_catalog.pg_db_role_setting r
       JOIN pg_catalog.pg_database d ON d.oid = r.setdatabase
       CROSS JOIN LATERAL pg_catalog.unnest(r.setconfig) AS s(c)
      WHERE r.setrole = 0 AND d.datname = $1 AND split_part(s.c, '=', 1) = $2`,
    [database, SETTING],
  );
  return rows[0]?.v ?? null;
}

/** Freezes `database` (through any session on its server); returns the note that undoes it. */
export async function freezeSource(db: Session, database: string, warn: (m: string) => void): Promise<FreezeNote> {
  const previous = await ownSetting(db, database);
  try {
    await db.exec(`ALTER DATABASE ${quoteIdent(database)} SET ${SETTING} = on`);
  } catch (e) {
    const err = e instanceof ConfitureError ? e : new ConfitureError("INTERNAL_ERROR", String(e), { cause: e });
    throw new ConfitureError(err.code, `cannot freeze the source database ${database}: ${err.message}`, {
      detail: err.detail,
      hint: "--freeze-source needs a source role that owns the database (or a superuser)",
      sqlstate: err.sqlstate,
      cause: err,
    });
  }
  const [{ n }] = await db.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM pg_catalog.pg_stat_activity
      WHERE datname = $1 AND pid <> pg_catalog.pg_backend_pid() AND backend_type = 'client backend'
        AND application_name NOT LIKE 'confiture%'`,
    [database],
  );
  if (n !== "0") {
    warn(
      `the source is frozen for new sessions; ${n} session(s) connected before keep writing until they reconnect`,
    );
  }
  return { database, previous, active: true };
}

/** Restores the setting of the frozen database, now named `database`. */
export async function unfreezeSource(db: Session, note: FreezeNote, database = note.database): Promise<void> {
  await db.exec(
    note.previous === null
      ? `ALTER DATABASE ${quoteIdent(database)} RESET ${SETTING}`
      : `ALTER DATABASE ${quoteIdent(database)} SET ${SETTING} = ${quoteLiteral(note.previous)}`,
  );
}
