/**
 * Convergence through the CLI, as users run it: `confiture diff --from <urlA>
 * --to <urlB>` prints the SQL on stdout; applied to A with psql it makes A's
 * schema equal to B's, and a second `diff` prints no statement; the script
 * printed by `diff --down` (taken before) then brings A back to from.sql.
 */
import { assert, assertEquals } from "../../_helpers/assert.ts";
import { runCli } from "../../_helpers/cli.ts";
import { createTestDatabase } from "../../_helpers/db.ts";
import { dumpDiff, dumpSchema } from "../../_helpers/schema_oracle.ts";
import { join } from "node:path";
import { applySql, isEmptySql, listCases } from "./_harness.ts";

const CLI_CASES = [
  "008_enum_add_value",
  "029_table_create",
  "033_column_type_change_using",
  "072_view_on_view_on_changed_column",
  "087_trigger_before_after",
  "110_app_blog_v2",
];

const cases = listCases().filter((c) => CLI_CASES.includes(c.name));

Deno.test("diff via CLI: the chosen cases exist", () => {
  assertEquals(cases.map((c) => c.name), CLI_CASES);
});

for (const c of cases) {
  Deno.test(`diff via CLI: ${c.name}`, async () => {
    await using a = await createTestDatabase(`diffcli_${c.name.slice(0, 3)}_a`);
    await using b = await createTestDatabase(`diffcli_${c.name.slice(0, 3)}_b`);
    await applySql(a.url, c.fromSql, `${c.name}/from.sql`);
    if (c.seedSql) await applySql(a.url, c.seedSql, `${c.name}/seed.sql`);
    await using fresh = await createTestDatabase(`diffcli_${c.name.slice(0, 3)}_c`);
    await applySql(b.url, c.toSql, `${c.name}/to.sql`);
    await applySql(fresh.url, c.fromSql, `${c.name}/from.sql`);
    const tmp = await Deno.makeTempDir({ prefix: "confiture-diff-cli-" });
    try {
      const first = await runCli(["diff", "--from", a.url, "--to", b.url], { cwd: tmp });
      assertEquals(first.code, 0, `confiture diff exited with ${first.code}:\n${first.stderr}`);
      assert(!isEmptySql(first.stdout), `no statements printed; stderr:\n${first.stderr}`);
      const down = await runCli(["diff", "--from", a.url, "--to", b.url, "--down"], { cwd: tmp });
      assertEquals(down.code, 0, `confiture diff --down exited with ${down.code}:\n${down.stderr}`);
      await applySql(a.url, first.stdout, "diff output");
      const [dumpA, dumpB] = [await dumpSchema(a.url), await dumpSchema(b.url)];
      assert(dumpA === dumpB, `A differs from B after the diff output:\n${dumpDiff(dumpB, dumpA)}\n${first.stdout}`);
      const second = await runCli(["diff", "--from", a.url, "--to", b.url], { cwd: tmp });
      assertEquals(second.code, 0, second.stderr);
      assert(isEmptySql(second.stdout), `second diff not empty:\n${second.stdout}`);
      await applySql(a.url, down.stdout, "diff --down output");
      const [dumpA2, dumpC] = [await dumpSchema(a.url), await dumpSchema(fresh.url)];
      assert(dumpA2 === dumpC, `A differs from from.sql after --down:\n${dumpDiff(dumpC, dumpA2)}\n${down.stdout}`);
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  });
}

Deno.test("diff in process: aborting while a DDL side is applied drops its scratch database at once", async () => {
  const { run } = await import("../../../src/cli/mod.ts");
  const { openScratchCount } = await import("../../../src/db/mod.ts");
  const { connectAdmin } = await import("../../_helpers/db.ts");
  await using t = await createTestDatabase("diffcli_abort");
  const dir = await Deno.makeTempDir({ prefix: "confiture-diff-abort-" });
  const marker = `confiture_abort_${crypto.randomUUID().slice(0, 8)}`;
  const admin = await connectAdmin();
  try {
    await Deno.writeTextFile(join(dir, "slow.sql"), `create table t (id int);\nselect pg_sleep(60) as ${marker};\n`);
    const controller = new AbortController();
    let stdout = "";
    let stderr = "";
    const io = {
      stdout: (s: string) => stdout += s,
      stderr: (s: string) => stderr += s,
      stderrIsTty: false,
      stdoutIsTty: false,
    };
    const running = run(["diff", "--from", t.url, "--to", "slow.sql"], {
      io,
      cwd: dir,
      signal: controller.signal,
      vars: {},
    });
    // The scratch database is the one whose session sleeps with the marker.
    let scratch: string | undefined;
    for (let i = 0; i < 400 && !scratch; i++) {
      const rows = await admin.query<{ datname: string }>(
        "select datname from pg_stat_activity where state = 'active' and query like $1 and pid <> pg_backend_pid()",
        [`%${marker}%`],
      );
      scratch = rows[0]?.datname;
      if (!scratch) await new Promise((r) => setTimeout(r, 25));
    }
    assert(scratch?.startsWith("confiture_scratch_diff_"), `no sleeping scratch database; stderr:\n${stderr}`);
    controller.abort();
    const code = await running;
    assert(code !== 0, "an interrupted diff does not succeed");
    assertEquals(stdout, "", "no SQL printed");
    assertEquals(openScratchCount(), 0);
    const left = await admin.query("select 1 from pg_database where datname = $1", [scratch]);
    assertEquals(left.length, 0, `scratch database ${scratch} still exists`);
  } finally {
    await admin.close();
    await Deno.remove(dir, { recursive: true });
  }
});
