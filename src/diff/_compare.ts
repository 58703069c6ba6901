/**
 * The comparison of one object present on both sides: its in-place changes (definition, then
 * comments, owner and privileges), or its replacement.
 * @module
 */
import type { CatalogObject } from "../model/mod.ts";
import {
  compareConstraint,
  compareDefault,
  compareDomain,
  compareExtension,
  compareFunction,
  compareSequence,
  compareType,
  compareView,
  type Replace,
  replaced,
} from "./_compare_kinds.ts";
import { compareColumn, compareTable } from "./_compare_table.ts";
import { aclOps, viewColumn } from "./privileges.ts";
import { commentSql, ownerSql } from "./statements.ts";
import type { AlterOp, Change } from "./types.ts";

/** What {@link compare} compares besides definitions. */
export interface CompareOptions {
  withComments: boolean;
  withAcl: boolean;
  withOwners: boolean;
  /** Casts that exist (`source\ttarget`), for `USING` expressions. */
  casts: ReadonlySet<string>;
}

/** The definition changes of `f` into `t`, by kind. */
function compareDefinition(f: CatalogObject, t: CatalogObject, casts: ReadonlySet<string>): AlterOp[] | Replace {
  switch (t.kind) {
    case "table":
      return compareTable(f, t);
    case "column":
      return compareColumn(f, t, casts);
    case "default":
      return compareDefault(f, t);
    case "sequence":
      return compareSequence(f, t);
    case "type":
      return compareType(f, t);
    case "domain":
      return compareDomain(f, t);
    case "constraint":
      return compareConstraint(f, t);
    case "view":
      return compareView(f, t);
    case "function":
    case "procedure":
      return compareFunction(f, t);
    case "extension":
      return compareExtension(f, t);
    default:
      return f.definition !== t.definition ? replaced("definition changed") : [];
  }
}

/** Compares an object present on both sides: null when equal. */
export function compare(f: CatalogObject, t: CatalogObject, opts: CompareOptions): Change | null {
  const { withComments, withAcl, withOwners } = opts;
  const r = compareDefinition(f, t, opts.casts);
  if (!Array.isArray(r)) return { action: "replace", id: t.id, kind: t.kind, reason: r.replace };
  const ops: AlterOp[] = r;
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
