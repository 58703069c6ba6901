/**
 * Catalog × Catalog → typed changes. Pure: no database access.
 *
 * Each object present on one side only is created or dropped; an object on both
 * sides with a different definition is altered in place when PostgreSQL allows it
 * (columns, sequences, enums, domains, functions with the same signature, views
 * whose columns are only appended, comments, privileges), else replaced (dropped
 * and created). Objects that depend on a dropped or replaced object, or on a
 * column whose type changes, are replaced with it.
 * @module
 */
import { ConfitureError } from "../errors/mod.ts";
import type { AclEntry, Catalog, CatalogObject, ObjectKind } from "../model/mod.ts";

/** One statement group of an in-place change. Phase 1 runs with the drops, phase 2 with the creates. */
export interface AlterOp {
  /** What the operation does: `column_type`, `set_not_null`, `comment`, `grant`, … */
  op: string;
  phase: 1 | 2;
  sql: string[];
  hazards: string[];
  /** The operation changes something other objects depend on (their definitions must be rebuilt). */
  invalidates?: boolean;
}

/** A change to one object. */
export interface Change {
  action: "create" | "drop" | "replace" | "alter" | "rename";
  id: string;
  kind: ObjectKind;
  /** Why an object is replaced: its definition changed, or an object it depends on changes. */
  reason?: string;
  /** In-place operations (action `alter` and `rename`). */
  ops?: AlterOp[];
}

/** The result of {@link diffCatalogs}. */
export interface DiffResult {
  changes: Change[];
  /** Remarks for the user: possible renames, skipped differences. */
  notes: string[];
  /** The `from` objects as compared (after rename hints), for the planner. */
  from?: Record<string, CatalogObject>;
  /** Whether owners are compared (not with `--ignore-kind owners`): the planner sets them on new objects. */
  owners?: boolean;
}

/** A rename declared in the DDL (`-- confiture:renamed-from old_name`). */
export interface RenameHint {
  kind: "table" | "column";
  /** Identity on the `from` side: `table:public.old` or `column:public.t.old`. */
  from: string;
  /** Identity on the `to` side. */
  to: string;
}

/** Options of {@link diffCatalogs}. */
export interface DiffOptions {
  /** Object kinds to leave out of the comparison, including unsupported kinds (`foreign_table`…) or `privileges`, `comments`, `owners`. */
  ignoreKinds?: string[];
  renames?: RenameHint[];
}

const q = (s: string) => '"' + s.replaceAll('"', '""') + '"';
const lit = (s: string) => {
  const b = s.replaceAll("'", "''");
  return b.includes("\\") ? "E'" + b.replaceAll("\\", "\\\\") + "'" : "'" + b + "'";
};
const qq = (schema: string, name: string) => q(schema) + "." + q(name);

/**
 * Compares two catalogs.
 *
 * @example
 * ```ts
 * const { changes, notes } = diffCatalogs(current, desired);
 * ```
 * @throws ConfitureError DIFF_UNSUPPORTED_OBJECTS when either side holds objects of a kind that is not handled.
 */
export function diffCatalogs(from: Catalog, to: Catalog, opts: DiffOptions = {}): DiffResult {
  const ignore = new Set(opts.ignoreKinds ?? []);
  const unsupported = [
    ...from.unsupported.map((u) => ({ ...u, side: "from" })),
    ...to.unsupported.map((u) => ({ ...u, side: "to" })),
  ]
    .filter((u) => !ignore.has(u.kind));
  if (unsupported.length > 0) {
    const kinds = [...new Set(unsupported.map((u) => u.kind))].sort();
    throw new ConfitureError(
      "DIFF_UNSUPPORTED_OBJECTS",
      `the schemas hold ${unsupported.length} object(s) of kinds the diff does not handle: ${kinds.join(", ")}`,
      {
        detail: unsupported.slice(0, 50).map((u) => `${u.side}: ${u.kind} ${u.id}`).join("\n") +
          (unsupported.length > 50 ? `\n… and ${unsupported.length - 50} more` : ""),
        hint: `leave them out with ${kinds.map((k) => `--ignore-kind ${k}`).join(" ")}`,
      },
    );
  }
  const notes: string[] = [];
  const renamed = renameCatalog(from, opts.renames ?? [], notes);
  const toObjs = filterKinds(to.objects, ignore);
  const paired = pairSequences(filterKinds(renamed.objects, ignore), toObjs);
  const renamedTables = new Set(renamed.changes.filter((c) => c.kind === "table").map((c) => c.id));
  const children = pairRenamedChildren(paired.objects, toObjs, renamedTables);
  const renameChanges = [...renamed.changes, ...paired.changes, ...children.changes];
  const fromObjs = children.objects;
  const withComments = !ignore.has("comments");
  const withAcl = !ignore.has("privileges");
  const casts = new Set(to.casts ?? []);
  const withOwners = !ignore.has("owners");

  const changes = new Map<string, Change>();
  for (const c of renameChanges) changes.set(`rename:${c.id}`, c);

  const ids = new Set([...Object.keys(fromObjs), ...Object.keys(toObjs)]);
  for (const id of [...ids].sort()) {
    const f = fromObjs[id];
    const t = toObjs[id];
    if (f && !t) {
      if (f.kind === "default_privileges") {
        // Default privileges in a schema that is dropped go away with it.
        if (f.schema && !toObjs[`schema:${f.schema}`]) continue;
        const ops = aclOps(f, f.acl ?? [], builtinDefaultAcl(f));
        if (ops.length) changes.set(id, { action: "alter", id, kind: f.kind, ops });
        continue;
      }
      changes.set(id, { action: "drop", id, kind: f.kind });
    } else if (!f && t) {
      if (t.kind === "default_privileges") {
        const ops = aclOps(t, builtinDefaultAcl(t), t.acl ?? []);
        if (ops.length) changes.set(id, { action: "alter", id, kind: t.kind, ops });
        continue;
      }
      changes.set(id, { action: "create", id, kind: t.kind });
    } else if (f && t) {
      const c = compare(f, t, withComments, withAcl, casts, withOwners);
      // New partition bounds: detached and attached again with the renames, between the drops
      // and the creates, all detached before any is attached (exchanged bounds never overlap).
      const bounds = c?.ops?.filter((o) => o.op.startsWith("partition_")) ?? [];
      if (bounds.length) {
        const r = changes.get(`rename:${id}`);
        changes.set(`rename:${id}`, { action: "rename", id, kind: t.kind, ops: [...(r?.ops ?? []), ...bounds] });
        c!.ops = c!.ops!.filter((o) => !bounds.includes(o));
      }
      if (c && (c.action !== "alter" || c.ops?.length)) changes.set(id, c);
    }
  }

  // A table cannot change persistence while a foreign key links it to a table of the other
  // persistence: the foreign keys touching it are dropped first and added back afterwards.
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

  // Dependents of what is dropped, replaced or retyped are rebuilt.
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
  while (queue.length > 0) {
    const x = queue.shift()!;
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

  // A paired index or constraint that is rebuilt anyway is dropped under its old name: no rename.
  for (const id of children.paired) {
    const a = changes.get(id)?.action;
    if (a === "drop" || a === "replace") changes.delete(`rename:${id}`);
  }

  // A paired sequence that is rebuilt anyway is dropped under its old name: no rename. One that
  // changes schema moves once the new schema exists.
  for (const [id, schema] of paired.moves) {
    const c = changes.get(id);
    if (c?.action === "drop" || c?.action === "replace") {
      changes.delete(`rename:${id}`);
      continue;
    }
    if (!schema) continue;
    const t = toObjs[id];
    const op: AlterOp = {
      op: "set_schema",
      phase: 2,
      sql: [`ALTER SEQUENCE ${qq(fromObjs[id].schema!, t.name)} SET SCHEMA ${q(schema)}`],
      hazards: [],
    };
    changes.set(id, { action: "alter", id, kind: t.kind, ops: [op, ...(c?.ops ?? [])] });
  }

  // An index that is rebuilt loses its CLUSTER ON and REPLICA IDENTITY marks: set them again.
  for (const t of Object.values(toObjs)) {
    const info = t.table;
    if (!info || !fromObjs[t.id] || changes.get(t.id)?.action === "replace") continue;
    const rebuilt = (name: string | null | undefined) =>
      !!name && indexCandidates(t.schema!, t.name, name).some((id) => {
        const a = changes.get(id)?.action;
        return a === "replace" || a === "create";
      });
    const extra: AlterOp[] = [];
    if (rebuilt(info.clusterIndex)) extra.push({ op: "cluster_on", phase: 2, sql: [clusterSql(t)], hazards: [] });
    if (info.replicaIdentity === "i" && rebuilt(info.replicaIndex?.slice(info.replicaIndex.lastIndexOf(".") + 1))) {
      extra.push({ op: "replica_identity", phase: 2, sql: [replicaIdentitySql(t)], hazards: [] });
    }
    if (!extra.length) continue;
    const c = changes.get(t.id);
    const ops = (c?.ops ?? []).filter((o) => !extra.some((e) => e.op === o.op));
    changes.set(t.id, { action: "alter", id: t.id, kind: t.kind, ops: [...ops, ...extra] });
  }

  // Possible renames (never applied without a hint).
  const dropped = [...changes.values()].filter((c) => c.action === "drop");
  const created = [...changes.values()].filter((c) => c.action === "create");
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
  return { changes: [...changes.values()], notes, from: fromObjs, owners: withOwners };
}

function tableName(parentId: string): string {
  const rest = parentId.slice(parentId.indexOf(":") + 1);
  return rest.slice(rest.indexOf(".") + 1);
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

/**
 * A sequence present on one side only that implements (identity) or is owned by (OWNED BY) a
 * column which keeps existing, paired with the one the other side has for that column, is the
 * same object under another name (a renamed table keeps its sequences' names): it is renamed,
 * which keeps its value, instead of being dropped and created. Returns the `from` objects with
 * the paired sequences under their new identities, the renames, and for each renamed sequence
 * its new schema when it moves (else null).
 */
function pairSequences(
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
    changes.push(renameChange(t.id, "sequence", `ALTER SEQUENCE ${qq(f.schema!, f.name)} RENAME TO ${q(t.name)}`));
  }
  return { objects: remapIds(fromObjs, map), changes, moves };
}

function filterKinds(objs: Record<string, CatalogObject>, ignore: Set<string>): Record<string, CatalogObject> {
  if (ignore.size === 0) return objs;
  const out: Record<string, CatalogObject> = {};
  for (const [k, o] of Object.entries(objs)) {
    if (ignore.has(o.kind)) continue;
    if (o.parent) {
      const kind = o.parent.slice(0, o.parent.indexOf(":"));
      if (ignore.has(kind)) continue;
    }
    out[k] = o;
  }
  return out;
}

/**
 * Applies rename hints to the `from` side: the renamed objects (and their children) take
 * their new identities, and RENAME statements are produced. Table renames come first;
 * a column hint may name its table by its new name.
 */
function renameCatalog(
  from: Catalog,
  renames: RenameHint[],
  notes: string[],
): { objects: Record<string, CatalogObject>; changes: Change[] } {
  if (renames.length === 0) return { objects: from.objects, changes: [] };
  let objects = from.objects;
  const changes: Change[] = [];
  const tableRenames: { from: CatalogObject; newName: string }[] = [];
  const tableHints = renames.filter((h) => h.kind === "table");
  const columnHints = renames.filter((h) => h.kind === "column");
  for (const group of [tableHints, columnHints]) {
    const map = new Map<string, string>();
    for (const h of group) {
      let fromId = h.from;
      if (h.kind === "column" && !objects[fromId]) {
        // The hint names the table by its old name, or by its new name before the table rename.
        const oldTable = tableHints.find((t) => h.from.startsWith("column:" + t.to.slice(6) + "."));
        if (oldTable) fromId = "column:" + oldTable.from.slice(6) + h.from.slice(7 + oldTable.to.slice(6).length);
        const newTable = tableHints.find((t) => h.from.startsWith("column:" + t.from.slice(6) + "."));
        if (!objects[fromId] && newTable) {
          fromId = "column:" + newTable.to.slice(6) + h.from.slice(7 + newTable.from.slice(6).length);
        }
        if (!objects[fromId]) fromId = h.from;
      }
      const f = objects[fromId];
      if (!f || objects[h.to]) {
        notes.push(
          `rename hint ignored: ${h.from} -> ${h.to} (${
            !f ? "the old object does not exist" : "the new name already exists"
          })`,
        );
        continue;
      }
      map.set(fromId, h.to);
      if (h.kind === "table") {
        const oldKey = fromId.slice("table:".length);
        const newKey = h.to.slice("table:".length);
        for (const id of Object.keys(objects)) {
          const o = objects[id];
          if (o.parent !== fromId) continue;
          // Identities under the table's (columns, constraints, triggers, policies…) follow it;
          // schema-level ones (indexes, statistics) keep theirs: pairRenamedChildren renames them.
          const k = id.slice(0, id.indexOf(":") + 1);
          if (id.startsWith(k + oldKey + ".")) map.set(id, k + newKey + id.slice(k.length + oldKey.length));
        }
        tableRenames.push({ from: f, newName: newKey.slice(newKey.indexOf(".") + 1) });
        const newName = newKey.slice(newKey.indexOf(".") + 1);
        changes.push(renameChange(h.to, "table", `ALTER TABLE ${qq(f.schema!, f.name)} RENAME TO ${q(newName)}`));
      } else {
        map.set("default:" + fromId.slice("column:".length), "default:" + h.to.slice("column:".length));
        const newName = h.to.slice(h.to.lastIndexOf(".") + 1);
        const table = objects[f.parent!];
        changes.push(
          renameChange(
            h.to,
            "column",
            `ALTER TABLE ${qq(table.schema!, table.name)} RENAME COLUMN ${q(f.name)} TO ${q(newName)}`,
          ),
        );
      }
    }
    const rn = (id: string) => map.get(id) ?? id;
    const out: Record<string, CatalogObject> = {};
    for (const o of Object.values(objects)) {
      const id = rn(o.id);
      const n: CatalogObject = { ...o, id, deps: o.deps.map(rn), parent: o.parent ? rn(o.parent) : undefined };
      if (id !== o.id && (o.kind === "table" || o.kind === "column")) {
        const rest = id.slice(id.indexOf(":") + 1);
        n.name = o.kind === "table" ? rest.slice(rest.indexOf(".") + 1) : id.slice(id.lastIndexOf(".") + 1);
      }
      if (o.sequence?.ownedBy) n.sequence = { ...o.sequence, ownedBy: rn(o.sequence.ownedBy) };
      if (o.sequence?.identityOf) n.sequence = { ...o.sequence, identityOf: rn(o.sequence.identityOf) };
      if (o.autoDropsWith) n.autoDropsWith = rn(o.autoDropsWith);
      out[id] = n;
    }
    objects = out;
  }
  if (tableRenames.length > 0) objects = renameInDefinitions(objects, tableRenames);
  return { objects, changes };
}

/**
 * How PostgreSQL prints an identifier in definitions (`quote_ident`): bare when it is a plain
 * lowercase name and not a keyword that needs quotes. Used to follow a renamed table in the
 * definitions PostgreSQL derives from object ids; a name printed otherwise only makes the
 * objects look changed, so they are rebuilt, as without this.
 */
function printedIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !QUOTED_KEYWORDS.has(name) ? name : q(name);
}

/** Keywords `quote_ident` quotes (reserved, type/function-name and column-name keywords). */
const QUOTED_KEYWORDS = new Set(
  ("all analyse analyze and any array as asc asymmetric authorization between bigint binary bit boolean both " +
    "case cast char character check coalesce collate collation column concurrently constraint create cross " +
    "current_catalog current_date current_role current_schema current_time current_timestamp current_user " +
    "dec decimal default deferrable desc distinct do else end except exists extract false fetch float for " +
    "foreign freeze from full grant greatest group grouping having ilike in initially inner inout int integer " +
    "intersect interval into is isnull join json json_array json_arrayagg json_exists json_object " +
    "json_objectagg json_query json_scalar json_serialize json_table json_value lateral leading least left " +
    "like limit localtime localtimestamp merge_action national natural nchar none normalize not notnull null " +
    "nullif numeric offset on only or order out outer overlaps overlay placing position precision primary " +
    "real references returning right row select session_user setof similar smallint some substring symmetric " +
    "system_user table tablesample then time timestamp to trailing treat trim true union unique user using " +
    "values varchar variadic verbose when where window with xmlattributes xmlconcat xmlelement xmlexists " +
    "xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable").split(" "),
);

/** Kinds whose definition PostgreSQL prints from object ids, so a renamed table shows its new name. */
const DERIVED_DEFINITION_KINDS = new Set<ObjectKind>([
  "constraint",
  "index",
  "trigger",
  "view",
  "materialized_view",
  "policy",
  "rule",
  "statistics",
]);

/**
 * After table renames, the `from` side's derived definitions (indexes, constraints, triggers,
 * views, policies, rules, statistics) name the tables as they will read once renamed, so that
 * they compare equal to the desired ones instead of being rebuilt. Function bodies are text and
 * keep the old name: a function still naming the old table is replaced, as it must be.
 */
function renameInDefinitions(
  objects: Record<string, CatalogObject>,
  renames: { from: CatalogObject; newName: string }[],
): Record<string, CatalogObject> {
  // As PostgreSQL prints it (pg_get_indexdef…), and always quoted (definitions we assemble).
  const pairs = renames.flatMap((r) => [
    {
      old: `${printedIdent(r.from.schema!)}.${printedIdent(r.from.name)}`,
      now: `${printedIdent(r.from.schema!)}.${printedIdent(r.newName)}`,
    },
    { old: qq(r.from.schema!, r.from.name), now: qq(r.from.schema!, r.newName) },
  ]);
  const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const re = new RegExp(`(?<![\\w$."])(${pairs.map((p) => esc(p.old)).join("|")})(?![\\w$"])`, "g");
  const byOld = new Map(pairs.map((p) => [p.old, p.now]));
  const out: Record<string, CatalogObject> = {};
  for (const [id, o] of Object.entries(objects)) {
    if (!DERIVED_DEFINITION_KINDS.has(o.kind)) {
      out[id] = o;
      continue;
    }
    const definition = o.definition.replace(re, (m) => byOld.get(m) ?? m);
    out[id] = definition === o.definition ? o : { ...o, definition };
  }
  return out;
}

/**
 * The indexes and constraints of a renamed table whose names changed with it (`customer_pkey`
 * -> `clients_pkey`, `customer_email_idx` -> `clients_email_idx`) but whose definitions did
 * not: each pairs with the one desired object of its kind on that table with the same
 * definition, and is renamed (`ALTER INDEX … RENAME TO`, `ALTER TABLE … RENAME CONSTRAINT`)
 * instead of being dropped and built again. Returns the `from` objects with the paired ones
 * under their new identities, and the renames.
 */
function pairRenamedChildren(
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
          ? `ALTER INDEX ${qq(f.schema!, f.name)} RENAME TO ${q(t.name)}`
          : `ALTER TABLE ${qq(table.schema!, table.name)} RENAME CONSTRAINT ${q(f.name)} TO ${q(t.name)}`,
      ),
    );
  }
  return { objects: remapIds(fromObjs, map, toObjs), changes, paired };
}

/**
 * `objs` with the identities of `map` replaced, in ids, dependencies and `autoDropsWith`. With
 * `adopt`, a renamed object also takes the name and definition of its counterpart there.
 */
function remapIds(
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
function renameChange(id: string, kind: ObjectKind, sql: string): Change {
  return { action: "rename", id, kind, ops: [{ op: "rename", phase: 1, sql: [sql], hazards: [] }] };
}

function aclKey(e: AclEntry): string {
  return `${e.grantee}\t${e.privilege}\t${e.grantable}`;
}

/** The privileges a new object of this kind gets (owner's own left out). */
export function builtinDefaultAcl(o: CatalogObject): AclEntry[] {
  if (o.kind === "default_privileges") {
    const d = JSON.parse(o.definition) as { schema: string; objtype: string };
    if (d.schema) return [];
    if (d.objtype === "f") return [{ grantee: "PUBLIC", privilege: "EXECUTE", grantable: false }];
    if (d.objtype === "T") return [{ grantee: "PUBLIC", privilege: "USAGE", grantable: false }];
    return [];
  }
  if (o.kind === "function" || o.kind === "procedure" || o.kind === "aggregate") {
    return [{ grantee: "PUBLIC", privilege: "EXECUTE", grantable: false }];
  }
  if (o.kind === "type" || o.kind === "domain") return [{ grantee: "PUBLIC", privilege: "USAGE", grantable: false }];
  return [];
}

const DEFACL_OBJECTS: Record<string, string> = {
  r: "TABLES",
  S: "SEQUENCES",
  f: "FUNCTIONS",
  T: "TYPES",
  n: "SCHEMAS",
};

/**
 * GRANT/REVOKE statements turning privileges `a` into `b` on object `o`. When they differ,
 * every grantee of `a` loses all privileges and `b` is granted in its order, so the
 * resulting privilege list has the same order as the desired one.
 */
export function aclOps(o: CatalogObject, a: AclEntry[], b: AclEntry[]): AlterOp[] {
  const ak = new Set(a.map(aclKey));
  const bk = new Set(b.map(aclKey));
  if (ak.size === bk.size && [...ak].every((k) => bk.has(k))) return [];
  let prefix = "";
  let target = o.grantTarget ?? "";
  let cols = "";
  if (o.kind === "default_privileges") {
    const d = JSON.parse(o.definition) as { role: string; schema: string; objtype: string };
    prefix = `ALTER DEFAULT PRIVILEGES FOR ROLE ${d.role}${d.schema ? ` IN SCHEMA ${q(d.schema)}` : ""} `;
    target = DEFACL_OBJECTS[d.objtype] ?? "TABLES";
  } else if (o.kind === "column") {
    cols = ` (${q(o.name)})`;
  }
  const sql: string[] = [];
  const revokeFrom = [...new Set(a.map((e) => e.grantee))];
  for (const g of revokeFrom) sql.push(`${prefix}REVOKE ALL${cols} ON ${target} FROM ${g}`);
  const groups = new Map<string, string[]>();
  for (const e of b) {
    const k = `${e.grantee}\t${e.grantable}`;
    let l = groups.get(k);
    if (!l) groups.set(k, l = []);
    l.push(e.privilege);
  }
  for (const [k, privs] of groups) {
    const [grantee, grantable] = k.split("\t");
    sql.push(
      `${prefix}GRANT ${privs.map((p) => p + cols).join(", ")} ON ${target} TO ${grantee}${
        grantable === "true" ? " WITH GRANT OPTION" : ""
      }`,
    );
  }
  return [{ op: "privileges", phase: 2, sql, hazards: [] }];
}

/** A column of a view or materialized view, as the target of column privileges. */
export function viewColumn(view: CatalogObject, column: string): CatalogObject {
  return { ...view, kind: "column", name: column, acl: null, columnAcl: undefined };
}

/** COMMENT statement for an object, or a sub-object target. */
export function commentSql(target: string, text: string | null): string {
  return `COMMENT ON ${target} IS ${text == null ? "NULL" : lit(text)}`;
}

function retypeOps(f: CatalogObject, t: CatalogObject): AlterOp[] {
  const table = qq(f.schema!, tableName(f.parent!));
  const c = t.column!;
  return [
    {
      op: "retype",
      phase: 1,
      sql: [`ALTER TABLE ${table} ALTER COLUMN ${q(f.name)} TYPE text`],
      hazards: ["TABLE_REWRITE", "ACQUIRES_ACCESS_EXCLUSIVE_LOCK"],
    },
    {
      op: "column_type",
      phase: 2,
      sql: [
        `ALTER TABLE ${table} ALTER COLUMN ${q(t.name)} TYPE ${c.type}${
          c.collation ? ` COLLATE ${c.collation}` : ""
        } USING ${q(t.name)}::${c.type}`,
      ],
      hazards: ["TABLE_REWRITE", "ACQUIRES_ACCESS_EXCLUSIVE_LOCK"],
    },
  ];
}

/** The default storage of common types (used to reset an explicit storage). */
function typeStorageGuess(type: string): string {
  if (
    /^(integer|bigint|smallint|boolean|real|double precision|date|timestamp|time|uuid|"char"|oid|money|interval)/.test(
      type,
    )
  ) {
    return "p";
  }
  return "x";
}

const STRING_TYPES = new Set(["text", "character varying", "character", "name", '"char"']);

/** A type name without its modifiers: `character varying(10)` → `character varying`. */
function baseTypeName(type: string): string {
  return type.replace(/\(\s*\d+(?:\s*,\s*-?\d+)?\s*\)/g, "").replace(/\s+/g, " ").trim();
}

/**
 * `USING` expression converting column `col` from type `from` to type `to`: a direct cast
 * when PostgreSQL has one (same type, a cast in `casts`, or an I/O conversion to or from a
 * string type), else through text (`col::text::to`), which every type accepts.
 */
export function usingCast(col: string, from: string, to: string, casts: ReadonlySet<string>): string {
  let a = baseTypeName(from);
  let b = baseTypeName(to);
  while (a.endsWith("[]") && b.endsWith("[]")) {
    a = a.slice(0, -2);
    b = b.slice(0, -2);
  }
  const direct = a === b || (!a.endsWith("[]") && !b.endsWith("[]") &&
    (STRING_TYPES.has(a) || STRING_TYPES.has(b) || casts.has(`${a}\t${b}`)));
  return direct ? `${col}::${to}` : `${col}::text::${to}`;
}

/**
 * True when a sequence's old start value lies outside its new bounds: its current value
 * (the start, for a sequence never used) would be out of range, so it is restarted.
 */
function outsideBounds(start: string, min: string, max: string): boolean {
  const int = /^-?\d+$/;
  if (!int.test(start) || !int.test(min) || !int.test(max)) return false;
  const v = BigInt(start);
  return v < BigInt(min) || v > BigInt(max);
}

function isSubsequence(a: string[], b: string[]): boolean {
  let i = 0;
  for (const x of b) if (i < a.length && a[i] === x) i++;
  return i === a.length;
}

function compare(
  f: CatalogObject,
  t: CatalogObject,
  withComments: boolean,
  withAcl: boolean,
  casts: ReadonlySet<string>,
  withOwners = true,
): Change | null {
  const ops: AlterOp[] = [];
  const replace = (reason: string): Change => ({ action: "replace", id: t.id, kind: t.kind, reason });
  switch (t.kind) {
    case "table": {
      const a = f.table!;
      const b = t.table!;
      const name = qq(t.schema!, t.name);
      if (
        f.definition !== t.definition && a.partitionOf && a.partitionOf === b.partitionOf &&
        (a.partitionKey ?? "") === (b.partitionKey ?? "") && (a.accessMethod ?? "") === (b.accessMethod ?? "")
      ) {
        // Only the bounds of a partition change: detached and attached again (keeps its rows).
        ops.push({
          op: "partition_detach",
          phase: 1,
          sql: [`ALTER TABLE ${b.partitionOf} DETACH PARTITION ${name}`],
          hazards: ["ACQUIRES_ACCESS_EXCLUSIVE_LOCK"],
        }, {
          op: "partition_attach",
          phase: 2,
          sql: [`ALTER TABLE ${b.partitionOf} ATTACH PARTITION ${name} ${b.partitionBound}`],
          hazards: ["ACQUIRES_ACCESS_EXCLUSIVE_LOCK", "VALIDATES_ALL_ROWS"],
        });
      } else if (f.definition !== t.definition) return replace("partitioning or inheritance changed");
      if (a.unlogged !== b.unlogged) {
        ops.push({
          op: "persistence",
          phase: 2,
          sql: [`ALTER TABLE ${name} SET ${b.unlogged ? "UNLOGGED" : "LOGGED"}`],
          hazards: ["TABLE_REWRITE", "ACQUIRES_ACCESS_EXCLUSIVE_LOCK"],
        });
      }
      if (a.rowSecurity !== b.rowSecurity) {
        ops.push({
          op: "row_security",
          phase: 2,
          sql: [`ALTER TABLE ${name} ${b.rowSecurity ? "ENABLE" : "DISABLE"} ROW LEVEL SECURITY`],
          hazards: ["ACQUIRES_ACCESS_EXCLUSIVE_LOCK"],
        });
      }
      if (a.forceRowSecurity !== b.forceRowSecurity) {
        ops.push({
          op: "force_row_security",
          phase: 2,
          sql: [`ALTER TABLE ${name} ${b.forceRowSecurity ? "" : "NO "}FORCE ROW LEVEL SECURITY`],
          hazards: ["ACQUIRES_ACCESS_EXCLUSIVE_LOCK"],
        });
      }
      if (a.replicaIdentity !== b.replicaIdentity || a.replicaIndex !== b.replicaIndex) {
        ops.push({ op: "replica_identity", phase: 2, sql: [replicaIdentitySql(t)], hazards: [] });
      }
      if ((a.clusterIndex ?? null) !== (b.clusterIndex ?? null)) {
        ops.push({ op: "cluster_on", phase: 2, sql: [clusterSql(t)], hazards: [] });
      }
      const ra = new Set(a.reloptions);
      const rb = new Set(b.reloptions);
      const reset = a.reloptions.filter((o) => !rb.has(o)).map((o) => o.split("=")[0]).filter((k) =>
        !b.reloptions.some((o) => o.split("=")[0] === k)
      );
      const set = b.reloptions.filter((o) => !ra.has(o));
      if (reset.length) {
        ops.push({ op: "reloptions", phase: 2, sql: [`ALTER TABLE ${name} RESET (${reset.join(", ")})`], hazards: [] });
      }
      if (set.length) {
        ops.push({ op: "reloptions", phase: 2, sql: [`ALTER TABLE ${name} SET (${set.join(", ")})`], hazards: [] });
      }
      break;
    }
    case "column": {
      const a = f.column!;
      const b = t.column!;
      const table = qq(t.schema!, tableName(t.parent!));
      const col = `ALTER TABLE ${table} ALTER COLUMN ${q(t.name)}`;
      if (!!a.inherited !== !!b.inherited) return replace("column is inherited on one side only");
      // An inherited column's type, default, NOT NULL and identity follow its parent.
      if (!b.inherited) {
        if (a.generated !== b.generated || a.generationExpr !== b.generationExpr) {
          if (a.generated || b.generated) return replace("generation expression changed");
        }
        if (a.type !== b.type || a.collation !== b.collation) {
          ops.push({
            op: "column_type",
            phase: 2,
            sql: [
              `${col} TYPE ${b.type}${b.collation ? ` COLLATE ${b.collation}` : ""} USING ${
                usingCast(q(t.name), a.type, b.type, casts)
              }`,
            ],
            hazards: ["TABLE_REWRITE", "ACQUIRES_ACCESS_EXCLUSIVE_LOCK"],
            invalidates: true,
          });
        }
        if (a.identity !== b.identity) {
          if (a.identity && !b.identity) {
            ops.push({ op: "identity", phase: 1, sql: [`${col} DROP IDENTITY`], hazards: [] });
          } else if (!a.identity && b.identity) {
            ops.push({
              op: "identity",
              phase: 2,
              sql: [
                // An identity column must be NOT NULL before it is added.
                ...(a.notNull ? [] : [`${col} SET NOT NULL`]),
                `${col} ADD GENERATED ${
                  b.identity === "a" ? "ALWAYS" : "BY DEFAULT"
                } AS IDENTITY (${b.identityOptions})`,
              ],
              hazards: a.notNull ? [] : ["ACQUIRES_ACCESS_EXCLUSIVE_LOCK", "VALIDATES_ALL_ROWS"],
            });
          } else {
            ops.push({
              op: "identity",
              phase: 2,
              sql: [`${col} SET GENERATED ${b.identity === "a" ? "ALWAYS" : "BY DEFAULT"}`],
              hazards: [],
            });
          }
        }
        // The sequence's name is not an option: a sequence under another name is renamed.
        const seqOptions = (s: string) => s.slice(Math.max(0, s.lastIndexOf("START WITH ")));
        if (a.identity && b.identity && seqOptions(a.identityOptions) !== seqOptions(b.identityOptions)) {
          const m = /START WITH (\S+) INCREMENT BY (\S+) MINVALUE (\S+) MAXVALUE (\S+) CACHE (\S+)( NO)? CYCLE/.exec(
            b.identityOptions,
          );
          if (m) {
            const old = /START WITH (\S+)/.exec(a.identityOptions);
            const restart = old && outsideBounds(old[1], m[3], m[4]) ? ` RESTART WITH ${m[1]}` : "";
            const opts = `SET START WITH ${m[1]} SET INCREMENT BY ${m[2]} SET MINVALUE ${m[3]} SET MAXVALUE ${
              m[4]
            } SET CACHE ${m[5]} SET${m[6] ? " NO" : ""} CYCLE${restart}`;
            ops.push({ op: "identity_options", phase: 2, sql: [`${col} ${opts}`], hazards: [] });
          }
        }
        if (a.notNull !== b.notNull && !(b.identity && b.notNull)) {
          ops.push({
            op: "not_null",
            phase: b.notNull ? 2 : 1,
            sql: [`${col} ${b.notNull ? "SET" : "DROP"} NOT NULL`],
            hazards: b.notNull ? ["ACQUIRES_ACCESS_EXCLUSIVE_LOCK", "VALIDATES_ALL_ROWS"] : [],
          });
        }
      }
      if (a.storage !== b.storage) {
        const s = ({ p: "PLAIN", e: "EXTERNAL", m: "MAIN", x: "EXTENDED" } as Record<string, string>)[b.storage ?? ""];
        // Without an explicit storage the column has its type's storage: find it from the old one.
        const dflt = ({ p: "PLAIN", e: "EXTERNAL", m: "MAIN", x: "EXTENDED" } as Record<string, string>)[
          typeStorageGuess(b.type)
        ];
        ops.push({ op: "storage", phase: 2, sql: [`${col} SET STORAGE ${s ?? dflt}`], hazards: [] });
      }
      if (a.statistics !== b.statistics) {
        ops.push({ op: "statistics", phase: 2, sql: [`${col} SET STATISTICS ${b.statistics ?? -1}`], hazards: [] });
      }
      const ao = a.options ?? [];
      const bo = b.options ?? [];
      if (ao.join(",") !== bo.join(",")) {
        const keys = (l: string[]) => l.map((o) => o.slice(0, o.indexOf("=")));
        const reset = keys(ao).filter((k) => !keys(bo).includes(k));
        const sql = [];
        if (reset.length) sql.push(`${col} RESET (${reset.join(", ")})`);
        if (bo.length) sql.push(`${col} SET (${bo.join(", ")})`);
        ops.push({ op: "column_options", phase: 2, sql, hazards: [] });
      }
      if (a.compression !== b.compression) {
        const comp = ({ p: "pglz", l: "lz4" } as Record<string, string>)[b.compression ?? ""] ?? "default";
        ops.push({ op: "compression", phase: 2, sql: [`${col} SET COMPRESSION ${comp}`], hazards: [] });
      }
      break;
    }
    case "default":
      if (f.definition !== t.definition) {
        // Invalidates: a child's own default (partitions, INHERITS) is set again after its parent's.
        ops.push({ op: "set_default", phase: 2, sql: t.create, hazards: [], invalidates: true });
      }
      break;
    case "sequence": {
      const a = f.sequence!;
      const b = t.sequence!;
      // An identity sequence's options are its column's: only its comment and privileges follow.
      if (!!a.identityOf !== !!b.identityOf) return replace("identity sequence on one side only");
      if (a.identityOf || b.identityOf) break;
      if (f.definition !== t.definition) {
        const name = qq(t.schema!, t.name);
        const restart = outsideBounds(a.start, b.min, b.max) ? ` RESTART WITH ${b.start}` : "";
        ops.push({
          op: "sequence_options",
          phase: 2,
          sql: [`ALTER SEQUENCE ${name} ${t.definition}${restart}`],
          hazards: restart ? ["RESETS_SEQUENCE"] : [],
        });
      }
      if (a.ownedBy !== b.ownedBy) {
        ops.push({ op: "owned_by", phase: 2, sql: [ownedBySql(t)], hazards: [] });
      }
      break;
    }
    case "type":
      if (f.definition !== t.definition) {
        if (f.enumLabels && t.enumLabels && isSubsequence(f.enumLabels, t.enumLabels)) {
          const present = new Set(f.enumLabels);
          const labels = t.enumLabels;
          const sql: string[] = [];
          labels.forEach((l, i) => {
            if (present.has(l)) return;
            const where = i > 0 ? ` AFTER ${lit(labels[i - 1])}` : labels.length > 1 ? ` BEFORE ${lit(labels[1])}` : "";
            sql.push(`ALTER TYPE ${qq(t.schema!, t.name)} ADD VALUE ${lit(l)}${where}`);
            present.add(l);
          });
          ops.push({ op: "enum_add_value", phase: 2, sql, hazards: [] });
        } else return replace("type definition changed");
      }
      break;
    case "domain": {
      const a = f.domain!;
      const b = t.domain!;
      if (a.baseType !== b.baseType || a.collation !== b.collation) return replace("domain base type changed");
      const name = qq(t.schema!, t.name);
      if (a.default !== b.default) {
        ops.push({
          op: "domain_default",
          phase: 2,
          sql: [`ALTER DOMAIN ${name} ${b.default == null ? "DROP DEFAULT" : `SET DEFAULT ${b.default}`}`],
          hazards: [],
        });
      }
      if (a.notNull !== b.notNull) {
        ops.push({
          op: "domain_not_null",
          phase: 2,
          sql: [`ALTER DOMAIN ${name} ${b.notNull ? "SET" : "DROP"} NOT NULL`],
          hazards: [],
        });
      }
      for (const [cn, def] of Object.entries(a.constraints)) {
        if (b.constraints[cn] !== def) {
          ops.push({
            op: "domain_drop_constraint",
            phase: 1,
            sql: [`ALTER DOMAIN ${name} DROP CONSTRAINT ${q(cn)}`],
            hazards: [],
          });
        }
      }
      for (const [cn, def] of Object.entries(b.constraints)) {
        if (a.constraints[cn] !== def) {
          ops.push({
            op: "domain_add_constraint",
            phase: 2,
            sql: [
              `ALTER DOMAIN ${name} ADD CONSTRAINT ${q(cn)} ${def}`,
              // A constraint added again has lost its comment.
              ...(a.constraints[cn] !== undefined && t.subComments?.[`CONSTRAINT ${q(cn)} ON DOMAIN ${name}`] != null
                ? [
                  commentSql(
                    `CONSTRAINT ${q(cn)} ON DOMAIN ${name}`,
                    t.subComments[`CONSTRAINT ${q(cn)} ON DOMAIN ${name}`],
                  ),
                ]
                : []),
            ],
            hazards: [],
          });
        }
      }
      break;
    }
    case "constraint":
      if (f.definition !== t.definition) {
        if (f.notValid && !t.notValid && f.definition.replace(/ NOT VALID$/, "") === t.definition) {
          const table = qq(t.schema!, tableName(t.parent!));
          ops.push({
            op: "validate",
            phase: 2,
            sql: [`ALTER TABLE ${table} VALIDATE CONSTRAINT ${q(t.name)}`],
            hazards: ["VALIDATES_ALL_ROWS"],
          });
        } else return replace("definition changed");
      }
      break;
    case "view":
      if (f.definition !== t.definition) {
        const a = f.columns ?? [];
        const b = t.columns ?? [];
        const sameOpts = f.definition.split(" AS\n")[0] === t.definition.split(" AS\n")[0];
        if (sameOpts && b.length >= a.length && a.every((c, i) => b[i] === c)) {
          ops.push({
            op: "replace_view",
            phase: 2,
            sql: [t.create[0].replace(/^CREATE VIEW/, "CREATE OR REPLACE VIEW")],
            hazards: [],
          });
        } else return replace("view columns changed");
      }
      ops.push(...viewDefaultOps(f, t));
      break;
    case "function":
    case "procedure":
      if (f.definition !== t.definition) {
        if (f.signature?.args === t.signature?.args && f.signature?.result === t.signature?.result) {
          ops.push({ op: "replace_function", phase: 2, sql: t.create, hazards: [] });
        } else return replace("signature changed");
      }
      break;
    case "extension":
      if (f.definition !== t.definition) {
        const schema = t.definition.slice(t.definition.lastIndexOf(" ") + 1);
        ops.push({
          op: "extension_schema",
          phase: 2,
          sql: [`ALTER EXTENSION ${q(t.name)} SET SCHEMA ${q(schema)}`],
          hazards: [],
        });
      }
      break;
    default:
      if (f.definition !== t.definition) return replace("definition changed");
  }
  if (withComments && (f.comment ?? null) !== (t.comment ?? null) && t.target) {
    ops.push({ op: "comment", phase: 2, sql: [commentSql(t.target, t.comment)], hazards: [] });
  }
  if (withComments && (f.subComments || t.subComments)) {
    const a = f.subComments ?? {};
    const b = t.subComments ?? {};
    const sql: string[] = [];
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (a[k] !== b[k]) sql.push(commentSql(k, b[k] ?? null));
    }
    if (sql.length) ops.push({ op: "comment", phase: 2, sql: sql.sort(), hazards: [] });
  }
  // Ownership first: privileges are computed relative to the owner.
  // A sequence linked to a column (OWNED BY) always has its table's owner and follows it.
  if (
    withOwners && f.owner && t.owner && f.owner !== t.owner && t.target && !t.sequence?.ownedBy &&
    !t.sequence?.identityOf
  ) {
    ops.push({ op: "owner", phase: 2, sql: [ownerSql(t)], hazards: [] });
  }
  if (withAcl && t.acl && f.acl) ops.push(...aclOps(t, f.acl, t.acl));
  if (withAcl && (f.columnAcl || t.columnAcl)) {
    const a = f.columnAcl ?? {};
    const b = t.columnAcl ?? {};
    for (const col of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      ops.push(...aclOps(viewColumn(t, col), a[col] ?? [], b[col] ?? []));
    }
  }
  if (ops.length === 0) return null;
  return { action: "alter", id: t.id, kind: t.kind, ops };
}

/** `ALTER TABLE … REPLICA IDENTITY …` for a table. */
export function replicaIdentitySql(t: CatalogObject): string {
  const b = t.table!;
  const name = qq(t.schema!, t.name);
  const mode = b.replicaIdentity === "i" && b.replicaIndex
    ? `USING INDEX ${q(b.replicaIndex.slice(b.replicaIndex.lastIndexOf(".") + 1))}`
    : ({ d: "DEFAULT", n: "NOTHING", f: "FULL" } as Record<string, string>)[b.replicaIdentity] ?? "DEFAULT";
  return `ALTER TABLE ${name} REPLICA IDENTITY ${mode}`;
}

/** `ALTER <object> OWNER TO <owner>` for an object that has an owner. */
export function ownerSql(t: CatalogObject): string {
  return `ALTER ${t.target} OWNER TO ${t.owner}`;
}

/** `ALTER TABLE … CLUSTER ON …` (or `SET WITHOUT CLUSTER`) for a table. */
export function clusterSql(t: CatalogObject): string {
  const index = t.table!.clusterIndex;
  return `ALTER TABLE ${qq(t.schema!, t.name)} ${index ? `CLUSTER ON ${q(index)}` : "SET WITHOUT CLUSTER"}`;
}

/** `ALTER VIEW … ALTER COLUMN … SET/DROP DEFAULT` turning the column defaults of view `f` into those of `t`. */
export function viewDefaultOps(f: CatalogObject | null, t: CatalogObject): AlterOp[] {
  const a = f?.viewDefaults ?? {};
  const b = t.viewDefaults ?? {};
  const sql: string[] = [];
  for (const col of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (a[col] === b[col]) continue;
    sql.push(
      `ALTER VIEW ${qq(t.schema!, t.name)} ALTER COLUMN ${q(col)} ${
        b[col] == null ? "DROP DEFAULT" : `SET DEFAULT ${b[col]}`
      }`,
    );
  }
  return sql.length ? [{ op: "view_default", phase: 2, sql, hazards: [] }] : [];
}

/** Identities that may stand for index `name` of schema `schema`: the index, or the constraint it implements. */
export function indexCandidates(schema: string, table: string, name: string): string[] {
  return [`index:${schema}.${name}`, `constraint:${schema}.${table}.${name}`];
}

/** `ALTER SEQUENCE … OWNED BY …` for a sequence. */
export function ownedBySql(t: CatalogObject): string {
  const name = qq(t.schema!, t.name);
  const ref = t.sequence!.ownedBy ? t.sequence!.ownedByRef : null;
  return `ALTER SEQUENCE ${name} OWNED BY ${ref ?? "NONE"}`;
}
