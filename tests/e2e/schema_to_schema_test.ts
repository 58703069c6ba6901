/**
 * `confiture schema-to-schema` as users run it, in a project whose DDL tree is the new schema and
 * whose db/schema_to_schema.yaml maps the old database into it: the plan, a run with --verify and
 * --json, no password in any output; a run killed with SIGKILL in the middle, then run again: it
 * resumes, and verify passes.
 */
import { join } from "node:path";
import { assert, assertEquals, assertStringIncludes } from "../_helpers/assert.ts";
import { MAIN, runCli, tempProject } from "../_helpers/cli.ts";
import { dbScope, execOn, MAPPING, NEW_TREE, OLD_DATA, OLD_SCHEMA, queryOn } from "../integration/transfer/_fixture.ts";

const SECRET = "Url-Pa55word-never-shown";

/** A project whose tree is the new schema, with the mapping file. */
async function project(): Promise<string> {
  const dir = await tempProject();
  await Deno.remove(join(dir, "db/schema"), { recursive: true });
  for (const [path, text] of Object.entries(NEW_TREE)) {
    await Deno.mkdir(join(dir, path, ".."), { recursive: true });
    await Deno.writeTextFile(join(dir, path), text);
  }
  await Deno.writeTextFile(join(dir, "db/schema_to_schema.yaml"), MAPPING);
  return dir;
}

/** The URL with a password (the test server trusts 127.0.0.1, so it is not checked, only carried). */
const withPassword = (url: string) => url.replace("postgres@", `postgres:${SECRET}@`);

Deno.test("e2e schema-to-schema: plan, then run --verify --json; no password in any output", async () => {
  await using dbs = dbScope();
  const source = await dbs.make("e2e_s2s_src");
  await execOn(source.url, OLD_SCHEMA + OLD_DATA);
  const target = await dbs.make("e2e_s2s_dst");
  const dir = await project();
  try {
    const sides = ["--source", withPassword(source.url), "--target", withPassword(target.url)];
    const fdw = ["--fdw-max-size", "1MB"];
    const plan = await runCli(["schema-to-schema", "plan", ...sides, ...fdw], { cwd: dir });
    assertEquals(plan.code, 0, plan.stderr);
    assertStringIncludes(plan.stdout, "Built the target from 3 file(s) of the DDL tree");
    assertStringIncludes(plan.stdout, "public.users ← public.accounts (mapping)  [fdw]");
    assertStringIncludes(plan.stdout, "display_name ← full_name (hint)");
    assertStringIncludes(plan.stdout, "public.addresses ← a query  [copy]");
    assertStringIncludes(plan.stdout, "dropped (listed): coupon");
    assertStringIncludes(plan.stdout, "Plan only: no row was moved.");
    const run = await runCli(["schema-to-schema", "run", ...sides, ...fdw, "--verify", "--json", "--verbose"], {
      cwd: dir,
    });
    assertEquals(run.code, 0, run.stderr + run.stdout);
    const doc = JSON.parse(run.stdout);
    assertEquals(doc.ok, true);
    assertEquals(doc.verification.ok, true);
    assertEquals(doc.tables.map((t: { table: string; rows: number }) => [t.table, t.rows]).sort(), [
      ["public.addresses", 130],
      ["public.purchases", 540],
      ["public.users", 180],
    ]);
    // A failed verify exits 2 and names the table.
    await execOn(target.url, "DELETE FROM public.addresses WHERE user_id = 1");
    const bad = await runCli(["schema-to-schema", "verify", ...sides], { cwd: dir });
    assertEquals(bad.code, 2, bad.stderr);
    assertStringIncludes(bad.stderr, "public.addresses: 130 row(s) from the source, 129 on the target");
    const cut = await runCli(["schema-to-schema", "cutover", ...sides], { cwd: dir });
    assertEquals(cut.code, 8, cut.stderr);
    assertStringIncludes(cut.stderr, "S2S_NOT_VERIFIED");
    const clean = await runCli(["schema-to-schema", "cleanup", ...sides, "--json"], { cwd: dir });
    assertEquals(clean.code, 0, clean.stderr);
    for (const r of [plan, run, bad, cut, clean]) {
      assert(!(r.stdout + r.stderr).includes(SECRET), `the password was printed:\n${r.stdout}\n${r.stderr}`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("e2e schema-to-schema: SIGKILL during run, then run again: it resumes and verify passes", async () => {
  await using dbs = dbScope();
  const source = await dbs.make("e2e_s2s_kill_src");
  await execOn(
    source.url,
    OLD_SCHEMA + OLD_DATA.replace("ANALYZE;", "") + `
INSERT INTO public.orders (account_id, total, coupon, placed_at)
  SELECT (g % 200) + 1 + CASE WHEN (g % 200) % 10 = 2 THEN 1 ELSE 0 END, g % 1000, NULL, timestamp '2026-03-01' + g * interval '1 second'
    FROM generate_series(1, 200000) g;
ANALYZE;`,
  );
  const target = await dbs.make("e2e_s2s_kill_dst");
  const dir = await project();
  try {
    const sides = ["--source", source.url, "--target", target.url, "--strategy", "copy"];
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--quiet", MAIN, "schema-to-schema", "run", ...sides],
      cwd: dir,
      stdout: "null",
      stderr: "null",
      env: { NO_COLOR: "1" },
    }).spawn();
    // Kill it once users has committed and purchases is being copied.
    let killed = false;
    for (let i = 0; i < 2400 && !killed; i++) {
      await new Promise((r) => setTimeout(r, 25));
      const rows = await queryOn<{ table_name: string; finished: boolean }>(
        target.url,
        "SELECT table_name, finished_at IS NOT NULL AS finished FROM confiture_s2s.confiture_s2s_state WHERE part >= 0",
      ).catch(() => []);
      const finished = rows.filter((r) => r.finished).map((r) => r.table_name);
      const copying = await queryOn<{ n: string }>(
        target.url,
        "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'COPY %purchases%FROM STDIN%'",
      );
      if (finished.includes("public.users") && !finished.includes("public.purchases") && copying[0].n !== "0") {
        child.kill("SIGKILL");
        killed = true;
      }
    }
    const status = await child.status;
    assert(killed, "the run ended before it could be killed in the middle");
    assertEquals(status.success, false);
    await new Promise((r) => setTimeout(r, 300));
    assertEquals(await queryOn(target.url, "SELECT count(*)::int AS n FROM public.purchases"), [{ n: 0 }]);
    const again = await runCli(["schema-to-schema", "run", ...sides, "--json"], { cwd: dir });
    assertEquals(again.code, 0, again.stderr + again.stdout);
    const doc = JSON.parse(again.stdout);
    assertEquals(doc.resumed, true);
    assertEquals(doc.tables.find((t: { table: string }) => t.table === "public.users").resumed, true);
    assertEquals(doc.tables.find((t: { table: string }) => t.table === "public.purchases").rows, 200540);
    const verify = await runCli(["schema-to-schema", "verify", ...sides, "--json"], { cwd: dir });
    assertEquals(verify.code, 0, verify.stderr + verify.stdout);
    assertEquals(JSON.parse(verify.stdout).verification.ok, true);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
