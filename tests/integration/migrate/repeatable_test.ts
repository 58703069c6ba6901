/**
 * Repeatable migrations (`R_<name>.sql`) and placeholders, on the real server. One database for
 * the file; each step uses its own ledger table and objects.
 */
import type { Database } from "../../../src/db/mod.ts";
import { ConfitureError } from "../../../src/errors/mod.ts";
import {
  migrateDown,
  migrateRepair,
  migrateUp,
  migrationStatus,
  type RunnerOptions,
} from "../../../src/migrate/mod.ts";
import { assert, assertEquals, assertRejects, assertStringIncludes } from "../../_helpers/assert.ts";
import { withTestDatabase } from "../../_helpers/db.ts";
import { migrationsDir } from "./_fixture.ts";

const v = (i: number) => `2026030100000${i}`;

async function ledger(db: Database, table: string): Promise<[string, string | null][]> {
  const rows = await db.query<{ version: string; kind: string | null }>(
    `select version, kind from ${table} order by pk_confiture`,
  );
  return rows.map((r) => [r.version, r.kind]);
}

async function viewDef(db: Database, name: string): Promise<string> {
  const [r] = await db.query<{ d: string }>("select pg_get_viewdef($1::regclass) as d", [name]);
  return r.d.trim();
}

Deno.test("repeatable migrations and placeholders", async (t) => {
  await withTestDatabase("mig_repeatable", async (db) => {
    await t.step("repeatable migrations run after the versioned ones, by name, again when they change", async () => {
      await using m = await migrationsDir({
        [`${v(1)}_orders.up.sql`]: "create table orders (id int, total int);",
        [`${v(1)}_orders.down.sql`]: "drop table orders cascade;",
        "R_b_report.sql": "create or replace view report as select count(*) as n from big_orders;",
        "R_a_big.sql": "create or replace view big_orders as select * from orders where total > 100;",
      });
      const o: RunnerOptions = m.options({ trackingTable: "ledger_rep" });
      const plan = await migrateUp(db, o, { dryRun: "plan" });
      assertEquals(plan.plan.map((p) => [p.file, p.repeatable]), [
        [`db/migrations/${v(1)}_orders.up.sql`, false],
        ["db/migrations/R_a_big.sql", true],
        ["db/migrations/R_b_report.sql", true],
      ]);
      const r = await migrateUp(db, o);
      assertEquals(r.error, undefined, String(r.error));
      assertEquals(r.results.map((x) => [x.version, x.status, x.repeatable === true]), [
        [v(1), "applied", false],
        ["R_a_big", "applied", true],
        ["R_b_report", "applied", true],
      ]);
      assertEquals(await ledger(db, "ledger_rep"), [[v(1), null], ["R_a_big", "repeatable"], [
        "R_b_report",
        "repeatable",
      ]]);
      let st = (await migrationStatus(db, o)).status;
      assertEquals(st.entries.map((e) => [e.version, e.kind, e.state]), [
        [v(1), "versioned", "applied"],
        ["R_a_big", "repeatable", "applied"],
        ["R_b_report", "repeatable", "applied"],
      ]);
      assertEquals(st.current, v(1), "a repeatable migration is not a version");
      assertEquals((await migrateUp(db, o)).results, [], "unchanged: nothing runs");

      // reformatting does not count; a changed definition runs again, alone
      await m.write(
        "R_b_report.sql",
        "-- how many\ncreate or replace view report as\n  select count(*) as n from big_orders;\n",
      );
      assertEquals((await migrateUp(db, o)).results, []);
      await m.write("R_a_big.sql", "create or replace view big_orders as select * from orders where total > 500;");
      st = (await migrationStatus(db, o)).status;
      assertEquals(st.entries.map((e) => e.state), ["applied", "pending", "applied"]);
      assertEquals(st.entries[1].checksum, "mismatch");
      const again = await migrateUp(db, o);
      assertEquals(again.results.map((x) => x.version), ["R_a_big"]);
      assertStringIncludes(await viewDef(db, "big_orders"), "500");
      assertEquals(
        (await ledger(db, "ledger_rep")).filter(([k]) => k === "R_a_big").length,
        1,
        "one ledger row per repeatable migration",
      );

      // a failing new version is rolled back with its ledger row: still pending, old definition kept
      await m.write(`${v(2)}_more.up.sql`, "alter table orders add column note text;");
      await m.write("R_a_big.sql", "create or replace view big_orders as select * from orders where nope > 1;");
      const bad = await migrateUp(db, o);
      assertEquals(bad.results.map((x) => [x.version, x.status]), [[v(2), "applied"], ["R_a_big", "failed"]]);
      assertEquals(bad.error?.location, { file: "db/migrations/R_a_big.sql", line: 1, col: 65 });
      assertStringIncludes(await viewDef(db, "big_orders"), "500");
      assertEquals(
        (await migrationStatus(db, o)).status.entries.find((e) => e.version === "R_a_big")?.state,
        "pending",
      );

      // --target runs no repeatable migration; down never reverts one
      await m.write("R_a_big.sql", "create or replace view big_orders as select * from orders where total > 700;");
      assertEquals((await migrateUp(db, o, { target: v(2) })).results, []);
      await m.write(`${v(2)}_more.down.sql`, "alter table orders drop column note;");
      const down = await migrateDown(db, o);
      assertEquals(down.results.map((x) => x.version), [v(2)]);

      // a removed repeatable migration stays in the ledger until repair forgets it
      await m.remove("R_b_report.sql");
      st = (await migrationStatus(db, o)).status;
      assertEquals(st.entries.find((e) => e.version === "R_b_report")?.state, "missing_file");
      assertEquals((await migrateRepair(db, o, false)).error?.code, "REFUSED_UNSAFE");
      await migrateRepair(db, o, true);
      assert(!(await ledger(db, "ledger_rep")).some(([k]) => k === "R_b_report"));
    });

    await t.step(
      "placeholders: declared names are replaced, others left alone; locations stay in the file",
      async () => {
        await using m = await migrationsDir({
          [`${v(1)}_schema.up.sql`]: "create schema ${app_schema};\n" +
            "create table ${app_schema}.items (id int, owner text default '${owner}');\n" +
            "create function ${app_schema}.tpl() returns text language sql as $$ select '${not_declared}' $$;\n",
          [`${v(2)}_bad.up.sql`]: "insert into ${app_schema}.items (id) values (1);\n  select ${app_schema}.nope();\n",
        });
        const o = m.options({
          trackingTable: "ledger_ph",
          placeholders: { app_schema: "shop_ph", owner: "it-team" },
        });
        const r = await migrateUp(db, o);
        assertEquals(r.results.map((x) => x.status), ["applied", "failed"]);
        const [row] = await db.query<{ d: string; f: string }>(
          "select (select column_default from information_schema.columns where table_schema = 'shop_ph' and column_name = 'owner') as d, shop_ph.tpl() as f",
        );
        assertEquals(row.d, "'it-team'::text");
        assertEquals(row.f, "${not_declared}", "an undeclared ${…} is left as written");
        // the error is located in the file as written, past a placeholder of another length
        assertEquals(r.error?.location, { file: `db/migrations/${v(2)}_bad.up.sql`, line: 2, col: 10 });
        await m.remove(`${v(2)}_bad.up.sql`);

        // the checksum is the file's as written: another value does not make it "changed"
        const other = { ...o, placeholders: { app_schema: "elsewhere", owner: "x" } };
        assertEquals((await migrationStatus(db, other)).status.entries[0].state, "applied");

        // a declared name without a value is refused where it is used, before anything runs
        await m.write(
          `${v(3)}_note.up.sql`,
          "create table ${app_schema}.notes (id int);\n\ncomment on table ${app_schema}.notes is '${owner}';\n",
        );
        const e = await assertRejects(() =>
          migrateUp(db, { ...o, placeholders: { app_schema: "shop_ph", owner: null } })
        );
        assert(e instanceof ConfitureError && e.code === "MIGRATION_PLACEHOLDER_UNSET", String(e));
        assertEquals(e.location, { file: `db/migrations/${v(3)}_note.up.sql`, line: 3, col: 42 });
        const [{ made }] = await db.query<{ made: boolean }>("select to_regclass('shop_ph.notes') is not null as made");
        assertEquals(made, false);
      },
    );
  });
});
