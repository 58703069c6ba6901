/**
 * Dependencies between the objects built so far: the edges of `pg_depend`, then soft
 * dependencies from the words of function bodies (which pg_depend does not record). Runs after
 * every kind that registers oids.
 * @module
 */
import { type BuildContext, CLS } from "./_context.ts";

/** A row of `queries/depend.sql`. */
export interface DependRow {
  classid: string;
  objid: string;
  objsubid: number;
  refclassid: string;
  refobjid: string;
  refobjsubid: number;
  /** `n` normal, `a` auto, `i` internal. */
  deptype: string;
}

/** Kinds a function body may name. */
const NAMEABLE = new Set(["table", "view", "materialized_view", "function", "procedure", "sequence", "type", "domain"]);

/** Fills `deps` (sorted) and `softDeps` of every object; a default then also depends on its column. */
export function buildDependencies(ctx: BuildContext, rows: DependRow[]): void {
  const { objects, byOid, colKey } = ctx;
  const resolve = (cls: string, oid: string, sub: number): string | undefined => {
    if (cls === CLS.class && sub > 0) return colKey.get(`${oid}:${sub}`) ?? byOid.get(`${cls}:${oid}`);
    return byOid.get(`${cls}:${oid}`);
  };
  for (const d of rows) {
    const from = resolve(d.classid, d.objid, Number(d.objsubid));
    const to = resolve(d.refclassid, d.refobjid, Number(d.refobjsubid));
    if (!from || !to || from === to) continue;
    const o = objects[from];
    if (!o) continue;
    if (o.kind === "sequence" && d.deptype === "a") continue; // OWNED BY: recorded as ownedBy
    // An object never depends on its own parts (a clone mapped to its table, e.g. the
    // foreign keys PostgreSQL adds towards each partition of a referenced table).
    if (objects[to]?.parent === from) continue;
    if (!o.deps.includes(to)) o.deps.push(to);
  }
  // Function bodies (not recorded by pg_depend): a word naming another object is a soft dependency.
  if (ctx.functionNames.size > 0) {
    const named = new Map<string, string[]>();
    for (const o of Object.values(objects)) {
      if (!NAMEABLE.has(o.kind)) continue;
      const k = o.name.toLowerCase();
      let l = named.get(k);
      if (!l) named.set(k, l = []);
      l.push(o.id);
    }
    for (const [fid, words] of ctx.functionNames) {
      const o = objects[fid];
      if (!o) continue;
      const soft = new Set<string>();
      for (const w of words) for (const id of named.get(w) ?? []) if (id !== fid) soft.add(id);
      o.softDeps = [...soft].sort();
    }
  }
  for (const o of Object.values(objects)) o.deps = o.deps.filter((d) => d !== o.id).sort();
  for (const [did, cid] of ctx.defaultDeps) {
    const o = objects[did];
    if (o && !o.deps.includes(cid)) o.deps.push(cid);
  }
}
