/**
 * The order of the plan's statement groups: a dependency graph per phase, sorted topologically.
 * @module
 */
import type { CatalogObject } from "../model/mod.ts";
import { OBJECT_KINDS } from "../model/mod.ts";
import { Graph, topologicalOrder } from "../util/mod.ts";
import { childrenOf } from "./_children.ts";
import type { Node } from "./_node.ts";

const RANK = new Map<string, number>(OBJECT_KINDS.map((k, i) => [k, i]));
RANK.set("default_privileges", -1);

/**
 * Orders the nodes: phase by phase; in phase 1 dependents before what they depend on (over the
 * `from` catalog), in phases 2 and 3 dependencies first (over the `to` catalog); ties by kind,
 * then key. A dependency cycle is broken at its first node in that order, and reported. The
 * `copies` (indexes the server copies onto new partitions) come after the index they copy, not
 * before it as the indexes a partitioned index attaches.
 */
export function orderNodes(
  nodes: Node[],
  fromObjs: Record<string, CatalogObject>,
  toObjs: Record<string, CatalogObject>,
  copies: ReadonlySet<string> = new Set(),
): { order: Node[]; cycles: Node[][] } {
  const result: Node[] = [];
  const cycles: Node[][] = [];
  for (const phase of [1, 2, 3] as const) {
    const list = nodes.filter((n) => n.phase === phase);
    if (list.length === 0) continue;
    const objs = phase === 1 ? fromObjs : toObjs;
    const nodesOf = new Map<string, Node[]>();
    for (const n of list) {
      let l = nodesOf.get(n.id);
      if (!l) nodesOf.set(n.id, l = []);
      l.push(n);
    }
    const depsOf = (id: string): string[] => {
      const o = objs[id];
      if (!o) return [];
      const d = [...o.deps];
      if (o.parent) d.push(o.parent);
      // A table stands for the children it creates or drops with it (columns, inline defaults…).
      for (const c of childrenOf(objs, id)) {
        if (nodesOf.has(c.id)) continue;
        for (const x of c.deps) {
          if (x !== id && !x.startsWith("column:" + id.slice(id.indexOf(":") + 1) + ".")) d.push(x);
        }
      }
      if (phase === 3) {
        if (o.softDeps) d.push(...o.softDeps.filter((x) => !copies.has(x)));
        if (o.sequence?.ownedBy) d.push(o.sequence.ownedBy);
      }
      return d;
    };
    // Identities reachable through objects without a node of this phase.
    const memo = new Map<string, Set<string>>();
    const reach = (id: string, stack: Set<string>): Set<string> => {
      const m = memo.get(id);
      if (m) return m;
      const out = new Set<string>();
      if (stack.has(id)) return out;
      stack.add(id);
      for (const d of depsOf(id)) {
        if (nodesOf.has(d)) out.add(d);
        else for (const x of reach(d, stack)) out.add(x);
      }
      stack.delete(id);
      memo.set(id, out);
      return out;
    };
    // An edge a -> b: a runs before b.
    const graph = new Graph<Node>();
    for (const n of list) graph.addNode(n);
    const edge = (a: Node, b: Node) => {
      if (a !== b) graph.addEdge(a, b);
    };
    for (const n of list) {
      const targets = new Set<string>();
      for (const d of depsOf(n.id)) {
        if (nodesOf.has(d)) targets.add(d);
        else for (const x of reach(d, new Set([n.id]))) targets.add(x);
      }
      for (const d of n.extraDeps) targets.add(d);
      for (const d of targets) {
        for (const m of nodesOf.get(d) ?? []) {
          if (m === n) continue;
          if (m.id === n.id) continue;
          // An order the change states itself wins over the one its object's dependencies give.
          if (m.extraDeps.includes(n.id)) continue;
          // In-place changes of a table (RLS, replica identity, options…) are not needed by
          // what depends on the table, and may need it (REPLICA IDENTITY USING INDEX).
          if (phase === 3 && m.kind === "table" && m.action === "alter" && !n.extraDeps.includes(m.id)) continue;
          // phase 1: a dependent goes before what it depends on; phase 3: after.
          if (phase === 1) edge(n, m);
          else edge(m, n);
        }
      }
      // Same object: drop before alter; create before its post statements.
      for (const m of nodesOf.get(n.id) ?? []) {
        if (m !== n && n.key.startsWith("create:") && !m.key.startsWith("create:")) edge(n, m);
      }
    }
    const rank = (n: Node) => (RANK.get(n.kind) ?? 99) * (phase === 1 ? -1 : 1);
    const compare = (a: Node, b: Node) => rank(a) - rank(b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    // A cycle (functions whose bodies name each other…) starts at its first node in that order.
    const r = topologicalOrder(graph, { compare, breakCycle: (c) => c[0] });
    result.push(...r.order);
    cycles.push(...r.broken.map((b) => b.cycle));
  }
  return { order: result, cycles };
}
