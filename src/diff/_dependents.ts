/**
 * What a change drags along: foreign keys around a table that changes persistence, and the
 * dependents of dropped, replaced or retyped objects, which are rebuilt with them.
 * @module
 */
import type { CatalogObject } from "../model/mod.ts";
import { retypeOps } from "./column_types.ts";
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
 * columns are never dropped because of a dependency (they follow their own comparison).
 */
export function rebuildDependents(
  changes: Map<string, Change>,
  fromObjs: Record<string, CatalogObject>,
  toObjs: Record<string, CatalogObject>,
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
  for (let i = 0; i < queue.length; i++) {
    const x = queue[i];
    // An inherited column passes the change of its parent column on to its own dependents.
    const cx = changes.get(x) ?? { action: "alter", id: x, kind: "column" };
    const xObj = fromObjs[x];
    const retypeOnly = cx.action === "alter" && xObj?.kind === "column";
    for (const d of dependents.get(x) ?? []) {
      const dObj = fromObjs[d];
      const tObj = toObjs[d];
      if (!dObj) continue;
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
