/**
 * Defects found by a QA pass on `build --apply` over a large multi-file schema: each test is
 * a small tree reproducing one, on a real server and on the embedded engine.
 */
import { applyBuild, buildSchema } from "../../../src/build/mod.ts";
import { checkApply } from "../../../src/build/apply.ts";
import { assert, assertEquals, assertRejects, assertThrows } from "../../_helpers/assert.ts";
import { asConfiture, onBothBackends, project, userObjects } from "./_fixture.ts";

onBothBackends("qa: a bad CSV COPY row after a quoted value with line breaks is at its own line", async (db) => {
  await using p = await project({
    "00_schema.sql": "CREATE TABLE t (a text, b int);\n",
    "10_data.sql": [
      "COPY t (a, b) FROM stdin WITH (FORMAT csv);",
      '"multi',
      "line",
      'value",1',
      "ok,2",
      "bad,x",
      "\\.",
      "",
    ].join("\n"),
  });
  const built = await buildSchema(p);
  const err = asConfiture(await assertRejects(() => applyBuild(db, built.files)));
  assertEquals(err.code, "BUILD_STATEMENT_FAILED");
  assertEquals(err.sqlstate, "22P02");
  // the server counts rows (line 3), the file has "bad,x" on line 6
  assertEquals(err.location, { file: "db/schema/10_data.sql", line: 6, col: 1 });
  assert(err.detail?.startsWith("data row 3 of: COPY t (a, b) FROM stdin WITH (FORMAT csv);"), err.detail);
  assertEquals(await userObjects(db), 0);
});

onBothBackends("qa: CSV COPY with QUOTE and ESCAPE options: rows are counted as the server does", async (db) => {
  await using p = await project({
    "00_schema.sql": "CREATE TABLE t (a text, b int);\n",
    "10_data.sql": [
      "COPY t (a, b) FROM STDIN WITH (FORMAT csv, QUOTE '''', ESCAPE '\\');",
      "'it\\'s",
      "two lines',1",
      "'\"q\"',2",
      "bad,x",
      "\\.",
      "",
    ].join("\n"),
  });
  const built = await buildSchema(p);
  const err = asConfiture(await assertRejects(() => applyBuild(db, built.files)));
  assertEquals(err.sqlstate, "22P02");
  assertEquals(err.location, { file: "db/schema/10_data.sql", line: 5, col: 1 });
  assertEquals(await userObjects(db), 0);
});

onBothBackends("qa: a deferred constraint violated at the end of the build is a build failure", async (db) => {
  await using p = await project({
    "00_schema.sql": [
      "CREATE TABLE a (id int PRIMARY KEY);",
      "CREATE TABLE b (id int, a_id int CONSTRAINT b_a_fk REFERENCES a DEFERRABLE INITIALLY DEFERRED);",
      "",
    ].join("\n"),
    "10_data.sql": "INSERT INTO b VALUES (1, 42);\nSELECT 1;\n",
  });
  const built = await buildSchema(p);
  const err = asConfiture(await assertRejects(() => applyBuild(db, built.files)));
  // not a bare SQL_ERROR from COMMIT: a build failure naming the deferred constraint
  assertEquals(err.code, "BUILD_STATEMENT_FAILED");
  assertEquals(err.sqlstate, "23503");
  assert(err.detail?.includes('deferred constraint "b_a_fk" on public.b'), err.detail);
  assertEquals(await userObjects(db), 0);
});

onBothBackends("qa: a deferred constraint that holds when the build ends is fine", async (db) => {
  await using p = await project({
    "00_schema.sql": [
      "CREATE TABLE a (id int PRIMARY KEY);",
      "CREATE TABLE b (id int, a_id int REFERENCES a DEFERRABLE INITIALLY DEFERRED);",
      "INSERT INTO b VALUES (1, 42);",
      "INSERT INTO a VALUES (42);",
      "",
    ].join("\n"),
  });
  const built = await buildSchema(p);
  await applyBuild(db, built.files);
  const [r] = await db.query<{ n: number }>("select count(*)::int as n from b");
  assertEquals(r.n, 1);
});

onBothBackends("qa: an error while a DO block runs is at the failing line of its body", async (db) => {
  await using p = await project({
    "a.sql": [
      "-- 😀 before",
      "CREATE TABLE t (a int);",
      "DO $do$",
      "DECLARE",
      "  n int;",
      "BEGIN",
      "  SELECT count(*) INTO n FROM t;",
      "  PERFORM n / 0;",
      "END",
      "$do$;",
      "",
    ].join("\n"),
    "b.sql": "DO LANGUAGE plpgsql $$ BEGIN RAISE NOTICE 'ok'; END $$;\n",
  });
  const built = await buildSchema(p);
  const err = asConfiture(await assertRejects(() => applyBuild(db, built.files)));
  assertEquals(err.code, "BUILD_STATEMENT_FAILED");
  assertEquals(err.sqlstate, "22012");
  assertEquals(err.location, { file: "db/schema/a.sql", line: 8, col: 3 });
  assertEquals(err.detail?.split("\n")[0], "statement: DO $do$");
  assertEquals(await userObjects(db), 0);
});

onBothBackends("qa: a DO block whose body starts on its first line: line 1 is that line", async (db) => {
  await using p = await project({
    "a.sql": "SELECT 1;\nDO LANGUAGE plpgsql $x$ BEGIN PERFORM * FROM no_such_table; END $x$;\n",
  });
  const built = await buildSchema(p);
  const err = asConfiture(await assertRejects(() => applyBuild(db, built.files)));
  assertEquals(err.sqlstate, "42P01");
  assertEquals(err.location, { file: "db/schema/a.sql", line: 2, col: 25 });
  assertEquals(await userObjects(db), 0);
});

onBothBackends(
  "qa: a psql meta-command after a statement's text (\\gexec) is refused before anything is sent",
  async (db) => {
    await using p = await project({
      "a.sql": "CREATE TABLE t (a int);\nSELECT format('CREATE INDEX ON t (%I)', 'a')\n\\gexec\nSELECT 1;\n",
      "b.sql": "SELECT 'x\\y', E'\\\\', $$\\$$; -- backslashes in literals are fine\n",
    });
    const built = await buildSchema(p);
    const err = asConfiture(await assertRejects(() => applyBuild(db, built.files)));
    assertEquals(err.code, "BUILD_UNSUPPORTED_STATEMENT");
    assertEquals(err.location, { file: "db/schema/a.sql", line: 3, col: 1 });
    assert(err.message.includes("\\gexec"), err.message);
    assertEquals(await userObjects(db), 0);
  },
);

onBothBackends("qa: backslashes inside literals of a statement are not meta-commands", async (db) => {
  await using p = await project({
    "b.sql": "CREATE TABLE t (a text DEFAULT 'x\\y', b text DEFAULT E'\\\\', c text DEFAULT $$\\$$);\n",
  });
  const built = await buildSchema(p);
  await applyBuild(db, built.files);
  assertEquals(await userObjects(db) > 0, true);
});

onBothBackends(
  "qa: a failed batch whose replay starts from advanced sequences still reports the real error",
  async (db) => {
    await using p = await project({
      "00_schema.sql": [
        "CREATE TABLE o (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY);",
        "CREATE TABLE i (o_id int REFERENCES o);",
        "",
      ].join("\n"),
      "10_data.sql": [
        "INSERT INTO o DEFAULT VALUES;",
        "INSERT INTO i VALUES (1);",
        "SELECT 1/0;",
        "",
      ].join("\n"),
    });
    const built = await buildSchema(p);
    // the tables in one batch, the data in the next: rolling that one back leaves the identity advanced
    const err = asConfiture(await assertRejects(() => applyBuild(db, built.files, { batchChars: 120 })));
    assertEquals(err.code, "BUILD_STATEMENT_FAILED");
    assertEquals(err.sqlstate, "22012");
    assertEquals(err.location, { file: "db/schema/10_data.sql", line: 3, col: 1 });
    assertEquals(await userObjects(db), 0);
  },
);

onBothBackends("qa: CSV COPY in a CRLF file, a line break inside a later row: the server's line count", async (db) => {
  await using p = await project({
    "00_schema.sql": "CREATE TABLE t (a text, b int);\n",
    "10_data.sql": [
      "COPY t (a, b) FROM stdin WITH (FORMAT csv);",
      "first,1",
      '"two',
      'lines",2',
      "bad,x",
      "\\.",
      "",
    ].join("\r\n"),
  });
  const built = await buildSchema(p);
  const err = asConfiture(await assertRejects(() => applyBuild(db, built.files)));
  assertEquals(err.sqlstate, "22P02");
  // the server counts the line break inside the second row once it knows the line ending
  assertEquals(err.location, { file: "db/schema/10_data.sql", line: 5, col: 1 });
  assertEquals(await userObjects(db), 0);
});

onBothBackends("qa: a replay that fails earlier with the same message but another key is not trusted", async (db) => {
  await using p = await project({
    "00_schema.sql": [
      "CREATE TABLE s (id int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY);",
      "INSERT INTO s VALUES (2);",
      "",
    ].join("\n"),
    // in order: the default is 1, then 1 again is a duplicate; replayed after a rollback, the default is 2
    "10_data.sql": "INSERT INTO s DEFAULT VALUES;\nINSERT INTO s VALUES (1);\n",
  });
  const built = await buildSchema(p);
  const err = asConfiture(await assertRejects(() => applyBuild(db, built.files, { batchChars: 120 })));
  assertEquals(err.sqlstate, "23505");
  assertEquals(err.location, { file: "db/schema/10_data.sql", line: 2, col: 1 });
  assert(err.detail?.includes("(id)=(1)"), err.detail);
  assertEquals(await userObjects(db), 0);
});

onBothBackends(
  "qa: ROLLBACK TO SAVEPOINT is refused, not skipped (skipping it would keep what psql undoes)",
  async (db) => {
    await using p = await project({
      "a.sql": "CREATE TABLE t (a int);\nSAVEPOINT s;\nINSERT INTO t VALUES (2);\nROLLBACK TO SAVEPOINT s;\n",
    });
    const built = await buildSchema(p);
    const err = asConfiture(await assertRejects(() => applyBuild(db, built.files)));
    assertEquals(err.code, "BUILD_UNSUPPORTED_STATEMENT");
    assertEquals(err.location, { file: "db/schema/a.sql", line: 2, col: 1 });
    assertEquals(await userObjects(db), 0);
  },
);

Deno.test("qa: checkApply refuses a tree with \\i before any database is touched (for --fresh)", async () => {
  await using p = await project({ "a.sql": "SELECT 1;\n\\i other.sql\n" });
  const built = await buildSchema(p);
  const err = asConfiture(assertThrows(() => checkApply(built.files)));
  assertEquals(err.code, "BUILD_UNSUPPORTED_STATEMENT");
  assertEquals(err.location, { file: "db/schema/a.sql", line: 2, col: 1 });
  await using ok = await project({ "a.sql": "\\echo fine\nSELECT 1;\n" });
  checkApply((await buildSchema(ok)).files);
});
