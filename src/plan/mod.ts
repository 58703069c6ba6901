/**
 * Changes → ordered statements with hazards → SQL text. Pure: no database access.
 *
 * Drops (and the first half of two-step column changes) run first, dependents before
 * what they depend on (reverse topological order over the `from` catalog); renames
 * follow; then creates and in-place changes, dependencies first (topological order
 * over the `to` catalog). Indexes on existing tables are built `CONCURRENTLY`;
 * checks and foreign keys on existing tables are added `NOT VALID`, then validated.
 * @module
 */
import {
  aclOps,
  builtinDefaultAcl,
  clusterSql,
  commentSql,
  type DiffResult,
  indexCandidates,
  ownerSql,
  replicaIdentitySql,
  viewColumn,
  viewDefaultOps,
} from "../diff/mod.ts";
import type { Catalog, CatalogObject, ObjectKind } from "../model/mod.ts";
import { quoteLiteral } from "../sql/mod.ts";
import { columnDefinition, columnSettingsSql, defaultIsInline, OBJECT_KINDS } from "../model/mod.ts";

/** One statement of a plan. */
export interface PlannedStatement {
  sql: string;
  /** Hazard codes: `DELETES_DATA`, `TABLE_REWRITE`, `ACQUIRES_ACCESS_EXCLUSIVE_LOCK`, `INDEX_BUILD`, `NOT_TRANSACTIONAL`, … */
  hazards: string[];
  /** False for statements that cannot run inside a transaction block (CREATE INDEX CONCURRENTLY). */
  transactional: boolean;
  /** The object the statement changes. */
  id: string;
  /** `create`, `drop`, `alter`, `rename`. */
  action: string;
}

/** An ordered migration. */
export interface Plan {
  statements: PlannedStatement[];
  notes: string[];
}

/** Options of {@link planMigration}. */
export interface PlanOptions {
  /** Use online forms (CONCURRENTLY, NOT VALID + VALIDATE) on existing tables. Default true. */
  online?: boolean;
}

interface Node {
  key: string;
  id: string;
  kind: ObjectKind;
  phase: 1 | 2 | 3;
  action: string;
  stmts: { sql: string; hazards: string[]; transactional: boolean }[];
  /** Extra identities this node must follow (phase 3) or precede (phase 1). */
  extraDeps: string[];
}

const q = (s: string) => '"' + s.replaceAll('"', '""') + '"';
const RANK = new Map<string, number>(OBJECT_KINDS.map((k, i) => [k, i]));
RANK.set("default_privileges", -1);

/** `pg_default_acl.defaclobjtype` of the object kinds default privileges apply to. */
const DEFACL_TYPE: Partial<Record<string, string>> = {
  table: "r",
  view: "r",
  materialized_view: "r",
  sequence: "S",
  function: "f",
  procedure: "f",
  aggregate: "f",
  type: "T",
  domain: "T",
  schema: "n",
};

const DATA_KINDS = new Set(["table", "column", "sequence", "schema"]);

/**
 * Orders the changes of `diff` into statements.
 *
 * @example
 * ```ts
 * const plan = planMigration(diffCatalogs(current, desired), current, desired);
 * console.log(renderPlanSql(plan));
 * ```
 */
export function planMigration(diff: DiffResult, from: Catalog, to: Catalog, opts: PlanOptions = {}): Plan {
  const online = opts.online ?? true;
  const withOwners = diff.owners ?? true;
  const fromObjs = diff.from ?? from.objects;
  const toObjs = to.objects;
  const byId = new Map(diff.changes.map((c) => [c.id, c]));
  const dropped = new Set(diff.changes.filter((c) => c.action === "drop" || c.action === "replace").map((c) => c.id));
  const created = new Set(diff.changes.filter((c) => c.action === "create" || c.action === "replace").map((c) => c.id));

  const implicitDrop = (o: CatalogObject): boolean => {
    // Foreign keys are dropped explicitly: two dropped tables may reference each other.
    if (o.kind === "constraint" && o.constraintType === "f") return false;
    if (o.parent && dropped.has(o.parent)) return true;
    if (o.autoDropsWith && (dropped.has(o.autoDropsWith) || dropped.has(fromObjs[o.autoDropsWith]?.parent ?? ""))) {
      return true;
    }
    if (o.kind === "default" && dropped.has("column:" + o.id.slice("default:".length))) return true;
    return false;
  };
  const covered = (o: CatalogObject): boolean => {
    if (o.kind === "column") return !!o.parent && created.has(o.parent);
    if (o.kind === "default") {
      const col = "column:" + o.id.slice("default:".length);
      return defaultIsInline(o) && ((!!o.parent && created.has(o.parent)) || created.has(col));
    }
    return false;
  };
  const existedBefore = (tableId: string | undefined) => !!tableId && !!fromObjs[tableId] && !created.has(tableId);

  const nodes: Node[] = [];
  const push = (n: Omit<Node, "extraDeps"> & { extraDeps?: string[] }) => {
    if (n.stmts.length) nodes.push({ extraDeps: [], ...n });
  };
  const st = (sql: string, hazards: string[] = [], transactional = true) => ({ sql, hazards, transactional });

  for (const c of diff.changes) {
    const f = fromObjs[c.id];
    const t = toObjs[c.id];
    if ((c.action === "drop" || c.action === "replace") && f && !implicitDrop(f)) {
      const hz = DATA_KINDS.has(f.kind) && c.action === "drop" ? ["DELETES_DATA"] : [];
      if (c.action === "replace" && (f.kind === "table" || f.kind === "column")) hz.push("DELETES_DATA");
      if (f.kind === "table" || f.kind === "column" || f.parent) hz.push("ACQUIRES_ACCESS_EXCLUSIVE_LOCK");
      push({
        key: `drop:${c.id}`,
        id: c.id,
        kind: f.kind,
        phase: 1,
        action: "drop",
        stmts: f.drop.map((s) => st(s, hz)),
      });
    }
    if ((c.action === "create" || c.action === "replace") && t && !covered(t)) {
      const stmts = createStatements(t);
      push({ key: `create:${c.id}`, id: c.id, kind: t.kind, phase: 3, action: "create", stmts });
      if (t.kind === "table") {
        const post: string[] = [];
        const info = t.table!;
        if (info.rowSecurity) post.push(`ALTER TABLE ${qn(t)} ENABLE ROW LEVEL SECURITY`);
        if (info.forceRowSecurity) post.push(`ALTER TABLE ${qn(t)} FORCE ROW LEVEL SECURITY`);
        if (info.replicaIdentity !== "d" && !(info.replicaIdentity === "n" && info.partitionKey)) {
          post.push(replicaIdentitySql(t));
        }
        for (const col of childrenOf(toObjs, t.id)) {
          if (col.kind === "column") post.push(...columnSettingsSql(qn(t), col));
        }
        if (info.clusterIndex) post.push(clusterSql(t));
        push({
          key: `post:${c.id}`,
          id: c.id,
          kind: t.kind,
          phase: 3,
          action: "alter",
          stmts: post.map((s) => st(s)),
          extraDeps: [c.id, ...tableIndexDeps(t)],
        });
      }
    }
    if (c.action === "alter" || c.action === "rename") {
      for (const phase of [1, 2] as const) {
        const ops = (c.ops ?? []).filter((o) => o.phase === phase);
        if (!ops.length) continue;
        const p = c.action === "rename" ? 2 : phase === 1 ? 1 : 3;
        const extra: string[] = [];
        if (c.kind === "table" && t?.table) extra.push(...tableIndexDeps(t));
        push({
          key: `${c.action}${phase}:${c.id}`,
          id: c.id,
          kind: c.kind,
          phase: p,
          action: c.action,
          stmts: ops.flatMap((o) => o.sql.map((s) => st(s, o.hazards))),
          extraDeps: extra,
        });
      }
    }
  }

  /**
   * The privileges a new object has when the script creates it: the built-in ones, or those of
   * the `from` side's default privileges for the role running the script (global entries
   * replace the built-in ones, schema entries add to them).
   */
  function initialAcl(t: CatalogObject) {
    const type = DEFACL_TYPE[t.kind];
    const role = from.currentUser;
    if (!type || !role) return builtinDefaultAcl(t);
    const global = fromObjs[`default_privileges:${role}..${type}`];
    const inSchema = t.schema ? fromObjs[`default_privileges:${role}.${t.schema}.${type}`] : undefined;
    const base = global ? (global.acl ?? []) : builtinDefaultAcl(t);
    const seen = new Set(base.map((e) => `${e.grantee}\t${e.privilege}`));
    const extra = (inSchema?.acl ?? []).filter((e) => !seen.has(`${e.grantee}\t${e.privilege}`));
    return [...base, ...extra];
  }

  function createStatements(t: CatalogObject) {
    const out: { sql: string; hazards: string[]; transactional: boolean }[] = [];
    const parentExisted = existedBefore(t.parent);
    if (t.kind === "column" && t.column!.inherited) {
      // Created by its parent: only its own settings.
      for (const x of columnSettingsSql(qn(toObjs[t.parent!]), t)) out.push(st(x));
    } else if (t.kind === "column") {
      const d = toObjs["default:" + t.id.slice("column:".length)];
      const inline = d && defaultIsInline(d) ? d.definition : null;
      const table = toObjs[t.parent!];
      out.push(st(`ALTER TABLE ${qn(table)} ADD COLUMN ${columnDefinition(t, inline)}`, [
        "ACQUIRES_ACCESS_EXCLUSIVE_LOCK",
        ...(t.column!.generated === "s" || (inline && /\(/.test(inline)) ? ["TABLE_REWRITE"] : []),
      ]));
      for (const x of columnSettingsSql(qn(table), t)) out.push(st(x));
    } else if (t.kind === "index" && online && parentExisted && !t.onPartitioned) {
      out.push(st(t.create[0].replace(/^CREATE (UNIQUE )?INDEX /, "CREATE $1INDEX CONCURRENTLY "), [
        "INDEX_BUILD",
        "NOT_TRANSACTIONAL",
      ], false));
      for (const s of t.create.slice(1)) out.push(st(s));
    } else if (
      t.kind === "constraint" && online && parentExisted && !t.onPartitioned && !t.notValid &&
      (t.constraintType === "c" || t.constraintType === "f")
    ) {
      out.push(st(`${t.create[0]} NOT VALID`, ["ACQUIRES_ACCESS_EXCLUSIVE_LOCK"]));
      out.push(st(`ALTER TABLE ${qn(toObjs[t.parent!])} VALIDATE CONSTRAINT ${q(t.name)}`, ["VALIDATES_ALL_ROWS"]));
    } else {
      const hz: string[] = [];
      if (t.kind === "index" && parentExisted) hz.push("INDEX_BUILD", "ACQUIRES_SHARE_LOCK");
      if (t.kind === "constraint" && parentExisted) hz.push("ACQUIRES_ACCESS_EXCLUSIVE_LOCK", "VALIDATES_ALL_ROWS");
      if (t.kind === "materialized_view") hz.push("RUNS_QUERY");
      for (const s of t.create) out.push(st(s, hz));
    }
    if (t.kind === "view") { for (const op of viewDefaultOps(null, t)) for (const s of op.sql) out.push(st(s)); }
    // A new object belongs to the role running the script (the one that inspected `from`).
    // A sequence gets its owner before OWNED BY, which requires the table's owner.
    if (
      withOwners && t.owner && from.currentUser && t.owner !== from.currentUser && t.target &&
      !t.sequence?.identityOf
    ) {
      const at = t.kind === "sequence" ? 1 : out.length;
      out.splice(at, 0, st(ownerSql(t)));
    }
    if (t.comment != null && t.target) out.push(st(commentSql(t.target, t.comment)));
    for (const [k, v] of Object.entries(t.subComments ?? {}).sort()) out.push(st(commentSql(k, v)));
    if (t.acl) { for (const op of aclOps(t, initialAcl(t), t.acl)) for (const s of op.sql) out.push(st(s)); }
    for (const [col, entries] of Object.entries(t.columnAcl ?? {}).sort()) {
      for (const op of aclOps(viewColumn(t, col), [], entries)) for (const s of op.sql) out.push(st(s));
    }
    if (t.kind === "table") {
      // Columns created with the table: their comments and privileges.
      for (const c of childrenOf(toObjs, t.id)) {
        if (c.kind !== "column") continue;
        if (c.comment != null) out.push(st(commentSql(c.target, c.comment)));
        if (c.acl) { for (const op of aclOps(c, [], c.acl)) for (const s of op.sql) out.push(st(s)); }
      }
    }
    return out;
  }

  const order = orderNodes(nodes, fromObjs, toObjs, byId);
  const statements: PlannedStatement[] = [];
  const roles = rolesNamed(diff, toObjs, withOwners ? from.currentUser : undefined);
  if (roles.length) statements.push({ ...roleCheck(roles), id: "roles", action: "check" });
  // Default privileges change last: objects created by the script get the privileges in
  // effect before (see initialAcl), then theirs, explicitly.
  const last = (n: Node) => n.kind === "default_privileges" && n.phase === 3;
  for (const n of [...order.filter((n) => !last(n)), ...order.filter(last)]) {
    for (const s of n.stmts) statements.push({ ...s, id: n.id, action: n.action });
  }
  return { statements, notes: diff.notes };
}

/**
 * Roles the new state names (GRANT targets, policy roles, default privileges) for the changed
 * objects, unquoted and sorted. Roles belong to the server, not to a schema: the target server
 * may lack some of them.
 */
function rolesNamed(diff: DiffResult, toObjs: Record<string, CatalogObject>, currentUser?: string): string[] {
  const out = new Set<string>();
  const addAll = (o: CatalogObject | undefined) => {
    if (!o) return;
    if (currentUser && o.owner && o.owner !== currentUser) out.add(o.owner);
    for (const e of o.acl ?? []) out.add(e.grantee);
    for (const l of Object.values(o.columnAcl ?? {})) for (const e of l) out.add(e.grantee);
    for (const r of o.roles ?? []) out.add(r);
  };
  for (const c of diff.changes) {
    if (c.action === "drop") continue;
    const t = toObjs[c.id];
    addAll(t);
    if (t?.kind === "table" && c.action !== "alter") { for (const col of childrenOf(toObjs, t.id)) addAll(col); }
  }
  out.delete("PUBLIC");
  return [...out].map((r) => r.startsWith('"') ? r.slice(1, -1).replaceAll('""', '"') : r).sort();
}

/** A first statement that stops the script, before any change, when a role it names does not exist. */
function roleCheck(roles: string[]): { sql: string; hazards: string[]; transactional: boolean } {
  const list = roles.map((r) => quoteLiteral(r)).join(", ");
  const sql = [
    "DO $confiture$",
    "DECLARE missing text;",
    "BEGIN",
    "  SELECT pg_catalog.string_agg(r, ', ' ORDER BY r) INTO missing",
    `  FROM pg_catalog.unnest(ARRAY[${list}]::text[]) AS r`,
    "  WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = r);",
    "  IF missing IS NOT NULL THEN",
    "    RAISE EXCEPTION 'roles named by this migration do not exist: %', missing",
    "      USING HINT = 'roles belong to the server, not to a schema: create them first';",
    "  END IF;",
    "END",
    "$confiture$",
  ].join("\n");
  return { sql, hazards: [], transactional: true };
}

const childIndex = new WeakMap<Record<string, CatalogObject>, Map<string, CatalogObject[]>>();

/** Objects whose parent is `id`, in identity order. */
function childrenOf(objs: Record<string, CatalogObject>, id: string): CatalogObject[] {
  let m = childIndex.get(objs);
  if (!m) {
    m = new Map();
    for (const k of Object.keys(objs).sort()) {
      const o = objs[k];
      if (!o.parent) continue;
      let l = m.get(o.parent);
      if (!l) m.set(o.parent, l = []);
      l.push(o);
    }
    childIndex.set(objs, m);
  }
  return m.get(id) ?? [];
}

/** Indexes a table's in-place settings use (REPLICA IDENTITY USING INDEX, CLUSTER ON): they come first. */
function tableIndexDeps(t: CatalogObject): string[] {
  const info = t.table!;
  const out: string[] = [];
  if (info.replicaIndex) out.push(info.replicaIndex);
  if (info.clusterIndex) out.push(...indexCandidates(t.schema!, t.name, info.clusterIndex));
  return out;
}

function qn(o: CatalogObject): string {
  return q(o.schema!) + "." + q(o.name);
}

class Heap<T> {
  private a: T[] = [];
  constructor(private less: (x: T, y: T) => boolean) {}
  get size(): number {
    return this.a.length;
  }
  push(x: T): void {
    const a = this.a;
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
    const a = this.a;
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

function orderNodes(
  nodes: Node[],
  fromObjs: Record<string, CatalogObject>,
  toObjs: Record<string, CatalogObject>,
  _changes: Map<string, unknown>,
): Node[] {
  const result: Node[] = [];
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
        if (o.softDeps) d.push(...o.softDeps);
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
    // edges: a -> b means a runs before b
    const succ = new Map<Node, Node[]>();
    const indeg = new Map<Node, number>();
    for (const n of list) indeg.set(n, 0);
    const edge = (a: Node, b: Node) => {
      if (a === b) return;
      let l = succ.get(a);
      if (!l) succ.set(a, l = []);
      l.push(b);
      indeg.set(b, indeg.get(b)! + 1);
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
    const less = (a: Node, b: Node) => {
      const ra = rank(a);
      const rb = rank(b);
      if (ra !== rb) return ra < rb;
      return a.key < b.key;
    };
    const heap = new Heap<Node>(less);
    for (const n of list) if (indeg.get(n) === 0) heap.push(n);
    const done = new Set<Node>();
    while (done.size < list.length) {
      let n = heap.pop();
      if (!n) {
        // A cycle: take the first remaining node in priority order.
        n = list.filter((x) => !done.has(x)).sort((a, b) => (less(a, b) ? -1 : 1))[0];
      }
      if (done.has(n)) continue;
      done.add(n);
      result.push(n);
      for (const m of succ.get(n) ?? []) {
        indeg.set(m, indeg.get(m)! - 1);
        if (indeg.get(m) === 0 && !done.has(m)) heap.push(m);
      }
    }
  }
  return result;
}

/**
 * The plan as SQL text that `psql -v ON_ERROR_STOP=1 -f` can apply: statements
 * separated by `;\n`, hazards as `--` comments. Empty plan → empty string.
 */
export function renderPlanSql(plan: Plan): string {
  if (plan.statements.length === 0) return "";
  const lines: string[] = ["SET check_function_bodies = false;", ""];
  for (const s of plan.statements) {
    if (s.hazards.length) lines.push(`-- hazards: ${[...new Set(s.hazards)].join(", ")}`);
    lines.push(s.sql.replace(/;\s*$/, "") + ";", "");
  }
  return lines.join("\n");
}

/** All hazard codes of a plan, sorted. */
export function planHazards(plan: Plan): string[] {
  return [...new Set(plan.statements.flatMap((s) => s.hazards))].sort();
}
