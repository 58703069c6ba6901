/**
 * Subsets with foreign-key closure: which rows of each copied table a subset keeps, computed by
 * reading the source in the run's snapshot (SELECTs only: nothing is written to the source, no
 * temporary table).
 *
 * - A **root** (`subset:` in the sync file, or `--where`) keeps the rows of its table that match a
 *   `where` condition, or a deterministic `percent` of them chosen by the SHA-256 of their key.
 * - **Closure**: every row referenced by a kept row is kept, recursively, through every foreign key
 *   between copied tables, self-references and cycles included (a fixpoint). A table reached this
 *   way (a parent of a root, and its parents) keeps only the rows referenced.
 * - `include_children` on a root also keeps the rows that reference its chosen rows, recursively
 *   downwards (an order's lines, their notes…), whose parents the closure then adds.
 * - **Filtered**: a copied table untouched by the above that references a subsetted table keeps its
 *   rows whose references all point at kept rows (or are NULL); its own children likewise. Inside a
 *   cycle or self-reference of such tables, the rows left are the largest set that holds together.
 * - Every other copied table is copied whole.
 *
 * Two ways to the same rows. {@link streamSubset}: when one pass in foreign-key order reaches every
 * row (no cycle, no self-reference), each table is read once by keyed reads (`copy/keyed.ts`) in
 * one unit, the read being its copy. {@link computeSubset}: otherwise (and for a plan alone), the
 * closure is read to a fixpoint first, keeping only key values in memory (never rows), and each
 * table's final choice goes to the copy as a read filter over literal key arrays.
 * @module
 */
import { arrayLiteral, keyInSql, type KeyRef, ownRows } from "../copy/mod.ts";
import type { SourceLocation } from "../errors/mod.ts";
import { ConfitureError } from "../errors/mod.ts";
import type { Session } from "../db/mod.ts";
import type { TableFacts } from "../model/mod.ts";
import { rowKey } from "../model/mod.ts";
import { quoteIdent } from "../sql/mod.ts";
import { findCycles, Graph, reachable, stronglyConnectedComponents, topologicalOrder } from "../util/mod.ts";

/** One subset root, resolved to a table identity. */
export interface SubsetRootSpec {
  /** `table:schema.name`. */
  id: string;
  where?: string;
  /** 0 < percent ≤ 100 of the rows, by their key. */
  percent?: number;
  includeChildren: boolean;
  location?: SourceLocation;
}

/** A foreign key between two copied tables, as the closure follows it. */
export interface SubsetEdge {
  name: string;
  /** The referencing table's identity and columns. */
  from: string;
  columns: string[];
  /** The referenced table's identity and columns. */
  to: string;
  refColumns: string[];
}

export { arrayLiteral, keyInSql };

/** How a subset treats one copied table. */
export type SubsetKind = "root" | "closure" | "filtered";

/** The rows a subset keeps of one table. */
export interface TableSubset {
  kind: SubsetKind;
  /** A SQL condition over the table's columns that selects the kept rows (holds key values: never shown). */
  filter: string;
  /** Rows it keeps, counted in the snapshot (the table's own `where:` applied); -1 when streamed. */
  rows: number;
  /** Streamed (see {@link streamSubset}): the rows are chosen by keyed reads as the unit runs. */
  keyed?: KeyedSubset;
}

/** What {@link computeSubset} found. */
export interface SubsetResult {
  /** By table identity; tables copied whole are absent. */
  tables: Record<string, TableSubset>;
  /** Queries the closure ran on the source. */
  queries: number;
}

/** Tuples of key values per fetch query (a literal array each). */
const CHUNK = 500_000;
/** Kept rows up to which a table's filter is the list of their keys. */
const KEY_FILTER_MAX = 200_000;

const keyName = (cols: string[]) => cols.join("\u0000");

/**
 * The foreign keys the closure follows: those of the source and of the target between copied
 * tables, once each, whose columns exist on the source.
 */
export function subsetEdges(selected: TableFacts[], target: TableFacts[] = []): SubsetEdge[] {
  const byId = new Map(selected.map((t) => [t.id, t]));
  const seen = new Set<string>();
  const out: SubsetEdge[] = [];
  const add = (from: string, fk: TableFacts["foreignKeys"][number]) => {
    const src = byId.get(from), dst = byId.get(fk.references);
    if (!src || !dst) return;
    const has = (t: TableFacts, cols: string[]) => cols.every((c) => t.columns.some((x) => x.name === c));
    if (!has(src, fk.columns) || !has(dst, fk.referencedColumns)) return;
    const k = `${from}\u0001${keyName(fk.columns)}\u0001${fk.references}\u0001${keyName(fk.referencedColumns)}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push({ name: fk.name, from, columns: fk.columns, to: fk.references, refColumns: fk.referencedColumns });
  };
  for (const t of selected) for (const fk of t.foreignKeys) add(t.id, fk);
  for (const t of target) if (byId.has(t.id)) { for (const fk of t.foreignKeys) add(t.id, fk); }
  return out;
}

/**
 * Which tables a subset touches (pure): `subsetted` holds the roots, the tables below a root with
 * `include_children`, and every table they reference, recursively; `filtered` holds the other
 * tables that reference those, recursively. Tables in neither are copied whole.
 */
export function classifyTables(
  ids: string[],
  edges: SubsetEdge[],
  roots: { id: string; includeChildren: boolean }[],
): { subsetted: Set<string>; filtered: Set<string>; down: Set<string> } {
  const down = reachable(
    roots.filter((r) => r.includeChildren).map((r) => r.id),
    (id) => edges.filter((e) => e.to === id).map((e) => e.from),
  );
  const subsetted = reachable(
    [...roots.map((r) => r.id), ...down],
    (id) => edges.filter((e) => e.from === id).map((e) => e.to),
  );
  const filtered = new Set<string>();
  for (let grew = true; grew;) {
    grew = false;
    for (const id of ids) {
      if (subsetted.has(id) || filtered.has(id)) continue;
      if (edges.some((e) => e.from === id && (subsetted.has(e.to) || filtered.has(e.to)))) {
        filtered.add(id);
        grew = true;
      }
    }
  }
  return { subsetted, filtered, down };
}

/** Integer types whose single-column keys {@link percentSql} hashes as numbers. */
const INTEGER_TYPES = new Set(["smallint", "integer", "bigint", "int2", "int4", "int8"]);

/**
 * The condition choosing `percent` of a table's rows by key, deterministically: a key's bucket
 * (0–9999, see {@link percentBucket}) is below `percent × 100`. A single integer key is mixed with
 * integer arithmetic (its low 32 bits times an odd constant, modulo 2³², xor-folded: a fraction of
 * the cost of a digest); any other key by the first 32 bits of the SHA-256 of its text
 * (`ROW(a, b)::text` for a composite key). The same keys give the same rows at every run, on
 * every server.
 */
export function percentSql(key: string[], percent: number, types: string[] = []): string {
  const bound = Math.round(percent * 100);
  if (key.length === 1 && INTEGER_TYPES.has(types[0])) {
    const h = `(((${quoteIdent(key[0])}::bigint & 4294967295) * ${MIX}) & 4294967295)`;
    return `((${h} # (${h} >> 16)) % 10000) < ${bound}`;
  }
  const text = key.length === 1 ? `${quoteIdent(key[0])}::text` : `ROW(${key.map(quoteIdent).join(", ")})::text`;
  return `(('x' || left(encode(pg_catalog.sha256(convert_to(${text}, 'UTF8')), 'hex'), 8))::bit(32)::bigint % 10000) < ${bound}`;
}

/** The odd multiplier of the integer mix (below 2³¹, so that the product stays within a bigint). */
const MIX = 1540483477n;

/**
 * The bucket (0–9999) {@link percentSql} puts a key in: from an integer key's value (a bigint),
 * or from the key's text. A row is kept when its bucket is below `percent × 100`.
 */
export async function percentBucket(key: string | bigint): Promise<number> {
  if (typeof key === "bigint") {
    const h = (BigInt.asUintN(32, key) * MIX) & 0xffffffffn;
    return Number((h ^ (h >> 16n)) % 10000n);
  }
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key)));
  const n = ((d[0] << 24) >>> 0) + (d[1] << 16) + (d[2] << 8) + d[3];
  return n % 10000;
}

/**
 * The condition choosing a root's rows: its `where`, or its `percent` by key ({@link percentSql}).
 * Throws `SYNC_SUBSET_NO_KEY` for a percent of a table without a key.
 */
export function rootCondition(t: TableFacts, r: SubsetRootSpec): string {
  if (r.percent === undefined) return r.where!;
  const key = rowKey(t);
  if (!key) {
    throw new ConfitureError(
      "SYNC_SUBSET_NO_KEY",
      `subset: ${t.schema}.${t.name} has no key to take a percent of`,
      {
        location: r.location,
        detail: "percent chooses rows by a hash of the primary key (or a unique key of NOT NULL columns)",
        hint: 'give the table a primary key, or choose its rows with "where" instead',
      },
    );
  }
  return percentSql(key, r.percent, key.map((c) => t.columns.find((x) => x.name === c)!.type));
}

/** How a table of a streamed subset chooses its rows (see {@link streamSubset}). */
export interface KeyedSubset {
  /** Root conditions: a row matching one is kept… */
  roots: string[];
  /** …or one whose columns are among a key set's tuples. */
  anyOf: KeyRef[];
  /** A filtered table: a row is kept when each reference is NULL or among the set's tuples. */
  allOf: KeyRef[];
  /** Key sets to fill from its rows, by column names. */
  collect: { set: string; columns: string[] }[];
}

/** A subset copied as keyed reads in one unit, in `order`. */
export interface StreamedSubset {
  /**
   * By table identity: `rows` -1 (known once copied); `keyed` set and `filter` empty, except for a
   * root related to no other table of the subset (its filter: its roots' conditions).
   */
  tables: Record<string, TableSubset>;
  /** The load order inside the unit: every table after those whose keys it reads. */
  order: string[];
}

/**
 * The subset as keyed reads (see `copy/keyed.ts`): each subsetted or filtered table is read once,
 * by its roots' conditions or by the key values of the tables copied before it, and that read is
 * its copy — no closure pass before the copy. Possible when one pass in some order reaches every
 * row: undefined (compute it first with {@link computeSubset}) when the tables' foreign keys form
 * a cycle or a self-reference, when a table below an `include_children` root also gains rows some
 * other way and has children of its own, or when a key column a later read needs is not read
 * as it is (`readable`: not copied, or computed on the source).
 */
export function streamSubset(
  input: SubsetInput,
  readable: (id: string, columns: string[]) => boolean,
): StreamedSubset | undefined {
  const edges = subsetEdges(input.tables, input.target);
  const byId = new Map(input.tables.map((t) => [t.id, t]));
  const { subsetted, filtered, down } = classifyTables(input.tables.map((t) => t.id), edges, input.roots);
  const group = [...subsetted, ...filtered].sort();
  const inGroup = new Set(group);
  const inner = edges.filter((e) => inGroup.has(e.from) && inGroup.has(e.to));
  const fk = new Graph<string>();
  for (const id of group) fk.addNode(id);
  for (const e of inner) fk.addEdge(e.to, e.from);
  if (findCycles(fk).length) return undefined;
  // The group loads last, in one unit: a copied table outside it must not reference it (a target
  // foreign key whose columns the source lacks is not followed by the subset, yet orders the load).
  const copied = new Set(input.tables.map((t) => t.id));
  for (const t of input.target ?? []) {
    if (copied.has(t.id) && !inGroup.has(t.id) && t.foreignKeys.some((f) => inGroup.has(f.references))) {
      return undefined;
    }
  }

  const rootsOf = (id: string) => input.roots.filter((r) => r.id === id);
  // Below an include_children root, every kept row's children are kept: a root there without it
  // would need its rows told apart.
  for (const id of down) if (rootsOf(id).some((r) => !r.includeChildren)) return undefined;
  const downEdges = (id: string) => down.has(id) ? inner.filter((e) => e.from === id && down.has(e.to)) : [];
  // A reference that needs no reading: the table's rows are exactly the children of kept rows
  // through it (an order's lines point at kept orders).
  const redundant = new Set(
    inner.filter((e) => {
      const d = downEdges(e.from);
      return rootsOf(e.from).length === 0 && d.length === 1 && d[0] === e;
    }),
  );
  const upEdges = (id: string) => inner.filter((e) => e.to === id && subsetted.has(e.from) && !redundant.has(e));
  for (let changed = true; changed;) {
    changed = false;
    for (const e of redundant) {
      if (upEdges(e.from).length) {
        redundant.delete(e);
        changed = true;
      }
    }
  }
  for (const id of down) {
    if (upEdges(id).length && inner.some((e) => e.to === id && down.has(e.from))) return undefined;
  }

  const typesOf = (id: string, cols: string[]) =>
    cols.map((c) => byId.get(id)!.columns.find((x) => x.name === c)!.type);
  const setName = (id: string, cols: string[]) => `${id}\u0001${keyName(cols)}`;
  const collect = new Map<string, Map<string, string[]>>(group.map((id) => [id, new Map()]));
  const needs = (id: string, cols: string[]) => {
    collect.get(id)!.set(setName(id, cols), cols);
    return setName(id, cols);
  };
  const order = new Graph<string>();
  for (const id of group) order.addNode(id);
  const tables: Record<string, TableSubset> = {};
  for (const id of group) {
    const keyed: KeyedSubset = { roots: [], anyOf: [], allOf: [], collect: [] };
    if (subsetted.has(id)) {
      keyed.roots = rootsOf(id).map((r) => rootCondition(byId.get(id)!, r));
      for (const e of downEdges(id)) {
        keyed.anyOf.push({ set: needs(e.to, e.refColumns), columns: e.columns, types: typesOf(id, e.columns) });
        order.addEdge(e.to, id);
      }
      for (const e of upEdges(id)) {
        keyed.anyOf.push({ set: needs(e.from, e.columns), columns: e.refColumns, types: typesOf(id, e.refColumns) });
        order.addEdge(e.from, id);
      }
      if (keyed.roots.length === 0 && keyed.anyOf.length === 0) keyed.roots.push("false");
    } else {
      for (const e of inner.filter((e) => e.from === id)) {
        keyed.allOf.push({ set: needs(e.to, e.refColumns), columns: e.columns, types: typesOf(id, e.columns) });
        order.addEdge(e.to, id);
      }
    }
    tables[id] = {
      kind: filtered.has(id) ? "filtered" : keyed.roots.length && keyed.roots[0] !== "false" ? "root" : "closure",
      filter: "",
      rows: -1,
      keyed,
    };
  }
  for (const [id, sets] of collect) {
    for (const [set, columns] of sets) {
      if (!readable(id, columns)) return undefined;
      tables[id].keyed!.collect.push({ set, columns });
    }
  }
  const sorted = topologicalOrder(order);
  if (sorted.unordered.length) return undefined;
  // A root nothing reads keys from and that reads none is an ordinary filtered read: it keeps its
  // own unit (ranges of a large table, a worker of its own).
  const alone = (id: string) => {
    const k = tables[id].keyed!;
    return k.anyOf.length === 0 && k.allOf.length === 0 && k.collect.length === 0 && tables[id].kind === "root";
  };
  for (const id of group) {
    if (!alone(id)) continue;
    tables[id] = { kind: "root", filter: tables[id].keyed!.roots.map((r) => `(${r})`).join(" OR "), rows: -1 };
  }
  return { tables, order: sorted.order.filter((id) => tables[id].keyed) };
}

/** Rows of one table of a cycle of filtered tables: its key tuples and its references inside the cycle. */
export interface PruneRow {
  /** By key name (columns joined by NUL): the tuple, JSON text; absent when a column is NULL. */
  keys: Record<string, string>;
  /** By edge index: the referenced tuple, JSON text; absent when a column is NULL. */
  refs: Record<number, string>;
}

/**
 * The largest set of rows whose references (by `edges`, inside one cycle of filtered tables) all
 * point at rows of the set: rows whose parent is gone are removed until none is (pure). Returns,
 * by table, the kept rows' indexes.
 */
export function pruneToFixpoint(
  rows: Record<string, PruneRow[]>,
  edges: { index: number; from: string; to: string; refKey: string }[],
): Record<string, Set<number>> {
  const kept: Record<string, Set<number>> = {};
  for (const [id, rs] of Object.entries(rows)) kept[id] = new Set(rs.map((_, i) => i));
  for (let changed = true; changed;) {
    changed = false;
    const keys = new Map<string, Set<string>>();
    const keysOf = (id: string, k: string) => {
      const name = `${id}\u0001${k}`;
      let s = keys.get(name);
      if (!s) {
        s = new Set();
        for (const i of kept[id] ?? []) {
          const v = rows[id][i].keys[k];
          if (v !== undefined) s.add(v);
        }
        keys.set(name, s);
      }
      return s;
    };
    for (const [id, rs] of Object.entries(rows)) {
      for (const i of [...kept[id]]) {
        const ok = edges.every((e) =>
          e.from !== id || rs[i].refs[e.index] === undefined ||
          keysOf(e.to, e.refKey).has(rs[i].refs[e.index])
        );
        if (!ok) {
          kept[id].delete(i);
          changed = true;
        }
      }
      if (changed) break;
    }
  }
  return kept;
}

interface TState {
  t: TableFacts;
  from: string;
  where?: string;
  /** Referenced keys (column lists) of the table, by key name. */
  keys: Map<string, string[]>;
  out: SubsetEdge[];
  in: SubsetEdge[];
  roots: string[];
  up: Map<string, Set<string>>;
  down: Map<SubsetEdge, Set<string>>;
  seen: Map<string, Set<string>>;
  downSeen: Map<string, Set<string>>;
  pending: Map<string, Set<string>>;
  /**
   * The row identities (primary key, or a unique key of NOT NULL columns) of every row read so
   * far: every kept row is read once by some query of the closure, so their number is the row
   * count. Undefined without such a key, or past {@link KEY_FILTER_MAX} rows (then counted by a
   * query).
   */
  rowIds?: Set<string>;
}

/** Inputs of {@link computeSubset}. */
export interface SubsetInput {
  /** The copied tables, as the source has them. */
  tables: TableFacts[];
  /** The target's tables (their foreign keys are followed too). */
  target?: TableFacts[];
  roots: SubsetRootSpec[];
  /** By table identity: its own `where:` filter, applied to every read of it. */
  where?: Record<string, string>;
}

/**
 * Computes the rows a subset keeps of each copied table (see the module documentation), reading
 * `snap` only. Throws `SYNC_SUBSET_NO_KEY` for a `percent` root on a table without a key.
 */
export async function computeSubset(snap: Session, input: SubsetInput): Promise<SubsetResult> {
  const db = snap.dataSafe();
  const edges = subsetEdges(input.tables, input.target);
  const ids = input.tables.map((t) => t.id);
  const { subsetted, filtered } = classifyTables(ids, edges, input.roots);
  const state = new Map<string, TState>();
  for (const t of input.tables) {
    const keys = new Map<string, string[]>();
    for (const e of edges) if (e.to === t.id) keys.set(keyName(e.refColumns), e.refColumns);
    state.set(t.id, {
      t,
      from: ownRows(t),
      where: input.where?.[t.id],
      keys,
      out: edges.filter((e) => e.from === t.id),
      in: edges.filter((e) => e.to === t.id),
      roots: [],
      up: new Map(),
      down: new Map(),
      seen: new Map([...keys.keys()].map((k) => [k, new Set<string>()])),
      downSeen: new Map([...keys.keys()].map((k) => [k, new Set<string>()])),
      pending: new Map([...keys.keys()].map((k) => [k, new Set<string>()])),
      // A referenced row key already collects every row's identity in `seen`.
      rowIds: rowKey(t) && !keys.has(keyName(rowKey(t)!)) ? new Set<string>() : undefined,
    });
  }
  const typesOf = (s: TState, cols: string[]) => cols.map((c) => s.t.columns.find((x) => x.name === c)!.type);
  let queries = 0;
  const cond = (s: TState, filter: string) => (s.where ? `(${s.where}) AND (${filter})` : filter);

  /**
   * Reads the key and reference values of the rows of `s` matching `filter`; returns new
   * down-tuples by key. The server aggregates each column list into one JSON array of tuples
   * (each tuple the text of `json_build_array(…)`, its set key here): one value a column list
   * crosses the wire, not one row a row, and tuples with a NULL are left out.
   */
  const fetch = async (s: TState, filter: string, wantDown: boolean): Promise<Map<string, Set<string>>> => {
    const lists = new Map<string, string[]>();
    const identity = rowKey(s.t);
    if (identity && s.rowIds) lists.set(keyName(identity), identity);
    for (const [k, c] of s.keys) lists.set(k, c);
    for (const e of s.out) lists.set(keyName(e.columns), e.columns);
    const newDown = new Map<string, Set<string>>();
    if (lists.size === 0) {
      // Nothing references it and it references nothing: the rows need no reading.
      return newDown;
    }
    queries++;
    const names = [...lists.keys()];
    const aggs = names.map((k, i) => {
      const c = lists.get(k)!.map(quoteIdent);
      return `json_agg(json_build_array(${c.map((x) => `${x}::text`).join(", ")})::text) FILTER (WHERE ${
        c.map((x) => `${x} IS NOT NULL`).join(" AND ")
      })::text AS s${i}`;
    });
    const [row] = await db.query<Record<string, string | null>>(
      `SELECT ${aggs.join(", ")} FROM ${s.from} WHERE ${cond(s, filter)}`,
    );
    const tuples = new Map<string, string[]>();
    names.forEach((k, i) => tuples.set(k, JSON.parse(row[`s${i}`] ?? "[]") as string[]));
    if (identity && s.rowIds) {
      for (const v of tuples.get(keyName(identity))!) s.rowIds.add(v);
      if (s.rowIds.size > KEY_FILTER_MAX) s.rowIds = undefined;
    }
    for (const k of s.keys.keys()) {
      const seen = s.seen.get(k)!;
      const downSeen = s.downSeen.get(k)!;
      for (const v of tuples.get(k)!) {
        seen.add(v);
        if (wantDown && !downSeen.has(v)) {
          downSeen.add(v);
          let n = newDown.get(k);
          if (!n) newDown.set(k, n = new Set());
          n.add(v);
        }
      }
    }
    for (const e of s.out) {
      const p = state.get(e.to)!;
      const k = keyName(e.refColumns);
      const seen = p.seen.get(k)!;
      const pending = p.pending.get(k)!;
      for (const v of tuples.get(keyName(e.columns))!) if (!seen.has(v)) pending.add(v);
    }
    return newDown;
  };
  const chunks = (values: string[]) => {
    const out: string[][][] = [];
    for (let i = 0; i < values.length; i += CHUNK) {
      out.push(values.slice(i, i + CHUNK).map((v) => JSON.parse(v) as string[]));
    }
    return out;
  };

  // 1. The roots' rows; 2. downwards from roots with include_children.
  const downQueue: { s: TState; tuples: Map<string, Set<string>> }[] = [];
  for (const r of input.roots) {
    const s = state.get(r.id)!;
    const sql = rootCondition(s.t, r);
    s.roots.push(sql);
    const nd = await fetch(s, `(${sql})`, r.includeChildren);
    if (r.includeChildren) downQueue.push({ s, tuples: nd });
  }
  while (downQueue.length) {
    const { s, tuples } = downQueue.shift()!;
    for (const e of s.in) {
      const vals = tuples.get(keyName(e.refColumns));
      if (!vals?.size) continue;
      const c = state.get(e.from)!;
      let set = c.down.get(e);
      if (!set) c.down.set(e, set = new Set());
      const fresh = [...vals].filter((v) => !set!.has(v));
      for (const v of fresh) set.add(v);
      for (const part of chunks(fresh)) {
        const nd = await fetch(c, keyInSql(e.columns, typesOf(c, e.columns), part), true);
        downQueue.push({ s: c, tuples: nd });
      }
    }
  }
  // 3. Upwards: every referenced row, to a fixpoint.
  for (let more = true; more;) {
    more = false;
    for (const s of state.values()) {
      for (const [k, pend] of s.pending) {
        if (pend.size === 0) continue;
        const seen = s.seen.get(k)!;
        const fresh = [...pend].filter((v) => !seen.has(v));
        pend.clear();
        if (fresh.length === 0) continue;
        more = true;
        let set = s.up.get(k);
        if (!set) s.up.set(k, set = new Set());
        for (const v of fresh) set.add(v);
        const cols = s.keys.get(k)!;
        for (const part of chunks(fresh)) await fetch(s, keyInSql(cols, typesOf(s, cols), part), false);
      }
    }
  }

  const result: Record<string, TableSubset> = {};
  const parse = (set: Iterable<string>) => [...set].map((v) => JSON.parse(v) as string[]);
  /** The key tuples of the kept rows of each subsetted or filtered table, by key name. */
  const kept = new Map<string, Map<string, Set<string>>>();
  for (const id of subsetted) {
    const s = state.get(id)!;
    const parts = [
      ...s.roots.map((r) => `(${r})`),
      ...[...s.up].map(([k, set]) => keyInSql(s.keys.get(k)!, typesOf(s, s.keys.get(k)!), parse(set))),
      ...[...s.down].map(([e, set]) => keyInSql(e.columns, typesOf(s, e.columns), parse(set))),
    ];
    // When a key that identifies a row is referenced, the closure saw every kept row's value of
    // it: that list is the filter (an index or hash lookup instead of the roots' conditions again),
    // and its size the row count.
    const identity = rowKey(s.t);
    const known = identity ? s.seen.get(keyName(identity)) : undefined;
    const byKey = known !== undefined && known.size <= KEY_FILTER_MAX;
    result[id] = {
      kind: s.roots.length ? "root" : "closure",
      filter: byKey
        ? keyInSql(identity!, typesOf(s, identity!), parse(known))
        : parts.length
        ? parts.map((p) => `(${p})`).join(" OR ")
        : "false",
      rows: known !== undefined ? known.size : s.rowIds ? s.rowIds.size : -1,
    };
    kept.set(id, s.seen);
  }

  // 4. Filtered tables: in foreign-key order; inside a cycle, the largest set that holds together.
  const g = new Graph<string>();
  for (const id of [...filtered].sort()) g.addNode(id);
  for (const e of edges) if (filtered.has(e.from) && filtered.has(e.to)) g.addEdge(e.to, e.from);
  for (const comp of stronglyConnectedComponents(g)) {
    const inComp = new Set(comp);
    const ext = new Map<string, string>();
    for (const id of comp) {
      const s = state.get(id)!;
      const conds = s.out.filter((e) => !inComp.has(e.to) && kept.has(e.to)).map((e) =>
        refCondition(e, typesOf(s, e.columns), parse(kept.get(e.to)!.get(keyName(e.refColumns))!))
      );
      ext.set(id, conds.length ? conds.map((c) => `(${c})`).join(" AND ") : "true");
    }
    const intra = edges.filter((e) => inComp.has(e.from) && inComp.has(e.to));
    const referenced = comp.some((id) => state.get(id)!.in.some((e) => filtered.has(e.from)));
    if (intra.length === 0 && !referenced) {
      for (const id of comp) result[id] = { kind: "filtered", filter: ext.get(id)!, rows: -1 };
      continue;
    }
    // Read the candidates' keys and references inside the component (tuples compared only here).
    const tuple = (row: Record<string, unknown>, idx: number[]): string | undefined => {
      const vals = idx.map((i) => row[`c${i}`]);
      return vals.some((v) => v === null || v === undefined) ? undefined : JSON.stringify(vals);
    };
    const rows: Record<string, PruneRow[]> = {};
    for (const id of comp) {
      const s = state.get(id)!;
      const cols: string[] = [];
      const at = (c: string) => {
        let i = cols.indexOf(c);
        if (i < 0) i = cols.push(c) - 1;
        return i;
      };
      const keyIdx = [...s.keys].map(([k, c]) => [k, c.map(at)] as const);
      const refIdx = intra.map((e, i) => [i, e.from === id ? e.columns.map(at) : []] as const).filter(([, c]) =>
        c.length
      );
      rows[id] = [];
      if (cols.length === 0) continue;
      queries++;
      const got = await db.query<Record<string, unknown>>(
        `SELECT ${cols.map((c, i) => `${quoteIdent(c)}::text AS c${i}`).join(", ")} FROM ${s.from} WHERE ${
          cond(s, ext.get(id)!)
        }`,
      );
      for (const row of got) {
        const r: PruneRow = { keys: {}, refs: {} };
        for (const [k, idx] of keyIdx) {
          const v = tuple(row, idx);
          if (v !== undefined) r.keys[k] = v;
        }
        for (const [i, idx] of refIdx) {
          const v = tuple(row, idx);
          if (v !== undefined) r.refs[i] = v;
        }
        rows[id].push(r);
      }
    }
    const keep = pruneToFixpoint(
      rows,
      intra.map((e, index) => ({ index, from: e.from, to: e.to, refKey: keyName(e.refColumns) })),
    );
    for (const id of comp) {
      const s = state.get(id)!;
      const keys = new Map<string, Set<string>>();
      for (const k of s.keys.keys()) keys.set(k, new Set());
      for (const i of keep[id]) for (const [k, v] of Object.entries(rows[id][i].keys)) keys.get(k)!.add(v);
      kept.set(id, keys);
    }
    for (const id of comp) {
      const s = state.get(id)!;
      const conds = intra.filter((e) => e.from === id).map((e) =>
        refCondition(e, typesOf(s, e.columns), parse(kept.get(e.to)!.get(keyName(e.refColumns))!))
      );
      const all = [ext.get(id)!, ...conds].filter((c) => c !== "true");
      result[id] = {
        kind: "filtered",
        filter: all.length ? all.map((c) => `(${c})`).join(" AND ") : "true",
        rows: -1,
      };
    }
  }

  // 5. Exact counts, in the snapshot.
  for (const [id, r] of Object.entries(result)) {
    if (r.rows >= 0) continue;
    const s = state.get(id)!;
    queries++;
    const [{ n }] = await db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM ${s.from} WHERE ${cond(s, r.filter)}`,
    );
    r.rows = Number(n);
  }
  return { tables: result, queries };
}

/** `(columns) IS NULL somewhere, or (columns) among the tuples`: the rows whose reference is kept. */
function refCondition(e: SubsetEdge, types: string[], tuples: string[][]): string {
  const nulls = e.columns.map((c) => `${quoteIdent(c)} IS NULL`).join(" OR ");
  return `${nulls} OR ${keyInSql(e.columns, types, tuples)}`;
}

/**
 * Splits a `--where` value, `schema.table=SQL`, at its first `=` outside double quotes. Throws
 * `USAGE_INVALID_ARGUMENT` when there is no table or no condition.
 *
 * @example
 * ```ts
 * parseWhereFlag("public.orders=placed_at > now() - interval '7 days'");
 * // { table: "public.orders", where: "placed_at > now() - interval '7 days'" }
 * ```
 */
export function parseWhereFlag(text: string): { table: string; where: string } {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === "=" && !quoted) {
      const table = text.slice(0, i).trim();
      const where = text.slice(i + 1).trim();
      if (table && where) return { table, where };
      break;
    }
  }
  throw new ConfitureError(
    "USAGE_INVALID_ARGUMENT",
    `--where takes schema.table=CONDITION, got ${JSON.stringify(text)}`,
    {
      hint: "e.g. --where 'public.orders=id < 1000'",
    },
  );
}
