/**
 * Privileges: the GRANT and REVOKE statements turning one privilege list into another, and the
 * privileges a new object starts with.
 * @module
 */
import type { AclEntry, CatalogObject } from "../model/mod.ts";
import { quoteIdent } from "../sql/mod.ts";
import type { AlterOp } from "./types.ts";

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
    prefix = `ALTER DEFAULT PRIVILEGES FOR ROLE ${d.role}${d.schema ? ` IN SCHEMA ${quoteIdent(d.schema)}` : ""} `;
    target = DEFACL_OBJECTS[d.objtype] ?? "TABLES";
  } else if (o.kind === "column") {
    cols = ` (${quoteIdent(o.name)})`;
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
