/**
 * `applyBuild` on a real PostgreSQL server and on the embedded engine: a clean
 * apply, errors located at file:line:col of the source file (with and without a
 * server position, after multi-byte and astral characters), rollback leaving
 * nothing behind, statements refused in a transaction, skipped BEGIN/COMMIT and
 * psql meta-commands, and --fresh.
 */
import { join } from "node:path";
import { applyBuild, buildSchema, recreateTarget } from "../../../src/build/mod.ts";
import { connect } from "../../../src/db/mod.ts";
import { loadConfig } from "../../../src/config/mod.ts";
import { assert, assertEquals, assertRejects } from "../../_helpers/assert.ts";
import { createTestDatabase } from "../../_helpers/db.ts";
import { asConfiture, onBothBackends, project, userObjects } from "./_fixture.ts";

const tree = new URL("../../golden/build/tree", import.meta.url).pathname;

onBothBackends("apply: the example tree and its seeds apply in one transaction", async (db) => {
  const cfg = await loadConfig({ root: tree, env: "local", vars: {} });
  const built = await buildSchema(cfg, { withSeeds: true });
  const r = await applyBuild(db, built.files);
  assertEquals(r.skipped, 0);
  assert(r.statements >= 11, `statements: ${r.statements}`);
  const rows = await db.query<{ name: string }>("select name from app.users order by id");
  assertEquals(rows.map((x) => x.name), ["common", "local"]);
  const [one] = await db.query<{ v: number }>("select app.one() as v");
  assertEquals(one.v, 1);
});

onBothBackends("apply: an error with a server position maps to file:line:col; nothing is left", async (db) => {
  await using p = await project({
    "00_first.sql": "CREATE SCHEMA app;\nCREATE TABLE app.ok (id int);\n",
    "10_bad.sql": [
      "-- a comment line",
      "CREATE TABLE app.a (id int PRIMARY KEY);",
      "",
      "CREATE TABLE app.b (",
      "    id int PRIMARY KEY,",
      "    label text DEFAULT 'ééé 😀',",
      "    extra no_such_type",
      ");",
      "CREATE TABLE app.c (id int);",
    ].join("\n"),
    "20_after.sql": "CREATE TABLE app.after (id int);\n",
  });
  const built = await buildSchema(p);
  const err = asConfiture(await assertRejects(() => applyBuild(db, built.files, { batchChars: 1 << 20 })));
  assertEquals(err.code, "BUILD_STATEMENT_FAILED");
  assertEquals(err.sqlstate, "42704");
  assertEquals(err.location, { file: "db/schema/10_bad.sql", line: 7, col: 11 });
  assert(err.detail?.startsWith("statement: CREATE TABLE app.b ("), err.detail);
  assertEquals(await userObjects(db), 0);
});

onBothBackends("apply: an error without a position points at its statement", async (db) => {
  await using p = await project({
    "a.sql": "CREATE TABLE dup (id int);\n",
    "b.sql": "SELECT 1;\n\n  CREATE TABLE dup (id int);\n",
  });
  const built = await buildSchema(p);
  const err = asConfiture(await assertRejects(() => applyBuild(db, built.files)));
  assertEquals(err.sqlstate, "42P07");
  assertEquals(err.location, { file: "db/schema/b.sql", line: 3, col: 3 });
  assertEquals(await userObjects(db), 0);
});

onBothBackends("apply: a syntax error deep in a batch is located in its file", async (db) => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 30; i++) files[`t${String(i).padStart(2, "0")}.sql`] = `CREATE TABLE t${i} (id int);\n`;
  files["t15.sql"] = "CREATE TABLE t15 (id int);\nCREATE TABLE t15b (id int,, x int);\n";
  await using p = await project(files);
  const built = await buildSchema(p);
  const err = asConfiture(await assertRejects(() => applyBuild(db, built.files)));
  assertEquals(err.sqlstate, "42601");
  assertEquals(err.location, { file: "db/schema/t15.sql", line: 2, col: 27 });
  assertEquals(await userObjects(db), 0);
});

onBothBackends("apply: a statement that cannot run in a transaction fails at its location", async (db) => {
  await using p = await project({
    "a.sql": "CREATE TABLE t (id int);\nCREATE INDEX CONCURRENTLY t_id ON t (id);\n",
  });
  const built = await buildSchema(p);
  const err = asConfiture(await assertRejects(() => applyBuild(db, built.files)));
  assertEquals(err.sqlstate, "25001");
  assertEquals(err.location, { file: "db/schema/a.sql", line: 2, col: 1 });
  assert(err.hint?.includes("transaction"), err.hint);
  assertEquals(await userObjects(db), 0);
});

onBothBackends("apply: BEGIN/COMMIT and psql meta-commands are skipped with a warning", async (db) => {
  await using p = await project({
    "a.sql": "\\set ON_ERROR_STOP on\nBEGIN;\nCREATE TABLE t (id int);\nCOMMIT;\n",
    "b.sql": "CREATE TABLE t (id int);\n",
  });
  const built = await buildSchema(p);
  const warnings: string[] = [];
  const err = asConfiture(
    await assertRejects(() => applyBuild(db, built.files, { onWarning: (w) => warnings.push(w) })),
  );
  assertEquals(err.location, { file: "db/schema/b.sql", line: 1, col: 1 });
  assertEquals(warnings.length, 3);
  assert(warnings[1].startsWith("db/schema/a.sql:2:1: skipped transaction control"), warnings[1]);
  // the COMMIT in a.sql was not sent, so the whole build rolled back
  assertEquals(await userObjects(db), 0);
});

onBothBackends("apply: statement by statement (batchChars 0) gives the same result", async (db) => {
  const cfg = await loadConfig({ root: tree, env: "local", vars: {} });
  const built = await buildSchema(cfg);
  const r = await applyBuild(db, built.files, { batchChars: 0 });
  assertEquals(r.batches, r.statements);
  const [c] = await db.query<{ n: number }>("select count(*)::int as n from pg_tables where schemaname = 'app'");
  assertEquals(c.n, 5);
});

Deno.test("fresh: a server database is recreated with --yes only; postgres is refused", async () => {
  await using t = await createTestDatabase("build_fresh");
  const db = await connect({ url: t.url, source: "flag" });
  await db.exec("CREATE TABLE leftover (id int)");
  await db.close();
  const refused = asConfiture(await assertRejects(() => recreateTarget(t.url, { yes: false })));
  assertEquals(refused.code, "REFUSED_UNSAFE");
  const u = new URL(t.url);
  u.pathname = "/postgres";
  assertEquals(asConfiture(await assertRejects(() => recreateTarget(u.href, { yes: true }))).code, "REFUSED_UNSAFE");
  await recreateTarget(t.url, { yes: true });
  const again = await connect({ url: t.url, source: "flag" });
  try {
    assertEquals(await userObjects(again), 0);
  } finally {
    await again.close();
  }
});

Deno.test("fresh: an embedded data directory is recreated; a folder of other files is refused", async () => {
  const dir = await Deno.makeTempDir({ prefix: "confiture-fresh-" });
  try {
    await Deno.writeTextFile(join(dir, "notes.txt"), "mine");
    const err = asConfiture(await assertRejects(() => recreateTarget(`embedded:${dir}`, { yes: false })));
    assertEquals(err.code, "REFUSED_UNSAFE");
    await Deno.remove(join(dir, "notes.txt"));
    const url = `embedded:${join(dir, "data")}`;
    const db = await connect({ url, source: "flag" });
    await db.exec("CREATE TABLE leftover (id int)");
    await db.close();
    await recreateTarget(url, { yes: false });
    const again = await connect({ url, source: "flag" });
    try {
      assertEquals(await userObjects(again), 0);
    } finally {
      await again.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

onBothBackends("apply: a new enum value used by a later file commits after the ALTER TYPE … ADD VALUE", async (db) => {
  await using p = await project({
    "00_types.sql": "CREATE SCHEMA app;\nCREATE TYPE app.status AS ENUM ('a');\n",
    "10_values.sql": "ALTER TYPE app.status ADD VALUE 'b';\nALTER TYPE app.status ADD VALUE 'c';\n",
    "20_tables.sql": "CREATE TABLE app.t (id int PRIMARY KEY, s app.status NOT NULL DEFAULT 'b');\n" +
      "CREATE INDEX t_c ON app.t (id) WHERE s = 'c';\n",
  });
  const built = await buildSchema(p);
  const r = await applyBuild(db, built.files);
  assertEquals(r.transactions, 2);
  await db.exec("INSERT INTO app.t (id) VALUES (1)");
  const [row] = await db.query<{ s: string }>("select s::text from app.t");
  assertEquals(row.s, "b");
});

Deno.test("apply: a failure after new enum values keeps them and says so; before them nothing is left", async () => {
  await using t = await createTestDatabase("build_enum");
  const db = await connect({ url: t.url, source: "flag" });
  try {
    const files = (bad: string) => ({
      "00_types.sql": "CREATE SCHEMA app;\nCREATE TYPE app.status AS ENUM ('a');\n",
      "10_values.sql": "ALTER TYPE app.status ADD VALUE 'b';\n",
      "20_tables.sql": `CREATE TABLE app.t (id int PRIMARY KEY, s app.status DEFAULT 'b');\n${bad}\n`,
    });
    await using p1 = await project({ ...files(""), "05_bad.sql": "CREATE TABLE app.x (y no_such_type);\n" });
    const e1 = asConfiture(await assertRejects(async () => applyBuild(db, (await buildSchema(p1)).files)));
    assertEquals(e1.location?.file, "db/schema/05_bad.sql");
    assertEquals(await userObjects(db), 0);
    await using p2 = await project(files("CREATE TABLE app.x (y no_such_type);"));
    const e2 = asConfiture(await assertRejects(async () => applyBuild(db, (await buildSchema(p2)).files)));
    assertEquals(e2.location, { file: "db/schema/20_tables.sql", line: 2, col: 23 });
    assert(e2.detail?.includes("db/schema/10_values.sql:1:1 (ALTER TYPE … ADD VALUE) stay committed"), e2.detail);
    const [n] = await db.query<{ n: number }>("select count(*)::int as n from pg_enum");
    assertEquals(n.n, 2);
    assertEquals(await userObjects(db), 1, "the schema; the enum type is not a relation and app.t was rolled back");
  } finally {
    await db.close();
  }
});
