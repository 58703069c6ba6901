/**
 * `dumpSchema`: the schema of a migrated database as SQL, by Confiture's own inspection. The file
 * applied to an empty database reproduces the schema (same catalog, and the same file again), and
 * the migration ledger is left out.
 */
import { connect } from "../../../src/db/mod.ts";
import { dumpSchema, migrateUp } from "../../../src/migrate/mod.ts";
import { schemaDiff } from "../../../src/source/mod.ts";
import { assert, assertEquals } from "../../_helpers/assert.ts";
import { createTestDatabase, withTestDatabase } from "../../_helpers/db.ts";
import { migrationsDir } from "./_fixture.ts";

Deno.test("the dumped schema applied to an empty database reproduces it, byte for byte", async () => {
  await withTestDatabase("mig_dump", async (db) => {
    await using m = await migrationsDir({
      "20260401000001_shop.up.sql": `create schema shop;
set search_path = shop;
create type status as enum ('new', 'paid');
create table customers (id bigint generated always as identity primary key, email text not null unique);
create table orders (
  id bigserial primary key,
  customer_id bigint not null references customers (id) on delete cascade,
  status status not null default 'new',
  total_cents integer check (total_cents >= 0)
);
create index orders_customer on orders (customer_id) where status = 'new';
comment on table orders is 'one row per order';
create function order_count(c bigint) returns bigint language sql stable as $$ select count(*) from shop.orders where customer_id = c $$;
create view paid as select id, total_cents from orders where status = 'paid';`,
      "20260401000002_public.up.sql":
        "create table public.notes (id int, body text);\nrevoke create on schema public from public;",
      "R_report.sql":
        "create or replace view shop.report as select c.email, shop.order_count(c.id) as n from shop.customers c;",
    });
    const r = await migrateUp(db, m.options());
    assertEquals(r.error, undefined, String(r.error));
    const text = await dumpSchema(db);
    assert(!text.includes("tb_confiture"), "the ledger is left out");
    assert(text.includes("CREATE TABLE") && text.includes("shop"), text.slice(0, 400));
    assertEquals(await dumpSchema(db), text, "the same schema gives the same bytes");

    await using copy = await createTestDatabase("mig_dump_copy");
    const target = await connect({ url: copy.url, source: "flag" });
    try {
      await target.exec(text);
      assertEquals(await dumpSchema(target), text, "the copy dumps to the same file");
      const diff = await schemaDiff({ from: db, to: target, excludeTables: ["public.tb_confiture"] });
      assertEquals(diff.sql, "", "the copy has the same catalog");
    } finally {
      await target.close();
    }
  });
});
