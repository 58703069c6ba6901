/**
 * Row-level security policies.
 * @module
 */
import { quoteIdent as q, quoteQualified as qq } from "../sql/mod.ts";
import { type BuildContext, CLS, jsonValue } from "./_context.ts";

/** A row of `queries/policies.sql`. */
export interface PolicyRow {
  oid: string;
  name: string;
  relid: string;
  /** `r`, `a`, `w`, `d` or `*`. */
  cmd: string;
  polpermissive: boolean;
  /** Quoted role names as JSON; null for PUBLIC. */
  roles: unknown;
  qual: string | null;
  with_check: string | null;
  comment: string | null;
}

const COMMANDS: Record<string, string> = { r: "SELECT", a: "INSERT", w: "UPDATE", d: "DELETE", "*": "ALL" };

/** Adds the policies of the tables built before. */
export function buildPolicies(ctx: BuildContext, rows: PolicyRow[]): void {
  for (const r of rows) {
    const rel = ctx.rels.get(r.relid);
    if (!rel || !rel.kind) continue;
    const tname = qq(rel.r.schema, rel.r.name);
    const roles = (jsonValue(r.roles) as string[] | null) ?? ["PUBLIC"];
    let sql = `CREATE POLICY ${q(r.name)} ON ${tname} AS ${r.polpermissive ? "PERMISSIVE" : "RESTRICTIVE"} FOR ${
      COMMANDS[r.cmd]
    } TO ${roles.join(", ")}`;
    if (r.qual != null) sql += ` USING (${r.qual})`;
    if (r.with_check != null) sql += ` WITH CHECK (${r.with_check})`;
    const o = ctx.add({
      id: `policy:${rel.r.schema}.${rel.r.name}.${r.name}`,
      kind: "policy",
      schema: rel.r.schema,
      name: r.name,
      parent: rel.id,
      target: `POLICY ${q(r.name)} ON ${tname}`,
      definition: sql,
      create: [sql],
      drop: [`DROP POLICY IF EXISTS ${q(r.name)} ON ${tname}`],
      roles,
      comment: r.comment,
    }, `${CLS.policy}:${r.oid}`);
    o.deps.push(rel.id);
  }
}
