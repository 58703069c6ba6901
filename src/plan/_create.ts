/**
 * The statements that create one object: the online forms on tables that already exist (indexes
 * `CONCURRENTLY`, checks and foreign keys `NOT VALID` then validated), then its owner, comments
 * and privileges.
 * @module
 */
import { aclOps, builtinDefaultAcl, commentSql, ownerSql, viewColumn, viewDefaultOps } from "../diff/mod.ts";
import type { AclEntry, Catalog, CatalogObject } from "../model/mod.ts";
import { columnDefinition, columnSettingsSql, defaultIsInline } from "../model/mod.ts";
import { type Hazard, quoteIdent } from "../sql/mod.ts";
import { childrenOf, qn } from "./_children.ts";
import { st, type Stmt } from "./_node.ts";

/** What {@link createStatements} needs to know about the plan. */
export interface CreateContext {
  /** Online forms on existing tables. */
  online: boolean;
  /** Owners are compared: a new object gets its owner. */
  withOwners: boolean;
  /** The current catalog (its role and default privileges). */
  from: Catalog;
  fromObjs: Record<string, CatalogObject>;
  toObjs: Record<string, CatalogObject>;
  /** The table existed before the script (it is neither new nor created again). */
  existedBefore(tableId: string | undefined): boolean;
}

/** `pg_default_acl.defaclobjtype` of the object kinds default privileges apply to. */
const DEFACL_TYPE: Partial<Record<string, string>> = {
  table: "r",
  view: "r",
  materialized_view: "r",
  sequence: "S",
  function: "f",
  procedure: "f",
  aggregate: "f",
  type: "T",
  domain: "T",
  schema: "n",
};

/**
 * The privileges a new object has when the script creates it: the built-in ones, or those of
 * the `from` side's default privileges for the role running the script (global entries
 * replace the built-in ones, schema entries add to them).
 */
function initialAcl(ctx: CreateContext, t: CatalogObject): AclEntry[] {
  const { from, fromObjs } = ctx;
  const type = DEFACL_TYPE[t.kind];
  const role = from.currentUser;
  if (!type || !role) return builtinDefaultAcl(t);
  const global = fromObjs[`default_privileges:${role}..${type}`];
  const inSchema = t.schema ? fromObjs[`default_privileges:${role}.${t.schema}.${type}`] : undefined;
  const base = global ? (global.acl ?? []) : builtinDefaultAcl(t);
  const seen = new Set(base.map((e) => `${e.grantee}\t${e.privilege}`));
  const extra = (inSchema?.acl ?? []).filter((e) => !seen.has(`${e.grantee}\t${e.privilege}`));
  return [...base, ...extra];
}

/** The statements that create `t` (with its comments, owner and privileges). */
export function createStatements(ctx: CreateContext, t: CatalogObject): Stmt[] {
  const { online, withOwners, from, toObjs } = ctx;
  const out: Stmt[] = [];
  const parentExisted = ctx.existedBefore(t.parent);
  if (t.kind === "column" && t.column!.inherited) {
    // Created by its parent: only its own settings.
    for (const x of columnSettingsSql(qn(toObjs[t.parent!]), t)) out.push(st(x));
  } else if (t.kind === "column") {
    const d = toObjs["default:" + t.id.slice("column:".length)];
    const inline = d && defaultIsInline(d) ? d.definition : null;
    const table = toObjs[t.parent!];
    out.push(st(`ALTER TABLE ${qn(table)} ADD COLUMN ${columnDefinition(t, inline)}`, [
      "ACQUIRES_ACCESS_EXCLUSIVE_LOCK",
      ...(t.column!.generated === "s" || (inline && /\(/.test(inline)) ? ["TABLE_REWRITE" as const] : []),
    ]));
    for (const x of columnSettingsSql(qn(table), t)) out.push(st(x));
  } else if (t.kind === "index" && online && parentExisted && !t.onPartitioned) {
    out.push(st(t.create[0].replace(/^CREATE (UNIQUE )?INDEX /, "CREATE $1INDEX CONCURRENTLY "), [
      "INDEX_BUILD",
      "NOT_TRANSACTIONAL",
    ], false));
    for (const s of t.create.slice(1)) out.push(st(s));
  } else if (
    t.kind === "constraint" && online && parentExisted && !t.onPartitioned && !t.notValid &&
    (t.constraintType === "c" || t.constraintType === "f")
  ) {
    out.push(st(`${t.create[0]} NOT VALID`, ["ACQUIRES_ACCESS_EXCLUSIVE_LOCK"]));
    out.push(
      st(`ALTER TABLE ${qn(toObjs[t.parent!])} VALIDATE CONSTRAINT ${quoteIdent(t.name)}`, ["VALIDATES_ALL_ROWS"]),
    );
  } else {
    const hz: Hazard[] = [];
    if (t.kind === "index" && parentExisted) hz.push("INDEX_BUILD", "ACQUIRES_SHARE_LOCK");
    if (t.kind === "constraint" && parentExisted) hz.push("ACQUIRES_ACCESS_EXCLUSIVE_LOCK", "VALIDATES_ALL_ROWS");
    if (t.kind === "materialized_view") hz.push("RUNS_QUERY");
    for (const s of t.create) out.push(st(s, hz));
  }
  if (t.kind === "view") { for (const op of viewDefaultOps(null, t)) for (const s of op.sql) out.push(st(s)); }
  // A new object belongs to the role running the script (the one that inspected `from`).
  // A sequence gets its owner before OWNED BY, which requires the table's owner.
  if (
    withOwners && t.owner && from.currentUser && t.owner !== from.currentUser && t.target &&
    !t.sequence?.identityOf
  ) {
    const at = t.kind === "sequence" ? 1 : out.length;
    out.splice(at, 0, st(ownerSql(t)));
  }
  if (t.comment != null && t.target) out.push(st(commentSql(t.target, t.comment)));
  for (const [k, v] of Object.entries(t.subComments ?? {}).sort()) out.push(st(commentSql(k, v)));
  if (t.acl) { for (const op of aclOps(t, initialAcl(ctx, t), t.acl)) for (const s of op.sql) out.push(st(s)); }
  for (const [col, entries] of Object.entries(t.columnAcl ?? {}).sort()) {
    for (const op of aclOps(viewColumn(t, col), [], entries)) for (const s of op.sql) out.push(st(s));
  }
  if (t.kind === "table") {
    // Columns created with the table: their comments and privileges.
    for (const c of childrenOf(toObjs, t.id)) {
      if (c.kind !== "column") continue;
      if (c.comment != null) out.push(st(commentSql(c.target, c.comment)));
      if (c.acl) { for (const op of aclOps(c, [], c.acl)) for (const s of op.sql) out.push(st(s)); }
    }
  }
  return out;
}
