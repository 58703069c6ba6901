/**
 * Objects that are the same on both sides under another name: the sequences of a column that
 * keeps existing, and the indexes and constraints of a renamed table whose names changed with it.
 * They are renamed (keeping values and built indexes) instead of dropped and created.
 * @module
 */
import type { CatalogObject, ObjectKind } from "../model/mod.ts";
import { quoteIdent, quoteQualified } from "../sql/mod.ts";
import type { Change } from "./types.ts";

/**
 * A sequence present on one side only that implements (identity) or is owned by (OWNED BY) a
 * column which keeps existing, paired with the one the other side has for that column, is the
 * same object under another name (a renamed table keeps its sequences' names): it is renamed,
 * which keeps its value, instead of being dropped and created. Returns the `from` objects with
 * the paired sequences under their new identities, the renames, and for each renamed sequence
 * its new schema when it moves (else null).
 */
export function pairSequences(
  fromObjs: Record<string, CatalogObject>,
  toObjs: Record<string, CatalogObject>,
): { objects: Record<string, CatalogObject>; changes: Change[]; moves: Map<string, string | null> } {
  const key = (o: CatalogObject) => {
    const s = o.kind === "sequence" ? o.sequence : undefined;
    return s?.identityOf ? "i:" + s.identityOf : s?.ownedBy ? "o:" + s.ownedBy : undefined;
  };
  const onlyIn = (a: Record<string, CatalogObject>, b: Record<string, CatalogObject>) => {
    const m = new Map<string, CatalogObject[]>();
    for (const o of Object.values(a)) {
      const k = o.kind === "sequence" && !b[o.id] ? key(o) : undefined;
      if (!k) continue;
      const l = m.get(k);
      if (l) l.push(o);
      else m.set(k, [o]);
    }
    return m;
  };
  // The column keeps existing: neither it nor its table is rebuilt.
  const kept = (colId: string) => {
    const a = fromObjs[colId];
    const b = toObjs[colId];
    if (!a?.column || !b?.column || !a.parent || !b.parent) return false;
    if (!fromObjs[a.parent] || fromObjs[a.parent].definition !== toObjs[b.parent]?.definition) return false;
    const x = a.column;
    const y = b.column;
    if (!!x.inherited !== !!y.inherited) return false;
    return !((x.generated || y.generated) && (x.generated !== y.generated || x.generationExpr !== y.generationExpr));
  };
  const changes: Change[] = [];
  const moves = new Map<string, string | null>();
  const map = new Map<string, string>();
  const fresh = onlyIn(toObjs, fromObjs);
  for (const [k, fs] of onlyIn(fromObjs, toObjs)) {
    const ts = fresh.get(k);
    if (fs.length !== 1 || ts?.length !== 1 || !kept(k.slice(2))) continue;
    const [f, t] = [fs[0], ts[0]];
    map.set(f.id, t.id);
    moves.set(t.id, f.schema !== t.schema ? t.schema : null);
    if (f.name === t.name) continue;
    changes.push(
      renameChange(
        t.id,
        "sequence",
        `ALTER SEQUENCE ${quoteQualified(f.schema!, f.name)} RENAME TO ${quoteIdent(t.name)}`,
      ),
    );
  }
  return { objects: remapIds(fromObjs, map), changes, moves };
}

/**
 * The indexes and constraints of a renamed table whose names changed with it (`customer_pkey`
 * -> `clients_pkey`, `customer_email_idx` -> `clients_email_idx`) but whose definitions did
 * not: each pairs with the one desired object of its kind on that table with the same
 * definition, and is renamed (`ALTER INDEX … RENAME TO`, `ALTER TABLE … RENAME CONSTRAINT`)
 * instead of being dropped and built again. Returns the `from` objects with the paired ones
 * under their new identities, and the renames.
 */
export function pairRenamedChildren(
  fromObjs: Record<string, CatalogObject>,
  toObjs: Record<string, CatalogObject>,
  renamedTables: Set<string>,
): { objects: Record<string, CatalogObject>; changes: Change[]; paired: Set<string> } {
  const paired = new Set<string>();
  if (renamedTables.size === 0) return { objects: fromObjs, changes: [], paired };
  const norm = (o: CatalogObject) =>
    o.kind === "index"
      ? o.definition.replace(/^(CREATE (?:UNIQUE )?INDEX )(?:"(?:[^"]|"")*"|\S+)( ON )/, "$1_$2")
      : `${o.constraintType}\t${o.definition}`;
  // The candidates of one side (on a renamed table, absent from the other side), by definition.
  const byDefinition = (side: Record<string, CatalogObject>, other: Record<string, CatalogObject>) => {
    const m = new Map<string, CatalogObject[]>();
    for (const o of Object.values(side)) {
      if ((o.kind !== "index" && o.kind !== "constraint") || !o.parent || !renamedTables.has(o.parent)) continue;
      if (other[o.id]) continue;
      const k = `${o.kind}\t${o.parent}\t${norm(o)}`;
      const l = m.get(k);
      if (l) l.push(o);
      else m.set(k, [o]);
    }
    return m;
  };
  const wanted = byDefinition(toObjs, fromObjs);
  const offered = byDefinition(fromObjs, toObjs);
  const map = new Map<string, string>();
  const changes: Change[] = [];
  for (const [k, fs] of offered) {
    const ts = wanted.get(k);
    if (fs.length !== 1 || ts?.length !== 1) continue;
    const [f, t] = [fs[0], ts[0]];
    map.set(f.id, t.id);
    paired.add(t.id);
    const table = toObjs[t.parent!];
    changes.push(
      renameChange(
        t.id,
        t.kind,
        t.kind === "index"
          ? `ALTER INDEX ${quoteQualified(f.schema!, f.name)} RENAME TO ${quoteIdent(t.name)}`
          : `ALTER TABLE ${quoteQualified(table.schema!, table.name)} RENAME CONSTRAINT ${quoteIdent(f.name)} TO ${
            quoteIdent(t.name)
          }`,
      ),
    );
  }
  return { objects: remapIds(fromObjs, map, toObjs), changes, paired };
}

/**
 * `objs` with the identities of `map` replaced, in ids, dependencies and `autoDropsWith`. With
 * `adopt`, a renamed object also takes the name and definition of its counterpart there.
 */
export function remapIds(
  objs: Record<string, CatalogObject>,
  map: Map<string, string>,
  adopt?: Record<string, CatalogObject>,
): Record<string, CatalogObject> {
  if (map.size === 0) return objs;
  const rn = (id: string) => map.get(id) ?? id;
  const out: Record<string, CatalogObject> = {};
  for (const o of Object.values(objs)) {
    const id = rn(o.id);
    let n: CatalogObject = o.deps.some((d) => map.has(d)) ? { ...o, deps: o.deps.map(rn) } : o;
    if (o.autoDropsWith && map.has(o.autoDropsWith)) n = { ...n, autoDropsWith: rn(o.autoDropsWith) };
    if (id !== o.id) {
      n = adopt ? { ...n, id, name: adopt[id].name, definition: adopt[id].definition } : { ...n, id };
    }
    out[id] = n;
  }
  return out;
}

/** A change that renames an object with one statement, run before the objects are compared. */
export function renameChange(id: string, kind: ObjectKind, sql: string): Change {
  return { action: "rename", id, kind, ops: [{ op: "rename", phase: 1, sql: [sql], hazards: [] }] };
}
