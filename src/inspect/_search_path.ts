/**
 * Runs inspection queries with an empty `search_path`, so that every name PostgreSQL deparses
 * (types, defaults, definitions) comes out schema-qualified whatever the session's setting.
 * @module
 */
import type { Session } from "../db/mod.ts";

/**
 * Calls `fn` with `search_path` set to empty on `db`, then sets it back. When `fn` fails inside a
 * transaction the server refuses every statement until rollback, so the reset fails too: the
 * error of `fn` is the one thrown.
 */
export async function withQualifiedNames<T>(db: Session, fn: () => Promise<T>): Promise<T> {
  const [{ path }] = await db.query<{ path: string }>("select pg_catalog.current_setting('search_path') as path");
  await db.query("select pg_catalog.set_config('search_path', '', false)");
  let result: T;
  try {
    result = await fn();
  } catch (e) {
    await db.query("select pg_catalog.set_config('search_path', $1, false)", [path]).catch(() => {
      // The transaction is aborted (the failure above): the rollback restores the setting.
    });
    throw e;
  }
  await db.query("select pg_catalog.set_config('search_path', $1, false)", [path]);
  return result;
}
