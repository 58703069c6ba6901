/**
 * Ctrl-C (SIGINT) and SIGTERM while a command runs: the running statement is cancelled and
 * rolled back, the run ends with INTERRUPTED and exit code 130, never as an internal error.
 */
import { join } from "node:path";
import { assert, assertEquals, assertStringIncludes } from "../_helpers/assert.ts";
import { MAIN, tempProject } from "../_helpers/cli.ts";
import { connectAdmin, createTestDatabase } from "../_helpers/db.ts";
import { connect, type Database } from "../../src/db/mod.ts";

const SLOW = "20260301000000_slow_backfill";

/** Waits until a session of `database` runs pg_sleep (the migration is mid-statement). */
async function waitForSleep(admin: Database, database: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const busy = await admin.query(
      "select 1 from pg_stat_activity where datname = $1 and wait_event = 'PgSleep'",
      [database],
    );
    if (busy.length) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("the slow migration never started");
}

/** Sessions of `database` still sleeping, once they have had time to end. */
async function sleepers(admin: Database, database: string): Promise<number> {
  let n = 0;
  for (let i = 0; i < 100; i++) {
    n = (await admin.query(
      "select 1 from pg_stat_activity where datname = $1 and wait_event = 'PgSleep'",
      [database],
    )).length;
    if (n === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return n;
}

/** Runs `confiture <args>`, sends `signal` once the slow migration sleeps, returns the outcome. */
async function interrupt(
  args: string[],
  signal: Deno.Signal,
  admin: Database,
  database: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", MAIN, ...args],
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const output = child.output();
  try {
    await waitForSleep(admin, database);
  } finally {
    child.kill(signal);
  }
  const out = await output;
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("migrate up: Ctrl-C or SIGTERM mid-statement exits 130 with INTERRUPTED; the migration is rolled back", {
  ignore: Deno.build.os === "windows",
}, async () => {
  await using t = await createTestDatabase("e2e_interrupt");
  const root = await tempProject();
  const admin = await connectAdmin();
  try {
    await Deno.writeTextFile(
      join(root, "db", "migrations", `${SLOW}.up.sql`),
      "CREATE TABLE shop.backfill_marker (id int);\nSELECT pg_sleep(120);\n",
    );
    const cli = ["migrate", "up", "-C", root, "--database-url", t.url];

    const human = await interrupt(cli, "SIGINT", admin, t.name);
    assertEquals(human.code, 130, human.stderr);
    assertStringIncludes(human.stderr, "error[INTERRUPTED] interrupted");
    assertStringIncludes(human.stderr, "canceling statement due to user request");
    assert(!human.stderr.includes("INTERNAL_ERROR") && !human.stderr.includes("report"), human.stderr);
    assertEquals(await sleepers(admin, t.name), 0, "the running statement was cancelled");

    // The lock was released: a second run gets it, and is stopped the same way, by SIGTERM.
    const json = await interrupt([...cli, "--json"], "SIGTERM", admin, t.name);
    assertEquals(json.code, 130, json.stderr);
    const doc = JSON.parse(json.stdout);
    assertEquals([doc.ok, doc.command, doc.error.code, doc.error.message], [
      false,
      "migrate up",
      "INTERRUPTED",
      "interrupted",
    ]);

    const target = await connect({ url: t.url, source: "flag" });
    try {
      const applied = await target.query<{ version: string }>("select version from tb_confiture order by version");
      assertEquals(applied.map((r) => r.version), ["20260101120000", "20260115093000"]);
      const [{ marker }] = await target.query<{ marker: string | null }>(
        "select to_regclass('shop.backfill_marker')::text as marker",
      );
      assertEquals(marker, null, "nothing of the interrupted migration stays");
    } finally {
      await target.close();
    }
  } finally {
    await admin.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("sync: Ctrl-C mid-copy exits 130 at once, naming the finished tables and --resume", {
  ignore: Deno.build.os === "windows",
}, async () => {
  await using src = await createTestDatabase("e2e_interrupt_sync_src");
  await using dst = await createTestDatabase("e2e_interrupt_sync_dst");
  const root = await tempProject();
  const admin = await connectAdmin();
  try {
    const ddl =
      "CREATE TABLE public.a (id int PRIMARY KEY); CREATE TABLE public.b (id int PRIMARY KEY, a_id int REFERENCES public.a);";
    for (const url of [src.url, dst.url]) {
      const db = await connect({ url, source: "flag" });
      try {
        await db.query(ddl);
      } finally {
        await db.close();
      }
    }
    const db = await connect({ url: src.url, source: "flag" });
    try {
      await db.query("INSERT INTO public.a VALUES (1); INSERT INTO public.b VALUES (1, 1);");
    } finally {
      await db.close();
    }
    // Reading public.b sleeps, so that the signal arrives once public.a has committed.
    const config = join(root, "slow_sync.yaml");
    await Deno.writeTextFile(
      config,
      'tables: ["public.a", "public.b"]\nwhere:\n  public.b: "pg_sleep(120) IS NOT NULL"\n',
    );
    const run = await interrupt(
      ["sync", "-C", root, "--from", src.url, "--to", dst.url, "--config", config],
      "SIGINT",
      admin,
      src.name,
    );
    assertEquals(run.code, 130, run.stderr);
    assertStringIncludes(run.stderr, "error[INTERRUPTED]");
    assertStringIncludes(run.stderr, "finished before it stopped: public.a");
    assertStringIncludes(run.stderr, "--resume");
  } finally {
    await admin.close();
    await Deno.remove(root, { recursive: true });
  }
});
