/**
 * Default privileges (`ALTER DEFAULT PRIVILEGES`), per role, schema and object type.
 * @module
 */
import { acl, type BuildContext } from "./_context.ts";

/** A row of `queries/default_privileges.sql`. */
export interface DefaultPrivilegesRow {
  /** Quoted role name. */
  role: string;
  /** Schema name, or "" for the whole database. */
  schema: string;
  /** `r`, `S`, `f`, `T` or `n`. */
  objtype: string;
  /** The privileges set, as JSON. */
  acl: unknown;
  /** The built-in default privileges of that object type, as JSON. */
  builtin: unknown;
}

/** Adds the default privileges of wanted schemas (and the database-wide ones). */
export function buildDefaultPrivileges(ctx: BuildContext, rows: DefaultPrivilegesRow[]): void {
  for (const r of rows) {
    if (r.schema && !ctx.wanted(r.schema)) continue;
    const id = `default_privileges:${r.role}.${r.schema}.${r.objtype}`;
    const entries = acl(r.acl).filter((e) => e.grantee !== r.role);
    ctx.objects[id] = {
      id,
      kind: "default_privileges",
      schema: r.schema || null,
      name: `${r.role}.${r.objtype}`,
      target: "",
      definition: JSON.stringify({ role: r.role, schema: r.schema, objtype: r.objtype }),
      create: [],
      drop: [],
      deps: r.schema ? [`schema:${r.schema}`] : [],
      comment: null,
      acl: entries,
      roles: [r.role],
    };
  }
}
