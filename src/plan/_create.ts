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
import { attachedTo, childrenOf, partitionsOf, qn } from "./_children.ts";
import { clonedIndexName, renameClonedIndexSql } from "./_cloned_index.ts";
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
  /** The index is the server's copy of a partitioned index on a partition the script creates. */
  clonedIndex(t: CatalogObject): boolean;
}

/** Kinds whose objects share the namespace of relations (an index name must differ from them). */
const RELATION_KINDS = ["index", "table", "sequence", "view", "materialized_view"];

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

/**
 * The indexes a new partitioned index attaches, one per partition of its table, in identity
 * order; undefined when a partition's is not known (an index of a constraint, which the catalog
 * shows as the constraint): the server then finds them.
 */
function attachedIndexes(ctx: CreateContext, t: CatalogObject): CatalogObject[] | undefined {
  const partitions = partitionsOf(ctx.toObjs, t.parent!);
  const children = attachedTo(ctx.toObjs, t.id);
  if (children.length === 0 || children.length !== partitions.length) return undefined;
  if (!partitions.every((p) => children.some((c) => c.parent === p.id))) return undefined;
  return children;
}

/** The statements that create `t` (with its comments, owner and privileges). */
export function createStatements(ctx: CreateContext, t: CatalogObject): Stmt[] {
  const { online, withOwners, from, fromObjs, toObjs } = ctx;
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
  } else if (t.kind === "index" && ctx.clonedIndex(t)) {
    // Made by the server with its partition: renamed when the server's name is not the desired one.
    const table = toObjs[t.parent!];
    const guess = clonedIndexName(table.name, t.definition);
    const taken = (n: string) =>
      RELATION_KINDS.some((k) =>
        [fromObjs, toObjs].some((m) => m[`${k}:${t.schema}.${n}`] && `${k}:${t.schema}.${n}` !== t.id)
      );
    if (guess !== t.name || taken(guess)) out.push(st(renameClonedIndexSql(table, toObjs[t.autoDropsWith!], t.name)));
    for (const s of t.create.slice(1)) out.push(st(s));
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
  } else if (t.kind === "index" && t.onPartitioned && attachedIndexes(ctx, t)) {
    // Exactly the indexes the desired state attaches (which exist by now), not the first match
    // the server would find on each partition.
    const [create, ...rest] = t.create;
    out.push(st(create.replace(/^(CREATE (?:UNIQUE )?INDEX (?:"(?:[^"]|"")*"|\S+) ON )/, "$1ONLY ")));
    for (const c of attachedIndexes(ctx, t)!) {
      out.push(st(`ALTER INDEX ${qn(t)} ATTACH PARTITION ${qn(c)}`));
    }
    for (const s of rest) out.push(st(s));
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
