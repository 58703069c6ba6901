/**
 * `confiture diff` as users run it: `deno run main.ts diff …` in a subprocess, against real
 * databases. Sides (URLs, `schema`, `database`, .sql files and folders), formats, filters,
 * `--down`, `--exit-code`, `--ignore-kind`, stdout/stderr discipline, the SQL applied with
 * `psql -v ON_ERROR_STOP=1`, and scratch databases dropped on failure and on Ctrl-C.
 */
import { join } from "node:path";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "../_helpers/assert.ts";
import { MAIN, runCli, tempProject } from "../_helpers/cli.ts";
import { connectAdmin, createTestDatabase, type TestDatabase } from "../_helpers/db.ts";
import { dumpDiff, dumpSchema } from "../_helpers/schema_oracle.ts";

/** Runs SQL with `psql -X -v ON_ERROR_STOP=1 -f`, as the diff's users do; throws with psql's stderr. */
async function psqlFile(url: string, sql: string): Promise<void> {
  const file = await Deno.makeTempFile({ prefix: "confiture-e2e-diff-", suffix: ".sql" });
  try {
    await Deno.writeTextFile(file, sql);
    const out = await new Deno.Command("psql", {
      args: ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", file],
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) throw new Error(`psql failed:\n${new TextDecoder().decode(out.stderr)}\n--- sql:\n${sql}`);
  } finally {
    await Deno.remove(file);
  }
}

/** Statements of a SQL text, ignoring comments, blank lines and SET lines. */
function statements(sql: string): string[] {
  return sql.split(/;\s*\n/).map((s) => s.split("\n").filter((l) => l.trim() && !l.trim().startsWith("--")).join("\n"))
    .filter((s) => s.trim() && !/^SET /i.test(s.trim()));
}

/** The scratch databases of the test server whose names start with `prefix`. */
async function scratchDatabases(prefix = "confiture_scratch_diff_"): Promise<string[]> {
  const admin = await connectAdmin();
  try {
    const rows = await admin.query<{ datname: string }>(
      "select datname from pg_database where starts_with(datname, $1) order by 1",
      [prefix],
    );
    return rows.map((r) => r.datname);
  } finally {
    await admin.close();
  }
}

/** The scratch database named in `--verbose` output ("applying … to a scratch database (url)"). */
function scratchName(stderr: string): string | undefined {
  return /scratch database \([^)]*\/(confiture_scratch_[a-z0-9_]+)\)/.exec(stderr)?.[1];
}

const FROM = `
create table public.users (id bigint primary key, email text not null, nickname text);
create type public.mood as enum ('happy', 'sad');
create table public.posts (id bigint primary key, user_id bigint not null references public.users (id), body text);
`;
const TO = `
create table public.users (id bigint primary key, email text not null, handle text, created_at timestamptz not null default now());
create type public.mood as enum ('happy', 'sad', 'meh');
create table public.posts (id bigint primary key, user_id bigint not null references public.users (id), body text,
  mood public.mood);
create index posts_user_idx on public.posts (user_id);
create view public.user_posts as select u.email, p.body from public.users u join public.posts p on p.user_id = u.id;
create function public.post_count(uid bigint) returns bigint language sql stable
  as $$ select count(*) from public.posts where user_id = uid $$;
`;

async function pair(label: string, from: string, to: string): Promise<[TestDatabase, TestDatabase]> {
  const a = await createTestDatabase(`${label}_a`);
  const b = await createTestDatabase(`${label}_b`);
  await psqlFile(a.url, from);
  await psqlFile(b.url, to);
  return [a, b];
}

Deno.test("diff: two databases — psql-ready SQL on stdout, notes on stderr, converges, --exit-code", async () => {
  const [a, b] = await pair("e2e_diff_urls", FROM, TO);
  await using _a = a;
  await using _b = b;
  const before = await runCli(["diff", "--from", a.url, "--to", b.url, "--exit-code"]);
  assertEquals(before.code, 2, `differences with --exit-code: exit 2\n${before.stderr}`);
  const r = await runCli(["diff", "--from", a.url, "--to", b.url]);
  assertEquals(r.code, 0, `without --exit-code: exit 0\n${r.stderr}`);
  assertEquals(r.stdout, before.stdout);
  // Only SQL on stdout: statements and `--` comments.
  for (const line of r.stdout.split("\n")) {
    assert(!/^(warning|note|error)\b/i.test(line.trim()), `not SQL on stdout: ${line}`);
  }
  assertStringIncludes(r.stdout, "CREATE INDEX CONCURRENTLY");
  assertStringIncludes(r.stdout, "-- hazards:");
  // The dropped nickname and the added handle have the same type: a note on stderr, not stdout.
  assertMatch(r.stderr, /possible rename: column public\.users\.nickname -> handle/);
  assert(!r.stdout.includes("possible rename"), "notes stay off stdout");
  assert(!r.stderr.includes("CREATE"), "SQL stays off stderr");

  await psqlFile(a.url, r.stdout);
  const [da, db] = [await dumpSchema(a.url), await dumpSchema(b.url)];
  assert(da === db, `A differs from B after applying the diff:\n${dumpDiff(db, da)}`);
  const again = await runCli(["diff", "--from", a.url, "--to", b.url, "--exit-code"]);
  assertEquals(again.code, 0, `no differences with --exit-code: exit 0\n${again.stderr}`);
  assertEquals(again.stdout, "", "nothing on stdout when there are no differences");
  assertStringIncludes(again.stderr, "No differences.");
});

/** Text that trips naive SQL handling: quotes, semicolons, comment markers, backslashes, psql's `\\` and `:var`. */
const TRICKY_FROM = `create schema "My Schema";
create table "My Schema"."Weird ""Table""" (id int primary key, old int);
`;
const TRICKY_TO = String.raw`create schema "My Schema";
create table "My Schema"."Weird ""Table""" (
  id int primary key,
  "col;--x" text default E'line1\nline2\\end; -- not a comment',
  arr int[] default '{1,2,3}',
  note text check (note <> '/* not a comment */' and note <> ':foo' and note <> ':''bar''')
);
comment on table "My Schema"."Weird ""Table""" is E'semi; colon :DBNAME back\\slash\nnew line \\echo hi';
create function "My Schema".f(x int) returns text language plpgsql as $body$
begin
  -- \echo this is inside a dollar quote
  raise notice E'\\x %', ':DBNAME';
  return 'a;b' || x::text || $$ nested $$ || E'\\';
end
$body$;
create view "My Schema".v as select arr[1:2] as s, "col;--x" from "My Schema"."Weird ""Table""";
create index "idx ""q""" on "My Schema"."Weird ""Table""" ((lower("col;--x")));
`;

Deno.test("diff: identifiers, literals and bodies that trip naive handling survive psql -v ON_ERROR_STOP=1", async () => {
  const [a, b] = await pair("e2e_diff_tricky", TRICKY_FROM, TRICKY_TO);
  await using _a = a;
  await using _b = b;
  const r = await runCli(["diff", "--from", a.url, "--to", b.url]);
  assertEquals(r.code, 0, r.stderr);
  assertStringIncludes(r.stdout, "-- \\echo this is inside a dollar quote");
  await psqlFile(a.url, r.stdout);
  const [da, db] = [await dumpSchema(a.url), await dumpSchema(b.url)];
  assert(da === db, `A differs from B:\n${dumpDiff(db, da)}`);
  const again = await runCli(["diff", "--from", a.url, "--to", b.url, "--exit-code"]);
  assertEquals([again.code, again.stdout], [0, ""], again.stderr);
});

Deno.test("diff --down: the reverse script brings the first database back", async () => {
  const [a, b] = await pair("e2e_diff_down", FROM, TO);
  await using _a = a;
  await using _b = b;
  const original = await dumpSchema(a.url);
  const up = await runCli(["diff", "--from", a.url, "--to", b.url]);
  const down = await runCli(["diff", "--from", a.url, "--to", b.url, "--down"]);
  assertEquals([up.code, down.code], [0, 0], down.stderr);
  assertStringIncludes(down.stdout, "DROP VIEW");
  assert(down.stdout !== up.stdout);
  await psqlFile(a.url, up.stdout);
  await psqlFile(a.url, down.stdout);
  const back = await dumpSchema(a.url);
  assert(back === original, `--down did not restore the schema:\n${dumpDiff(original, back)}`);
});

Deno.test("diff --format json and summary", async () => {
  const [a, b] = await pair("e2e_diff_formats", FROM, TO);
  await using _a = a;
  await using _b = b;
  const j = await runCli(["diff", "--from", a.url, "--to", b.url, "--format", "json"]);
  assertEquals(j.code, 0, j.stderr);
  const doc = JSON.parse(j.stdout);
  assertEquals([doc.ok, doc.command, doc.differences], [true, "diff", true]);
  const ids = doc.statements.map((s: { id: string }) => s.id);
  for (const id of ["index:public.posts_user_idx", "view:public.user_posts", "column:public.users.handle"]) {
    assert(ids.includes(id), `${id} in ${ids.join(", ")}`);
  }
  const idx = doc.statements.find((s: { id: string }) => s.id === "index:public.posts_user_idx");
  assertEquals(idx.hazards.includes("INDEX_BUILD"), true);
  assertEquals(idx.transactional, false);
  assert(doc.hazards.includes("DELETES_DATA"), "dropping nickname deletes data");
  assert(doc.notes.some((n: string) => n.includes("possible rename")));
  assertEquals(doc.sql, (await runCli(["diff", "--from", a.url, "--to", b.url])).stdout);
  const same = JSON.parse((await runCli(["diff", "--from", a.url, "--to", a.url, "--json"])).stdout);
  assertEquals([same.differences, same.statements.length], [false, 0]);

  const s = await runCli(["diff", "--from", a.url, "--to", b.url, "--format", "summary"]);
  assertEquals(s.code, 0, s.stderr);
  assertMatch(s.stdout, /^\d+ statement\(s\) to turn /);
  assertMatch(s.stdout, /\+ index public\.posts_user_idx {2}\[INDEX_BUILD/);
  assertMatch(s.stdout, /- column public\.users\.nickname {2}\[.*DELETES_DATA/);
  assert(!s.stdout.includes("CREATE "), "a summary, not SQL");
  const quiet = await runCli(["diff", "--from", a.url, "--to", b.url, "--format", "summary", "--quiet"]);
  assertEquals(quiet.stdout, s.stdout, "--quiet keeps the requested output");

  const bad = await runCli(["diff", "--from", a.url, "--to", b.url, "--format", "yaml"]);
  assertEquals(bad.code, 3);
  assertStringIncludes(bad.stderr, "USAGE_INVALID_ARGUMENT");
});

Deno.test("diff --schema and --exclude-schema", async () => {
  const base = "create schema s1; create schema s2;";
  const [a, b] = await pair(
    "e2e_diff_filter",
    base,
    `${base} create table s1.t (id int); create table s2.u (id int); create table public.v (id int);`,
  );
  await using _a = a;
  await using _b = b;
  const ids = async (...flags: string[]) => {
    const r = await runCli(["diff", "--from", a.url, "--to", b.url, "--json", ...flags]);
    assertEquals(r.code, 0, r.stderr);
    return JSON.parse(r.stdout).statements.map((s: { id: string }) => s.id).sort();
  };
  assertEquals(await ids(), ["table:public.v", "table:s1.t", "table:s2.u"]);
  assertEquals(await ids("--schema", "s1"), ["table:s1.t"]);
  assertEquals(await ids("--schema", "s1", "--schema", "public"), ["table:public.v", "table:s1.t"]);
  assertEquals(await ids("--exclude-schema", "s1"), ["table:public.v", "table:s2.u"]);
  assertEquals(await ids("--exclude-schema", "s1,s2"), ["table:public.v"]);
  // a schema on neither side: no difference, and a warning that says why
  const r = await runCli(["diff", "--from", a.url, "--to", b.url, "--schema", "nosuch", "--schema", "s1"]);
  assertEquals(r.code, 0, r.stderr);
  assertStringIncludes(r.stderr, 'warning: schema "nosuch" (--schema) exists neither in');
  assert(!r.stderr.includes('"s1"'), r.stderr);
});

Deno.test("diff --ignore-kind: an unhandled kind fails loudly unless ignored", async () => {
  const [a, b] = await pair("e2e_diff_ignore", "create table t (id int);", "create table t (id int, x int);");
  await using _a = a;
  await using _b = b;
  // A conversion: a kind the diff does not handle.
  await psqlFile(b.url, "create conversion public.confiture_e2e_conv for 'LATIN1' to 'UTF8' from iso8859_1_to_utf8;");
  const r = await runCli(["diff", "--from", a.url, "--to", b.url]);
  assertEquals(r.code, 4, r.stderr);
  assertStringIncludes(r.stderr, "DIFF_UNSUPPORTED_OBJECTS");
  assertStringIncludes(r.stderr, "conversion confiture_e2e_conv");
  assertEquals(r.stdout, "", "no partial SQL");
  const ok = await runCli(["diff", "--from", a.url, "--to", b.url, "--ignore-kind", "conversion"]);
  assertEquals(ok.code, 0, ok.stderr);
  assertStringIncludes(ok.stdout, 'ADD COLUMN "x" integer');
});

Deno.test("diff sides: a .sql file, a folder, schema and database (scratch on the server, then dropped)", async () => {
  await using t = await createTestDatabase("e2e_diff_sides");
  const root = await tempProject();
  try {
    const cli = (...args: string[]) => runCli(["diff", "--verbose", ...args, "-C", root, "--database-url", t.url]);
    // database (empty) -> schema (the example DDL tree): the whole schema; scratch on t's server.
    const r = await cli("--from", "database", "--to", "schema");
    assertEquals(r.code, 0, r.stderr);
    assertStringIncludes(r.stdout, "CREATE TABLE");
    const scratch = scratchName(r.stderr);
    assert(scratch, `the scratch database is named with --verbose:\n${r.stderr}`);
    assertEquals(await scratchDatabases(scratch), [], "scratch database dropped");
    // The defaults are --from database --to schema.
    assertEquals((await cli()).stdout, r.stdout);
    await psqlFile(t.url, r.stdout);
    const after = await cli("--exit-code");
    assertEquals(after.code, 0, `the database now matches the tree:\n${after.stdout}\n${after.stderr}`);

    // The example's migrations, replayed in a scratch database, match its tree.
    const m = await cli("--from", "migrations", "--to", "schema", "--exit-code");
    assertEquals(m.code, 0, `${m.stdout}${m.stderr}`);

    // A .sql file and a folder, against a URL.
    const dir = join(root, "ddl");
    await Deno.mkdir(join(dir, "sub"), { recursive: true });
    await Deno.writeTextFile(join(dir, "10_a.sql"), "create table public.extra (id int primary key);\n");
    await Deno.writeTextFile(
      join(dir, "sub", "20_b.sql"),
      "create view public.extra_v as select id from public.extra;\n",
    );
    const file = join(root, "one.sql");
    await Deno.writeTextFile(file, "create table public.extra (id int primary key);\n");
    const f = await runCli(["diff", "--from", t.url, "--to", file, "--exclude-schema", "shop"]);
    assertEquals(f.code, 0, f.stderr);
    assertEquals(statements(f.stdout).length, 2, f.stdout); // the table and its primary key
    const d = await runCli(["diff", "--from", t.url, "--to", dir, "--exclude-schema", "shop"]);
    assertEquals(d.code, 0, d.stderr);
    assertStringIncludes(d.stdout, 'CREATE VIEW "public"."extra_v"');
    // A file on the "from" side: the reverse.
    const rev = await runCli(["diff", "--from", dir, "--to", t.url, "--exclude-schema", "shop"]);
    assertEquals(rev.code, 0, rev.stderr);
    assertStringIncludes(rev.stdout, 'DROP TABLE "public"."extra"');
    const missing = await runCli(["diff", "--from", t.url, "--to", join(root, "nope.sql")]);
    assertEquals(missing.code, 4, missing.stderr);
    assertStringIncludes(missing.stderr, "FILE_NOT_FOUND");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("diff of two .sql files runs on the embedded engine", async () => {
  const dir = await Deno.makeTempDir({ prefix: "confiture-e2e-diff-" });
  try {
    await Deno.writeTextFile(join(dir, "old.sql"), "create table t (id int primary key);\n");
    await Deno.writeTextFile(join(dir, "new.sql"), "create table t (id int primary key, name text not null);\n");
    const r = await runCli(["diff", "--from", "old.sql", "--to", "new.sql", "--exit-code"], { cwd: dir });
    assertEquals(r.code, 2, r.stderr);
    assertStringIncludes(r.stdout, 'ALTER TABLE "public"."t" ADD COLUMN "name" text NOT NULL');
    const same = await runCli(["diff", "--from", "old.sql", "--to", "old.sql", "--exit-code"], { cwd: dir });
    assertEquals([same.code, same.stdout], [0, ""], same.stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("diff: a failure inside a DDL side leaves no scratch database", async () => {
  await using t = await createTestDatabase("e2e_diff_fail");
  const dir = await Deno.makeTempDir({ prefix: "confiture-e2e-diff-" });
  try {
    const file = join(dir, "broken.sql");
    await Deno.writeTextFile(file, "create table ok (id int);\ncreate table bad (x no_such_type);\n");
    const r = await runCli(["diff", "--verbose", "--from", t.url, "--to", file]);
    assertEquals(r.code, 6, r.stderr);
    assertMatch(r.stderr, /broken\.sql:2:\d+: error\[BUILD_STATEMENT_FAILED\] type "no_such_type" does not exist/);
    assertEquals(r.stdout, "");
    const scratch = scratchName(r.stderr);
    assert(scratch, r.stderr);
    assertEquals(await scratchDatabases(scratch), [], "scratch database dropped after the failure");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("diff: Ctrl-C (SIGINT) while a DDL side is applied drops the scratch database", {
  ignore: Deno.build.os === "windows",
}, async () => {
  await using t = await createTestDatabase("e2e_diff_sigint");
  const dir = await Deno.makeTempDir({ prefix: "confiture-e2e-diff-" });
  try {
    const file = join(dir, "slow.sql");
    await Deno.writeTextFile(file, "create table t (id int);\nselect pg_sleep(60);\n");
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--quiet", MAIN, "diff", "--verbose", "--from", t.url, "--to", file],
      cwd: dir,
      env: { NO_COLOR: "1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const stdout = child.stdout.text();
    // Read stderr until the scratch database is named, then wait until it holds the sleeping statement.
    let stderr = "";
    const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
    while (!scratchName(stderr)) {
      const { value, done } = await reader.read();
      if (done) break;
      stderr += value;
    }
    const scratch = scratchName(stderr);
    assert(scratch, `no scratch database named:\n${stderr}`);
    const admin = await connectAdmin();
    try {
      for (let i = 0; i < 200; i++) {
        const busy = await admin.query(
          "select 1 from pg_stat_activity where datname = $1 and query like '%pg_sleep%' and state = 'active'",
          [scratch],
        );
        if (busy.length) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await admin.close();
    }
    assertEquals(await scratchDatabases(scratch), [scratch], "the scratch database exists while applying");
    child.kill("SIGINT");
    const rest = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        stderr += value;
      }
    })();
    const status = await child.status;
    await rest;
    await stdout;
    assertEquals(status.code, 130, stderr);
    assertStringIncludes(stderr, "interrupted");
    assertEquals(await scratchDatabases(scratch), [], `scratch database dropped on Ctrl-C:\n${stderr}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("diff: a mistyped side or a missing file is refused before any engine starts", async () => {
  const typo = await runCli(["diff", "--from", "databse", "--to", "schema"]);
  assertEquals(typo.code, 3, typo.stderr);
  assertStringIncludes(typo.stderr, 'unknown --from "databse"');
  assertStringIncludes(typo.stderr, 'did you mean "database"?');
  const missing = await runCli(["diff", "--from", "nope/old.sql", "--to", "nope/new.sql"]);
  assertEquals(missing.code, 4, missing.stderr);
  assertStringIncludes(missing.stderr, "nope/old.sql does not exist");
  for (const r of [typo, missing]) assert(!/embedded PostgreSQL/.test(r.stderr), r.stderr);
  const both = await runCli(["diff", "--format", "sql", "--json"]);
  assertEquals(both.code, 3, both.stderr);
  assertEquals(JSON.parse(both.stdout).error.code, "USAGE_INVALID_ARGUMENT");
});
