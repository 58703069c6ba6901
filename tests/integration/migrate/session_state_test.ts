/**
 * Migrations that change the session (search_path, role, settings, as pg_dump files do): the
 * runner's own statements do not depend on it, the next migration starts from the state the run
 * started with, `SET LOCAL` keeps its meaning inside a migration, and errors stay located at the
 * statement that failed. One database for the file; each step uses its own ledger table.
 */
import { connect, type Database, type Session } from "../../../src/db/mod.ts";
import { migrateUp, migrationsSource, migrationStatus } from "../../../src/migrate/mod.ts";
import { openSchemaPair } from "../../../src/source/mod.ts";
import { assert, assertEquals } from "../../_helpers/assert.ts";
import { TEST_SERVER_URL, withTestDatabase } from "../../_helpers/db.ts";
import { migrationsDir } from "./_fixture.ts";

const v = (i: number) => `2026010100000${i}`;

async function schemaOf(db: Session, table: string): Promise<string | null> {
  const [r] = await db.query<{ s: string | null }>(
    "select (select n.nspname from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relname = $1 limit 1) as s",
    [table],
  );
  return r.s;
}

async function versions(db: Database, table: string): Promise<string[]> {
  const rows = await db.query<{ version: string }>(`select version from ${table} order by pk_confiture`);
  return rows.map((r) => r.version);
}

Deno.test("migrations that change the session do not break the runner or the next migration", async (t) => {
  await withTestDatabase("mig_session", async (db, tdb) => {
    await t.step(
      "SET search_path in one migration: the ledger is found, the next one starts from the run's path",
      async () => {
        await using m = await migrationsDir({
          [`${v(1)}_app.up.sql`]: "CREATE SCHEMA app; SET search_path = app; CREATE TABLE t (id int);",
          [`${v(2)}_after.up.sql`]: "create table after_app (id int);",
        });
        const o = m.options({ trackingTable: "ledger_path" });
        const r = await migrateUp(db, o);
        assertEquals(r.error, undefined, String(r.error));
        assertEquals(r.results.map((x) => x.status), ["applied", "applied"]);
        assertEquals(await schemaOf(db, "t"), "app");
        assertEquals(await schemaOf(db, "after_app"), "public", "the second migration ran with the run's search_path");
        assertEquals(await versions(db, "public.ledger_path"), [v(1), v(2)]);
        assertEquals((await migrationStatus(db, o)).status.counts.applied, 2);
        const [{ path }] = await db.query<{ path: string }>("select current_setting('search_path') as path");
        assertEquals(path, '"$user", public', "the caller's session is as it was");
      },
    );

    await t.step("a pg_dump file as the first migration (set_config('search_path', '', false))", async () => {
      const source = `${tdb.name}_src`;
      const admin = await connect({ url: TEST_SERVER_URL, source: "flag" });
      let dump: string;
      try {
        await admin.exec(`create database "${source}"`);
        const src = await connect({ url: TEST_SERVER_URL.replace(/\/[^/]*$/, `/${source}`), source: "flag" });
        try {
          await src.exec(`create schema shop;
            create type shop.status as enum ('new', 'paid');
            create table shop.orders (id bigint generated always as identity primary key, status shop.status not null default 'new');
            create view shop.paid as select id from shop.orders where status = 'paid';
            create function shop.total() returns bigint language sql as $$ select count(*) from shop.orders $$;`);
        } finally {
          await src.close();
        }
        const out = await new Deno.Command("pg_dump", {
          args: [
            "--schema-only",
            "--no-owner",
            "--no-privileges",
            "-d",
            TEST_SERVER_URL.replace(/\/[^/]*$/, `/${source}`),
          ],
          stdout: "piped",
          stderr: "piped",
        }).output();
        assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
        dump = new TextDecoder().decode(out.stdout);
      } finally {
        await admin.exec(`drop database if exists "${source}" with (force)`);
        await admin.close();
      }
      assert(dump.includes("set_config('search_path', '', false)"), "a pg_dump file resets the search_path");
      await using m = await migrationsDir({
        [`${v(1)}_dump.up.sql`]: dump,
        [`${v(2)}_more.up.sql`]: "create table after_dump (id int);",
      });
      const r = await migrateUp(db, m.options({ trackingTable: "ledger_dump" }));
      assertEquals(r.error, undefined, String(r.error));
      assertEquals(r.results.map((x) => x.status), ["applied", "applied"]);
      assertEquals(await schemaOf(db, "orders"), "shop");
      assertEquals(await schemaOf(db, "after_dump"), "public");
      assertEquals(await versions(db, "public.ledger_dump"), [v(1), v(2)]);
    });

    await t.step("SET ROLE, custom settings and session GUCs are put back; SET LOCAL keeps its meaning", async () => {
      await using m = await migrationsDir({
        [`${v(1)}_role.up.sql`]: "create schema loc;\nset local search_path = loc;\ncreate table local_t (id int);\n" +
          "set statement_timeout = '1ms';\nset app.tenant = 'acme';\nset role pg_read_all_data;\n",
        [`${v(2)}_check.up.sql`]:
          "create table role_after as select current_user::text as who, current_setting('app.tenant', true) as tenant,\n" +
          "  current_setting('statement_timeout') as timeout, pg_sleep(0.01)::text as slept;\n",
      });
      const r = await migrateUp(db, m.options({ trackingTable: "ledger_role" }));
      assertEquals(r.error, undefined, String(r.error));
      assertEquals(await schemaOf(db, "local_t"), "loc", "SET LOCAL applies inside its migration");
      assertEquals(await schemaOf(db, "role_after"), "public");
      const [row] = await db.query<{ who: string; tenant: string | null; timeout: string }>(
        "select who, tenant, timeout from role_after",
      );
      assertEquals(row.who, "postgres", "the role is put back before the next migration");
      assert(row.tenant === null || row.tenant === "", `custom setting reset, got ${row.tenant}`);
      assertEquals(row.timeout, "0");
      const [{ by }] = await db.query<{ by: string }>(`select applied_by as by from ledger_role where version = $1`, [
        v(1),
      ]);
      assertEquals(by, "postgres", "the ledger row is written as the run's user");
    });

    await t.step("settings the caller set before the run hold for every migration", async () => {
      await db.exec("set app.tenant = 'acme'; set work_mem = '5MB'");
      try {
        await using m = await migrationsDir({
          [`${v(1)}_a.up.sql`]: "set app.tenant = 'other';\nset work_mem = '7MB';\ncreate table caller_a (id int);",
          [`${v(2)}_b.up.sql`]:
            "create table caller_b as select current_setting('app.tenant') as tenant, current_setting('work_mem') as mem;",
        });
        const r = await migrateUp(db, m.options({ trackingTable: "ledger_caller" }));
        assertEquals(r.error, undefined, String(r.error));
        const [row] = await db.query<{ tenant: string; mem: string }>("select tenant, mem from caller_b");
        assertEquals([row.tenant, row.mem], ["acme", "5MB"]);
        const [after] = await db.query<{ tenant: string }>("select current_setting('app.tenant') as tenant");
        assertEquals(after.tenant, "acme");
      } finally {
        await db.exec("reset app.tenant; reset work_mem");
      }
    });

    await t.step("outside a transaction and in TypeScript too; errors stay at the failing statement", async () => {
      await using m = await migrationsDir({
        [`${v(1)}_nt.up.sql`]:
          "-- confiture:no-transaction\ncreate schema nt;\nset search_path = nt;\ncreate table nt_t (id int);\n",
        [`${v(2)}_ts.ts`]:
          'export async function up({ exec }) {\n  await exec("create schema tsx; set search_path = tsx; create table ts_t (id int)");\n}\n',
        [`${v(3)}_plain.up.sql`]: "create table plain_t (id int);",
        [`${v(4)}_bad.up.sql`]:
          "create schema bad;\nset search_path = bad;\ncreate table ok_t (id int);\n  select nope from ok_t;\n",
      });
      const r = await migrateUp(db, m.options({ trackingTable: "ledger_mixed" }));
      assertEquals(r.results.map((x) => x.status), ["applied", "applied", "applied", "failed"]);
      assertEquals([await schemaOf(db, "nt_t"), await schemaOf(db, "ts_t"), await schemaOf(db, "plain_t")], [
        "nt",
        "tsx",
        "public",
      ]);
      assertEquals(r.error?.code, "MIGRATION_STATEMENT_FAILED");
      assertEquals(r.error?.location, { file: `db/migrations/${v(4)}_bad.up.sql`, line: 4, col: 10 });
      assertEquals(await versions(db, "public.ledger_mixed"), [v(1), v(2), v(3)]);
    });

    await t.step("diff --from migrations replays such migrations", async () => {
      await using m = await migrationsDir({
        [`${v(1)}_app.up.sql`]: "CREATE SCHEMA app; SET search_path = app; CREATE TABLE t (id int);",
        [`${v(2)}_after.up.sql`]: "create table u (id int primary key);",
      });
      await using pair = await openSchemaPair(
        migrationsSource(m.options()),
        { kind: "session", db, label: "database" },
        { scratchServer: TEST_SERVER_URL },
      );
      const replayed = pair.from.db;
      assertEquals([await schemaOf(replayed, "t"), await schemaOf(replayed, "u")], ["app", "public"]);
    });
  });
});
