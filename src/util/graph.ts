/**
 * A small directed graph for ordering work by dependencies: nodes, edges, strongly connected
 * components, cycles, and a deterministic topological order. Cycles are reported to the caller,
 * never broken silently: {@link topologicalOrder} leaves the nodes of a cycle out of the order
 * unless the caller passes `breakCycle`, and then lists every cycle it broke and how.
 *
 * Used by the migration planner (statement order) and by data movement (foreign-key load order).
 * @module
 */

/**
 * A directed graph. An edge `a → b` means "a comes before b" (b depends on a). Nodes keep the
 * order in which they were first added; that order breaks ties wherever no comparison is given.
 *
 * @example
 * ```ts
 * const g = new Graph<string>();
 * g.addEdge("customers", "orders"); // orders reference customers: load customers first
 * g.addNode("audit");
 * topologicalOrder(g).order; // ["customers", "orders", "audit"]
 * ```
 */
export class Graph<T> {
  #succ = new Map<T, Set<T>>();
  #pred = new Map<T, Set<T>>();

  /** Adds a node (no effect when it is there already). */
  addNode(node: T): this {
    if (!this.#succ.has(node)) {
      this.#succ.set(node, new Set());
      this.#pred.set(node, new Set());
    }
    return this;
  }

  /** Adds the edge `from → to` ("from" comes first), adding both nodes when missing. */
  addEdge(from: T, to: T): this {
    this.addNode(from).addNode(to);
    this.#succ.get(from)!.add(to);
    this.#pred.get(to)!.add(from);
    return this;
  }

  /** Whether the node is in the graph. */
  hasNode(node: T): boolean {
    return this.#succ.has(node);
  }

  /** Whether the edge `from → to` is in the graph. */
  hasEdge(from: T, to: T): boolean {
    return this.#succ.get(from)?.has(to) ?? false;
  }

  /** The nodes, in the order they were added. */
  get nodes(): T[] {
    return [...this.#succ.keys()];
  }

  /** The number of nodes. */
  get size(): number {
    return this.#succ.size;
  }

  /** The nodes that come right after `node` (the targets of its edges), in the order the edges were added. */
  successors(node: T): T[] {
    return [...(this.#succ.get(node) ?? [])];
  }

  /** The nodes that come right before `node`, in the order the edges were added. */
  predecessors(node: T): T[] {
    return [...(this.#pred.get(node) ?? [])];
  }
}

/**
 * Every node reachable from `starts` (the starts included), following `next`; each node is visited
 * once, so cycles end.
 *
 * @example
 * ```ts
 * const children: Record<string, string[]> = { a: ["b"], b: ["a", "c"], c: [] };
 * reachable(["a"], (n) => children[n]); // Set { "a", "b", "c" }
 * ```
 */
export function reachable<T>(starts: Iterable<T>, next: (node: T) => Iterable<T>): Set<T> {
  const seen = new Set<T>();
  const stack = [...starts];
  while (stack.length) {
    const node = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    for (const n of next(node)) if (!seen.has(n)) stack.push(n);
  }
  return seen;
}

/**
 * The strongly connected components of a graph (Tarjan's algorithm, without recursion, so deep
 * chains do not overflow the stack). Components come sources first (a component comes before every
 * component its nodes have edges to); nodes within one keep the graph's node order.
 *
 * @example
 * ```ts
 * const g = new Graph<string>().addEdge("a", "b").addEdge("b", "a").addEdge("b", "c");
 * stronglyConnectedComponents(g); // [["a", "b"], ["c"]]
 * ```
 */
export function stronglyConnectedComponents<T>(graph: Graph<T>): T[][] {
  const order = new Map<T, number>();
  graph.nodes.forEach((n, i) => order.set(n, i));
  const index = new Map<T, number>();
  const low = new Map<T, number>();
  const onStack = new Set<T>();
  const stack: T[] = [];
  const found: T[][] = [];
  let next = 0;
  for (const root of graph.nodes) {
    if (index.has(root)) continue;
    // Each frame: a node and the successors still to visit.
    const frames: { node: T; succ: T[]; i: number }[] = [];
    const open = (n: T) => {
      index.set(n, next);
      low.set(n, next);
      next++;
      stack.push(n);
      onStack.add(n);
      frames.push({ node: n, succ: graph.successors(n), i: 0 });
    };
    open(root);
    while (frames.length > 0) {
      const f = frames[frames.length - 1];
      if (f.i < f.succ.length) {
        const m = f.succ[f.i++];
        if (!index.has(m)) open(m);
        else if (onStack.has(m)) low.set(f.node, Math.min(low.get(f.node)!, index.get(m)!));
        continue;
      }
      frames.pop();
      if (frames.length > 0) {
        const parent = frames[frames.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(f.node)!));
      }
      if (low.get(f.node) === index.get(f.node)) {
        const comp: T[] = [];
        let m: T;
        do {
          m = stack.pop()!;
          onStack.delete(m);
          comp.push(m);
        } while (m !== f.node);
        comp.sort((a, b) => order.get(a)! - order.get(b)!);
        found.push(comp);
      }
    }
  }
  // Tarjan finds sinks first.
  return found.reverse();
}

/**
 * The cycles of a graph: its strongly connected components of more than one node, and the nodes
 * with an edge to themselves, sources first.
 *
 * @example
 * ```ts
 * findCycles(new Graph<string>().addEdge("a", "b").addEdge("b", "a")); // [["a", "b"]]
 * ```
 */
export function findCycles<T>(graph: Graph<T>): T[][] {
  return stronglyConnectedComponents(graph).filter((c) => c.length > 1 || graph.hasEdge(c[0], c[0]));
}

/** Options of {@link topologicalOrder}. */
export interface TopologicalOptions<T> {
  /**
   * Among nodes ready at the same time, which comes first (negative: `a` first). Default: the
   * graph's node order. Ties fall back to the graph's node order too.
   */
  compare?: (a: T, b: T) => number;
  /**
   * Breaks a cycle: given the nodes of a cycle that nothing outside it still waits for (sorted by
   * `compare`), returns the one to place first, as if its edges from inside the cycle were not
   * there. Without it, the nodes of every cycle, and the nodes after them, are left out of the order.
   */
  breakCycle?: (cycle: readonly T[]) => T;
}

/** What {@link topologicalOrder} returns. */
export interface TopologicalResult<T> {
  /** Every node before the nodes that come after it; all nodes unless a cycle was left unbroken. */
  order: T[];
  /** The cycles of the graph (as {@link findCycles}), whether they were broken or not. */
  cycles: T[][];
  /** Each cycle `breakCycle` broke (the nodes still waiting on each other), with the node it placed first. */
  broken: { cycle: T[]; first: T }[];
  /** Nodes left out of `order`: in or after a cycle that was not broken. */
  unordered: T[];
}

/** A binary heap ordered by `less`. */
class Heap<T> {
  #a: T[] = [];
  constructor(private readonly less: (x: T, y: T) => boolean) {}
  get size(): number {
    return this.#a.length;
  }
  push(x: T): void {
    const a = this.#a;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(a[i], a[p])) break;
      [a[i], a[p]] = [a[p], a[i]];
      i = p;
    }
  }
  pop(): T | undefined {
    const a = this.#a;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l], a[m])) m = l;
        if (r < a.length && this.less(a[r], a[m])) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}

/**
 * A deterministic topological order (Kahn's algorithm with a priority queue): every node comes
 * after all its predecessors; among nodes ready at the same time, `compare` decides. Cycles are
 * returned in `cycles`; their nodes are ordered only when `breakCycle` says how.
 *
 * @example
 * ```ts
 * const g = new Graph<string>().addEdge("a", "b").addEdge("b", "a").addEdge("b", "c");
 * topologicalOrder(g).unordered; // ["a", "b", "c"]: a cycle, and what comes after it
 * const r = topologicalOrder(g, { breakCycle: (cycle) => cycle[0] });
 * r.order; // ["a", "b", "c"]
 * r.broken; // [{ cycle: ["a", "b"], first: "a" }]
 * ```
 */
export function topologicalOrder<T>(graph: Graph<T>, opts: TopologicalOptions<T> = {}): TopologicalResult<T> {
  const nodes = graph.nodes;
  const rank = new Map<T, number>();
  nodes.forEach((n, i) => rank.set(n, i));
  const cmp = (a: T, b: T) => {
    const c = opts.compare ? opts.compare(a, b) : 0;
    return c !== 0 ? c : rank.get(a)! - rank.get(b)!;
  };
  const waiting = new Map<T, number>();
  for (const n of nodes) waiting.set(n, graph.predecessors(n).length);
  const heap = new Heap<T>((a, b) => cmp(a, b) < 0);
  for (const n of nodes) if (waiting.get(n) === 0) heap.push(n);
  const placed = new Set<T>();
  const order: T[] = [];
  const broken: { cycle: T[]; first: T }[] = [];
  const place = (n: T) => {
    placed.add(n);
    order.push(n);
    for (const m of graph.successors(n)) {
      if (placed.has(m)) continue;
      const w = waiting.get(m)! - 1;
      waiting.set(m, w);
      if (w === 0) heap.push(m);
    }
  };
  for (;;) {
    const n = heap.pop();
    if (n !== undefined) {
      if (!placed.has(n)) place(n);
      continue;
    }
    if (order.length === nodes.length || !opts.breakCycle) break;
    // Stuck: every node left waits on another one left. A source component of what is left
    // waits only on its own nodes: that cycle is broken.
    const rest = new Graph<T>();
    for (const x of nodes) {
      if (placed.has(x)) continue;
      rest.addNode(x);
      for (const y of graph.successors(x)) if (!placed.has(y)) rest.addEdge(x, y);
    }
    const sources = findCycles(rest).filter((c) => {
      const inside = new Set(c);
      return c.every((x) => rest.predecessors(x).every((p) => inside.has(p)));
    });
    const cycle = sources.map((c) => [...c].sort(cmp)).sort((a, b) => cmp(a[0], b[0]))[0];
    const first = opts.breakCycle(cycle);
    if (!cycle.includes(first)) throw new TypeError("breakCycle returned a node outside the cycle");
    broken.push({ cycle, first });
    place(first);
  }
  const unordered = nodes.filter((n) => !placed.has(n));
  return { order, cycles: findCycles(graph), broken, unordered };
}
