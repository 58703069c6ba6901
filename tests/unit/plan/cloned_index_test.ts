import { diffCatalogs } from "../../../src/diff/mod.ts";
import { planMigration, renderPlanSql } from "../../../src/plan/mod.ts";
import { clonedIndexName } from "../../../src/plan/_cloned_index.ts";
import { assert, assertEquals } from "../../_helpers/assert.ts";
import { catalog, column, index, table } from "../diff/_catalog.ts";

Deno.test("the name the server gives an index it copies onto a new partition", () => {
  // Read from PostgreSQL 15 (CREATE TABLE … PARTITION OF under these partitioned indexes).
  const long = "a_partition_with_quite_a_long_name_for_testing_truncation";
  const cols = "a_very_long_column_name_that_goes_on_and_on_forever, other_long_column_name_also_quite_long";
  const cases: [string, string, string][] = [
    ["Part B", `("Mixed Col") INCLUDE (k)`, "Part B_Mixed Col_k_idx"],
    ["Part B", `(${cols})`, "Part B_a_very_long_column_name_that_goes_on_and_on_forever__idx"],
    ["Part B", "(id, id)", "Part B_id_id1_idx"],
    ["Part B", "(id, k) WHERE (id > 0)", "Part B_id_k_idx"],
    ["Part B", "(id, lower(k), ((id + 1)))", "Part B_id_lower_expr_idx"],
    [long, `(${cols})`, "a_partition_with_quite_a_long_a_very_long_column_name_that__idx"],
    [long, "(id, lower(k), ((id + 1)))", "a_partition_with_quite_a_long_name_for_testin_id_lower_expr_idx"],
    [long, `("Mixed Col") INCLUDE (k)`, "a_partition_with_quite_a_long_name_for_testing__Mixed Col_k_idx"],
    [long, "(id, id)", "a_partition_with_quite_a_long_name_for_testing_trunc_id_id1_idx"],
    [long, "(id, k) WHERE (id > 0)", "a_partition_with_quite_a_long_name_for_testing_truncat_id_k_idx"],
  ];
  for (const [t, rest, want] of cases) {
    assertEquals(clonedIndexName(t, `CREATE INDEX x ON public.x USING btree ${rest}`), want, rest);
  }
  assertEquals(clonedIndexName("t", "CREATE INDEX x ON public.x (a)"), undefined);
});

Deno.test("a new partition's copies of the parent's indexes are not built again, only renamed when named otherwise", () => {
  const parent = [
    table("e", { key: "LIST (k)" }),
    column("e", "k", "text"),
    column("e", "at", "date"),
    index("e", "e_at", "at", { partitioned: true }),
    index("e", "e_k", "k", { partitioned: true }),
  ];
  const from = catalog(...parent);
  const to = catalog(
    ...parent,
    table("e_b", { partitionOf: "e", bound: "FOR VALUES IN ('b')" }),
    column("e_b", "k", "text", { inherited: true }),
    column("e_b", "at", "date", { inherited: true }),
    index("e_b", "e_b_at_idx", "at", { attachedTo: "e_at" }),
    index("e_b", "e_b_k_custom", "k", { attachedTo: "e_k" }),
  );
  const plan = planMigration(diffCatalogs(from, to), from, to);
  const sql = renderPlanSql(plan);
  assert(!sql.includes("CREATE INDEX"), sql);
  assertEquals(plan.statements.filter((s) => s.sql.startsWith("DO $confiture$")).length, 1, sql);
  assert(sql.includes('h.inhparent = \'"public"."e_k"\'::pg_catalog.regclass'), sql);
  assert(sql.includes("'e_b_k_custom'"), sql);
  assert(sql.indexOf("CREATE TABLE") < sql.indexOf("DO $confiture$"), sql);
  assertEquals(plan.notes, []);
});
