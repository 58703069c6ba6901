/**
 * What a failure leaves behind, and what the runner says about it: the invalid index of a failed
 * CREATE INDEX CONCURRENTLY (named, a correct hint, never recorded as applied while invalid), the
 * `partial` state of a migration that stopped midway (in `migrate status`, in a ledger row older
 * readers do not take for applied), and the session that blocks a migration until its retries
 * run out. One database for the file; each step uses its own ledger table.
 */
import { connect, type Database } from "../../../src/db/mod.ts";
import { ConfitureError } from "../../../src/errors/mod.ts";
import { migrateUp, migrationStatus } from "../../../src/migrate/mod.ts";
import { assert, assertEquals, assertStringIncludes } from "../../_helpers/assert.ts";
import { withTestDatabase } from "../../_helpers/db.ts";
import { migrationsDir } from "./_fixture.ts";

const v = (i: number) => `2026020100000${i}`;

async function rows(db: Database, table: string): Promise<{ version: string; kind: string | null }[]> {
  return await db.query<{ version: string; kind: string | null }>(
    `select version, kind from ${table} order by pk_confiture`,
  );
}

async function indexValid(db: Database, name: string): Promise<boolean | null> {
  const [r] = await db.query<{ valid: boolean | null }>(
    "select (select indisvalid from pg_index where indexrelid = to_regclass($1)) as valid",
    [name],
  );
  return r.valid;
}

Deno.test("failures midway: invalid indexes, partial migrations, blocking sessions", async (t) => {
  await withTestDatabase("mig_failures", async (db, tdb) => {
    await db.exec(`create table people (id int, email text);
      insert into people values (1, 'a@x'), (2, 'a@x'), (3, 'b@x');`);

    await t.step(
      "a failed CREATE UNIQUE INDEX CONCURRENTLY names its invalid index; IF NOT EXISTS is not recorded over it",
      async () => {
        await using m = await migrationsDir({
          [`${v(1)}_unique.up.sql`]: "create index concurrently people_id on people (id);\n" +
            "create unique index concurrently people_email on people (email);\n",
        });
        const o = m.options({ trackingTable: "ledger_idx" });
        const r = await migrateUp(db, o);
        assert(r.error instanceof ConfitureError);
        assertEquals(r.error.code, "MIGRATION_PARTIAL");
        assertEquals(r.error.sqlstate, "23505");
        assertEquals(r.error.location?.line, 2);
        assertStringIncludes(r.error.message, "invalid index public.people_email");
        assertStringIncludes(r.error.hint ?? "", "DROP INDEX CONCURRENTLY IF EXISTS public.people_email");
        assert(!(r.error.hint ?? "").includes("idempotent"), "no advice to re-run with IF NOT EXISTS");
        assertEquals(await indexValid(db, "people_email"), false);

        let st = (await migrationStatus(db, o)).status;
        assertEquals(st.entries.map((e) => e.state), ["partial"]);
        assertEquals(st.counts.partial, 1);
        const p = st.entries[0].partial!;
        assertEquals([p.statement, p.statements, p.location?.line, p.sqlstate], [2, 2, 2, "23505"]);
        assertEquals(p.invalidIndexes, ["public.people_email"]);
        // a reader that knows nothing of the kind column sees no applied version
        assertEquals((await rows(db, "ledger_idx")).map((x) => x.version), [`partial:${v(1)}`]);

        // the advice that used to be given: IF NOT EXISTS, run again (the duplicates are still there)
        await m.write(
          `${v(1)}_unique.up.sql`,
          "create index concurrently if not exists people_id on people (id);\n" +
            "create unique index concurrently if not exists people_email on people (email);\n",
        );
        const again = await migrateUp(db, o);
        assertEquals(again.error?.code, "MIGRATION_INVALID_INDEX");
        assertEquals(again.error?.location, { file: `db/migrations/${v(1)}_unique.up.sql`, line: 2, col: 1 });
        assertStringIncludes(again.error?.hint ?? "", "DROP INDEX CONCURRENTLY IF EXISTS public.people_email");
        st = (await migrationStatus(db, o)).status;
        assertEquals(st.entries.map((e) => e.state), ["partial"], "not recorded as applied");

        // the hint: fix the cause, drop the invalid index, run again
        await db.exec("delete from people where id = 2");
        await db.exec("drop index concurrently people_email");
        const fixed = await migrateUp(db, o);
        assertEquals(fixed.error, undefined, String(fixed.error));
        assertEquals(await indexValid(db, "people_email"), true);
        assertEquals(await rows(db, "ledger_idx"), [{ version: v(1), kind: null }], "the partial row is gone");
        assertEquals((await migrationStatus(db, o)).status.entries.map((e) => e.state), ["applied"]);
      },
    );

    await t.step(
      "a transactional CREATE INDEX IF NOT EXISTS over an invalid index is refused and rolled back",
      async () => {
        await db.exec("create table codes (code text); insert into codes values ('c'), ('c')");
        const failed = await db.exec("create unique index concurrently codes_code on codes (code)").then(
          () => false,
          () => true,
        );
        assert(failed, "the duplicates make the index build fail");
        await using m = await migrationsDir({
          [`${v(1)}_tx.up.sql`]:
            "create table side (id int);\ncreate unique index if not exists codes_code on codes (code);\n",
        });
        const r = await migrateUp(db, m.options({ trackingTable: "ledger_tx" }));
        assertEquals(r.error?.code, "MIGRATION_INVALID_INDEX");
        assertEquals(r.error?.location?.line, 2);
        const [{ side }] = await db.query<{ side: boolean }>("select to_regclass('side') is not null as side");
        assertEquals(side, false, "the migration was rolled back");
        assertEquals(await rows(db, "ledger_tx"), []);
        await db.exec("drop table codes");
      },
    );

    await t.step(
      "a non-transactional migration that stops midway is shown as partial, then cleared by a good run",
      async () => {
        await using m = await migrationsDir({
          [`${v(1)}_a.up.sql`]:
            "-- confiture:no-transaction\ncreate table part_a (id int);\n\n  insert into nope values (1);\n" +
            "create table part_c (id int);\n",
        });
        const o = m.options({ trackingTable: "ledger_part" });
        const r = await migrateUp(db, o);
        assertEquals(r.error?.code, "MIGRATION_PARTIAL");
        const st = (await migrationStatus(db, o)).status;
        assertEquals(st.entries[0].state, "partial");
        assertEquals(st.entries[0].partial?.location, { file: `db/migrations/${v(1)}_a.up.sql`, line: 4, col: 15 });
        assertEquals(st.entries[0].partial?.statement, 2);
        assertStringIncludes(st.entries[0].partial?.message ?? "", `relation "nope" does not exist`);
        await m.write(
          `${v(1)}_a.up.sql`,
          "-- confiture:no-transaction\ncreate table if not exists part_a (id int);\ncreate table part_c (id int);\n",
        );
        const ok = await migrateUp(db, o);
        assertEquals(ok.error, undefined, String(ok.error));
        assertEquals(await rows(db, "ledger_part"), [{ version: v(1), kind: null }]);
      },
    );

    await t.step(
      "retries exhausted on a busy table name the blocking session, in and outside a transaction",
      async () => {
        await db.exec("create table busy (id int)");
        await using m = await migrationsDir({
          [`${v(1)}_tx.up.sql`]: "alter table busy add column x int;",
        });
        await using n = await migrationsDir({
          [`${v(1)}_nt.up.sql`]: "-- confiture:no-transaction\nalter table busy add column y int;\n",
        });
        const other = await connect({ url: tdb.url, source: "flag" });
        try {
          await other.exec("set application_name = 'long-report'");
          const [{ pid }] = await other.query<{ pid: number }>("select pg_backend_pid() as pid");
          await other.transaction(async (tx) => {
            await tx.exec("select * from busy");
            for (const [dir, table] of [[m, "ledger_busy_tx"], [n, "ledger_busy_nt"]] as const) {
              const r = await migrateUp(
                db,
                dir.options({ trackingTable: table, statementLockTimeoutMs: 50, lockRetries: 1, retryDelayMs: 10 }),
              );
              assertEquals(r.error?.code, "MIGRATION_LOCK_RETRIES_EXHAUSTED", String(r.error));
              assertStringIncludes(r.error!.message, `pid ${pid}`);
              assertStringIncludes(r.error!.message, `"long-report"`);
              assertStringIncludes(r.error!.hint ?? "", `pg_terminate_backend(${pid})`);
            }
          });
        } finally {
          await other.close();
        }
      },
    );
  });
});
