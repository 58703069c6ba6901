/**
 * The program needs no more than MINIMUM_FLAGS of scripts/permissions.ts (the binary itself is
 * compiled with --allow-all, see there), and each of them is needed: `main.ts` runs with exactly
 * those flags and `--no-prompt`, so a missing permission fails a command instead of asking.
 */
import { join } from "node:path";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "../_helpers/assert.ts";
import { type CliResult, runCli, tempProject } from "../_helpers/cli.ts";
import { TEST_SERVER_URL, withTestDatabase } from "../_helpers/db.ts";
import { MINIMUM_FLAGS, MINIMUM_RUN_FLAGS } from "../../scripts/permissions.ts";

const CAPABILITY_ERROR = /NotCapable|Requires \w+ access|PermissionDenied/;

/** Runs the CLI with exactly the minimum permissions; fails on any permission error. */
async function cli(args: string[], cwd: string): Promise<CliResult> {
  const r = await runCli(args, { cwd, permissions: [...MINIMUM_RUN_FLAGS] });
  assert(!CAPABILITY_ERROR.test(r.stderr + r.stdout), `confiture ${args.join(" ")}: permission error\n${r.stderr}`);
  return r;
}

/** Runs the CLI with the minimum permissions minus `drop`. */
function without(drop: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliResult> {
  const flags = MINIMUM_RUN_FLAGS.filter((f) => f !== drop);
  assertEquals(flags.length, MINIMUM_RUN_FLAGS.length - 1, `${drop} is not one of the flags`);
  return runCli(args, { cwd, permissions: flags, env });
}

function ok(r: CliResult, what: string): void {
  assertEquals(r.code, 0, `${what}: exit ${r.code}\n${r.stdout}\n${r.stderr}`);
}

Deno.test("permissions: --help, --version and init", async () => {
  const dir = await Deno.makeTempDir({ prefix: "confiture-perm-init-" });
  try {
    let r = await cli(["--help"], dir);
    ok(r, "--help");
    assertStringIncludes(r.stdout + r.stderr, "Usage: confiture");
    r = await cli(["--version"], dir);
    ok(r, "--version");
    assertMatch(r.stdout, /\d+\.\d+\.\d+/);
    r = await cli(["init"], dir);
    ok(r, "init");
    assert((await Deno.stat(join(dir, "db/environments/local.yaml"))).isFile);
    r = await cli(["build"], dir);
    ok(r, "build of an empty project");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("permissions: build, build --apply (folder and memory) and diff on the embedded engine, migrate on another", async () => {
  const root = await tempProject();
  try {
    let r = await cli(["build"], root);
    ok(r, "build");
    assert((await Deno.readTextFile(join(root, "db/generated/schema_local.sql"))).includes("CREATE"));

    r = await cli(["build", "--apply"], root);
    ok(r, "build --apply (embedded)");
    assert((await Deno.stat(join(root, ".confiture/embedded/local"))).isDirectory);

    r = await cli(["build", "--apply", "--database-url", "embedded:memory"], root);
    ok(r, "build --apply (embedded:memory)");
    assertStringIncludes(r.stderr, "embedded PostgreSQL");

    // diff with no server: both DDL sides go through embedded scratch databases
    await Deno.writeTextFile(join(root, "wanted.sql"), "CREATE TABLE public.perm_probe (id int PRIMARY KEY);\n");
    r = await cli(["diff", "--from", "schema", "--to", "wanted.sql", "--exit-code"], root);
    assertEquals(r.code, 2, `diff with differences\n${r.stdout}\n${r.stderr}`);
    assertStringIncludes(r.stdout, "perm_probe");
    assertStringIncludes(r.stderr, "scratch database in the embedded PostgreSQL");

    const emb = `embedded:${join(root, ".confiture/embedded/migrations")}`;
    r = await cli(["migrate", "status", "--database-url", emb], root);
    assertEquals(r.code, 2, `migrate status with pending migrations\n${r.stderr}`);
    r = await cli(["migrate", "up", "--database-url", emb], root);
    ok(r, "migrate up (embedded)");
    r = await cli(["migrate", "status", "--json", "--database-url", emb], root);
    ok(r, "migrate status (embedded)");
    const states = JSON.parse(r.stdout).migrations.map((m: { state: string }) => m.state);
    assert(states.length > 0 && states.every((s: string) => s === "applied"), JSON.stringify(states));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("permissions: build --apply, migrate up/status/new/down and diff on the test server", async () => {
  const root = await tempProject();
  try {
    await withTestDatabase("perm_build", async (_db, t) => {
      ok(await cli(["build", "--apply", "--database-url", t.url], root), "build --apply (server)");
    });
    await withTestDatabase("perm_migrate", async (_db, t) => {
      const url = ["--database-url", t.url];
      let r = await cli(["migrate", "status", ...url], root);
      assertEquals(r.code, 2, `migrate status with pending migrations\n${r.stderr}`);
      ok(await cli(["migrate", "up", ...url], root), "migrate up (server)");
      ok(await cli(["migrate", "status", ...url], root), "migrate status (server)");
      r = await cli(["migrate", "new", "add", "note", "--json"], root);
      ok(r, "migrate new");
      const files: string[] = JSON.parse(r.stdout).files;
      await Deno.writeTextFile(join(root, files[0]), "ALTER TABLE shop.orders ADD COLUMN note text;\n");
      await Deno.writeTextFile(join(root, files[1]), "ALTER TABLE shop.orders DROP COLUMN note;\n");
      ok(await cli(["migrate", "up", ...url], root), "migrate up of the new migration");
      ok(await cli(["migrate", "down", "--steps", "1", ...url], root), "migrate down");
      // diff of the server against the DDL tree: a scratch database on the same server
      r = await cli(["diff", "--from", t.url, "--to", "schema", "--json"], root);
      ok(r, "diff (server)");
      assertEquals(JSON.parse(r.stdout).ok, true);
    });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("permissions: a URL without a user takes the operating-system user (sys uid, gid, userInfo)", async () => {
  const u = new URL(TEST_SERVER_URL);
  u.username = "";
  u.password = "";
  const dir = await Deno.makeTempDir({ prefix: "confiture-perm-user-" });
  try {
    // USER/LOGNAME are not passed to the child: the name must come from os.userInfo().
    const r = await cli(["migrate", "status", "--database-url", u.href], dir);
    assert(!r.stderr.includes("no PostgreSQL user name specified"), r.stderr);
    const denied = await without(`--allow-sys=uid,gid,userInfo`, ["migrate", "status", "--database-url", u.href], dir);
    assert(denied.code !== 0, "without sys access the OS user name is unknown");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("permissions: each flag is needed", async () => {
  assertEquals(MINIMUM_FLAGS.length, 5);
  const root = await tempProject();
  try {
    await withTestDatabase("perm_each", async (_db, t) => {
      const cases: [string, string[]][] = [
        ["--allow-read", ["build"]],
        ["--allow-write", ["migrate", "new", "x"]],
        ["--allow-env", ["build"]],
        ["--allow-net", ["migrate", "status", "--database-url", t.url]],
      ];
      for (const [flag, args] of cases) {
        const full = await cli(args, root);
        assert(full.code === 0 || full.code === 2, `confiture ${args.join(" ")}: exit ${full.code}\n${full.stderr}`);
        const r = await without(flag, args, root);
        // The error may be wrapped (FILE_WRITE_FAILED, CONNECTION_FAILED): the exit code tells.
        assert(r.code !== full.code, `confiture ${args.join(" ")} worked without ${flag}: ${r.stderr}`);
        assert(r.code !== 0 && r.code !== 2, `${flag}: exit ${r.code}`);
      }
    });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
