/**
 * Lookups on catalog objects the planner repeats: children of a table, the indexes a table's
 * settings use, qualified names.
 * @module
 */
import { indexCandidates, partitionParent } from "../diff/mod.ts";
import type { CatalogObject } from "../model/mod.ts";
import { quoteQualified } from "../sql/mod.ts";

const childIndex = new WeakMap<Record<string, CatalogObject>, Map<string, CatalogObject[]>>();

/** Objects whose parent is `id`, in identity order. */
export function childrenOf(objs: Record<string, CatalogObject>, id: string): CatalogObject[] {
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

const partitionIndex = new WeakMap<Record<string, CatalogObject>, Map<string, CatalogObject[]>>();
const attachedIndex = new WeakMap<Record<string, CatalogObject>, Map<string, CatalogObject[]>>();

/** Groups `objs` by a key, once per catalog, in identity order. */
function grouped(
  cache: WeakMap<Record<string, CatalogObject>, Map<string, CatalogObject[]>>,
  objs: Record<string, CatalogObject>,
  key: (o: CatalogObject) => string | null | undefined,
): Map<string, CatalogObject[]> {
  let m = cache.get(objs);
  if (!m) {
    m = new Map();
    for (const k of Object.keys(objs).sort()) {
      const g = key(objs[k]);
      if (!g) continue;
      let l = m.get(g);
      if (!l) m.set(g, l = []);
      l.push(objs[k]);
    }
    cache.set(objs, m);
  }
  return m;
}

/** The partitions of table `id`, in identity order. */
export function partitionsOf(objs: Record<string, CatalogObject>, id: string): CatalogObject[] {
  return grouped(partitionIndex, objs, (o) => o.kind === "table" ? partitionParent(o) : null).get(id) ?? [];
}

/** The indexes attached to partitioned index `id`, in identity order. */
export function attachedTo(objs: Record<string, CatalogObject>, id: string): CatalogObject[] {
  return grouped(attachedIndex, objs, (o) => o.kind === "index" ? o.autoDropsWith : null).get(id) ?? [];
}

/** Indexes a table's in-place settings use (REPLICA IDENTITY USING INDEX, CLUSTER ON): they come first. */
export function tableIndexDeps(t: CatalogObject): string[] {
  const info = t.table!;
  const out: string[] = [];
  if (info.replicaIndex) out.push(info.replicaIndex);
  if (info.clusterIndex) out.push(...indexCandidates(t.schema!, t.name, info.clusterIndex));
  return out;
}

/** The schema-qualified, quoted name of an object. */
export function qn(o: CatalogObject): string {
  return quoteQualified(o.schema!, o.name);
}
