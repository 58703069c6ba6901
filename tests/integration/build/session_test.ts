/**
 * The session the files of an apply share, on a server and on the embedded engine: a warning
 * for each file that leaves `search_path` changed for the files after it, `resetSession`
 * (`reset_session_per_file`) resetting settings and role at each file boundary, and syntax
 * errors reported as SQL_SYNTAX_ERROR.
 */
import { applyBuild, buildSchema } from "../../../src/build/mod.ts";
import { assert, assertEquals, assertRejects } from "../../_helpers/assert.ts";
import { asConfiture, onBothBackends, project, userObjects } from "./_fixture.ts";

const SEARCH_PATH_TREE = {
  "00_a.sql": "CREATE SCHEMA app;\nSET search_path = app, public;\n",
  // changes it and puts it back: nothing to say
  "05_same.sql": "SET search_path = public;\nCREATE TABLE public.v (id int);\nSET search_path = app, public;\n",
  "10_b.sql": "CREATE TABLE t (id int);\n\nSELECT pg_catalog.set_config('search_path', '', false);\n",
  // the last file: no file after it to be affected
  "20_c.sql": "CREATE TABLE public.u (id int);\nSET search_path = public;\n",
};

onBothBackends("session: a file that leaves search_path changed for the next files is a warning", async (db) => {
  await using p = await project(SEARCH_PATH_TREE);
  const r = await applyBuild(db, (await buildSchema(p)).files);
  assertEquals(r.statements, 9, "the probes are not the build's statements");
  assertEquals(
    r.warnings.map((w) => [w.kind, w.location.file, w.location.line, w.statement]),
    [
      ["search_path_changed", "db/schema/00_a.sql", 2, "app, public"],
      ["search_path_changed", "db/schema/10_b.sql", 3, ""],
    ],
  );
  assert(r.warnings[0].message.startsWith("db/schema/00_a.sql:2:1: leaves search_path changed"), r.warnings[0].message);
  assert(r.warnings[0].message.includes("reset_session_per_file"), r.warnings[0].message);
  // the default stays: one session, as psql on the built file
  const [t] = await db.query<{ s: string }>(
    "select relnamespace::regnamespace::text as s from pg_class where relname = 't'",
  );
  assertEquals(t.s, "app");
});

onBothBackends(
  "session: resetSession resets settings and role at each file boundary, in one transaction",
  async (db) => {
    await using p = await project({
      ...SEARCH_PATH_TREE,
      "15_role.sql": "SET statement_timeout = '7s';\nSET ROLE pg_read_all_data;\n",
      "16_seen.sql":
        "CREATE TABLE public.seen AS SELECT current_user::text AS u, current_setting('statement_timeout') AS st;\n",
    });
    const [me] = await db.query<{ u: string }>("select session_user::text as u");
    const r = await applyBuild(db, (await buildSchema(p)).files, { resetSession: true });
    assertEquals(r.warnings, []);
    assertEquals(r.statements, 12);
    const [t] = await db.query<{ s: string }>(
      "select relnamespace::regnamespace::text as s from pg_class where relname = 't'",
    );
    assertEquals(t.s, "public");
    assertEquals(await db.query("select u, st from public.seen"), [{ u: me.u, st: "0" }]);
    // a failure still rolls back everything
    await using bad = await project({
      "a.sql": "CREATE TABLE x1 (id int);\n",
      "b.sql": "CREATE TABLE x2 (id nope);\n",
    });
    const files = (await buildSchema(bad)).files;
    const before = await userObjects(db);
    const err = asConfiture(await assertRejects(() => applyBuild(db, files, { resetSession: true })));
    assertEquals(err.location, { file: "db/schema/b.sql", line: 1, col: 21 });
    assertEquals(await userObjects(db), before);
  },
);

onBothBackends("session: a syntax error is SQL_SYNTAX_ERROR at its file:line:col, as in migrations", async (db) => {
  await using p = await project({
    "a.sql": "CREATE TABLE ok (id int);\n",
    "b.sql": "SELECT 1;\nCREATE TABLE t (id int,, x int);\n",
  });
  const files = (await buildSchema(p)).files;
  const err = asConfiture(await assertRejects(() => applyBuild(db, files)));
  assertEquals(err.code, "SQL_SYNTAX_ERROR");
  assertEquals(err.sqlstate, "42601");
  assertEquals(err.location, { file: "db/schema/b.sql", line: 2, col: 24 });
  assertEquals(await userObjects(db), 0);
});
