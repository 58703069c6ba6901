/**
 * Possible renames: a table dropped while another of the same columns is created, or a column
 * dropped while another of the same type is added to its table. They are only noted: a rename
 * is never applied without a hint.
 * @module
 */
import type { CatalogObject } from "../model/mod.ts";
import { tableName } from "./_names.ts";
import type { Change } from "./types.ts";

/** Notes naming the possible renames among `changes`. */
export function possibleRenames(
  changes: Iterable<Change>,
  fromObjs: Record<string, CatalogObject>,
  toObjs: Record<string, CatalogObject>,
): string[] {
  const notes: string[] = [];
  const all = [...changes];
  const dropped = all.filter((c) => c.action === "drop");
  const created = all.filter((c) => c.action === "create");
  for (const d of dropped) {
    const f = fromObjs[d.id];
    for (const c of created) {
      const t = toObjs[c.id];
      if (f.kind !== t.kind || f.schema !== t.schema) continue;
      if (f.kind === "table" && shape(fromObjs, f.id) === shape(toObjs, t.id)) {
        notes.push(
          `possible rename: table ${f.schema}.${f.name} -> ${t.name} (same columns); add "-- confiture:renamed-from ${f.name}" to keep its data`,
        );
      }
      if (
        f.kind === "column" && f.parent === t.parent && f.column!.type === t.column!.type && !f.column!.inherited &&
        !t.column!.inherited
      ) {
        notes.push(
          `possible rename: column ${f.schema}.${
            tableName(f.parent!)
          }.${f.name} -> ${t.name} (same type); add "-- confiture:renamed-from ${f.name}" to keep its data`,
        );
      }
    }
  }
  return notes;
}

// The column shapes of a catalog's tables, computed once per catalog (linear, not per pair of tables).
const shapeCache = new WeakMap<Record<string, CatalogObject>, Map<string, string>>();

function shape(objs: Record<string, CatalogObject>, tableId: string): string {
  let shapes = shapeCache.get(objs);
  if (!shapes) {
    const cols = new Map<string, string[]>();
    for (const o of Object.values(objs)) {
      if (o.kind !== "column" || !o.parent) continue;
      const list = cols.get(o.parent) ?? [];
      list.push(`${o.name} ${o.column!.type}`);
      cols.set(o.parent, list);
    }
    shapes = new Map([...cols].map(([k, v]) => [k, v.sort().join(",")]));
    shapeCache.set(objs, shapes);
  }
  return shapes.get(tableId) ?? "";
}
