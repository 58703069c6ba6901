import { join } from "node:path";
import {
  closest,
  expandVars,
  findProjectRoot,
  loadConfig,
  parseConfig,
  parseDuration,
  type ProjectConfig,
  resolveConnection,
  withConnectTimeout,
} from "../../../src/config/mod.ts";
import { ConfitureError } from "../../../src/errors/mod.ts";
import { assert, assertEquals, assertRejects, assertStringIncludes, assertThrows } from "../../_helpers/assert.ts";

const ROOT = "/project";
const FILE = "db/environments/test.yaml";

function parse(text: string, vars: Record<string, string | undefined> = {}): Promise<ProjectConfig> {
  return parseConfig(text, { root: ROOT, env: "test", file: FILE, vars });
}

async function parseError(text: string, vars: Record<string, string | undefined> = {}): Promise<ConfitureError> {
  const e = await assertRejects(() => parse(text, vars));
  assert(e instanceof ConfitureError, `expected a ConfitureError, got ${e}`);
  return e;
}

Deno.test("an empty file gives the defaults", async () => {
  const c = await parse("");
  assertEquals(c.includeDirs, [{ path: "/project/db/schema", relPath: "db/schema", include: [], exclude: [] }]);
  assertEquals(c.migrationsDir, "/project/db/migrations");
  assertEquals(c.seedsDir, "/project/db/seeds");
  assertEquals(c.trackingTable, "tb_confiture");
  assertEquals(c.lockTimeoutMs, 60_000);
  assertEquals(c.statementLockTimeoutMs, 5_000);
  assertEquals(c.databaseUrl, undefined);
  assertEquals(c.file, FILE);
  assertEquals((await parse("# only a comment\n")).trackingTable, "tb_confiture");
});

Deno.test("every documented key is read", async () => {
  const c = await parse([
    "name: test",
    "database_url: postgres://app@db/app",
    "include_dirs:",
    "  - db/schema",
    "  - path: db/extra",
    "    include: ['**/*.sql']",
    "    exclude: [legacy/**]",
    "exclude_dirs: [db/schema/old]",
    "migrations_dir: db/mig",
    "tracking_table: ops.ledger",
    "lock_timeout: 10s",
    "statement_lock_timeout: 750ms",
    "connect_timeout: 3s",
  ].join("\n"));
  assertEquals(c.databaseUrl, "postgres://app@db/app");
  assertEquals(c.includeDirs, [
    { path: "/project/db/schema", relPath: "db/schema", include: [], exclude: [] },
    { path: "/project/db/extra", relPath: "db/extra", include: ["**/*.sql"], exclude: ["legacy/**"] },
  ]);
  assertEquals(c.excludeDirs, ["/project/db/schema/old"]);
  assertEquals(c.migrationsDir, "/project/db/mig");
  assertEquals(c.trackingTable, "ops.ledger");
  assertEquals(c.lockTimeoutMs, 10_000);
  assertEquals(c.statementLockTimeoutMs, 750);
  assertEquals(c.connectTimeoutMs, 3_000);
});

Deno.test("an unknown key is CONFIG_UNKNOWN_KEY at its file:line:col with a suggestion", async () => {
  const e = await parseError("name: test\n\ndatabse_url: postgres://x/y\n");
  assertEquals(e.code, "CONFIG_UNKNOWN_KEY");
  assertStringIncludes(e.message, '"databse_url"');
  assertEquals(e.location, { file: FILE, line: 3, col: 1 });
  assertStringIncludes(e.hint ?? "", 'did you mean "database_url"?');
});

Deno.test("an unknown key far from every known one lists the known keys without a guess", async () => {
  const e = await parseError("  zzzzzzzz: 1\n".trimStart());
  assertEquals(e.code, "CONFIG_UNKNOWN_KEY");
  assert(!(e.hint ?? "").includes("did you mean"), e.hint);
  assertStringIncludes(e.hint ?? "", "database_url");
});

Deno.test("an unknown key inside an include_dirs entry names the nested key and its position", async () => {
  const e = await parseError("include_dirs:\n  - path: db/schema\n    exclud: [x]\n");
  assertEquals(e.code, "CONFIG_UNKNOWN_KEY");
  assertStringIncludes(e.message, '"include_dirs.exclud"');
  assertEquals(e.location, { file: FILE, line: 3, col: 5 });
  assertStringIncludes(e.hint ?? "", 'did you mean "exclude"?');
});

Deno.test("an include_dirs entry without a path is an error at the entry", async () => {
  const e = await parseError("include_dirs:\n  - include: ['*.sql']\n");
  assertEquals(e.code, "CONFIG_INVALID_VALUE");
  assertEquals(e.location?.line, 2);
});

Deno.test("${VAR} and ${VAR:-default} are expanded in every string value", async () => {
  const vars = { V: "val", TT: "ledger", DUR: "3s", SDUR: "40ms", EMPTY: "" };
  const c = await parse(
    [
      "name: ${V}",
      "database_url: postgres://${DBUSER:-app}@${V}:5432/${DB:-app}",
      "include_dirs:",
      "  - ${V}/a",
      "  - path: ${V}/b",
      "    include: ['${V}/**/*.sql', '${MISSING_OK:-x}.sql']",
      "    exclude: ${V}/skip/**",
      "exclude_dirs: ['${V}/old']",
      "migrations_dir: ${MIG:-db/${V}}",
      "tracking_table: ops.${TT}",
      "lock_timeout: ${DUR}",
      "statement_lock_timeout: ${SDUR:-1s}",
    ].join("\n"),
    vars,
  );
  assertEquals(c.databaseUrl, "postgres://app@val:5432/app");
  assertEquals(c.includeDirs.map((d) => d.relPath), ["val/a", "val/b"]);
  assertEquals(c.includeDirs[1].include, ["val/**/*.sql", "x.sql"]);
  assertEquals(c.includeDirs[1].exclude, ["val/skip/**"]);
  assertEquals(c.excludeDirs, ["/project/val/old"]);
  assertEquals(c.migrationsDir, "/project/db/val");
  assertEquals(c.trackingTable, "ops.ledger");
  assertEquals(c.lockTimeoutMs, 3000);
  assertEquals(c.statementLockTimeoutMs, 40);
});

Deno.test("${VAR:-default} uses the default when the variable is empty; ${VAR} keeps an empty value", () => {
  assertEquals(expandVars("a${X:-d}b", { X: "" }, "k"), "adb");
  assertEquals(expandVars("a${X}b", { X: "" }, "k"), "ab");
  assertEquals(expandVars("${X:-}", {}, "k"), "");
  assertEquals(expandVars("no vars, $HOME and $ alone", {}, "k"), "no vars, $HOME and $ alone");
  assertEquals(expandVars("${A}${B:-b}", { A: "1" }, "k"), "1b");
});

Deno.test("a default may hold ${…} itself; it is expanded only when used", () => {
  assertEquals(expandVars("${MIG:-db/${V}}", { V: "val" }, "k"), "db/val");
  assertEquals(expandVars("${MIG:-db/${V}}", { MIG: "m" }, "k"), "m");
  assertEquals(expandVars("${A:-${B:-${C:-deep}}}!", {}, "k"), "deep!");
  // Not a reference: kept as written.
  assertEquals(expandVars("$HOME ${ ${1x} ${Z:-open", {}, "k"), "$HOME ${ ${1x} ${Z:-open");
  const e = assertThrows(() => expandVars("${A:-${B}}", {}, "migrations_dir"));
  assert(e instanceof ConfitureError);
  assertEquals(e.code, "CONFIG_MISSING_VARIABLE");
  assertStringIncludes(e.message, "B");
});

Deno.test("a missing variable names the key and the variable, at the value's position", async () => {
  const e = await parseError("name: x\ndatabase_url: postgres://${PGUSER}@db/app\n");
  assertEquals(e.code, "CONFIG_MISSING_VARIABLE");
  assertStringIncludes(e.message, "PGUSER");
  assertStringIncludes(e.message, '"database_url"');
  assertEquals(e.location, { file: FILE, line: 2, col: 15 });
  assertStringIncludes(e.hint ?? "", "${PGUSER:-");

  const nested = await parseError("include_dirs:\n  - path: db/x\n    include: ['${GLOB}']\n");
  assertEquals(nested.code, "CONFIG_MISSING_VARIABLE");
  assertStringIncludes(nested.message, "GLOB");
  assertStringIncludes(nested.message, "include_dirs.include");

  const dur = await parseError("lock_timeout: ${LT}\n");
  assertEquals(dur.code, "CONFIG_MISSING_VARIABLE");
  assertStringIncludes(dur.message, '"lock_timeout"');
});

Deno.test("durations: milliseconds as numbers, or strings with ms, s, sec, m, min, h", () => {
  assertEquals(parseDuration(1500, "k"), 1500);
  assertEquals(parseDuration("250", "k"), 250);
  assertEquals(parseDuration("500ms", "k"), 500);
  assertEquals(parseDuration("5s", "k"), 5000);
  assertEquals(parseDuration("1.5s", "k"), 1500);
  assertEquals(parseDuration("2 sec", "k"), 2000);
  assertEquals(parseDuration("2m", "k"), 120_000);
  assertEquals(parseDuration("2min", "k"), 120_000);
  assertEquals(parseDuration("1h", "k"), 3_600_000);
  assertEquals(parseDuration("0", "k"), 0);
  for (const bad of ["5 parsecs", "-1s", "", "s", "1e3", true, null, -5, Number.NaN, Infinity]) {
    const e = assertThrows(() => parseDuration(bad, "lock_timeout"), `${String(bad)} was accepted`);
    assert(e instanceof ConfitureError);
    assertEquals(e.code, "CONFIG_INVALID_VALUE");
    assertStringIncludes(e.message, '"lock_timeout"');
  }
});

Deno.test("a bad duration in the file is CONFIG_INVALID_VALUE at the value", async () => {
  const e = await parseError("name: x\nstatement_lock_timeout: soon\n");
  assertEquals(e.code, "CONFIG_INVALID_VALUE");
  assertEquals(e.location, { file: FILE, line: 2, col: 25 });
  assertEquals((await parse("lock_timeout: 2500\n")).lockTimeoutMs, 2500);
});

Deno.test("tracking_table: a name or schema.name; anything else is rejected", async () => {
  for (const ok of ["tb_confiture", "ops.tb_confiture", "_t", "T1", "a$b"]) {
    assertEquals((await parse(`tracking_table: ${ok}\n`)).trackingTable, ok);
  }
  for (const bad of ["bad-name", "a.b.c", "1abc", "'with space'", "'ops.'", "'.t'", "'t;drop'"]) {
    const e = await parseError(`tracking_table: ${bad}\n`);
    assertEquals(e.code, "CONFIG_INVALID_VALUE", bad);
    assertEquals(e.location?.line, 1);
  }
});

Deno.test("values of the wrong type are CONFIG_INVALID_VALUE", async () => {
  assertEquals((await parseError("migrations_dir: [a, b]\n")).code, "CONFIG_INVALID_VALUE");
  assertEquals((await parseError("include_dirs: db/schema\n")).code, "CONFIG_INVALID_VALUE");
  assertEquals((await parseError("database_url: true\n")).code, "CONFIG_INVALID_VALUE");
  assertEquals((await parseError("- a\n- b\n")).code, "CONFIG_INVALID_VALUE");
});

Deno.test("invalid YAML is CONFIG_INVALID_YAML with a location", async () => {
  const e = await parseError("name: x\ndatabase_url: [unclosed\n");
  assertEquals(e.code, "CONFIG_INVALID_YAML");
  assertEquals(e.location?.file, FILE);
  assert((e.location?.line ?? 0) >= 2);
  assertEquals((await parseError("name: a\nname: b\n")).code, "CONFIG_INVALID_YAML");
});

Deno.test("database_url: empty or null means none", async () => {
  assertEquals((await parse("database_url:\n")).databaseUrl, undefined);
  assertEquals((await parse("database_url: ''\n")).databaseUrl, undefined);
  assertEquals((await parse("database_url: ${U:-}\n")).databaseUrl, undefined);
});

Deno.test("connection precedence: flag > CONFITURE_DATABASE_URL > config > DATABASE_URL > embedded", () => {
  const config = { root: "/project", env: "staging", databaseUrl: "postgres://config/db" };
  const vars = { CONFITURE_DATABASE_URL: "postgres://confiture-env/db", DATABASE_URL: "postgres://database-env/db" };
  assertEquals(resolveConnection({ flag: "postgres://flag/db", vars, config }), {
    url: "postgres://flag/db",
    source: "flag",
  });
  assertEquals(resolveConnection({ vars, config }), {
    url: "postgres://confiture-env/db",
    source: "env:CONFITURE_DATABASE_URL",
  });
  assertEquals(resolveConnection({ vars: { DATABASE_URL: vars.DATABASE_URL }, config }), {
    url: "postgres://config/db",
    source: "config",
  });
  assertEquals(
    resolveConnection({ vars: { DATABASE_URL: vars.DATABASE_URL }, config: { ...config, databaseUrl: undefined } }),
    {
      url: "postgres://database-env/db",
      source: "env:DATABASE_URL",
    },
  );
  assertEquals(resolveConnection({ vars: {}, config: { ...config, databaseUrl: undefined } }), {
    url: "embedded:" + join("/project", ".confiture", "embedded", "staging"),
    source: "embedded",
  });
  // Empty values do not count as set.
  assertEquals(
    resolveConnection({ flag: "", vars: { CONFITURE_DATABASE_URL: "", DATABASE_URL: "" }, config }).source,
    "config",
  );
});

Deno.test("loadConfig: a missing local environment gives the defaults; another missing one is CONFIG_NOT_FOUND", async () => {
  const root = await Deno.makeTempDir({ prefix: "confiture-config-" });
  try {
    const local = await loadConfig({ root, vars: {} });
    assertEquals(local.env, "local");
    assertEquals(local.file, undefined);
    assertEquals(local.migrationsDir, join(root, "db/migrations"));

    let err: unknown;
    try {
      await loadConfig({ root, env: "prod", vars: {} });
    } catch (e) {
      err = e;
    }
    assert(err instanceof ConfitureError);
    assertEquals(err.code, "CONFIG_NOT_FOUND");
    assertStringIncludes(err.message, "db/environments/prod.yaml");

    await Deno.mkdir(join(root, "db/environments"), { recursive: true });
    await Deno.writeTextFile(join(root, "db/environments/prod.yaml"), "database_url: ${PROD_URL}\n");
    const prod = await loadConfig({ root, env: "prod", vars: { PROD_URL: "postgres://prod/app" } });
    assertEquals(prod.databaseUrl, "postgres://prod/app");
    assertEquals(prod.file, "db/environments/prod.yaml");

    // A missing one names the closest environment and lists those the project has.
    await Deno.writeTextFile(join(root, "db/environments/staging.yaml"), "database_url: postgres://s/app\n");
    const typo = await loadConfig({ root, env: "stagign", vars: {} }).catch((e) => e);
    assert(typo instanceof ConfitureError);
    assertEquals(typo.code, "CONFIG_NOT_FOUND");
    assertEquals(
      typo.hint,
      'did you mean "staging"? environments of this project: local, prod, staging; or create db/environments/stagign.yaml',
    );

    for (const bad of ["../etc", "a/b", ""]) {
      let e2: unknown;
      try {
        await loadConfig({ root, env: bad, vars: {} });
      } catch (e) {
        e2 = e;
      }
      assert(e2 instanceof ConfitureError, `environment name ${JSON.stringify(bad)} was accepted`);
      assertEquals(e2.code, "CONFIG_INVALID_VALUE");
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("findProjectRoot walks up to the folder holding db/environments or db/schema", async () => {
  const root = await Deno.makeTempDir({ prefix: "confiture-root-" });
  try {
    await Deno.mkdir(join(root, "db/schema/10_tables"), { recursive: true });
    assertEquals(findProjectRoot(join(root, "db/schema/10_tables")), root);
    assertEquals(findProjectRoot(root), root);
    const elsewhere = await Deno.makeTempDir({ prefix: "confiture-noproject-" });
    try {
      assertEquals(findProjectRoot(elsewhere), elsewhere);
    } finally {
      await Deno.remove(elsewhere, { recursive: true });
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("closest suggests near keys only", () => {
  assertEquals(closest("databse_url", ["database_url", "include_dirs"]), "database_url");
  assertEquals(closest("tracking", ["tracking_table", "name"]), "tracking_table");
  assertEquals(closest("qqqq", ["database_url", "name"]), undefined);
});

Deno.test("connect_timeout: a positive duration; unset by default", async () => {
  assertEquals((await parse("")).connectTimeoutMs, undefined);
  assertEquals((await parse("connect_timeout: ${T:-2500ms}")).connectTimeoutMs, 2_500);
  for (const bad of ["connect_timeout: 0s", "connect_timeout: soon"]) {
    const e = await parseError(bad);
    assertEquals(e.code, "CONFIG_INVALID_VALUE");
    assertEquals(e.location, { file: FILE, line: 1, col: 18 });
  }
});

Deno.test("connect_timeout reaches every server URL without its own, never an embedded one", () => {
  const config = { root: "/project", env: "local", databaseUrl: "postgres://u:p@config/db", connectTimeoutMs: 2_500 };
  assertEquals(resolveConnection({ vars: {}, config }).url, "postgres://u:p@config/db?connect_timeout=2.5");
  assertEquals(
    resolveConnection({ flag: "postgres://flag/db?sslmode=disable", vars: {}, config }).url,
    "postgres://flag/db?sslmode=disable&connect_timeout=2.5",
  );
  // the URL's own parameter wins
  assertEquals(
    resolveConnection({ flag: "postgresql://flag/db?connect_timeout=7", vars: {}, config }).url,
    "postgresql://flag/db?connect_timeout=7",
  );
  assertEquals(
    resolveConnection({ flag: "embedded:memory", vars: {}, config }),
    { url: "embedded:memory", source: "flag" },
  );
  const none = { ...config, databaseUrl: undefined };
  assertEquals(resolveConnection({ vars: {}, config: none }).source, "embedded");
  assertEquals(resolveConnection({ vars: {}, config: none }).url, "embedded:/project/.confiture/embedded/local");
  // libpq's PGCONNECT_TIMEOUT (seconds) when the environment sets none
  const noTimeout = { ...config, connectTimeoutMs: undefined };
  assertEquals(
    resolveConnection({ vars: { PGCONNECT_TIMEOUT: "4" }, config: noTimeout }).url,
    "postgres://u:p@config/db?connect_timeout=4",
  );
  assertEquals(
    resolveConnection({ vars: { PGCONNECT_TIMEOUT: "x" }, config: noTimeout }).url,
    "postgres://u:p@config/db",
  );
  assertEquals(resolveConnection({ vars: {}, config: noTimeout }).url, "postgres://u:p@config/db");
});

Deno.test("withConnectTimeout keeps fragments and leaves what is not a server URL", () => {
  assertEquals(withConnectTimeout("postgres://h/db#x", 1), "postgres://h/db?connect_timeout=1#x");
  assertEquals(withConnectTimeout("postgres://h/db?", 1), "postgres://h/db?connect_timeout=1");
  assertEquals(withConnectTimeout("not a url", 1), "not a url");
  assertEquals(withConnectTimeout("mysql://h/db", 1), "mysql://h/db");
});

Deno.test("an unclosed [ or { is reported where it opens, not where the parser gave up", async () => {
  const e = await parseError("include_dirs: [db/schema,\nmigrations_dir: db/migrations\nlock_timeout: 5s\n");
  assertEquals(e.code, "CONFIG_INVALID_YAML");
  assertEquals(e.location, { file: FILE, line: 1, col: 15 });
  assertStringIncludes(e.message, '"[" is never closed');
  // the inner list is closed: the outer one is meant
  assertEquals((await parseError("name: a\nexclude_dirs: [x, [y, z]\nlock_timeout: 5s\n")).location, {
    file: FILE,
    line: 2,
    col: 15,
  });
  // a bracket inside a quoted value does not count
  assertEquals((await parseError("name: 'x['\ninclude_dirs: {path: db/schema\n")).location, {
    file: FILE,
    line: 2,
    col: 15,
  });
  // at the end of the file, without a line break
  assertEquals((await parseError("lock_timeout: 5s\ninclude_dirs: [db/schema")).location, {
    file: FILE,
    line: 2,
    col: 15,
  });
});

Deno.test("reset_session_per_file: a boolean (also through ${VAR}); off by default", async () => {
  assertEquals((await parse("")).resetSessionPerFile, undefined);
  assertEquals((await parse("reset_session_per_file: true\n")).resetSessionPerFile, true);
  assertEquals((await parse("reset_session_per_file: false\n")).resetSessionPerFile, false);
  assertEquals((await parse("reset_session_per_file: ${RESET:-true}\n")).resetSessionPerFile, true);
  assertEquals((await parse("reset_session_per_file: ${RESET}\n", { RESET: "false" })).resetSessionPerFile, false);
  const bad = await parseError("name: x\nreset_session_per_file: yes\n");
  assertEquals(bad.code, "CONFIG_INVALID_VALUE");
  assertEquals(bad.location, { file: FILE, line: 2, col: 25 });
  const typo = await parseError("reset_session_per_files: true\n");
  assertEquals(typo.code, "CONFIG_UNKNOWN_KEY");
  assertStringIncludes(typo.hint ?? "", 'did you mean "reset_session_per_file"?');
});

Deno.test("loadConfig: a project folder that does not exist is CONFIG_NOT_FOUND naming it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const missing = join(dir, "no_such_project");
    const e = await assertRejects(() => loadConfig({ root: missing, vars: {} }));
    assert(e instanceof ConfitureError);
    assertEquals(e.code, "CONFIG_NOT_FOUND");
    assertStringIncludes(e.message, missing);
    const file = join(dir, "a_file");
    await Deno.writeTextFile(file, "");
    const notDir = await assertRejects(() => loadConfig({ root: file, vars: {} }));
    assert(notDir instanceof ConfitureError);
    assertEquals(notDir.code, "CONFIG_NOT_FOUND");
    // an existing folder without an environment file still gets the defaults
    assertEquals((await loadConfig({ root: dir, vars: {} })).includeDirs[0].relPath, "db/schema");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("placeholders: names with values (${VAR} expanded) or declared without one; bad names and shapes refused", async () => {
  const c = await parse(
    "placeholders:\n  app_schema: shop\n  owner: ${OWNER:-ops}\n  port: 5432\n  unset:\n",
    {},
  );
  assertEquals(c.placeholders, { app_schema: "shop", owner: "ops", port: "5432", unset: null });
  assertEquals((await parse("lock_timeout: 5s\n")).placeholders, undefined, "opt-in: none unless declared");
  let e = await parseError("placeholders:\n  bad-name: x\n");
  assertEquals([e.code, e.location?.line], ["CONFIG_INVALID_VALUE", 2]);
  e = await parseError("placeholders: [a, b]\n");
  assertEquals(e.code, "CONFIG_INVALID_VALUE");
  e = await parseError("placeholders:\n  list: [1, 2]\n");
  assertEquals([e.code, e.location?.line], ["CONFIG_INVALID_VALUE", 2]);
  e = await parseError("placeholders:\n  owner: ${NOPE}\n");
  assertEquals(e.code, "CONFIG_MISSING_VARIABLE");
});
