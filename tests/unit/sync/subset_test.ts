/** The pure parts of subsets: table classification, key literals, the percent bucket, pruning, `--where`. */
import { assert, assertEquals, assertThrows } from "../../_helpers/assert.ts";
import {
  arrayLiteral,
  classifyTables,
  keyInSql,
  parseWhereFlag,
  percentBucket,
  percentSql,
  type PruneRow,
  pruneToFixpoint,
  type SubsetEdge,
} from "../../../src/sync/mod.ts";
import type { ConfitureError } from "../../../src/errors/mod.ts";

const e = (from: string, to: string, name = `${from}_${to}`): SubsetEdge => ({
  name,
  from,
  columns: [`${to}_id`],
  to,
  refColumns: ["id"],
});

Deno.test("subset: roots, closure upwards, include_children downwards, filtered dependents, the rest whole", () => {
  // customers ← orders ← lines → products; reviews → customers; replies → reviews (and themselves);
  // countries alone; employees ↔ departments (a cycle) ← orders.
  const edges = [
    e("orders", "customers"),
    e("lines", "orders"),
    e("lines", "products"),
    e("reviews", "customers"),
    e("replies", "reviews"),
    e("replies", "replies"),
    e("orders", "employees"),
    e("employees", "departments"),
    e("departments", "employees"),
  ];
  const ids = [
    "customers",
    "orders",
    "lines",
    "products",
    "reviews",
    "replies",
    "countries",
    "employees",
    "departments",
  ];
  const sorted = (s: Set<string>) => [...s].sort();
  const a = classifyTables(ids, edges, [{ id: "orders", includeChildren: true }]);
  assertEquals(sorted(a.subsetted), ["customers", "departments", "employees", "lines", "orders", "products"]);
  assertEquals(sorted(a.filtered), ["replies", "reviews"]);
  const b = classifyTables(ids, edges, [{ id: "orders", includeChildren: false }]);
  assertEquals(sorted(b.subsetted), ["customers", "departments", "employees", "orders"]);
  assertEquals(sorted(b.filtered), ["lines", "replies", "reviews"]);
  const c = classifyTables(ids, edges, [{ id: "countries", includeChildren: true }]);
  assertEquals(sorted(c.subsetted), ["countries"]);
  assertEquals(sorted(c.filtered), []);
});

Deno.test("subset: key literals quote every value; composite keys go through unnest", () => {
  assertEquals(arrayLiteral(["a", 'b"c', "d\\e", "f,g", ""]), '{"a","b\\"c","d\\\\e","f,g",""}');
  assertEquals(keyInSql(["id"], ["bigint"], [["1"], ["2"]]), `"id" = ANY ('{"1","2"}'::bigint[])`);
  assertEquals(
    keyInSql(["sku", "v"], ["text", "integer"], [["it's", "1"]]),
    `("sku", "v") IN (SELECT * FROM unnest('{"it''s"}'::text[], '{"1"}'::integer[]))`,
  );
  assertEquals(keyInSql(["id"], ["int"], []), "false");
});

Deno.test("subset: the percent bucket of a key that is not one integer is the SHA-256 of its text, stable", async () => {
  // sha256("1") = 6b86b273…: 0x6b86b273 = 1803989619, modulo 10000 = 9619.
  assertEquals(await percentBucket("1"), 9619);
  assertEquals(await percentBucket("1"), await percentBucket("1"));
  assertEquals(
    percentSql(["id"], 5),
    `(('x' || left(encode(pg_catalog.sha256(convert_to("id"::text, 'UTF8')), 'hex'), 8))::bit(32)::bigint % 10000) < 500`,
  );
  assertEquals(percentSql(["a", "b"], 12.5).includes(`ROW("a", "b")::text`), true);
});

Deno.test("subset: an integer key's bucket comes from integer arithmetic, the same in SQL and here", async () => {
  // Low 32 bits times 1540483477, modulo 2^32, xor-folded, modulo 10000 (PostgreSQL gives the same).
  assertEquals(await percentBucket(1n), 9316);
  assertEquals(await percentBucket(-1n), 3717);
  assertEquals(await percentBucket(1099511627783n), 2158);
  const sql = percentSql(["id"], 5, ["bigint"]);
  assertEquals(sql.includes("sha256"), false);
  assertEquals(sql.endsWith("% 10000) < 500"), true);
  // Not an integer key: the digest of the text.
  assertEquals(percentSql(["id"], 5, ["uuid"]).includes("sha256"), true);
  assertEquals(percentSql(["a", "b"], 5, ["integer", "integer"]).includes("sha256"), true);
  // About the share asked for, over consecutive keys.
  let kept = 0;
  for (let i = 1n; i <= 20000n; i++) if (await percentBucket(i) < 500) kept++;
  assert(kept > 900 && kept < 1100, `${kept} of 20000 at 5%`);
});

Deno.test("subset: pruning a cycle of filtered rows keeps the largest set that holds together", () => {
  // replies: 1 (root), 2 → 1, 3 gone already (not a candidate), 4 → 3, 5 → 4, 6 → 2.
  const row = (id: number, parent?: number): PruneRow => ({
    keys: { id: JSON.stringify([String(id)]) },
    refs: parent === undefined ? {} : { 0: JSON.stringify([String(parent)]) },
  });
  const kept = pruneToFixpoint(
    { replies: [row(1), row(2, 1), row(4, 3), row(5, 4), row(6, 2)] },
    [{ index: 0, from: "replies", to: "replies", refKey: "id" }],
  );
  assertEquals([...kept.replies].sort(), [0, 1, 4]);
});

Deno.test("subset: --where splits at the first = outside double quotes", () => {
  assertEquals(parseWhereFlag("public.orders=id = 3"), { table: "public.orders", where: "id = 3" });
  assertEquals(parseWhereFlag('app."a=b"=x > 1'), { table: 'app."a=b"', where: "x > 1" });
  for (const bad of ["public.orders", "=id < 3", "public.orders="]) {
    const err = assertThrows(() => parseWhereFlag(bad)) as ConfitureError;
    assertEquals(err.code, "USAGE_INVALID_ARGUMENT");
  }
});
