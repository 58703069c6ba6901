/**
 * Session advisory locks taken by polling `pg_try_advisory_lock(int4, int4)`: a waiter sends one
 * short autocommit statement per attempt, so it holds no snapshot, no open transaction and no
 * place in the lock manager's queue between attempts.
 */
import { createHash } from "node:crypto";
import { ConfitureError } from "../errors/mod.ts";
import type { Session } from "./types.ts";

/** A two-part advisory lock key, as `pg_try_advisory_lock(int4, int4)` takes it. */
export interface AdvisoryLockKey {
  /** First key: the application namespace (classid in pg_locks). */
  namespace: number;
  /** Second key (objid in pg_locks). */
  id: number;
}

/** Options of {@link acquireAdvisoryLock}. */
export interface AdvisoryLockOptions {
  /** Give up after this many milliseconds (0: a single attempt). */
  timeoutMs: number;
  /** Pause between attempts; default 50 ms, doubling up to 1 s. */
  pollMs?: number;
  /** Aborts the wait. */
  signal?: AbortSignal;
  /** Names the lock in messages, e.g. `the migration lock of database "app"`. */
  description?: string;
}

/** A held advisory lock. */
export interface AdvisoryLock {
  readonly key: AdvisoryLockKey;
  /** Releases the lock (idempotent). */
  release(): Promise<void>;
}

/** The session holding an advisory lock, as pg_stat_activity shows it. */
export interface LockHolderInfo {
  pid: number;
  applicationName: string | null;
  clientAddr: string | null;
  user: string | null;
  /** When the holder's session started (or its current transaction, when it has one). */
  since: Date | null;
}

/** The namespace of the migration lock; shared with the reference Python tool. */
export const MIGRATION_LOCK_NAMESPACE = 1751936052;

/**
 * The migration lock key of a database: namespace 1751936052 and the first four bytes of
 * SHA-256(database name, UTF-8) read as a big-endian unsigned integer, masked with 0x7fffffff.
 * The reference Python tool (fraiseql/confiture) derives the same key, so the two exclude each other.
 *
 * @example
 * ```ts
 * const key = migrationLockKey("app");
 * ```
 */
export function migrationLockKey(databaseName: string): AdvisoryLockKey {
  const d = createHash("sha256").update(databaseName, "utf8").digest();
  const id = d.readUInt32BE(0) & 0x7fffffff;
  return { namespace: MIGRATION_LOCK_NAMESPACE, id };
}

function int4(n: number, what: string): number {
  if (!Number.isInteger(n) || n < -2147483648 || n > 2147483647) {
    throw new ConfitureError("INTERNAL_ERROR", `advisory lock ${what} ${n} is not a 32-bit integer`);
  }
  return n;
}

/** Reads the session holding the advisory lock `key`, when any. */
export async function advisoryLockHolder(s: Session, key: AdvisoryLockKey): Promise<LockHolderInfo | null> {
  const rows = await s.query<Record<string, unknown>>(
    `select l.pid, a.application_name, a.client_addr::text as client_addr, a.usename::text as usename,
            coalesce(a.xact_start, a.backend_start)::text as since
       from pg_locks l left join pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'advisory' and l.classid = $1::int::oid and l.objid = $2::int::oid
        and l.objsubid = 2 and l.granted
      order by l.pid
      limit 1`,
    [key.namespace, key.id],
  );
  return holderOf(rows[0]);
}

function holderOf(r: Record<string, unknown> | undefined): LockHolderInfo | null {
  if (!r) return null;
  return {
    pid: Number(r.pid),
    applicationName: (r.application_name as string | null) || null,
    clientAddr: (r.client_addr as string | null) ?? null,
    user: (r.usename as string | null) ?? null,
    since: r.since ? new Date(String(r.since)) : null,
  };
}

/**
 * The session holding a lock on one of `relations` (quoted names, `"schema"."table"` or `"table"`),
 * the one whose transaction is the oldest; null when none does.
 */
export async function relationLockHolder(s: Session, relations: readonly string[]): Promise<LockHolderInfo | null> {
  if (relations.length === 0) return null;
  const rows = await s.query<Record<string, unknown>>(
    `select l.pid, a.application_name, a.client_addr::pg_catalog.text as client_addr, a.usename::pg_catalog.text as usename,
            coalesce(a.xact_start, a.backend_start)::pg_catalog.text as since
       from pg_catalog.pg_locks l join pg_catalog.pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'relation' and l.granted and l.pid <> pg_catalog.pg_backend_pid()
        and l.relation in (select pg_catalog.to_regclass(t) from pg_catalog.json_array_elements_text($1::pg_catalog.text::pg_catalog.json) t)
      order by coalesce(a.xact_start, a.backend_start), l.pid
      limit 1`,
    [JSON.stringify(relations)],
  );
  return holderOf(rows[0]);
}

/** Describes a lock holder in one line: pid, application, user, client, since when. */
export function describeHolder(h: LockHolderInfo): string {
  return `pid ${h.pid}` + (h.applicationName ? `, application "${h.applicationName}"` : "") +
    (h.user ? `, user ${h.user}` : "") + (h.clientAddr ? `, client ${h.clientAddr}` : ", local client") +
    (h.since ? `, since ${h.since.toISOString()}` : "");
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(t);
      resolve();
    };
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Takes the session advisory lock `key` on `db`, retrying `pg_try_advisory_lock` with short
 * sleeps until `timeoutMs`. On timeout: `LOCK_TIMEOUT` naming the holder (pid, application name,
 * client address, since when). The lock belongs to the session: release it on the same session.
 * On the embedded engine (one session) the lock is always free.
 *
 * @example
 * ```ts
 * const lock = await acquireAdvisoryLock(db, migrationLockKey("app"), { timeoutMs: 5000 });
 * try { … } finally { await lock.release(); }
 * ```
 */
export async function acquireAdvisoryLock(
  db: Session,
  key: AdvisoryLockKey,
  options: AdvisoryLockOptions,
): Promise<AdvisoryLock> {
  const k = { namespace: int4(key.namespace, "namespace"), id: int4(key.id, "id") };
  const what = options.description ?? `advisory lock (${k.namespace}, ${k.id})`;
  const started = Date.now();
  const deadline = started + Math.max(0, options.timeoutMs);
  let pause = Math.max(1, Math.min(options.pollMs ?? 50, 1000));
  for (;;) {
    if (options.signal?.aborted) {
      throw new ConfitureError("LOCK_TIMEOUT", `interrupted while waiting for ${what}`, {
        cause: options.signal.reason,
      });
    }
    const [{ ok }] = await db.query<{ ok: boolean }>("select pg_try_advisory_lock($1::int, $2::int) as ok", [
      k.namespace,
      k.id,
    ]);
    if (ok) {
      let released = false;
      return {
        key: k,
        async release() {
          if (released) return;
          released = true;
          await db.query("select pg_advisory_unlock($1::int, $2::int)", [k.namespace, k.id]);
        },
      };
    }
    if (Date.now() >= deadline) {
      const h = await advisoryLockHolder(db, k);
      const who = h ? describeHolder(h) : "a session that has released it since";
      throw new ConfitureError(
        "LOCK_TIMEOUT",
        `${what} is held by ${who}; gave up after ${options.timeoutMs} ms`,
        {
          detail: `advisory lock (${k.namespace}, ${k.id})` +
            (h ? `; holder pid ${h.pid}${h.since ? ` since ${h.since.toISOString()}` : ""}` : ""),
          hint: "wait for the other session to finish, raise the lock timeout, or end that session" +
            (h ? ` (select pg_terminate_backend(${h.pid}))` : ""),
        },
      );
    }
    await sleep(Math.min(pause, Math.max(1, deadline - Date.now())), options.signal);
    pause = Math.min(pause * 2, 1000);
  }
}

/** Options of {@link acquireMigrationLock}. */
export interface MigrationLockOptions {
  /** Give up after this many milliseconds (0: a single attempt). */
  timeoutMs: number;
  /** Pause between attempts; default 50 ms, doubling up to 1 s. */
  pollMs?: number;
  /** Aborts the wait. */
  signal?: AbortSignal;
}

/**
 * Takes the migration lock of the session's current database: {@link acquireAdvisoryLock} with
 * {@link migrationLockKey}`(current_database())`, the key the reference Python tool uses, so the
 * two tools exclude each other. On timeout: `LOCK_TIMEOUT` naming the holder.
 *
 * @example
 * ```ts
 * const lock = await acquireMigrationLock(db, { timeoutMs: 60_000 });
 * try { … } finally { await lock.release(); }
 * ```
 */
export async function acquireMigrationLock(db: Session, options: MigrationLockOptions): Promise<AdvisoryLock> {
  const [{ name }] = await db.query<{ name: string }>("select current_database() as name");
  return await acquireAdvisoryLock(db, migrationLockKey(name), {
    ...options,
    description: `the migration lock of database "${name}"`,
  });
}
