import { assert, assertEquals, assertMatch, assertStringIncludes } from "../_helpers/assert.ts";
import { join } from "node:path";
import { runCli, tempProject } from "../_helpers/cli.ts";
import { withTestDatabase } from "../_helpers/db.ts";

Deno.test("--help lists the commands and exits 0", async () => {
  const r = await runCli(["--help"]);
  assertEquals(r.code, 0);
  assertStringIncludes(r.stdout, "Usage: confiture <command>");
  assertStringIncludes(r.stdout, "init");
});

Deno.test("--version prints the version from deno.json", async () => {
  const r = await runCli(["--version"]);
  const version = JSON.parse(await Deno.readTextFile(new URL("../../deno.json", import.meta.url))).version;
  assertEquals(r.stdout.trim(), `confiture ${version}`);
});

Deno.test("an unknown command suggests the closest one, exit 3", async () => {
  const r = await runCli(["inti"]);
  assertEquals(r.code, 3);
  assertStringIncludes(r.stderr, "error[USAGE_UNKNOWN_COMMAND]");
  assertStringIncludes(r.stderr, 'did you mean "confiture init"');
});

Deno.test("an unknown flag suggests the closest one; --json gives an error envelope", async () => {
  const r = await runCli(["init", "--jsno"]);
  assertEquals(r.code, 3);
  assertStringIncludes(r.stderr, "did you mean --json");
  const j = await runCli(["init", "--json", "--bogus"]);
  assertEquals(j.code, 3);
  const doc = JSON.parse(j.stdout);
  assertEquals(doc.ok, false);
  assertEquals(doc.error.code, "USAGE_UNKNOWN_OPTION");
});

Deno.test("every command has --help with examples", async () => {
  const { COMMANDS } = await import("../../src/cli/commands/index.ts");
  for (const c of COMMANDS) {
    const r = await runCli([...c.name.split(" "), "--help"]);
    assertEquals(r.code, 0, `${c.name} --help: ${r.stderr}`);
    assertStringIncludes(r.stdout, `Usage: confiture ${c.name}`);
    assertStringIncludes(r.stdout, "Examples:");
  }
});

Deno.test("init creates the layout and .gitignore lines; a second run is a no-op", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, ".gitignore"), "node_modules/");
    const r = await runCli(["init"], { cwd: dir });
    assertEquals(r.code, 0, r.stderr);
    for (const d of ["db/schema/00_common", "db/schema/30_functions", "db/migrations", "db/seeds/test"]) {
      assert((await Deno.stat(join(dir, d))).isDirectory, d);
    }
    const yaml = await Deno.readTextFile(join(dir, "db/environments/local.yaml"));
    assertStringIncludes(yaml, "# database_url:");
    assertEquals(await Deno.readTextFile(join(dir, ".gitignore")), "node_modules/\ndb/generated/\n.confiture/\n");
    // the .gitignore was there: it is updated, not created
    assertStringIncludes(r.stdout, "updated .gitignore (db/generated/, .confiture/)");
    assert(!r.stdout.includes("created .gitignore"), r.stdout);
    await Deno.writeTextFile(join(dir, "db/environments/local.yaml"), "include_dirs: [db/schema]\n");
    const again = await runCli(["init", "--json"], { cwd: dir });
    assertEquals(again.code, 0);
    const doc = JSON.parse(again.stdout);
    assertEquals(doc.changed, false);
    assertEquals(doc.created, []);
    assertEquals(doc.updated, []);
    assertEquals(await Deno.readTextFile(join(dir, "db/environments/local.yaml")), "include_dirs: [db/schema]\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a config with an unknown key fails with file:line:col and a suggestion, exit 4", async () => {
  const dir = await tempProject();
  try {
    await Deno.writeTextFile(
      join(dir, "db/environments/local.yaml"),
      "include_dirs:\n  - db/schema\ndatabse_url: postgres://x@localhost/db\n",
    );
    const r = await runCli(["migrate", "status"], { cwd: dir });
    assertEquals(r.code, 4, r.stderr);
    assertMatch(r.stderr, /db\/environments\/local\.yaml:3:1: error\[CONFIG_UNKNOWN_KEY\] unknown key "databse_url"/);
    assertStringIncludes(r.stderr, 'did you mean "database_url"');
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a missing ${VAR} names the key and the variable, exit 4", async () => {
  const dir = await tempProject();
  try {
    const r = await runCli(["migrate", "status", "--env", "production"], { cwd: dir });
    assertEquals(r.code, 4, r.stderr);
    assertStringIncludes(r.stderr, "error[CONFIG_MISSING_VARIABLE]");
    assertStringIncludes(r.stderr, "PRODUCTION_DATABASE_URL");
    assertStringIncludes(r.stderr, '"database_url"');
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a wrong password is never printed, in text or JSON, even with --verbose", async () => {
  const secret = "Tr0ub4dor-and-3";
  // a role that does not exist (trust servers accept any password for real roles)
  const url = `postgres://no_such_role_x:${secret}@127.0.0.1:5432/postgres`;
  for (const extra of [[], ["--json"], ["--verbose"]]) {
    const r = await runCli(["migrate", "status", "--database-url", url, ...extra], { cwd: await tempProject() });
    assertEquals(r.code, 5, r.stdout + r.stderr);
    assert(!r.stdout.includes(secret) && !r.stderr.includes(secret), "password leaked: " + r.stdout + r.stderr);
    assertStringIncludes(r.stdout + r.stderr, "***");
  }
});

Deno.test("an unreachable host fails clearly with a connection error, exit 5", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const r = await runCli(["migrate", "status", "--database-url", `postgres://u:pw12345@127.0.0.1:${port}/x`], {
    cwd: await tempProject(),
  });
  assertEquals(r.code, 5, r.stderr);
  assertStringIncludes(r.stderr, "error[CONNECTION_FAILED]");
  assert(!r.stderr.includes("pw12345"));
});

Deno.test("a server that never answers fails with CONNECTION_FAILED after the environment's connect_timeout", async () => {
  // accepts TCP connections and never says anything, like a host behind a silent firewall
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  const held: Deno.Conn[] = [];
  const accepting = (async () => {
    try {
      for await (const c of listener) held.push(c);
    } catch (e) {
      if (!(e instanceof Deno.errors.BadResource)) throw e;
    }
  })();
  const dir = await tempProject();
  try {
    await Deno.writeTextFile(
      join(dir, "db/environments/local.yaml"),
      `database_url: postgres://app:s3cr3t-pw@127.0.0.1:${port}/app\nconnect_timeout: 1s\n`,
    );
    const r = await runCli(["migrate", "status"], { cwd: dir });
    assertEquals(r.code, 5, r.stderr);
    assertStringIncludes(r.stderr, "error[CONNECTION_FAILED]");
    assertStringIncludes(r.stderr, "timed out after 1 s");
    assert(!r.stderr.includes("s3cr3t-pw"), r.stderr);
    const j = await runCli(["migrate", "status", "--json"], { cwd: dir });
    const doc = JSON.parse(j.stdout);
    assertEquals(doc.error.code, "CONNECTION_FAILED");
    assertStringIncludes(doc.error.message, "timed out after 1 s");
  } finally {
    listener.close();
    await accepting;
    for (const c of held) c.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("--verbose and --json say which connection source was used", async () => {
  const dir = await tempProject();
  try {
    await withTestDatabase("cli_source", async (_db, t) => {
      const cases: [string, string[], Record<string, string>][] = [
        ["flag", ["--database-url", t.url], { CONFITURE_DATABASE_URL: "postgres://nobody@127.0.0.1:1/x" }],
        ["env:CONFITURE_DATABASE_URL", [], {
          CONFITURE_DATABASE_URL: t.url,
          DATABASE_URL: "postgres://x@127.0.0.1:1/x",
        }],
        ["env:DATABASE_URL", [], { DATABASE_URL: t.url }],
      ];
      for (const [source, flags, env] of cases) {
        const v = await runCli(["migrate", "status", "--verbose", ...flags], { cwd: dir, env });
        assertEquals(v.code, 2, v.stderr);
        assertStringIncludes(v.stderr, `(server, source: ${source})`);
        const j = await runCli(["migrate", "status", "--json", ...flags], { cwd: dir, env });
        const doc = JSON.parse(j.stdout);
        assertEquals([doc.connection.source, doc.connection.backend], [source, "server"]);
      }
    });
    const e = await runCli(["migrate", "status", "--json"], { cwd: dir });
    assertEquals(JSON.parse(e.stdout).connection.source, "embedded");
    assertStringIncludes(e.stderr, "using the embedded PostgreSQL");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
