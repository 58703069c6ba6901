/** Which subsets are streamed (read once, as they are copied) and how: `streamSubset`, pure. */
import { assert, assertEquals } from "../../_helpers/assert.ts";
import { streamSubset, type SubsetInput } from "../../../src/sync/mod.ts";
import type { TableFacts } from "../../../src/model/mod.ts";
import { columnFacts, foreignKeyFacts, tableFacts } from "../../_helpers/facts.ts";

function table(name: string, cols: string[], fks: [string[], string, string[]][] = [], key = ["id"]): TableFacts {
  return tableFacts("public", name, cols.map((c) => columnFacts(c, c === "sku" ? "text" : "bigint")), {
    primaryKey: key.length ? { name: `${name}_pkey`, columns: key } : null,
    foreignKeys: fks.map(([columns, to, refs]) =>
      foreignKeyFacts(`${name}_${to}_fk`, columns, `table:public.${to}`, refs)
    ),
    stats: null,
  });
}

const customers = table("customers", ["id", "name"]);
const products = table("products", ["id", "sku"]);
const orders = table("orders", ["id", "customer_id"], [[["customer_id"], "customers", ["id"]]]);
const lines = table("lines", ["order_id", "line", "product_id"], [
  [["order_id"], "orders", ["id"]],
  [["product_id"], "products", ["id"]],
], ["order_id", "line"]);
const reviews = table("reviews", ["id", "customer_id"], [[["customer_id"], "customers", ["id"]]]);
const tags = table("tags", ["id"]);
const shop = [customers, products, orders, lines, reviews, tags];
const all = () => true;

const input = (tables: TableFacts[], roots: SubsetInput["roots"]): SubsetInput => ({ tables, roots });
const root = (name: string, includeChildren = true) => ({
  id: `table:public.${name}`,
  where: "id < 10",
  includeChildren,
});

Deno.test("streamSubset: roots, children, parents and filtered tables in one order, each read by the keys before it", () => {
  const s = streamSubset(input(shop, [root("orders")]), all)!;
  assert(s, "streamed");
  const order = s.order.map((id) => id.slice(13));
  // Every table after those whose keys choose its rows; the untouched table is not part of it.
  const at = (n: string) => order.indexOf(n);
  assert(at("orders") < at("lines") && at("orders") < at("customers"), order.join());
  assert(at("lines") < at("products") && at("customers") < at("reviews"), order.join());
  assertEquals(order.includes("tags"), false);
  const t = (n: string) => s.tables[`table:public.${n}`];
  assertEquals(t("orders").kind, "root");
  assertEquals(t("orders").keyed!.roots, ["id < 10"]);
  // An order's lines reference kept orders: nothing to read back from them into orders.
  assertEquals(t("orders").keyed!.anyOf, []);
  assertEquals(t("lines").kind, "closure");
  assertEquals(t("lines").keyed!.anyOf.map((r) => r.columns), [["order_id"]]);
  assertEquals(t("customers").keyed!.anyOf.map((r) => [r.set, r.columns]), [[
    "table:public.orders\u0001customer_id",
    ["id"],
  ]]);
  assertEquals(t("products").keyed!.anyOf.map((r) => r.set), ["table:public.lines\u0001product_id"]);
  assertEquals(t("reviews").kind, "filtered");
  assertEquals(t("reviews").keyed!.allOf.map((r) => [r.set, r.columns]), [["table:public.customers\u0001id", [
    "customer_id",
  ]]]);
  // Each set is filled by the table whose rows it holds.
  assertEquals(t("orders").keyed!.collect.map((c) => c.columns).sort(), [["customer_id"], ["id"]]);
  assertEquals(t("lines").keyed!.collect.map((c) => c.columns), [["product_id"]]);
  assertEquals(t("customers").keyed!.collect.map((c) => c.columns), [["id"]]);
  assertEquals(t("reviews").keyed!.collect, []);
});

Deno.test("streamSubset: undefined when one pass cannot reach every row", () => {
  // A self-reference (managers) and a two-table cycle need a fixpoint.
  const staff = table("staff", ["id", "manager_id"], [[["manager_id"], "staff", ["id"]]]);
  const staffOrders = table("orders", ["id", "rep_id"], [[["rep_id"], "staff", ["id"]]]);
  assertEquals(streamSubset(input([staff, staffOrders], [root("orders")]), all), undefined);
  const a = table("a", ["id", "b_id"], [[["b_id"], "b", ["id"]]]);
  const b = table("b", ["id", "a_id"], [[["a_id"], "a", ["id"]]]);
  assertEquals(streamSubset(input([a, b], [root("a")]), all), undefined);
  // A key column a later read needs is not read as it is.
  assertEquals(
    streamSubset(
      input(shop, [root("orders")]),
      (id, cols) => !(id === "table:public.orders" && cols[0] === "customer_id"),
    ),
    undefined,
  );
  // Lines are a root of their own without include_children below an include_children root.
  assertEquals(streamSubset(input(shop, [root("orders"), root("lines", false)]), all), undefined);
  // A table below include_children that also gains rows as a parent, with children of its own:
  // notes → lines → orders (include_children), and audits → lines (a root) add lines whose notes
  // are not children of kept orders' lines in the same sense.
  const notes = table("notes", ["id", "order_id", "line"], [[["order_id", "line"], "lines", ["order_id", "line"]]]);
  const audits = table("audits", ["id", "order_id", "line"], [[["order_id", "line"], "lines", ["order_id", "line"]]]);
  assertEquals(streamSubset(input([...shop, notes, audits], [root("orders"), root("audits", false)]), all), undefined);
  // Without that second root, the same tables stream.
  assert(streamSubset(input([...shop, notes, audits], [root("orders")]), all));
});

Deno.test("streamSubset: a target-only reference into the subset, or a root related to nothing", () => {
  // The target's invoices reference orders through a column the source lacks: the subset does not
  // follow it, yet invoices must load after orders — the subset is computed first instead.
  const invoicesSource = table("invoices", ["id"]);
  const invoicesTarget = table("invoices", ["id", "order_id"], [[["order_id"], "orders", ["id"]]]);
  assertEquals(
    streamSubset(
      { tables: [...shop, invoicesSource], target: [...shop, invoicesTarget], roots: [root("orders")] },
      all,
    ),
    undefined,
  );
  // A root that reads no keys and gives none keeps an ordinary filter (its own unit, ranges).
  const s = streamSubset(input(shop, [root("orders"), root("tags")]), all)!;
  assertEquals(s.tables["table:public.tags"], { kind: "root", filter: "(id < 10)", rows: -1 });
  assertEquals(s.order.includes("table:public.tags"), false);
  assert(s.tables["table:public.orders"].keyed);
});
