import { findCycles, Graph, reachable, stronglyConnectedComponents, topologicalOrder } from "../../../src/util/mod.ts";
import { assertEquals, assertThrows } from "../../_helpers/assert.ts";

const graph = (edges: [string, string][], nodes: string[] = []) => {
  const g = new Graph<string>();
  for (const n of nodes) g.addNode(n);
  for (const [a, b] of edges) g.addEdge(a, b);
  return g;
};

Deno.test("nodes keep their first order; edges are kept once, both ways", () => {
  const g = graph([["a", "b"], ["a", "b"], ["c", "a"]], ["c"]);
  assertEquals(g.nodes, ["c", "a", "b"]);
  assertEquals(g.size, 3);
  assertEquals(g.successors("a"), ["b"]);
  assertEquals(g.predecessors("a"), ["c"]);
  assertEquals([g.hasEdge("a", "b"), g.hasEdge("b", "a"), g.hasNode("z")], [true, false, false]);
  assertEquals(g.successors("z"), []);
});

Deno.test("topological order: dependencies first, ties by compare then node order", () => {
  const g = graph([["customers", "orders"], ["orders", "order_lines"], ["products", "order_lines"]], ["audit"]);
  assertEquals(topologicalOrder(g).order, ["audit", "customers", "orders", "products", "order_lines"]);
  const byName = topologicalOrder(g, { compare: (a, b) => a < b ? -1 : a > b ? 1 : 0 });
  assertEquals(byName.order, ["audit", "customers", "orders", "products", "order_lines"]);
  const reversed = topologicalOrder(g, { compare: (a, b) => a < b ? 1 : a > b ? -1 : 0 });
  assertEquals(reversed.order, ["products", "customers", "orders", "order_lines", "audit"]);
  assertEquals([byName.cycles, byName.broken, byName.unordered], [[], [], []]);
});

Deno.test("a cycle is reported, and left unordered with what follows it, unless the caller breaks it", () => {
  const g = graph([["a", "b"], ["b", "c"], ["c", "b"], ["c", "d"]], ["e"]);
  const r = topologicalOrder(g);
  assertEquals(r.order, ["e", "a"]);
  assertEquals(r.cycles, [["b", "c"]]);
  assertEquals(r.unordered, ["b", "c", "d"]);
  assertEquals(r.broken, []);
  const seen: (readonly string[])[] = [];
  const b = topologicalOrder(g, {
    breakCycle: (cycle) => {
      seen.push(cycle);
      return cycle[cycle.length - 1];
    },
  });
  assertEquals(seen, [["b", "c"]]);
  assertEquals(b.order, ["e", "a", "c", "b", "d"]);
  assertEquals(b.broken, [{ cycle: ["b", "c"], first: "c" }]);
  assertEquals(b.unordered, []);
  const e = assertThrows(() => topologicalOrder(g, { breakCycle: () => "a" }));
  assertEquals(e instanceof TypeError, true);
});

Deno.test("nested cycles are broken one at a time; the cycle offered waits on nothing outside it", () => {
  // x <-> y, and y -> p <-> q: the cycle {p, q} waits for y, so {x, y} is offered first.
  const g = graph([["x", "y"], ["y", "x"], ["y", "p"], ["p", "q"], ["q", "p"]]);
  const offered: string[][] = [];
  const r = topologicalOrder(g, {
    breakCycle: (c) => {
      offered.push([...c]);
      return c[0];
    },
  });
  assertEquals(offered, [["x", "y"], ["p", "q"]]);
  assertEquals(r.order, ["x", "y", "p", "q"]);
  // One component holding two cycles through a: broken twice.
  const two = graph([["a", "b"], ["b", "a"], ["a", "c"], ["c", "a"]]);
  const t = topologicalOrder(two, { breakCycle: (c) => c.includes("b") ? "b" : c[0] });
  assertEquals(t.broken.map((x) => x.first), ["b", "a"]);
  assertEquals(t.order, ["b", "a", "c"]);
  assertEquals(t.cycles, [["a", "b", "c"]]);
});

Deno.test("strongly connected components come sources first; self-loops are cycles", () => {
  const g = graph([["d", "a"], ["a", "b"], ["b", "c"], ["c", "a"], ["c", "e"], ["f", "f"]]);
  assertEquals(stronglyConnectedComponents(g), [["f"], ["d"], ["a", "b", "c"], ["e"]]);
  assertEquals(findCycles(g), [["f"], ["a", "b", "c"]]);
  const r = topologicalOrder(g, { breakCycle: (c) => c[0] });
  assertEquals(r.order, ["d", "a", "b", "c", "e", "f"]);
  assertEquals(r.broken.map((x) => x.cycle), [["a", "b", "c"], ["f"]]);
});

Deno.test("a long chain is ordered without deep recursion", () => {
  const g = new Graph<number>();
  const n = 50_000;
  for (let i = n - 1; i > 0; i--) g.addEdge(i - 1, i);
  g.addEdge(n - 1, 0);
  assertEquals(findCycles(g).map((c) => c.length), [n]);
  const r = topologicalOrder(g, { breakCycle: (c) => c.includes(0) ? 0 : c[0] });
  assertEquals(r.order.length, n);
  assertEquals(r.order[0], 0);
  assertEquals(r.order[n - 1], n - 1);
});

Deno.test("reachable: the starts and everything after them, once each, through cycles", () => {
  const next: Record<string, string[]> = { a: ["b"], b: ["a", "c"], c: ["c"], d: ["a"] };
  assertEquals([...reachable(["a"], (n) => next[n])].sort(), ["a", "b", "c"]);
  assertEquals([...reachable(["c"], (n) => next[n])], ["c"]);
  assertEquals([...reachable<string>([], (n) => next[n])], []);
});
