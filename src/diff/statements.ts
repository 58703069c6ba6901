/**
 * The SQL of settings that several changes share: comments, owners, replica identity, CLUSTER ON,
 * view column defaults, OWNED BY.
 * @module
 */
import type { CatalogObject } from "../model/mod.ts";
import { quoteIdent, quoteLiteral, quoteQualified } from "../sql/mod.ts";
import type { AlterOp } from "./types.ts";

/** COMMENT statement for an object, or a sub-object target. */
export function commentSql(target: string, text: string | null): string {
  return `COMMENT ON ${target} IS ${text == null ? "NULL" : quoteLiteral(text)}`;
}
/** `ALTER TABLE … REPLICA IDENTITY …` for a table. */
export function replicaIdentitySql(t: CatalogObject): string {
  const b = t.table!;
  const name = quoteQualified(t.schema!, t.name);
  const mode = b.replicaIdentity === "i" && b.replicaIndex
    ? `USING INDEX ${quoteIdent(b.replicaIndex.slice(b.replicaIndex.lastIndexOf(".") + 1))}`
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
  return `ALTER TABLE ${quoteQualified(t.schema!, t.name)} ${
    index ? `CLUSTER ON ${quoteIdent(index)}` : "SET WITHOUT CLUSTER"
  }`;
}

/** `ALTER VIEW … ALTER COLUMN … SET/DROP DEFAULT` turning the column defaults of view `f` into those of `t`. */
export function viewDefaultOps(f: CatalogObject | null, t: CatalogObject): AlterOp[] {
  const a = f?.viewDefaults ?? {};
  const b = t.viewDefaults ?? {};
  const sql: string[] = [];
  for (const col of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (a[col] === b[col]) continue;
    sql.push(
      `ALTER VIEW ${quoteQualified(t.schema!, t.name)} ALTER COLUMN ${quoteIdent(col)} ${
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
  const name = quoteQualified(t.schema!, t.name);
  const ref = t.sequence!.ownedBy ? t.sequence!.ownedByRef : null;
  return `ALTER SEQUENCE ${name} OWNED BY ${ref ?? "NONE"}`;
}
