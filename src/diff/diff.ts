/**
 * Catalog × Catalog → typed changes: the comparison loop, and the follow-ups that keep the result
 * applicable (dependents rebuilt, renames kept or dropped, index marks set again).
 * @module
 */
import { ConfitureError } from "../errors/mod.ts";
import type { Catalog, CatalogObject } from "../model/mod.ts";
import { quoteIdent, quoteQualified } from "../sql/mod.ts";
import { compare } from "./_compare.ts";
import { rebuildDependents, relinkPersistence } from "./_dependents.ts";
import { pairRenamedChildren, pairSequences } from "./_pairing.ts";
import { reconcilePartitions } from "./_partitions.ts";
import { possibleRenames } from "./_possible_renames.ts";
import { renameCatalog } from "./_renames.ts";
import { aclOps, builtinDefaultAcl } from "./privileges.ts";
import { clusterSql, indexCandidates, replicaIdentitySql } from "./statements.ts";
import type { AlterOp, Change, DiffOptions, DiffResult } from "./types.ts";

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
  const withOwners = !ignore.has("owners");
  const compareOptions = {
    withComments: !ignore.has("comments"),
    withAcl: !ignore.has("privileges"),
    withOwners,
    casts: new Set(to.casts ?? []),
  };

  const changes = new Map<string, Change>();
  for (const c of renameChanges) changes.set(`rename:${c.id}`, c);

  const ids = new Set([...Object.keys(fromObjs), ...Object.keys(toObjs)]);
  const tables = { from: [] as CatalogObject[], to: [] as CatalogObject[] };
  for (const id of [...ids].sort()) {
    const f = fromObjs[id];
    const t = toObjs[id];
    if (f?.kind === "table") tables.from.push(f);
    if (t?.kind === "table") tables.to.push(t);
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
      const c = compare(f, t, compareOptions);
      if (c && (c.action !== "alter" || c.ops?.length)) changes.set(id, c);
    }
  }

  const moves = reconcilePartitions(changes, fromObjs, toObjs, tables, compareOptions.casts);
  relinkPersistence(changes, fromObjs, toObjs);
  rebuildDependents(changes, fromObjs, toObjs, moves.survivors);

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
      sql: [`ALTER SEQUENCE ${quoteQualified(fromObjs[id].schema!, t.name)} SET SCHEMA ${quoteIdent(schema)}`],
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
  notes.push(...possibleRenames(changes.values(), fromObjs, toObjs));
  return { changes: [...changes.values()], notes, from: fromObjs, owners: withOwners };
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
