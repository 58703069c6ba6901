import { acquireAdvisoryLock, acquireMigrationLock, connect, migrationLockKey } from "../../../src/db/mod.ts";
import { ConfitureError } from "../../../src/errors/mod.ts";
import { assert, assertEquals, assertMatch, assertRejects, assertStringIncludes } from "../../_helpers/assert.ts";
import { withTestDatabase } from "../../_helpers/db.ts";

Deno.test("advisory lock: a second session times out with LOCK_TIMEOUT naming the holder", async () => {
  await withTestDatabase("lock_timeout", async (holder, t) => {
    const key = migrationLockKey(t.name);
    const lock = await acquireAdvisoryLock(holder, key, { timeoutMs: 0 });
    const [{ pid }] = await holder.query<{ pid: number }>("select pg_backend_pid() as pid");
    const waiter = await connect({ url: t.url, source: "flag" });
    try {
      const e = await assertRejects(() => acquireAdvisoryLock(waiter, key, { timeoutMs: 300, pollMs: 20 }));
      assert(e instanceof ConfitureError, String(e));
      assertEquals(e.code, "LOCK_TIMEOUT");
      assertStringIncludes(e.message, `pid ${pid}`);
      assertStringIncludes(e.message, `application "confiture"`);
      assertStringIncludes(e.message, "client 127.0.0.1");
      assertMatch(e.message, /since \d{4}-\d\d-\d\dT/);
      assertStringIncludes(e.detail ?? "", `(${key.namespace}, ${key.id})`);
      // The waiter held no transaction while it waited.
      const [{ autocommit }] = await waiter.query<{ autocommit: boolean }>(
        "select now() = statement_timestamp() as autocommit",
      );
      assert(autocommit);
      await lock.release();
      await lock.release(); // idempotent
      const second = await acquireAdvisoryLock(waiter, key, { timeoutMs: 1000 });
      await second.release();
    } finally {
      await waiter.close();
    }
  });
});

Deno.test("advisory lock: a waiter gets the lock once the holder releases it", async () => {
  await withTestDatabase("lock_handover", async (holder, t) => {
    const key = { namespace: 42, id: -7 };
    const lock = await acquireAdvisoryLock(holder, key, { timeoutMs: 0 });
    const waiter = await connect({ url: t.url, source: "flag" });
    try {
      const waiting = acquireAdvisoryLock(waiter, key, { timeoutMs: 30_000, pollMs: 10 });
      // The holder still has it while the waiter polls.
      const [{ n }] = await holder.query<{ n: string }>(
        "select count(*) as n from pg_locks where locktype = 'advisory' and classid = 42 and granted",
      );
      assertEquals(Number(n), 1);
      await lock.release();
      const got = await waiting;
      const [{ mine }] = await waiter.query<{ mine: string }>(
        "select count(*) as mine from pg_locks where locktype = 'advisory' and pid = pg_backend_pid() and granted",
      );
      assertEquals(Number(mine), 1);
      await got.release();
    } finally {
      await waiter.close();
    }
  });
});

Deno.test("advisory lock: an aborted wait stops with LOCK_TIMEOUT", async () => {
  await withTestDatabase("lock_abort", async (holder, t) => {
    const key = { namespace: 43, id: 1 };
    const lock = await acquireAdvisoryLock(holder, key, { timeoutMs: 0 });
    const waiter = await connect({ url: t.url, source: "flag" });
    try {
      const ac = new AbortController();
      ac.abort(new Error("stop"));
      const e = await assertRejects(() => acquireAdvisoryLock(waiter, key, { timeoutMs: 60_000, signal: ac.signal }));
      assert(e instanceof ConfitureError);
      assertEquals(e.code, "LOCK_TIMEOUT");
      assertStringIncludes(e.message, "interrupted");
    } finally {
      await waiter.close();
      await lock.release();
    }
  });
});

Deno.test("advisory lock on the embedded engine: always acquired", async () => {
  const db = await connect({ url: "embedded:memory", source: "flag" });
  try {
    const lock = await acquireAdvisoryLock(db, migrationLockKey("postgres"), { timeoutMs: 0 });
    await lock.release();
  } finally {
    await db.close();
  }
});

Deno.test("migration lock: keyed by current_database() as the reference tool keys it, excluding its holder", async () => {
  await withTestDatabase("lock_migration", async (db, t) => {
    const lock = await acquireMigrationLock(db, { timeoutMs: 0 });
    const key = migrationLockKey(t.name);
    assertEquals(lock.key, key);
    const rows = await db.query<{ classid: number; objid: number }>(
      "select classid::int8 as classid, objid::int8 as objid from pg_locks where locktype = 'advisory' and pid = pg_backend_pid() and granted",
    );
    assertEquals(rows.map((r) => [Number(r.classid), Number(r.objid)]), [[1751936052, key.id]]);
    await lock.release();
    // another tool holding pg_advisory_lock(1751936052, id) excludes this one
    const other = await connect({ url: t.url, source: "flag" });
    try {
      await other.query("select pg_advisory_lock($1::int, $2::int)", [key.namespace, key.id]);
      const e = await assertRejects(() => acquireMigrationLock(db, { timeoutMs: 100, pollMs: 20 }));
      assert(e instanceof ConfitureError && e.code === "LOCK_TIMEOUT", String(e));
      assertStringIncludes(e.message, `the migration lock of database "${t.name}"`);
    } finally {
      await other.close();
    }
    await (await acquireMigrationLock(db, { timeoutMs: 1000 })).release();
  });
});
