import { connect, type Database, migrationLockKey } from "../../../src/db/mod.ts";
import { migrateUp } from "../../../src/migrate/mod.ts";
import { assert, assertEquals } from "../../_helpers/assert.ts";
import { MAIN, REPO_ROOT, runCli } from "../../_helpers/cli.ts";
import { withTestDatabase } from "../../_helpers/db.ts";
import { migrationsDir } from "./_fixture.ts";

/** Polls `check` until it returns true (at most `limitMs`, then fails the test). */
async function until(what: string, check: () => Promise<boolean>, limitMs = 30_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`gave up waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function lockHeld(db: Database, dbName: string): Promise<boolean> {
  const key = migrationLockKey(dbName);
  const rows = await db.query(
    "select 1 from pg_locks where locktype = 'advisory' and classid = $1::int::oid and objid = $2::int::oid and granted",
    [key.namespace, key.id],
  );
  return rows.length > 0;
}

Deno.test("8 concurrent `migrate up` processes apply every migration exactly once", async () => {
  await withTestDatabase("mig_conc", async (db, t) => {
    const files: Record<string, string> = {};
    for (let i = 1; i <= 12; i++) {
      const v = `202601010000${String(i).padStart(2, "0")}`;
      files[`${v}_m${i}.up.sql`] =
        `create table t${i} (id int);\ninsert into t${i} values (${i});\nselect pg_sleep(0.02);`;
    }
    await using m = await migrationsDir(files);
    const runs = await Promise.all(
      Array.from(
        { length: 8 },
        () => runCli(["migrate", "up", "--json", "-C", m.root, "--database-url", t.url, "--lock-timeout", "120s"]),
      ),
    );
    let applied = 0;
    for (const r of runs) {
      if (r.code === 0) applied += JSON.parse(r.stdout).applied;
      else {
        assertEquals(r.code, 7, `exit ${r.code}: ${r.stdout} ${r.stderr}`);
        assertEquals(JSON.parse(r.stdout).error.code, "LOCK_TIMEOUT");
      }
    }
    assertEquals(applied, 12, "the applied counts of all runs add up to the number of migrations");
    const rows = await db.query<{ version: string; n: number }>(
      "select version, count(*)::int as n from tb_confiture group by version order by version",
    );
    assertEquals(rows.length, 12);
    assert(rows.every((r) => r.n === 1));
    const [{ n }] = await db.query<{ n: number }>("select count(*)::int as n from t12");
    assertEquals(n, 1);
  });
});

Deno.test("a runner killed with SIGKILL mid-migration leaves no ledger row, no partial DDL, no lock", async () => {
  await withTestDatabase("mig_kill", async (db, t) => {
    await db.exec("create table sleep_config (seconds float8 not null); insert into sleep_config values (60);");
    await using m = await migrationsDir({
      "20260101000001_a.up.sql": "create table a (id int);",
      "20260101000002_b.up.sql":
        "create table b (id int);\nselect pg_sleep((select seconds from sleep_config));\ncreate table b2 (id int);",
    });
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--quiet", MAIN, "migrate", "up", "-C", m.root, "--database-url", t.url],
      cwd: REPO_ROOT,
      stdout: "null",
      stderr: "null",
      env: { NO_COLOR: "1" },
    }).spawn();
    let killedPid = 0;
    await until("the runner sleeps inside migration b", async () => {
      // by its wait, not its text: the message holds several migrations and may be longer than the
      // track_activity_query_size pg_stat_activity keeps of it
      const rows = await db.query<{ pid: number }>(
        "select pid from pg_stat_activity where datname = current_database() and wait_event = 'PgSleep' and pid <> pg_backend_pid() and state = 'active'",
      );
      killedPid = rows[0]?.pid ?? 0;
      return rows.length > 0;
    });
    child.kill("SIGKILL");
    const status = await child.status;
    assert(!status.success);
    await until("the killed runner's session ends", async () => {
      const rows = await db.query("select 1 from pg_stat_activity where pid = $1", [killedPid]);
      return rows.length === 0;
    });
    const ledger = await db.query<{ version: string }>("select version from tb_confiture order by version");
    assertEquals(ledger.map((r) => r.version), ["20260101000001"]);
    const [{ b }] = await db.query<{ b: boolean }>("select to_regclass('b') is not null as b");
    assertEquals(b, false, "the table created before the kill was rolled back");
    assertEquals(await lockHeld(db, t.name), false);
    await db.exec("update sleep_config set seconds = 0");
    const r = await runCli(["migrate", "up", "--json", "-C", m.root, "--database-url", t.url]);
    assertEquals(r.code, 0, r.stderr);
    assertEquals(JSON.parse(r.stdout).applied, 1);
  });
});

Deno.test("CREATE INDEX CONCURRENTLY completes while a second runner waits for the lock", async () => {
  await withTestDatabase("mig_cic", async (db, t) => {
    await db.exec("create table t (id int, v text); insert into t select g, g::text from generate_series(1, 1000) g;");
    await using m = await migrationsDir({
      "20260101000001_idx.up.sql": "create index concurrently t_v_idx on t (v);",
    });
    const a = await connect({ url: t.url, source: "flag" });
    const x = await connect({ url: t.url, source: "flag" });
    try {
      // x holds a snapshot, so the index build must wait for it: runner A stays inside CIC
      let releaseX!: () => void;
      const xDone = new Promise<void>((r) => (releaseX = r));
      const xTx = x.transaction(async (tx) => {
        await tx.exec("set transaction isolation level repeatable read");
        await tx.exec("select count(*) from t");
        await xDone;
      });
      const [{ pid: pidA }] = await a.query<{ pid: number }>("select pg_backend_pid() as pid");
      const runA = migrateUp(a, m.options());
      await until("runner A waits inside CREATE INDEX CONCURRENTLY", async () => {
        const rows = await db.query(
          "select 1 from pg_stat_activity where datname = current_database() and query ilike 'create index concurrently%' and wait_event_type = 'Lock'",
        );
        return rows.length > 0;
      });
      // runner B: another process, polling for the lock (it holds no snapshot meanwhile)
      const runB = runCli([
        "migrate",
        "up",
        "--json",
        "-C",
        m.root,
        "--database-url",
        t.url,
        "--lock-timeout",
        "60s",
      ]);
      await until("runner B polls for the migration lock", async () => {
        const rows = await db.query(
          `select 1 from pg_stat_activity
            where datname = current_database() and pid not in (pg_backend_pid(), $1::int)
              and query like 'select pg_try_advisory_lock(%'`,
          [pidA],
        );
        return rows.length > 0;
      });
      releaseX();
      await xTx;
      const [ra, rb] = await Promise.all([runA, runB]);
      assertEquals(ra.error, undefined);
      assertEquals(rb.code, 0, rb.stderr);
      assertEquals(ra.results.length + JSON.parse(rb.stdout).applied, 1);
      const [{ valid }] = await db.query<{ valid: boolean }>(
        "select indisvalid as valid from pg_index where indexrelid = to_regclass('t_v_idx')",
      );
      assertEquals(valid, true);
    } finally {
      await Promise.all([a.close(), x.close()]);
    }
  });
});
