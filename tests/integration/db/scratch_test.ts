import {
  connect,
  disposeAllScratch,
  openScratch,
  openScratchCount,
  recreateDatabase,
  withScratch,
} from "../../../src/db/mod.ts";
import { ConfitureError } from "../../../src/errors/mod.ts";
import { assert, assertEquals, assertRejects, assertStringIncludes } from "../../_helpers/assert.ts";
import { connectAdmin, createTestDatabase, TEST_SERVER_URL } from "../../_helpers/db.ts";

async function databaseExists(name: string): Promise<boolean> {
  const admin = await connectAdmin();
  try {
    const rows = await admin.query("select 1 from pg_database where datname = $1", [name]);
    return rows.length === 1;
  } finally {
    await admin.close();
  }
}

Deno.test("scratch on a server: a new database, dropped by dispose even with another session on it", async () => {
  const s = await openScratch({ serverUrl: TEST_SERVER_URL, label: "Unit Test!" });
  const [{ name }] = await s.db.query<{ name: string }>("select current_database() as name");
  assert(name.startsWith("confiture_scratch_unit_test_"), name);
  assertStringIncludes(s.url, name);
  assertEquals(s.db.info.source, "scratch");
  assert(await databaseExists(name));
  const other = await connect({ url: s.url, source: "flag" });
  await s.dispose();
  await s.dispose(); // idempotent
  assert(!(await databaseExists(name)));
  // The other session was ended by DROP … WITH (FORCE).
  await assertRejects(() => other.query("select 1"));
  await other.close();
});

Deno.test("withScratch drops the scratch database when the callback throws", async () => {
  let name = "";
  const e = await assertRejects(() =>
    withScratch({ serverUrl: TEST_SERVER_URL, label: "throws" }, async (db) => {
      [{ name }] = await db.query<{ name: string }>("select current_database() as name");
      throw new Error("user code failed");
    })
  );
  assertEquals((e as Error).message, "user code failed");
  assert(name !== "");
  assert(!(await databaseExists(name)));
});

Deno.test("disposeAllScratch drops every open scratch database", async () => {
  const before = openScratchCount();
  const a = await openScratch({ serverUrl: TEST_SERVER_URL, label: "all" });
  const b = await openScratch({ serverUrl: TEST_SERVER_URL, label: "all" });
  const names = [a.url, b.url].map((u) => decodeURIComponent(new URL(u).pathname.slice(1)));
  assertEquals(openScratchCount(), before + 2);
  await disposeAllScratch();
  assertEquals(openScratchCount(), 0);
  for (const n of names) assert(!(await databaseExists(n)), n);
});

Deno.test("scratch without a server: an embedded in-memory engine", async () => {
  await using s = await openScratch({ label: "embedded" });
  assertEquals(s.url, "embedded:memory");
  assertEquals(s.db.info.backend, "embedded");
  await s.db.exec("create table t (id int)");
  assertEquals(await s.db.query("select count(*)::int as n from t"), [{ n: 0 }]);
});

Deno.test("an aborted signal stops openScratch before anything is created", async () => {
  const ac = new AbortController();
  ac.abort();
  const before = openScratchCount();
  await assertRejects(() => openScratch({ serverUrl: TEST_SERVER_URL, signal: ac.signal }));
  assertEquals(openScratchCount(), before);
});

Deno.test("recreateDatabase drops and re-creates a server database with its owner", async () => {
  const t = await createTestDatabase("recreate");
  try {
    const db = await connect({ url: t.url, source: "flag" });
    await db.exec("create table keep_me_not (id int)");
    await recreateDatabase(t.url); // ends the open session (FORCE)
    await db.close();
    const again = await connect({ url: t.url, source: "flag" });
    try {
      assertEquals(await again.query("select 1 from pg_class where relname = 'keep_me_not'"), []);
    } finally {
      await again.close();
    }
  } finally {
    await t.drop();
  }
});

Deno.test("recreateDatabase refuses the template databases and a URL without a database", async () => {
  for (const db of ["template1", "template0", ""]) {
    const u = new URL(TEST_SERVER_URL);
    u.pathname = "/" + db;
    const e = await assertRejects(() => recreateDatabase(u.href));
    assert(e instanceof ConfitureError, String(e));
    assertEquals(e.code, "REFUSED_UNSAFE");
  }
});

Deno.test("recreateDatabase on embedded: a fresh data directory; memory is a no-op", async () => {
  const dir = await Deno.makeTempDir({ prefix: "confiture_recreate_" });
  try {
    const url = `embedded:${dir}/data`;
    const db = await connect({ url, source: "flag" });
    await db.exec("create table old (id int)");
    await db.close();
    await recreateDatabase(url);
    const db2 = await connect({ url, source: "flag" });
    try {
      assertEquals(await db2.query("select 1 from pg_class where relname = 'old'"), []);
    } finally {
      await db2.close();
    }
    await recreateDatabase("embedded:memory");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
