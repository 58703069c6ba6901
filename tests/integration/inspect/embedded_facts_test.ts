/**
 * Table facts on the embedded engine (PostgreSQL 18): the same queries, the same answers as on
 * the server, and `inspectTables` agrees with `inspectCatalog`.
 */
import { connect } from "../../../src/db/mod.ts";
import { inspectCatalog, inspectTables } from "../../../src/inspect/mod.ts";
import { listTableFacts, rowKey, tableFacts } from "../../../src/model/mod.ts";
import { assert, assertEquals } from "../../_helpers/assert.ts";

Deno.test("table facts on the embedded engine", async () => {
  const db = await connect({ url: "embedded:memory", source: "flag" });
  try {
    await db.exec(`
      create schema "Mixed Case";
      create table "Mixed Case"."Kinds" (code varchar(8) not null, "Label" text, constraint "Kinds_pk" primary key (code));
      create table public.items (
        id integer generated always as identity primary key,
        seq serial,
        kind varchar(8) references "Mixed Case"."Kinds" (code) on delete restrict,
        price numeric not null,
        doubled numeric generated always as (price * 2) stored,
        halved numeric generated always as (price / 2) virtual,
        sku text,
        gone boolean not null default false,
        parent integer references public.items (id)
      );
      create unique index items_sku_live on public.items (sku) where not gone;
      insert into public.items (kind, price, sku) select null, g, 's' || g from generate_series(1, 50) g;
      analyze public.items;
    `);
    await db.exec("begin isolation level repeatable read read only");
    const catalog = await inspectCatalog(db, { stats: true });
    const tables = await inspectTables(db);
    await db.exec("commit");
    assertEquals(tables, listTableFacts(catalog));
    const items = tableFacts(catalog, "table:public.items");
    assert(items);
    const col = (name: string) => items.columns.find((c) => c.name === name)!;
    assertEquals([col("id").identity, col("doubled").generated, col("halved").generated], ["a", "s", "v"]);
    assertEquals(col("doubled").generationExpr, "(price * (2)::numeric)");
    assertEquals([col("kind").maxLength, col("gone").default], [8, "false"]);
    assertEquals(items.primaryKey, { name: "items_pkey", columns: ["id"] });
    assertEquals(items.uniques.map((u) => [u.name, u.predicate, u.rowIdentity]), [
      ["items_sku_live", "(NOT gone)", false],
    ]);
    assertEquals(items.foreignKeys.map((f) => [f.columns, f.references, f.referencedColumns, f.onDelete]), [
      [["kind"], "table:Mixed Case.Kinds", ["code"], "RESTRICT"],
      [["parent"], "table:public.items", ["id"], "NO ACTION"],
    ]);
    assertEquals(items.ownedSequences.map((s) => [s.column, s.kind]), [["id", "identity"], ["seq", "owned"]]);
    assertEquals(items.stats?.rowEstimate, 50);
    assertEquals(rowKey(tableFacts(catalog, "table:Mixed Case.Kinds")!), ["code"]);
  } finally {
    await db.close();
  }
});
