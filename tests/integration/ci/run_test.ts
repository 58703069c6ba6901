/**
 * `.ci/run`: sourcing it only defines its functions (so they can be checked here), and its
 * PostgreSQL detection tells the test server from a port where nothing listens.
 */
import { join } from "node:path";
import { assert, assertEquals } from "../../_helpers/assert.ts";
import { REPO_ROOT } from "../../_helpers/cli.ts";
import { TEST_SERVER_URL } from "../../_helpers/db.ts";

const SCRIPT = join(REPO_ROOT, ".ci/run");

/** Runs `snippet` in bash after sourcing .ci/run; returns the exit code and output. */
async function sourced(snippet: string, env: Record<string, string> = {}) {
  const out = await new Deno.Command("bash", {
    args: ["-c", `source "$1"; ${snippet}`, "bash", SCRIPT],
    env: { ...env, NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

function closedPort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

Deno.test(".ci/run: bash accepts it, and sourcing it runs nothing", async () => {
  const syntax = await new Deno.Command("bash", { args: ["-n", SCRIPT], stderr: "piped" }).output();
  assertEquals(syntax.code, 0, new TextDecoder().decode(syntax.stderr));
  const r = await sourced("type main ensure_deno ensure_postgres pg_ready pg_login_ok >/dev/null && echo defined");
  assertEquals([r.code, r.stdout, r.stderr], [0, "defined\n", ""]);
});

Deno.test(".ci/run: pg_ready and pg_login_ok find the test server and nothing on a closed port", async () => {
  const u = new URL(TEST_SERVER_URL);
  const server = { PG_HOST: u.hostname || "127.0.0.1", PG_PORT: u.port || "5432" };
  const ready = await sourced("pg_ready", server);
  assertEquals(ready.code, 0, `pg_ready on ${server.PG_HOST}:${server.PG_PORT}: ${ready.stderr}`);
  if (!u.password) {
    const login = await sourced("pg_login_ok", server);
    assertEquals(login.code, 0, `pg_login_ok: ${login.stderr}`);
  }
  const closed = { PG_HOST: "127.0.0.1", PG_PORT: String(closedPort()) };
  const notReady = await sourced("pg_ready", closed);
  assert(notReady.code !== 0, "pg_ready succeeded on a port where nothing listens");
});
