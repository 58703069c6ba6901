/**
 * Transaction options (isolation level, read only, deferrable, an imported snapshot) and
 * cancelling a running statement, on a real server and on the embedded engine.
 */
import { connect, type Database, type Session } from "../../../src/db/mod.ts";
import { ConfitureError } from "../../../src/errors/mod.ts";
import { assert, assertEquals, assertRejects } from "../../_helpers/assert.ts";
import { withTestDatabase } from "../../_helpers/db.ts";

async function settings(tx: Session): Promise<{ iso: string; ro: string; def: string }> {
  const [r] = await tx.query<{ iso: string; ro: string; def: string }>(
    "select current_setting('transaction_isolation') as iso, current_setting('transaction_read_only') as ro, " +
      "current_setting('transaction_deferrable') as def",
  );
  return r;
}

async function count(s: Session, table = "t"): Promise<number> {
  const [r] = await s.query<{ n: number }>(`select count(*)::int as n from ${table}`);
  return r.n;
}

/** Checks shared by both backends. */
async function commonChecks(db: Database): Promise<void> {
  await db.exec("create table t (id int primary key)");
  // the characteristics reach the server
  assertEquals(
    await db.transaction({ isolation: "serializable", readOnly: true, deferrable: true }, settings),
    { iso: "serializable", ro: "on", def: "on" },
  );
  assertEquals(await db.transaction({ isolation: "repeatable read" }, settings), {
    iso: "repeatable read",
    ro: "off",
    def: "off",
  });
  // without options: the session's defaults, as before
  assertEquals((await db.transaction(settings)).iso, "read committed");

  // a read-only transaction refuses a write; nothing is kept
  const e = await assertRejects(() =>
    db.transaction({ readOnly: true }, async (tx) => {
      await tx.exec("insert into t values (1)");
    })
  );
  assert(e instanceof ConfitureError, String(e));
  assertEquals(e.sqlstate, "25006");
  assertEquals(e.message, "cannot execute INSERT in a read-only transaction");
  assertEquals(await count(db), 0);
  // the session is out of the transaction and writable again
  await db.exec("insert into t values (1)");
  assertEquals(await count(db), 1);

  // options on a nested transaction (a savepoint) are refused before anything is sent
  const nested = await assertRejects(() =>
    db.transaction(async (tx) => {
      await tx.exec("insert into t values (2)");
      await tx.transaction({ readOnly: true }, async () => {});
    })
  );
  assert(nested instanceof ConfitureError);
  assertEquals(nested.code, "INTERNAL_ERROR");
  assert(nested.message.includes("outermost"), nested.message);
  assertEquals(await count(db), 1, "the outer transaction was rolled back");
  // nested calls without options still use savepoints
  await db.transaction(async (tx) => {
    await tx.exec("insert into t values (3)");
    await assertRejects(() => tx.transaction((sp) => sp.exec("insert into t values (3)")));
    await tx.exec("insert into t values (4)");
  });
  assertEquals(await count(db), 3);

  // bad options are refused before BEGIN
  const level = await assertRejects(() => db.transaction({ isolation: "snapshot" as "serializable" }, async () => {}));
  assert(level instanceof ConfitureError);
  assert(level.message.includes("isolation level"), level.message);
}

Deno.test("transaction options on a server: levels, read only, nesting, an imported snapshot, cancel", async () => {
  await withTestDatabase("tx_options", async (db, t) => {
    await commonChecks(db);

    // a snapshot needs repeatable read or serializable, and a real id
    for (
      const bad of [{ isolation: "read committed" as const, snapshot: "00000003-00000002-1" }, { snapshot: "x';--" }]
    ) {
      const e = await assertRejects(() => db.transaction(bad, async () => {}));
      assert(e instanceof ConfitureError);
      assertEquals(e.code, "INTERNAL_ERROR");
    }

    // Two sessions share an exported snapshot while a third commits a change between them.
    const reader = await connect({ url: t.url, source: "flag" });
    const writer = await connect({ url: t.url, source: "flag" });
    try {
      const before = await count(db);
      await db.transaction({ isolation: "repeatable read", readOnly: true }, async (exporter) => {
        const [{ id }] = await exporter.query<{ id: string }>("select pg_export_snapshot() as id");
        await writer.exec("insert into t select g from generate_series(100, 109) g");
        assertEquals(await count(writer), before + 10, "the change is committed");
        const seen = await reader.transaction({ readOnly: true, snapshot: id }, async (tx) => {
          const s = await settings(tx);
          assertEquals([s.iso, s.ro], ["repeatable read", "on"], "repeatable read is implied by a snapshot");
          return await count(tx);
        });
        assertEquals(seen, before, "the importing session sees the exporter's moment");
        assertEquals(await count(exporter), before);
      });
      // outside the shared snapshot, the change is visible
      assertEquals(await count(reader), before + 10);
      // a snapshot that no longer exists: the server's error, and the session is usable after
      const gone = await assertRejects(() => reader.transaction({ snapshot: "00000003-0000001B-1" }, count));
      assert(gone instanceof ConfitureError);
      assertEquals(gone.sqlstate, "22023");
      assertEquals(await count(reader), before + 10);

      // cancel(): a running statement fails with 57014 at once, its transaction rolls back
      const sleeping = writer.transaction(async (tx) => {
        await tx.exec("insert into t values (-1)");
        await tx.exec("select pg_sleep(60)");
      });
      const failed = assertRejects(() => sleeping);
      for (let i = 0; i < 400; i++) {
        const [{ n }] = await db.query<{ n: number }>(
          "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event = 'PgSleep'",
        );
        if (n > 0) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      await writer.cancel();
      const err = await failed;
      assert(err instanceof ConfitureError);
      assertEquals(err.sqlstate, "57014");
      assertEquals((await writer.query<{ n: number }>("select count(*)::int as n from t where id = -1"))[0].n, 0);
      // nothing runs: cancel() does nothing
      await writer.cancel();
    } finally {
      await reader.close();
      await writer.close();
    }
  });
});

Deno.test("transaction options on the embedded engine; importing a snapshot is refused clearly", async () => {
  const db = await connect({ url: "embedded:memory", source: "flag" });
  try {
    await commonChecks(db);
    const e = await assertRejects(() => db.transaction({ snapshot: "00000003-00000002-1" }, async () => {}));
    assert(e instanceof ConfitureError);
    assertEquals(e.code, "USAGE_INVALID_ARGUMENT");
    assert(e.message.includes("snapshot"), e.message);
    await db.cancel();
    assertEquals(await count(db), 3);
  } finally {
    await db.close();
  }
});
