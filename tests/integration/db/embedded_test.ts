import { connect, PGLITE_VERSION, recreateDatabase } from "../../../src/db/mod.ts";
import { ConfitureError } from "../../../src/errors/mod.ts";
import { assert, assertEquals, assertRejects } from "../../_helpers/assert.ts";

Deno.test("embedded data directory: parent folders are created and data persists across sessions", async () => {
  const root = await Deno.makeTempDir({ prefix: "confiture_embedded_" });
  try {
    const url = `embedded:${root}/.confiture/embedded/local`;
    const db = await connect({ url, source: "config" });
    assertEquals(db.info.backend, "embedded");
    assertEquals(db.info.display, `${root}/.confiture/embedded/local`);
    await db.exec("create table kept (id int8, amount numeric); insert into kept values (9007199254740993, 1.10)");
    await db.close();
    const again = await connect({ url, source: "config" });
    try {
      // int8 and numeric come back as strings, exactly as on the server backend.
      assertEquals(await again.query("select id, amount from kept"), [{ id: "9007199254740993", amount: "1.10" }]);
      assert((await again.serverVersionNum()) >= 180000);
    } finally {
      await again.close();
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("embedded: notices reach onNotice; transactions and savepoints roll back", async () => {
  const notices: string[] = [];
  const db = await connect({ url: "embedded:memory", source: "flag", onNotice: (m) => notices.push(m) });
  try {
    await db.exec("do $$ begin raise notice 'hello from plpgsql'; end $$");
    await db.query("drop table if exists nothing_here");
    assertEquals(notices, ["hello from plpgsql", 'table "nothing_here" does not exist, skipping']);
    await db.exec("create table t (id int primary key)");
    await assertRejects(() =>
      db.transaction(async (tx) => {
        await tx.exec("insert into t values (1)");
        await tx.transaction(async (inner) => {
          await inner.exec("insert into t values (2)");
          throw new Error("inner fails");
        });
      })
    );
    await db.transaction(async (tx) => {
      await tx.exec("insert into t values (3)");
      await assertRejects(() => tx.transaction((inner) => inner.exec("insert into t values (3)")));
      await tx.exec("insert into t values (4)");
    });
    assertEquals(await db.query("select id from t order by id"), [{ id: 3 }, { id: 4 }]);
  } finally {
    await db.close();
  }
});

Deno.test("embedded: the pristine data directory is cached once per PGlite version, written atomically", async () => {
  const cache = await Deno.makeTempDir({ prefix: "confiture_cache_" });
  try {
    const script = `
      import { configureEmbedded, connect, embeddedCacheDirFrom } from ${
      JSON.stringify(new URL("../../../src/db/mod.ts", import.meta.url).href)
    };
      configureEmbedded({ cacheDir: embeddedCacheDirFrom(Deno.env.toObject()) ?? null });
      const db = await connect({ url: "embedded:memory", source: "flag" });
      const [r] = await db.query("select count(*)::int as n from pg_database");
      await db.close();
      console.log(r.n);
    `;
    const run = async () => {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["eval", "--quiet", script],
        env: { XDG_CACHE_HOME: cache },
        stderr: "inherit",
      }).output();
      assert(out.success, "the embedded engine did not start");
      return new TextDecoder().decode(out.stdout).trim();
    };
    assertEquals(await run(), "3");
    const files = [...Deno.readDirSync(`${cache}/confiture`)].map((e) => e.name).sort();
    assertEquals(files, [`pglite-${PGLITE_VERSION}-pgdata.tar`]);
    const size = Deno.statSync(`${cache}/confiture/${files[0]}`).size;
    assert(size > 1_000_000, `tar of ${size} bytes`);
    // A second process loads the cached copy.
    assertEquals(await run(), "3");
    assertEquals(Deno.statSync(`${cache}/confiture/${files[0]}`).size, size);
  } finally {
    await Deno.remove(cache, { recursive: true });
  }
});

Deno.test("embedded: an empty folder becomes a data directory; a folder with other files is refused", async () => {
  const root = await Deno.makeTempDir({ prefix: "confiture_embedded_" });
  try {
    await Deno.mkdir(`${root}/empty`);
    const db = await connect({ url: `embedded:${root}/empty`, source: "flag" });
    await db.close();
    assert(Deno.statSync(`${root}/empty/PG_VERSION`).isFile);

    await Deno.mkdir(`${root}/project`);
    await Deno.writeTextFile(`${root}/project/notes.txt`, "keep me");
    const e = await assertRejects(() => connect({ url: `embedded:${root}/project`, source: "flag" }));
    assert(e instanceof ConfitureError, String(e));
    assertEquals(e.code, "EMBEDDED_ENGINE_FAILED");
    const e2 = await assertRejects(() => recreateDatabase(`embedded:${root}/project`));
    assert(e2 instanceof ConfitureError, String(e2));
    assertEquals(e2.code, "REFUSED_UNSAFE");
    assertEquals(Deno.readTextFileSync(`${root}/project/notes.txt`), "keep me");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
