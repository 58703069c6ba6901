import { type Change, diffCatalogs } from "../../../src/diff/mod.ts";
import { planMigration, renderPlanSql } from "../../../src/plan/mod.ts";
import { assert, assertEquals } from "../../_helpers/assert.ts";
import { catalog, column, columnDefault, constraint, index, sequence, table, view } from "./_catalog.ts";

const change = (changes: Change[], id: string) => changes.find((c) => c.id === id);
const sqlOf = (c: Change | undefined) => (c?.ops ?? []).flatMap((o) => o.sql);

Deno.test("a table that becomes a partition is prepared as the server requires, then attached", () => {
  const parent = [
    table("events", { key: "LIST (kind)" }),
    column("events", "id", "bigint", { notNull: true }),
    column("events", "kind", "text", { notNull: true }),
    constraint("events", "events_id_check", "c", "CHECK ((id > 0))"),
    constraint("events", "events_pkey", "p", "PRIMARY KEY (id, kind)"),
  ];
  const from = catalog(
    ...parent,
    table("old"),
    column("old", "id", "integer"),
    column("old", "kind", "text"),
    column("old", "legacy", "text"),
    constraint("old", "old_pk", "p", "PRIMARY KEY (id, kind)"),
  );
  const to = catalog(
    ...parent,
    table("old", { partitionOf: "events", bound: "FOR VALUES IN ('old')" }),
    column("old", "id", "bigint", { notNull: true, inherited: true }),
    column("old", "kind", "text", { notNull: true, inherited: true }),
  );
  const d = diffCatalogs(from, to);
  assertEquals(change(d.changes, "table:public.old")?.action, "alter", "kept, not created again");
  assertEquals(change(d.changes, "constraint:public.old.old_pk"), undefined, "its key is attached, not dropped");
  assertEquals(change(d.changes, "column:public.old.legacy")?.action, "drop");
  assertEquals(sqlOf(change(d.changes, "table:public.old")), [
    // No cast integer → bigint is listed in these catalogs: through text.
    'ALTER TABLE "public"."old" ALTER COLUMN "id" TYPE bigint USING "id"::text::bigint',
    'ALTER TABLE "public"."old" ALTER COLUMN "id" SET NOT NULL',
    'ALTER TABLE "public"."old" ALTER COLUMN "kind" SET NOT NULL',
    'ALTER TABLE "public"."old" ADD CONSTRAINT "events_id_check" CHECK ((id > 0))',
    'ALTER TABLE public.events ATTACH PARTITION "public"."old" FOR VALUES IN (\'old\')',
  ]);
  const sql = renderPlanSql(planMigration(d, from, to));
  assert(sql.indexOf("DROP COLUMN") < sql.indexOf("ATTACH PARTITION"), sql);
  assert(!sql.includes("DELETES_DATA\nDROP TABLE"), sql);
});

Deno.test("a partition that becomes a table is detached; its copies of the parent's become its own", () => {
  const parent = [
    table("ledger", { key: "RANGE (at)" }),
    column("ledger", "at", "date", { notNull: true }),
    constraint("ledger", "ledger_amount_check", "c", "CHECK ((at > '2000-01-01'::date))"),
    constraint("ledger", "ledger_pkey", "p", "PRIMARY KEY (at)"),
    index("ledger", "ledger_at", "at", { partitioned: true }),
  ];
  const from = catalog(
    ...parent,
    table("ledger_2026", { partitionOf: "ledger", bound: "DEFAULT" }),
    column("ledger_2026", "at", "date", { notNull: true, inherited: true }),
    index("ledger_2026", "ledger_2026_at_idx", "at", { attachedTo: "ledger_at" }),
  );
  const to = catalog(
    ...parent,
    table("ledger_2026"),
    column("ledger_2026", "at", "date", { notNull: true }),
    constraint("ledger_2026", "ledger_amount_check", "c", "CHECK ((at > '2000-01-01'::date))"),
    constraint("ledger_2026", "ledger_2026_key", "p", "PRIMARY KEY (at)"),
  );
  const d = diffCatalogs(from, to);
  const t = change(d.changes, "table:public.ledger_2026")!;
  const sql = sqlOf(t);
  assertEquals(sql[0], 'ALTER TABLE public.ledger DETACH PARTITION "public"."ledger_2026"');
  // The check keeps its name: nothing to create. The key's copy is unnamed in the catalog: renamed.
  assertEquals(change(d.changes, "constraint:public.ledger_2026.ledger_amount_check"), undefined);
  assertEquals(change(d.changes, "constraint:public.ledger_2026.ledger_2026_key"), undefined);
  assert(sql.some((s) => s.includes("RENAME CONSTRAINT") && s.includes("'ledger_2026_key'")), sql.join("\n"));
  // The attached index the table no longer has is dropped once it is the table's own.
  assert(sql.includes('DROP INDEX "public"."ledger_2026_at_idx"'), sql.join("\n"));
  // Detached before anything of the old parent goes.
  assert(t.ops![0].deps!.includes("constraint:public.ledger.ledger_pkey"));
});

Deno.test("the partitions of a parent created again are detached before and attached after", () => {
  const from = catalog(
    table("e", { key: "LIST (k)" }),
    column("e", "k", "text"),
    table("e_a", { partitionOf: "e", bound: "FOR VALUES IN ('a')" }),
    column("e_a", "k", "text", { inherited: true }),
    view("on_parent", ["column:public.e.k"]),
    view("on_partition", ["column:public.e_a.k"]),
  );
  const to = catalog(
    table("e", { key: "RANGE (k)" }),
    column("e", "k", "text"),
    table("e_a", { partitionOf: "e", bound: "FOR VALUES FROM ('a') TO ('b')" }),
    column("e_a", "k", "text", { inherited: true }),
    view("on_parent", ["column:public.e.k"]),
    view("on_partition", ["column:public.e_a.k"]),
  );
  const d = diffCatalogs(from, to);
  assertEquals(change(d.changes, "table:public.e")?.action, "replace");
  assertEquals(change(d.changes, "view:public.on_parent")?.action, "replace", "its table's columns go");
  assertEquals(change(d.changes, "view:public.on_partition"), undefined, "the partition's stay");
  const sql = renderPlanSql(planMigration(d, from, to));
  const at = (s: string) => sql.indexOf(s);
  assert(at("DROP VIEW") < at("DETACH PARTITION"), sql);
  assert(at("DETACH PARTITION") < at('DROP TABLE public."e"'), sql);
  assert(at('DROP TABLE public."e"') < at('CREATE TABLE public."e"'), sql);
  assert(at('CREATE TABLE public."e"') < at("ATTACH PARTITION"), sql);
  assert(at("ATTACH PARTITION") < at("CREATE VIEW"), sql);
});

Deno.test("a sequence owned by a column of a table created again is kept: released, then owned again", () => {
  const objs = (key?: string) => [
    table("t", key ? { key } : {}),
    column("t", "id", "bigint", { notNull: true }),
    sequence("t_id_seq", "t.id"),
    columnDefault("t", "id", "nextval('t_id_seq'::regclass)", ["sequence:public.t_id_seq"]),
  ];
  const from = catalog(...objs());
  const to = catalog(...objs("RANGE (id)"));
  const d = diffCatalogs(from, to);
  assertEquals(change(d.changes, "sequence:public.t_id_seq")?.action, "alter");
  assertEquals(change(d.changes, "default:public.t.id")?.action, "replace", "the default goes with its table");
  const plan = planMigration(d, from, to);
  const sql = plan.statements.map((s) => s.sql);
  const at = (s: string) => sql.findIndex((x) => x.startsWith(s));
  const release = at('ALTER SEQUENCE "public"."t_id_seq" OWNED BY NONE');
  assert(release >= 0 && release < at('DROP TABLE public."t"'), sql.join("\n"));
  assert(at('CREATE TABLE public."t"') < at('ALTER SEQUENCE "public"."t_id_seq" OWNED BY public'), sql.join("\n"));
  assert(at('CREATE TABLE public."t"') < at('ALTER TABLE public."t" ALTER COLUMN "id" SET DEFAULT'), sql.join("\n"));
  assertEquals(sql.some((s) => s.startsWith("DROP SEQUENCE") || s.startsWith("CREATE SEQUENCE")), false);
  assertEquals(plan.notes, [], "no dependency cycle");
});

Deno.test("an index the desired state no longer attaches makes its partitioned index be built again", () => {
  const common = [
    table("t", { key: "RANGE (id)" }),
    column("t", "id", "integer"),
    table("t_1", { partitionOf: "t", bound: "DEFAULT" }),
    column("t_1", "id", "integer", { inherited: true }),
  ];
  const from = catalog(
    ...common,
    index("t", "t_id", "id", { partitioned: true }),
    index("t_1", "t_1_id", "id", { attachedTo: "t_id" }),
    index("t_1", "t_1_id_twin", "id"),
  );
  const to = catalog(
    ...common,
    index("t", "t_id", "id", { partitioned: true }),
    index("t_1", "t_1_id", "id"),
    index("t_1", "t_1_id_twin", "id", { attachedTo: "t_id" }),
  );
  const d = diffCatalogs(from, to);
  assertEquals(change(d.changes, "index:public.t_id")?.action, "replace");
  const sql = renderPlanSql(planMigration(d, from, to));
  assert(sql.includes("CREATE INDEX t_id ON ONLY public.t USING btree (id);"), sql);
  assert(sql.includes('ALTER INDEX "public"."t_id" ATTACH PARTITION "public"."t_1_id_twin";'), sql);
  assert(!sql.includes('ATTACH PARTITION "public"."t_1_id";'), sql);
});
