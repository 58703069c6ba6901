/**
 * What the runner does with the statements of a migration, on the real server:
 * non-transactional kinds, partial failures, transaction control, server
 * detail/hint, refusals before any change.
 */
import { connect, type Database } from "../../../src/db/mod.ts";
import { ConfitureError } from "../../../src/errors/mod.ts";
import { migrateDown, migrateUp, migrationStatus } from "../../../src/migrate/mod.ts";
import { quoteIdent } from "../../../src/sql/mod.ts";
import { assert, assertEquals, assertRejects, assertStringIncludes } from "../../_helpers/assert.ts";
import { connectAdmin, withTestDatabase } from "../../_helpers/db.ts";
import { migrationsDir } from "./_fixture.ts";

const v = (i: number) => `2026010100000${i}`;

/** The versions the ledger records as applied (not the `partial` rows of migrations that stopped midway). */
async function ledger(db: Database): Promise<string[]> {
  const rows = await db.query<{ version: string }>(
    "select version from tb_confiture where kind is distinct from 'partial' order by pk_confiture",
  );
  return rows.map((r) => r.version);
}

async function exists(db: Database, name: string): Promise<boolean> {
  const [r] = await db.query<{ ok: boolean }>("select to_regclass($1) is not null as ok", [name]);
  return r.ok;
}

Deno.test("every non-transactional kind runs outside a transaction; ALTER TYPE … ADD VALUE stays in one on PostgreSQL ≥ 12", async () => {
  await withTestDatabase("mig_notx_kinds", async (db, t) => {
    const created = `${t.name}_created`;
    await using m = await migrationsDir({
      [`${v(1)}_setup.up.sql`]: `create table p (id int, v text) partition by range (id);
create table p1 partition of p for values from (0) to (100);
create table p2 partition of p for values from (100) to (200);
insert into p select g, g::text from generate_series(0, 199) g;
create index p1_v on p1 (v);
create type mood as enum ('calm');`,
      [`${v(2)}_cic.up.sql`]: "create index concurrently p1_id on p1 (id);\ndrop index concurrently p1_v;\n",
      [`${v(3)}_reindex.up.sql`]: "reindex index concurrently p1_id;",
      [`${v(4)}_vacuum.up.sql`]: "vacuum (analyze) p1;",
      [`${v(5)}_detach.up.sql`]: "alter table p detach partition p2 concurrently;",
      [`${v(6)}_database.up.sql`]: `create database ${quoteIdent(created)};`,
      [`${v(7)}_enum.up.sql`]: "alter type mood add value 'busy';\ncomment on type mood is 'moods';",
    });
    try {
      const plan = await migrateUp(db, m.options(), { dryRun: "plan" });
      const expected = [true, false, false, false, false, false, true];
      assertEquals(plan.plan.map((p) => p.transactional), expected);
      assertEquals(plan.plan[4].statements[0].nonTransactional, true, "DETACH PARTITION … CONCURRENTLY");
      // each of these would fail with "cannot run inside a transaction block" if sent in one
      const r = await migrateUp(db, m.options());
      assertEquals(r.error, undefined, String(r.error));
      assertEquals(r.results.map((x) => [x.status, x.transactional]), expected.map((tx) => ["applied", tx]));
      assertEquals(await ledger(db), [1, 2, 3, 4, 5, 6, 7].map(v));
      assert(await exists(db, "p1_id") && !(await exists(db, "p1_v")));
      const [{ n }] = await db.query<{ n: number }>(
        "select count(*)::int as n from pg_inherits where inhparent = 'p'::regclass",
      );
      assertEquals(n, 1, "p2 was detached");
      const [{ labels }] = await db.query<{ labels: string }>(
        "select string_agg(enumlabel, ',' order by enumsortorder) as labels from pg_enum where enumtypid = 'mood'::regtype",
      );
      assertEquals(labels, "calm,busy");
      const [{ made }] = await db.query<{ made: boolean }>(
        "select exists (select from pg_database where datname = $1) as made",
        [created],
      );
      assert(made);
    } finally {
      const admin = await connectAdmin();
      try {
        await admin.exec(`drop database if exists ${quoteIdent(created)}`);
      } finally {
        await admin.close();
      }
    }
  });
});

Deno.test("a non-transactional migration failing midway keeps the statements before, writes no ledger row, and says so", async () => {
  await withTestDatabase("mig_partial", async (db) => {
    await db.exec("create table t (id int, v text)");
    await using m = await migrationsDir({
      [`${v(1)}_idx.up.sql`]:
        "create index concurrently t_id on t (id);\n\n  create index concurrently t_nope on t (nope);\n",
    });
    const r = await migrateUp(db, m.options());
    assert(r.error instanceof ConfitureError);
    assertEquals(r.error.code, "MIGRATION_PARTIAL");
    assertEquals(r.error.sqlstate, "42703");
    assertEquals(r.error.location?.line, 3);
    assertStringIncludes(r.error.message, "statement 2 of 2");
    assertEquals(r.results[0].status, "failed");
    assert(await exists(db, "t_id"), "the first statement stays applied");
    assertEquals(await ledger(db), []);
    await m.write(
      `${v(1)}_idx.up.sql`,
      "create index concurrently if not exists t_id on t (id);\ncreate index concurrently t_v on t (v);\n",
    );
    const again = await migrateUp(db, m.options());
    assertEquals(again.error, undefined);
    assertEquals(await ledger(db), [v(1)]);
  });
});

Deno.test("BEGIN or START TRANSACTION in a file is refused, naming its line, before anything runs", async () => {
  await withTestDatabase("mig_begin", async (db) => {
    await using m = await migrationsDir({
      [`${v(1)}_a.up.sql`]: "create table a (id int);",
      [`${v(2)}_b.up.sql`]: "-- wrapped by hand\n\n   BEGIN;\ncreate table b (id int);\n",
    });
    let e = await assertRejects(() => migrateUp(db, m.options()));
    assert(e instanceof ConfitureError && e.code === "MIGRATION_TRANSACTION_CONTROL", String(e));
    assertEquals(e.location, { file: `db/migrations/${v(2)}_b.up.sql`, line: 3, col: 4 });
    assertStringIncludes(e.message, `${v(2)}_b.up.sql:3`);
    await m.write(`${v(2)}_b.up.sql`, "create table b (id int);\nstart transaction;\n");
    e = await assertRejects(() => migrateUp(db, m.options()));
    assert(e instanceof ConfitureError && e.location?.line === 2, String(e));
    assert(!(await exists(db, "a")) && !(await exists(db, "tb_confiture")), "nothing ran");
  });
});

Deno.test("a failure carries the server's detail and hint with file:line:col; earlier migrations stay", async () => {
  await withTestDatabase("mig_detail", async (db) => {
    await using m = await migrationsDir({
      [`${v(1)}_a.up.sql`]: "create table a (id int primary key);\ninsert into a values (1);",
      [`${v(2)}_dup.up.sql`]: "insert into a values (2);\ninsert into a values (3),\n  (1);\n",
    });
    const r = await migrateUp(db, m.options());
    assertEquals(r.error?.code, "MIGRATION_STATEMENT_FAILED");
    assertEquals(r.error?.sqlstate, "23505");
    assertStringIncludes(r.error?.detail ?? "", "already exists");
    assertEquals(r.error?.location, { file: `db/migrations/${v(2)}_dup.up.sql`, line: 2, col: 1 });
    assertEquals(await ledger(db), [v(1)]);
    const [{ n }] = await db.query<{ n: number }>("select count(*)::int as n from a");
    assertEquals(n, 1, "the failed migration's first insert was rolled back");

    await m.write(`${v(2)}_dup.up.sql`, "insert into a values (2);\nselect no_such_function(1);\n");
    const h = await migrateUp(db, m.options());
    assertEquals(h.error?.sqlstate, "42883");
    assertStringIncludes(h.error?.hint ?? "", "No function matches");
    assertEquals(h.error?.location, { file: `db/migrations/${v(2)}_dup.up.sql`, line: 2, col: 8 });
    assertEquals(h.error?.toJSON().hint, h.error?.hint);
  });
});

Deno.test("down --steps refuses before changing anything when a needed .down.sql is missing", async () => {
  await withTestDatabase("mig_down_steps", async (db) => {
    await using m = await migrationsDir({
      [`${v(1)}_a.up.sql`]: "create table a (id int);",
      [`${v(1)}_a.down.sql`]: "drop table a;",
      [`${v(2)}_b.up.sql`]: "create table b (id int);",
      [`${v(3)}_c.up.sql`]: "create table c (id int);",
      [`${v(3)}_c.down.sql`]: "drop table c;",
    });
    await migrateUp(db, m.options());
    const e = await assertRejects(() => migrateDown(db, m.options(), { steps: 2 }));
    assert(e instanceof ConfitureError && e.code === "MIGRATION_DOWN_MISSING", String(e));
    assertStringIncludes(e.message, `${v(2)}_b.down.sql`);
    assertEquals(await ledger(db), [v(1), v(2), v(3)]);
    assert(await exists(db, "c"), "the newest migration was not reverted either");
    const plan = await migrateDown(db, m.options(), { steps: 1, dryRun: true });
    assertEquals(plan.plan.map((p) => p.file), [`db/migrations/${v(3)}_c.down.sql`]);
    assert(await exists(db, "c"), "a dry run reverts nothing");
    const one = await migrateDown(db, m.options(), { steps: 1 });
    assertEquals(one.results.map((x) => [x.version, x.status]), [[v(3), "reverted"]]);
    assert(!(await exists(db, "c")));
    const st = await migrationStatus(db, m.options());
    assertEquals(st.status.entries.map((x) => x.state), ["applied", "applied", "pending"]);
  });
});

Deno.test("migrations sent together still commit one by one: a lock timeout in the middle keeps the ones before", async () => {
  await withTestDatabase("mig_chunk", async (db, t) => {
    await db.exec("create table busy (id int)");
    await using m = await migrationsDir({
      [`${v(1)}_a.up.sql`]: "create table a (id int);\nselect pg_sleep(0.2);",
      [`${v(2)}_b.up.sql`]: "create table b (id int);",
      [`${v(3)}_busy.up.sql`]: "alter table busy add column x int;",
      [`${v(4)}_c.up.sql`]: "create table c (id int);",
    });
    const other = await connect({ url: t.url, source: "flag" });
    const events: string[] = [];
    try {
      await other.transaction(async (tx) => {
        await tx.exec("select * from busy"); // ACCESS SHARE until the end of the transaction
        const r = await migrateUp(
          db,
          m.options({
            statementLockTimeoutMs: 50,
            lockRetries: 1,
            retryDelayMs: 10,
            onEvent: (e) => events.push(e.type),
          }),
        );
        assertEquals(r.results.map((x) => x.status), ["applied", "applied", "failed", "skipped"]);
        assertEquals(r.error?.code, "MIGRATION_LOCK_RETRIES_EXHAUSTED");
        assertEquals(r.results[2].attempts, 2, "the attempt made with the others counts");
        assertEquals(events.filter((e) => e === "retry").length, 1);
      });
    } finally {
      await other.close();
    }
    assertEquals(await ledger(db), [v(1), v(2)]);
    assert(await exists(db, "b") && !(await exists(db, "c")));
    const rows = await db.query<{ at: string; ms: number }>(
      "select applied_at::text as at, execution_time_ms as ms from tb_confiture order by pk_confiture",
    );
    assert(rows[0].at < rows[1].at, "rows written by one message keep their order in applied_at");
    // each migration is timed from its own begin, not from the start of the message
    assert(rows[0].ms >= 200 && rows[1].ms < rows[0].ms, JSON.stringify(rows));
    const again = await migrateUp(db, m.options());
    assertEquals(again.results.map((x) => x.status), ["applied", "applied"]);
  });
});

Deno.test("an error position is mapped to the file past multi-byte and astral characters, in a shared message", async () => {
  await withTestDatabase("mig_unicode", async (db) => {
    const failing = "-- 🍓 confiture\ncreate table b (id int, note text default 'é🍓');\nselect '🍓🍓', nope from b;\n";
    await using m = await migrationsDir({
      [`${v(1)}_a.up.sql`]: "create table a (id int);\ncomment on table a is '🍓 jam, 🍒 jam, déjà';",
      [`${v(2)}_b.up.sql`]: failing,
    });
    const r = await migrateUp(db, m.options());
    assertEquals(r.results.map((x) => x.status), ["applied", "failed"]);
    assertEquals(r.error?.sqlstate, "42703");
    const loc = r.error?.location;
    assertEquals(loc?.line, 3);
    // columns count characters (code points): 🍓 is one
    assert([...failing.split("\n")[2]].slice((loc?.col ?? 0) - 1).join("").startsWith("nope"), JSON.stringify(loc));
  });
});

Deno.test("up --target applies up to and including the version; an unknown one changes nothing", async () => {
  await withTestDatabase("mig_target", async (db) => {
    await using m = await migrationsDir({
      [`${v(1)}_a.up.sql`]: "create table a (id int);",
      [`${v(2)}_b.up.sql`]: "create table b (id int);",
      [`${v(3)}_c.up.sql`]: "create table c (id int);",
    });
    const e = await assertRejects(() => migrateUp(db, m.options(), { target: "20990101000000" }));
    assert(e instanceof ConfitureError && e.code === "MIGRATION_UNKNOWN_VERSION", String(e));
    assert(!(await exists(db, "tb_confiture")), "nothing was created");
    const r = await migrateUp(db, m.options(), { target: v(2) });
    assertEquals(r.results.map((x) => x.version), [v(1), v(2)]);
    assert(!(await exists(db, "c")));
    const rest = await migrateUp(db, m.options());
    assertEquals(rest.results.map((x) => x.version), [v(3)]);
  });
});

Deno.test("a non-transactional statement on a busy table times out, is retried, then refused without running", async () => {
  await withTestDatabase("mig_notx_busy", async (db, t) => {
    await db.exec("create table busy (id int)");
    await using m = await migrationsDir({
      [`${v(1)}_a.up.sql`]:
        "-- confiture:no-transaction\nalter table busy add column x int;\ncreate table after (id int);",
    });
    const other = await connect({ url: t.url, source: "flag" });
    const events: string[] = [];
    try {
      await other.transaction(async (tx) => {
        await tx.exec("select * from busy");
        const r = await migrateUp(
          db,
          m.options({
            statementLockTimeoutMs: 50,
            lockRetries: 2,
            retryDelayMs: 10,
            onEvent: (e) => events.push(e.type),
          }),
        );
        assertEquals(r.error?.code, "MIGRATION_LOCK_RETRIES_EXHAUSTED");
        assertEquals(r.error?.sqlstate, "55P03");
        assertEquals(r.error?.location?.line, 2);
        assertEquals(events.filter((e) => e === "retry").length, 2);
      });
    } finally {
      await other.close();
    }
    assert(!(await exists(db, "after")));
    assertEquals(await ledger(db), []);
    const [{ lt }] = await db.query<{ lt: string }>("select current_setting('lock_timeout') as lt");
    assertEquals(lt, "0", "the session's lock_timeout was restored");
    const ok = await migrateUp(db, m.options());
    assertEquals(ok.results.map((x) => x.status), ["applied"]);
  });
});
