/**
 * `deno task test` (scripts/test.ts): its own `N passed, N failed` line counts leaves the way
 * Deno reports them, and with CONFITURE_TEST_REQUIRE_SERVER=1 an unreachable server fails the run.
 */
import { join } from "node:path";
import { assert, assertEquals, assertStringIncludes } from "../../_helpers/assert.ts";
import { REPO_ROOT } from "../../_helpers/cli.ts";
import { countJunit, parseDenoSummary, probeServer, stripAnsi } from "../../../scripts/test.ts";

function closedPort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

Deno.test("test runner: counts the leaves of a real JUnit report (steps, failures, ignored)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "confiture-junit-" });
  try {
    await Deno.writeTextFile(
      join(dir, "sample_test.ts"),
      `Deno.test("passes", () => {});
Deno.test("fails", () => { throw new Error("no"); });
Deno.test({ name: "ignored", ignore: true, fn: () => {} });
Deno.test("with steps", async (t) => {
  await t.step("step ok", () => {});
  await t.step("step <fails> & more", () => { throw new Error("no"); });
});
`,
    );
    const junit = join(dir, "report.xml");
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["test", "--no-check", "--no-config", `--junit-path=${junit}`, join(dir, "sample_test.ts")],
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(out.code, 1, "the sample has failures");
    assertEquals(countJunit(await Deno.readTextFile(junit)), { passed: 2, failed: 2, ignored: 1 });
    const summary = stripAnsi(new TextDecoder().decode(out.stdout)).split("\n").find((l) => /^FAILED \|/.test(l));
    assert(summary, "no Deno summary line");
    const parsed = parseDenoSummary(summary);
    assertEquals([parsed?.failed, parsed?.ignored], [3, 1]); // Deno counts the failing parent and its step
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("test runner: parseDenoSummary reads Deno's pipe-separated line and nothing else", () => {
  assertEquals(parseDenoSummary("ok | 12 passed (3 steps) | 0 failed | 2 ignored (4s)"), {
    passed: 15,
    failed: 0,
    ignored: 2,
  });
  assertEquals(parseDenoSummary("\u001b[32mok\u001b[0m | 1 passed | 0 failed (1ms)")?.passed, 1);
  assertEquals(parseDenoSummary("12 passed, 0 failed"), undefined);
});

Deno.test("test runner: a closed port is reported, and CONFITURE_TEST_REQUIRE_SERVER=1 fails the run", async () => {
  const url = `postgres://postgres@127.0.0.1:${closedPort()}/postgres`;
  assertStringIncludes((await probeServer(url)) ?? "", "nothing answers");
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(REPO_ROOT, "scripts/test.ts"), "tests/unit/errors"],
    cwd: REPO_ROOT,
    env: { CONFITURE_TEST_DATABASE_URL: url, CONFITURE_TEST_REQUIRE_SERVER: "1", NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assertEquals(out.code, 1, stderr);
  assertStringIncludes(stderr, "does not answer");
  assertEquals(stderr.trim().split("\n").at(-1), "0 passed, 1 failed");
});
