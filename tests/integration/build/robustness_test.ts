/**
 * A realistic, tricky schema tree applied on a real PostgreSQL server and on the
 * embedded engine: a byte order mark and CRLF line endings, SET search_path
 * carried from one file to the next, $$ and $tag$ bodies, DO blocks, BEGIN ATOMIC,
 * psql display meta-commands and BEGIN/COMMIT (skipped), COPY … FROM STDIN with
 * inline data (pg_dump's format), extensions; and the errors of such trees, each
 * at file:line:col of the source file with nothing left behind.
 */
import { applyBuild, buildSchema } from "../../../src/build/mod.ts";
import { assert, assertEquals, assertRejects } from "../../_helpers/assert.ts";
import { asConfiture, onBothBackends, project, userObjects } from "./_fixture.ts";

/** The tricky tree: every file is valid for psql -f of the built file too. */
const TRICKY: Record<string, string> = {
  // a byte order mark and CRLF line endings; the search_path holds for the files after it
  "00_common/00_schema.sql": "\ufeff-- Common objects\r\nCREATE SCHEMA app;\r\nSET search_path = app, public;\r\n",
  "00_common/10_psql.sql": [
    "\\set ON_ERROR_STOP on",
    "\\echo building the types",
    "BEGIN;",
    "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');",
    "COMMIT;",
    "",
  ].join("\n"),
  "10_tables/users.sql": [
    "CREATE TABLE users (",
    "    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,",
    "    name text NOT NULL DEFAULT 'it''s; fine',",
    "    bio text DEFAULT E'line\\none; \\'quoted\\'',",
    "    mood mood NOT NULL DEFAULT 'ok' /* nested /* comment; */ still; */,",
    '    "weird;col" text',
    ");",
    "",
  ].join("\n"),
  "20_functions/functions.sql": [
    "CREATE FUNCTION app.tag_body() RETURNS text LANGUAGE plpgsql AS $body$",
    "BEGIN",
    "  RETURN $$inner; 'quote$$ || $x$;$x$;",
    "END;",
    "$body$;",
    "",
    "CREATE FUNCTION app.add(a int, b int) RETURNS int LANGUAGE sql",
    "BEGIN ATOMIC",
    "  SELECT CASE WHEN a IS NULL THEN 0 ELSE a END + b;",
    "END;",
    "",
    "DO $do$",
    "BEGIN",
    "  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'no_such_role_here') THEN",
    "    RAISE NOTICE 'no role; fine';",
    "  END IF;",
    "END",
    "$do$;",
    "",
    "CREATE FUNCTION app.trim_name() RETURNS trigger LANGUAGE plpgsql AS $$",
    "BEGIN NEW.name := trim(NEW.name); RETURN NEW; END",
    "$$;",
    "CREATE TRIGGER users_trim BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION app.trim_name();",
    "",
  ].join("\n"),
  // pg_dump's data format: tab-separated rows up to \., quotes and semicolons are data
  "30_data/users.sql": [
    'COPY users (name, bio, mood, "weird;col") FROM stdin;',
    " O'Brien\tsemi; colon\thappy\t\\N",
    "Zoë 😀\t$$ not a dollar quote\tsad\tx",
    "\\.",
    "COPY users (name, mood) FROM STDIN WITH (FORMAT csv);\r",
    '"Smith, ""Jr""",ok\r',
    "\\.\r",
    "SELECT setval(pg_get_serial_sequence('app.users', 'id'), 100);",
    "",
  ].join("\n"),
  "40_views/names.sql": "CREATE VIEW user_names AS SELECT name FROM users;\n",
};

onBothBackends("tricky tree: BOM, CRLF, search_path, bodies, DO, psql lines, COPY data", async (db) => {
  await using p = await project(TRICKY);
  const built = await buildSchema(p);
  assertEquals(built.warnings, []);
  const warnings: string[] = [];
  const r = await applyBuild(db, built.files, { onWarning: (w) => warnings.push(w) });
  assertEquals(r.skipped, 4);
  assertEquals(warnings.map((w) => w.split(": skipped")[0]), [
    "db/schema/00_common/10_psql.sql:1:1",
    "db/schema/00_common/10_psql.sql:2:1",
    "db/schema/00_common/10_psql.sql:3:1",
    "db/schema/00_common/10_psql.sql:5:1",
  ]);
  const users = await db.query<{ name: string; bio: string | null; mood: string; w: string | null }>(
    `select name, bio, mood::text as mood, "weird;col" as w from app.users order by id`,
  );
  assertEquals(users, [
    { name: "O'Brien", bio: "semi; colon", mood: "happy", w: null },
    { name: "Zoë 😀", bio: "$$ not a dollar quote", mood: "sad", w: "x" },
    { name: 'Smith, "Jr"', bio: "line\none; 'quoted'", mood: "ok", w: null },
  ]);
  const [f] = await db.query<{ t: string; s: number }>("select app.tag_body() as t, app.add(2, 3) as s");
  assertEquals(f, { t: "inner; 'quote;", s: 5 });
  const [v] = await db.query<{ n: number }>(
    "select count(*)::int as n from pg_views where schemaname = 'app' and viewname = 'user_names'",
  );
  assertEquals(v.n, 1);
});

onBothBackends("tricky tree: an error after a BOM, CRLF and astral characters is at the right column", async (db) => {
  const line3 = "CREATE TABLE b (x text DEFAULT 'é😀', y no_such_type);";
  await using p = await project({
    "a.sql": `\ufeffCREATE TABLE a (id int);\r\n-- é😀 ü\r\n${line3}\r\n`,
  });
  const built = await buildSchema(p);
  const err = asConfiture(await assertRejects(() => applyBuild(db, built.files)));
  assertEquals(err.code, "BUILD_STATEMENT_FAILED");
  assertEquals(err.sqlstate, "42704");
  // columns count characters (code points) of the line: 😀 is one
  const col = [...line3.slice(0, line3.indexOf("no_such_type"))].length + 1;
  assertEquals(col, line3.indexOf("no_such_type"), "one character before is astral");
  assertEquals(err.location, { file: "db/schema/a.sql", line: 3, col });
  assertEquals(err.detail?.split("\n")[0], "statement: CREATE TABLE b (x text DEFAULT 'é😀', y no_such_type);");
  assertEquals(await userObjects(db), 0);
});

onBothBackends("tricky tree: a bad COPY data row is reported at its line; nothing is left", async (db) => {
  await using p = await project({
    "00_schema.sql": "CREATE TABLE t (id int PRIMARY KEY, label text NOT NULL);\n",
    "10_data.sql": [
      "-- rows",
      "COPY t (id, label) FROM stdin;",
      "1\tone",
      "2\ttwo",
      "three\tthree",
      "\\.",
      "",
    ].join("\n"),
  });
  const built = await buildSchema(p);
  const err = asConfiture(await assertRejects(() => applyBuild(db, built.files)));
  assertEquals(err.code, "BUILD_STATEMENT_FAILED");
  assertEquals(err.sqlstate, "22P02");
  assertEquals(err.location, { file: "db/schema/10_data.sql", line: 5, col: 1 });
  assert(err.detail?.startsWith("data row 3 of: COPY t (id, label) FROM stdin;"), err.detail);
  assertEquals(await userObjects(db), 0);
});

onBothBackends("tricky tree: \\i and \\connect are errors at their line; nothing is sent", async (db) => {
  for (const [line, what] of [["\\i 10_tables/users.sql", "include"], ["\\connect other", "\\connect"]]) {
    await using p = await project({
      "00_first.sql": "CREATE TABLE first (id int);\n",
      "10_main.sql": `-- main\nCREATE TABLE second (id int);\n${line}\n`,
    });
    const built = await buildSchema(p);
    const err = asConfiture(await assertRejects(() => applyBuild(db, built.files)));
    assertEquals(err.code, "BUILD_UNSUPPORTED_STATEMENT");
    assertEquals(err.location, { file: "db/schema/10_main.sql", line: 3, col: 1 });
    assert(err.message.includes(what), err.message);
    assertEquals(await userObjects(db), 0);
  }
});

onBothBackends("tricky tree: a statement cut across two files fails in the first file", async (db) => {
  await using p = await project({
    "a.sql": "CREATE TABLE ok (id int);\nCREATE TABLE t (\n    id int",
    "b.sql": ");\n",
  });
  const built = await buildSchema(p);
  assertEquals(built.warnings.length, 1);
  assert(built.warnings[0].startsWith("db/schema/a.sql:2:"), built.warnings[0]);
  const err = asConfiture(await assertRejects(() => applyBuild(db, built.files)));
  assertEquals(err.sqlstate, "42601");
  assertEquals(err.location?.file, "db/schema/a.sql");
  assertEquals(await userObjects(db), 0);
});

onBothBackends("tricky tree: VACUUM and CREATE DATABASE cannot run in the build's transaction", async (db) => {
  for (const stmt of ["VACUUM t;", "CREATE DATABASE confiture_never_created;"]) {
    await using p = await project({ "a.sql": `CREATE TABLE t (id int);\n\n${stmt}\n` });
    const built = await buildSchema(p);
    const err = asConfiture(await assertRejects(() => applyBuild(db, built.files)));
    assertEquals(err.sqlstate, "25001");
    assertEquals(err.location, { file: "db/schema/a.sql", line: 3, col: 1 });
    assert(err.hint?.includes("transaction"), err.hint);
    assertEquals(await userObjects(db), 0);
  }
});

const EXTENSIONS = [
  'CREATE EXTENSION IF NOT EXISTS "uuid-ossp";',
  "CREATE EXTENSION IF NOT EXISTS pgcrypto;",
  "CREATE EXTENSION IF NOT EXISTS citext;",
  "",
].join("\n");

onBothBackends("tricky tree: extensions pgcrypto, citext and uuid-ossp", async (db) => {
  await using p = await project({
    "00_common/extensions.sql": EXTENSIONS,
    "10_tables/accounts.sql": [
      "CREATE TABLE accounts (",
      "    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),",
      "    legacy_id uuid NOT NULL DEFAULT uuid_generate_v4(),",
      "    email citext NOT NULL UNIQUE,",
      // Blowfish: pgcrypto's own code. The md5 scheme goes through OpenSSL's digest lookup, which
      // the embedded engine was seen to fail once in a full run ("crypt(3) returned NULL").
      "    password_hash text NOT NULL DEFAULT crypt('secret', gen_salt('bf', 4))",
      ");",
      "INSERT INTO accounts (email) VALUES ('Ann@Example.com');",
      "",
    ].join("\n"),
  });
  await applyBuild(db, (await buildSchema(p)).files);
  const [r] = await db.query<{ n: number }>(
    "select count(*)::int as n from accounts where email = 'ann@example.com' and password_hash = crypt('secret', password_hash)",
  );
  assertEquals(r.n, 1);
});

onBothBackends("tricky tree: an extension the database lacks is located, with a hint", async (db) => {
  await using p = await project({
    "00_common/extensions.sql": "CREATE EXTENSION IF NOT EXISTS citext;\n\nCREATE EXTENSION no_such_extension;\n",
  });
  const err = asConfiture(await assertRejects(async () => applyBuild(db, (await buildSchema(p)).files)));
  assertEquals(err.sqlstate, "0A000");
  assertEquals(err.location, { file: "db/schema/00_common/extensions.sql", line: 3, col: 1 });
  assert(err.hint?.includes("--database-url"), err.hint);
  assertEquals(await userObjects(db), 0);
});

onBothBackends(
  "a real pg_dump file (\\restrict, SET, set_config, COPY data, setval) applies as psql would",
  async (db) => {
    const dump = await Deno.readTextFile(new URL("./fixtures/pg_dump.sql", import.meta.url));
    await using p = await project({ "00_dump/dump.sql": dump });
    const built = await buildSchema(p);
    assertEquals(built.warnings, []);
    const warnings: string[] = [];
    const r = await applyBuild(db, built.files, { onWarning: (w) => warnings.push(w) });
    assertEquals(r.skipped, 2); // \restrict and \unrestrict
    assert(warnings.every((w) => w.includes("skipped psql meta-command")), warnings.join("\n"));
    const notes = await db.query<{ body: string; tags: string[] | null; meta: unknown }>(
      "select body, tags, meta from shop.notes order by id",
    );
    assertEquals(notes.map((n) => n.body), ["tab\there; semi", "O'Brien $$ é😀", "back\\slash\nnewline"]);
    const [s] = await db.query<{ v: string }>("select nextval('shop.notes_id_seq')::text as v");
    assertEquals(s.v, "4");
  },
);
