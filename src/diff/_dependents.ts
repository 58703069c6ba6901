/**
 * What a change drags along: foreign keys around a table that changes persistence, and the
 * dependents of dropped, replaced or retyped objects, which are rebuilt with them.
 * @module
 */
import type { CatalogObject } from "../model/mod.ts";
import { retypeOps } from "./column_types.ts";
import { ownedBySql } from "./statements.ts";
import type { Change } from "./types.ts";

/**
 * A table cannot change persistence while a foreign key links it to a table of the other
 * persistence: the foreign keys touching it are dropped first and added back afterwards.
 */
export function relinkPersistence(
  changes: Map<string, Change>,
  fromObjs: Record<string, CatalogObject>,
  toObjs: Record<string, CatalogObject>,
): void {
  const persistence = new Set(
    [...changes.values()].filter((c) => c.ops?.some((o) => o.op === "persistence")).map((c) => c.id),
  );
  if (persistence.size > 0) {
    for (const o of Object.values(fromObjs)) {
      if (o.kind !== "constraint" || o.constraintType !== "f" || !toObjs[o.id] || changes.has(o.id)) continue;
      const tables = [o.parent, ...o.deps.map((d) => fromObjs[d]?.kind === "column" ? fromObjs[d].parent : d)];
      if (tables.some((x) => x && persistence.has(x))) {
        changes.set(o.id, { action: "replace", id: o.id, kind: o.kind, reason: "a linked table changes persistence" });
      }
    }
  }
}

/**
 * Dependents of what is dropped, replaced or retyped are rebuilt: replaced when they still exist,
 * dropped when not; a column whose type is recreated moves to `text` and back. Tables and
 * columns are never dropped because of a dependency (they follow their own comparison). The
 * columns of a table that is dropped or created again go with it: what depends on them (views,
 * defaults…) is rebuilt, and a sequence they own is released before the drop and owned again
 * after (it keeps its value). `survivors` outlive what they hang on and are left alone.
 */
export function rebuildDependents(
  changes: Map<string, Change>,
  fromObjs: Record<string, CatalogObject>,
  toObjs: Record<string, CatalogObject>,
  survivors: ReadonlySet<string> = new Set(),
): void {
  const dependents = new Map<string, string[]>();
  for (const o of Object.values(fromObjs)) {
    // What the server drops with another object (an attached index, an owned sequence) is rebuilt with it.
    for (const d of o.autoDropsWith && !o.deps.includes(o.autoDropsWith) ? [...o.deps, o.autoDropsWith] : o.deps) {
      let l = dependents.get(d);
      if (!l) dependents.set(d, l = []);
      l.push(o.id);
    }
  }
  const queue = [...changes.values()].filter((c) =>
    c.action === "drop" || c.action === "replace" || c.ops?.some((op) => op.invalidates)
  ).map((c) => c.id);
  const seen = new Set(queue);
  // Columns that go away with their table, without a change of their own.
  const gone = new Set<string>();
  for (let i = 0; i < queue.length; i++) {
    const x = queue[i];
    // An inherited column passes the change of its parent column on to its own dependents.
    const cx = changes.get(x) ?? { action: gone.has(x) ? "drop" : "alter", id: x, kind: "column" };
    const xObj = fromObjs[x];
    const retypeOnly = cx.action === "alter" && xObj?.kind === "column";
    for (const d of dependents.get(x) ?? []) {
      const dObj = fromObjs[d];
      const tObj = toObjs[d];
      if (!dObj || survivors.has(d)) continue;
      if (
        dObj.kind === "column" && dObj.parent === x && xObj?.kind === "table" &&
        (cx.action === "drop" || cx.action === "replace")
      ) {
        if (!seen.has(d)) {
          gone.add(d);
          seen.add(d);
          queue.push(d);
        }
        continue;
      }
      if (
        dObj.kind === "sequence" && dObj.sequence?.ownedBy === x && tObj?.kind === "sequence" &&
        !tObj.sequence?.identityOf && (cx.action === "drop" || cx.action === "replace")
      ) {
        keepSequence(changes, dObj, tObj);
        continue;
      }
      if (retypeOnly) {
        if (dObj.kind === "sequence" || dObj.kind === "index" || dObj.kind === "statistics") continue;
        if (dObj.kind === "constraint" && "pux".includes(dObj.constraintType ?? "")) continue;
      }
      if (dObj.column?.inherited && tObj?.column?.inherited) {
        if (!seen.has(d)) {
          seen.add(d);
          queue.push(d);
        }
        continue;
      }
      if (dObj.parent === x || dObj.autoDropsWith === x) {
        // Goes away with its parent; recreated if it still exists.
        if (cx.action === "alter") continue;
      }
      const cd = changes.get(d);
      if (cd && (cd.action === "drop" || cd.action === "replace")) continue;
      if (!tObj) {
        changes.set(d, { action: "drop", id: d, kind: dObj.kind });
      } else if (
        dObj.kind === "column" && !dObj.column?.generated && (xObj?.kind === "type" || xObj?.kind === "domain" ||
          xObj?.kind === "collation" || xObj?.kind === "extension")
      ) {
        // A column whose type is recreated: move it to text and back.
        if (cd?.ops?.some((o) => o.op === "retype")) continue;
        const ops = (cd?.ops ?? []).filter((o) => o.op !== "column_type");
        ops.push(...retypeOps(dObj, tObj));
        changes.set(d, { action: "alter", id: d, kind: "column", ops });
      } else if (dObj.kind === "table" || (dObj.kind === "column" && !dObj.column?.generated)) {
        // Never drop data because of a dependency: these follow their own comparison.
        if (!cd) continue;
        continue;
      } else {
        changes.set(d, { action: "replace", id: d, kind: dObj.kind, reason: `depends on ${x}` });
      }
      if (!seen.has(d)) {
        seen.add(d);
        queue.push(d);
      }
    }
  }
}

/**
 * A sequence owned by a column that is dropped (or created again with its table) but that the
 * desired state keeps: released (`OWNED BY NONE`) before the drop, owned again after, so that it
 * survives with its value.
 */
function keepSequence(changes: Map<string, Change>, f: CatalogObject, t: CatalogObject): void {
  const c = changes.get(f.id);
  if (c && c.action !== "alter") return;
  const table = f.sequence!.ownedBy!.slice("column:".length);
  const ops = (c?.ops ?? []).filter((o) => o.op !== "owned_by");
  ops.unshift({
    op: "owned_by",
    phase: 1,
    sql: [ownedBySql({ ...f, sequence: { ...f.sequence!, ownedBy: null } })],
    hazards: [],
    deps: [`table:${table.slice(0, table.lastIndexOf("."))}`],
  });
  if (t.sequence?.ownedBy) ops.push({ op: "owned_by", phase: 2, sql: [ownedBySql(t)], hazards: [] });
  changes.set(f.id, { action: "alter", id: f.id, kind: "sequence", ops });
}
