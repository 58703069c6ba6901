import { join } from "node:path";
import {
  buildSchema,
  type BuildSource,
  compareBytewise,
  comparePaths,
  compileGlob,
  discoverFiles,
  renderBuild,
  schemaHash,
} from "../../../src/build/mod.ts";
import { ConfitureError } from "../../../src/errors/mod.ts";
import { assert, assertEquals, assertNotEquals, assertRejects, assertThrows } from "../../_helpers/assert.ts";

/** A temporary project with the given files under db/schema (relative path -> content). */
async function project(files: Record<string, string | Uint8Array>): Promise<BuildSource & AsyncDisposable> {
  const root = await Deno.makeTempDir({ prefix: "confiture-build-unit-" });
  for (const [rel, content] of Object.entries(files)) {
    const p = join(root, "db/schema", rel);
    await Deno.mkdir(join(p, ".."), { recursive: true });
    if (typeof content === "string") await Deno.writeTextFile(p, content);
    else await Deno.writeFile(p, content);
  }
  await Deno.mkdir(join(root, "db/schema"), { recursive: true });
  return {
    root,
    env: "local",
    includeDirs: [{ path: join(root, "db/schema"), include: [], exclude: [] }],
    excludeDirs: [],
    seedsDir: join(root, "db/seeds"),
    [Symbol.asyncDispose]: () => Deno.remove(root, { recursive: true }),
  };
}

function errorOf(e: unknown): ConfitureError {
  assert(e instanceof ConfitureError, `expected a ConfitureError, got ${e}`);
  return e;
}

Deno.test("comparePaths: segments compared byte-wise", () => {
  const paths = [
    "20_views/v.sql",
    "10_tables/b.sql",
    "10_tables/a.sql",
    "00_common/x.sql",
    "10_tables/a/z.sql",
    "B.sql",
  ];
  assertEquals([...paths].sort(comparePaths), [
    "00_common/x.sql",
    "10_tables/a/z.sql",
    "10_tables/a.sql",
    "10_tables/b.sql",
    "20_views/v.sql",
    "B.sql",
  ]);
  // code point order, not UTF-16 order: U+1F600 (surrogates) sorts after U+FF5E
  assert(compareBytewise("\u{1F600}", "\uFF5E") > 0);
  assert(compareBytewise("a", "ab") < 0);
  assert(compareBytewise("Z", "a") < 0);
});

Deno.test("compileGlob: names, paths, ** and alternatives", () => {
  assert(compileGlob("*.sql").test("10_tables/users.sql"));
  assert(!compileGlob("*_test.sql").test("10_tables/users.sql"));
  assert(compileGlob("10_tables/*.sql").test("10_tables/users.sql"));
  assert(!compileGlob("10_tables/*.sql").test("10_tables/deep/users.sql"));
  assert(compileGlob("10_tables/**").test("10_tables/deep/users.sql"));
  assert(compileGlob("**/legacy/*.sql").test("a/b/legacy/x.sql"));
  assert(compileGlob("**/legacy/*.sql").test("legacy/x.sql"));
  assert(compileGlob("{00,10}_*/**").test("10_tables/x.sql"));
  assert(!compileGlob("{00,10}_*/**").test("20_views/x.sql"));
  assert(compileGlob("[0-1]?_*/*.sql").test("10_tables/x.sql"));
});

Deno.test("discovery: recursive, .sql only, in build order, include/exclude and exclude_dirs", async () => {
  await using p = await project({
    "20_views/v.sql": "select 1;",
    "10_tables/users.sql": "create table users ();",
    "10_tables/legacy/old.sql": "create table old ();",
    "10_tables/users_test.sql": "select 1;",
    "00_common/ext.sql": "create extension if not exists pgcrypto;",
    "00_common/readme.md": "not sql",
  });
  const dir = p.includeDirs[0].path;
  const all = discoverFiles({ root: p.root, dirs: [{ path: dir }] }).map((f) => f.relPath);
  assertEquals(all, [
    "db/schema/00_common/ext.sql",
    "db/schema/10_tables/legacy/old.sql",
    "db/schema/10_tables/users.sql",
    "db/schema/10_tables/users_test.sql",
    "db/schema/20_views/v.sql",
  ]);
  const filtered = discoverFiles({
    root: p.root,
    dirs: [{ path: dir, include: ["00_common/**", "10_tables/**"], exclude: ["*_test.sql"] }],
    excludeDirs: [join(dir, "10_tables/legacy")],
  }).map((f) => f.relPath);
  assertEquals(filtered, ["db/schema/00_common/ext.sql", "db/schema/10_tables/users.sql"]);
});

Deno.test("discovery: overlapping include folders take each file once, in folder order", async () => {
  await using p = await project({ "b/x.sql": "select 1;", "a/y.sql": "select 2;" });
  const dir = p.includeDirs[0].path;
  const files = discoverFiles({ root: p.root, dirs: [{ path: join(dir, "b") }, { path: dir }] });
  assertEquals(files.map((f) => f.relPath), ["db/schema/b/x.sql", "db/schema/a/y.sql"]);
});

Deno.test("discovery: a missing include folder is FILE_NOT_FOUND naming it", async () => {
  await using p = await project({});
  const err = errorOf(assertThrows(() => discoverFiles({ root: p.root, dirs: [{ path: join(p.root, "db/nope") }] })));
  assertEquals(err.code, "FILE_NOT_FOUND");
  assert(err.message.includes("db/nope"), err.message);
});

Deno.test("discovery: a symbolic link loop is BUILD_SYMLINK_LOOP naming the link", async () => {
  await using p = await project({ "a/x.sql": "select 1;" });
  const dir = p.includeDirs[0].path;
  await Deno.symlink(dir, join(dir, "a/back"));
  const err = errorOf(assertThrows(() => discoverFiles({ root: p.root, dirs: [{ path: dir }] })));
  assertEquals(err.code, "BUILD_SYMLINK_LOOP");
  assert(err.message.includes("db/schema/a/back"), err.message);
});

Deno.test("discovery: symbolic links to files and folders are followed; a broken one is an error", async () => {
  await using p = await project({ "real/x.sql": "select 1;", "other.sql": "select 2;" });
  const dir = p.includeDirs[0].path;
  await Deno.symlink(join(dir, "real"), join(dir, "linked"));
  await Deno.symlink(join(dir, "other.sql"), join(dir, "alias.sql"));
  assertEquals(discoverFiles({ root: p.root, dirs: [{ path: dir }] }).map((f) => f.relPath), [
    "db/schema/alias.sql",
    "db/schema/linked/x.sql",
    "db/schema/other.sql",
    "db/schema/real/x.sql",
  ]);
  await Deno.symlink(join(dir, "gone.sql"), join(dir, "broken.sql"));
  const err = errorOf(assertThrows(() => discoverFiles({ root: p.root, dirs: [{ path: dir }] })));
  assertEquals(err.code, "FILE_NOT_FOUND");
  assert(err.message.includes("db/schema/broken.sql"), err.message);
});

Deno.test("build: a non-UTF-8 file is FILE_UNREADABLE at the bad byte", async () => {
  await using p = await project({
    "a.sql": "select 1;\n",
    "b.sql": new Uint8Array([...new TextEncoder().encode("select 'caf"), 0xe9, ...new TextEncoder().encode("';\n")]),
  });
  const err = errorOf(await assertRejects(() => buildSchema(p)));
  assertEquals(err.code, "FILE_UNREADABLE");
  assertEquals(err.location, { file: "db/schema/b.sql", line: 1, col: 12 });
});

Deno.test("build: an empty tree is a warning, not an error", async () => {
  await using p = await project({});
  const r = await buildSchema(p);
  assertEquals(r.files.length, 0);
  assert(r.warnings.some((w) => w.includes("no .sql files")), r.warnings.join("\n"));
});

Deno.test("build: a file ending without ';' is a warning naming it", async () => {
  await using p = await project({ "a.sql": "select 1;\nselect 2\n", "b.sql": "select 3;" });
  const r = await buildSchema(p);
  assertEquals(r.warnings.length, 1);
  assert(r.warnings[0].startsWith("db/schema/a.sql:2:"), r.warnings[0]);
});

Deno.test("build: an unterminated token fails at its start, naming the file", async () => {
  await using p = await project({ "a.sql": "select 1;\n", "b.sql": "select 1;\nselect $body$ x;\n" });
  const err = errorOf(await assertRejects(() => buildSchema(p)));
  assertEquals(err.code, "BUILD_UNTERMINATED");
  assertEquals(err.location, { file: "db/schema/b.sql", line: 2, col: 8 });
  assertEquals(
    err.detail,
    "the dollar-quoted body starting here is never closed, so it would swallow the files after it",
  );
  await using q = await project({ "a.sql": "select 'x;\n" });
  const e2 = errorOf(await assertRejects(() => buildSchema(q)));
  assertEquals(e2.message, "db/schema/a.sql ends inside a string literal");
  assert(e2.detail?.startsWith("the string literal starting here"), e2.detail);
});

Deno.test("hash: two builds are byte-identical; content, names, additions and removals change the hash", async () => {
  await using p = await project({ "a.sql": "create table a ();\n", "b/c.sql": "create table c ();\n" });
  const first = await buildSchema(p);
  const again = await buildSchema(p);
  assertEquals(renderBuild(first), renderBuild(again));
  assertEquals(first.hash, again.hash);
  assertEquals(first.hash, await schemaHash(first.files));

  // touching a file (mtime) does not change the hash
  await Deno.utime(join(p.root, "db/schema/a.sql"), new Date(2001, 1, 1), new Date(2001, 1, 1));
  assertEquals((await buildSchema(p)).hash, first.hash);

  await Deno.writeTextFile(join(p.root, "db/schema/a.sql"), "create table a (x int);\n");
  const edited = await buildSchema(p);
  assertNotEquals(edited.hash, first.hash);
  await Deno.writeTextFile(join(p.root, "db/schema/a.sql"), "create table a ();\n");
  assertEquals((await buildSchema(p)).hash, first.hash);

  await Deno.rename(join(p.root, "db/schema/a.sql"), join(p.root, "db/schema/a2.sql"));
  const renamed = await buildSchema(p);
  assertNotEquals(renamed.hash, first.hash);
  await Deno.rename(join(p.root, "db/schema/a2.sql"), join(p.root, "db/schema/a.sql"));

  await Deno.writeTextFile(join(p.root, "db/schema/d.sql"), "");
  const added = await buildSchema(p);
  assertNotEquals(added.hash, first.hash);
  await Deno.remove(join(p.root, "db/schema/d.sql"));
  assertEquals((await buildSchema(p)).hash, first.hash);

  await Deno.remove(join(p.root, "db/schema/b/c.sql"));
  assertNotEquals((await buildSchema(p)).hash, first.hash);
});

Deno.test("hash: moving bytes between a file's name and content changes the hash", async () => {
  const enc = new TextEncoder();
  const a = await schemaHash([{ relPath: "a", bytes: enc.encode("bc") }]);
  const b = await schemaHash([{ relPath: "ab", bytes: enc.encode("c") }]);
  const c = await schemaHash([{ relPath: "a", bytes: enc.encode("b") }, { relPath: "c", bytes: enc.encode("") }]);
  assertNotEquals(a, b);
  assertNotEquals(a, c);
  assertEquals(a.length, 64);
});

Deno.test("render: header without timestamp, one separator per file, newline added where missing", async () => {
  await using p = await project({ "a.sql": "select 1;", "b.sql": "\uFEFFselect 2;\n" });
  const r = await buildSchema(p);
  const text = new TextDecoder().decode(renderBuild(r));
  assertEquals(
    text,
    "-- Confiture schema build (generated; edit the source files, not this one)\n" +
      "-- Environment: local\n-- Files: 2 schema\n" +
      `-- Schema hash: sha256:${r.hash}\n` +
      "\n-- File: db/schema/a.sql\nselect 1;\n" +
      "\n-- File: db/schema/b.sql\nselect 2;\n",
  );
});

Deno.test("build: COPY data without a \\. line is BUILD_UNTERMINATED at the COPY", async () => {
  await using p = await project({
    "a.sql": "create table t (a text);\ncopy t from stdin;\nit's\n",
    "b.sql": "select 1;\n",
  });
  const err = errorOf(await assertRejects(() => buildSchema(p)));
  assertEquals(err.code, "BUILD_UNTERMINATED");
  assertEquals(err.location, { file: "db/schema/a.sql", line: 2, col: 1 });
  assert(err.hint?.includes("\\."), err.hint);
});

Deno.test("build: a byte order mark is removed from the text and the output, kept in the hash", async () => {
  await using p = await project({
    "a.sql": new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("select 1;\r\n")]),
  });
  const r = await buildSchema(p);
  assertEquals(r.files[0].text, "select 1;\r\n");
  const out = new TextDecoder().decode(renderBuild(r));
  assert(out.endsWith("-- File: db/schema/a.sql\nselect 1;\r\n"), JSON.stringify(out));
  assertNotEquals(
    r.hash,
    await schemaHash([{ relPath: "db/schema/a.sql", bytes: new TextEncoder().encode("select 1;\r\n") }]),
  );
});

Deno.test("build: concurrent reads give the same files, bytes and hash as reads one after another", async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 150; i++) files[`d${i % 7}/f${String(i).padStart(3, "0")}.sql`] = `create table t${i} ();\n`;
  await using p = await project(files);
  const one = await buildSchema(p);
  const many = await buildSchema(p, { concurrency: 16 });
  assertEquals(many.hash, one.hash);
  assertEquals(many.files.map((f) => f.relPath), one.files.map((f) => f.relPath));
  assertEquals(renderBuild(many), renderBuild(one));
});

Deno.test("renderBuild: separators with non-ASCII paths and environment are sized and encoded exactly", () => {
  const enc = new TextEncoder();
  const names = ["a.sql", "é/ü.sql", "🙂/x.sql", "日本/表.sql", "\ud83d.sql", "\udc00x.sql"];
  const files = names.map((relPath, i) => ({
    path: "/p/" + relPath,
    relPath,
    role: (i >= 4 ? "seed" : "schema") as "seed" | "schema",
    bytes: enc.encode(i % 2 ? "select 1;" : "\ufeffselect 2;\n"),
    text: "",
  }));
  const out = renderBuild({ env: "prod-é", files, hash: "0".repeat(64), bytes: 0, warnings: [] });
  let expected = "-- Confiture schema build (generated; edit the source files, not this one)\n" +
    "-- Environment: prod-é\n-- Files: 4 schema, 2 seed\n-- Schema hash: sha256:" + "0".repeat(64) + "\n";
  for (const [i, f] of files.entries()) {
    if (i === 4) expected += "\n-- Seeds\n";
    expected += `\n-- File: ${f.relPath}\n` + (i % 2 ? "select 1;\n" : "select 2;\n");
  }
  assertEquals(out, enc.encode(expected));
});

Deno.test("renderBuild: a file whose last statement has no ';' is ended by a ';' line in the built file", async () => {
  await using p = await project({
    "a.sql": "CREATE TABLE a (id int)\n",
    "b.sql": "CREATE TABLE b (id int) -- no end",
    "c.sql": "SELECT 1;\n",
  });
  const r = await buildSchema(p);
  assertEquals(r.files.map((f) => f.openStatement === true), [true, true, false]);
  const out = new TextDecoder().decode(renderBuild(r));
  const end = "; -- added by the build: the last statement of this file has no ';'\n";
  assert(out.includes(`CREATE TABLE a (id int)\n${end}\n-- File: db/schema/b.sql\n`), out);
  assert(out.includes(`CREATE TABLE b (id int) -- no end\n${end}\n-- File: db/schema/c.sql\nSELECT 1;\n`), out);
  assert(out.endsWith("SELECT 1;\n"), out);
  assert(r.warnings[0].startsWith("db/schema/a.sql:1:1: the last statement has no terminating ';'"), r.warnings[0]);
});

Deno.test("renderBuild: with reset_session_per_file the session is reset between files, not after the last", async () => {
  await using p = await project({ "a.sql": "SET search_path = app;\n", "b.sql": "SELECT 1;\n" });
  const r = await buildSchema({ ...p, resetSessionPerFile: true });
  assertEquals(r.resetSessionPerFile, true);
  const out = new TextDecoder().decode(renderBuild(r));
  assert(
    out.includes(
      "SET search_path = app;\n\n-- Session reset between files (reset_session_per_file)\n" +
        "RESET SESSION AUTHORIZATION;\nRESET ROLE;\nRESET ALL;\n\n-- File: db/schema/b.sql\n",
    ),
    out,
  );
  assertEquals(out.split("RESET ALL;").length, 2);
  assert(!new TextDecoder().decode(renderBuild(await buildSchema(p))).includes("RESET"));
});

Deno.test("build: COPY … FROM STDIN without ';' at the end of a file is refused (psql would read the next files as data)", async () => {
  await using p = await project({
    "a.sql": "CREATE TABLE t (a int);\nCOPY t (a) FROM stdin\n",
    "b.sql": "SELECT 1;\n",
  });
  const err = errorOf(await assertRejects(() => buildSchema(p)));
  assertEquals(err.code, "BUILD_UNSUPPORTED_STATEMENT");
  assertEquals(err.location, { file: "db/schema/a.sql", line: 2, col: 1 });
});

Deno.test("build: a real U+FFFD is kept; an invalid byte is still FILE_UNREADABLE", async () => {
  await using p = await project({ "a.sql": "SELECT '\ufffd';\n" });
  const r = await buildSchema(p);
  assertEquals(r.files[0].text, "SELECT '\ufffd';\n");
  await using q = await project({ "a.sql": new Uint8Array([0x53, 0x45, 0xff, 0x3b, 0x0a]) });
  const err = errorOf(await assertRejects(() => buildSchema(q)));
  assertEquals(err.code, "FILE_UNREADABLE");
  assertEquals(err.location, { file: "db/schema/a.sql", line: 1, col: 3 });
});
