/**
 * The planner: one statement group per change (drops, renames, creates, in-place changes),
 * then ordered by dependencies.
 * @module
 */
import { clusterSql, type DiffResult, replicaIdentitySql } from "../diff/mod.ts";
import type { Catalog, CatalogObject } from "../model/mod.ts";
import { columnSettingsSql, defaultIsInline } from "../model/mod.ts";
import type { Hazard } from "../sql/mod.ts";
import { childrenOf, qn, tableIndexDeps } from "./_children.ts";
import { type CreateContext, createStatements } from "./_create.ts";
import { type Node, st } from "./_node.ts";
import { orderNodes } from "./_order.ts";
import { roleCheck, rolesNamed } from "./_roles.ts";
import type { Plan, PlannedStatement, PlanOptions } from "./types.ts";

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
  // A partition created under a table with partitioned indexes gets a copy of each from the server.
  const cloned = new Map<string, boolean>();
  const clonedIndex = (o: CatalogObject): boolean => {
    let r = cloned.get(o.id);
    if (r === undefined) {
      const pi = o.autoDropsWith ? toObjs[o.autoDropsWith] : undefined;
      r = o.kind === "index" && !!pi && pi.kind === "index" && !!o.parent && created.has(o.parent) &&
        !!toObjs[o.parent]?.table?.partitionOf && (!created.has(pi.id) || clonedIndex(pi));
      cloned.set(o.id, r);
    }
    return r;
  };

  const nodes: Node[] = [];
  const push = (n: Omit<Node, "extraDeps"> & { extraDeps?: string[] }) => {
    if (n.stmts.length) nodes.push({ extraDeps: [], ...n });
  };
  const ctx: CreateContext = { online, withOwners, from, fromObjs, toObjs, existedBefore, clonedIndex };

  for (const c of diff.changes) {
    const f = fromObjs[c.id];
    const t = toObjs[c.id];
    if ((c.action === "drop" || c.action === "replace") && f && !implicitDrop(f)) {
      const hz: Hazard[] = DATA_KINDS.has(f.kind) && c.action === "drop" ? ["DELETES_DATA"] : [];
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
      const stmts = createStatements(ctx, t);
      // A copy the server makes comes after the index it copies (which it names).
      const copyOf = clonedIndex(t) ? [t.autoDropsWith!] : [];
      push({ key: `create:${c.id}`, id: c.id, kind: t.kind, phase: 3, action: "create", stmts, extraDeps: copyOf });
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
        const extra: string[] = ops.flatMap((o) => o.deps ?? []);
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

  const copies = new Set(diff.changes.filter((c) => toObjs[c.id] && clonedIndex(toObjs[c.id])).map((c) => c.id));
  const { order, cycles } = orderNodes(nodes, fromObjs, toObjs, copies);
  const statements: PlannedStatement[] = [];
  const roles = rolesNamed(diff, toObjs, withOwners ? from.currentUser : undefined);
  if (roles.length) statements.push({ ...roleCheck(roles), id: "roles", action: "check" });
  // Default privileges change last: objects created by the script get the privileges in
  // effect before (see initialAcl), then theirs, explicitly.
  const last = (n: Node) => n.kind === "default_privileges" && n.phase === 3;
  for (const n of [...order.filter((n) => !last(n)), ...order.filter(last)]) {
    for (const s of n.stmts) statements.push({ ...s, id: n.id, action: n.action });
  }
  const notes = [...diff.notes];
  for (const c of cycles) {
    notes.push(
      `dependency cycle between ${c.map((n) => `${n.kind} ${n.id.slice(n.id.indexOf(":") + 1)}`).join(", ")}: ` +
        `ordered from ${c[0].kind} ${c[0].id.slice(c[0].id.indexOf(":") + 1)}`,
    );
  }
  return { statements, notes };
}
