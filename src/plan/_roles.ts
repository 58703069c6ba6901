/**
 * Roles a script names: they belong to the server, not to a schema, so the script checks first
 * that they exist where it runs.
 * @module
 */
import type { DiffResult } from "../diff/mod.ts";
import type { CatalogObject } from "../model/mod.ts";
import { quoteLiteral } from "../sql/mod.ts";
import { childrenOf } from "./_children.ts";
import type { Stmt } from "./_node.ts";

/**
 * Roles the new state names (GRANT targets, policy roles, default privileges) for the changed
 * objects, unquoted and sorted. Roles belong to the server, not to a schema: the target server
 * may lack some of them.
 */
export function rolesNamed(diff: DiffResult, toObjs: Record<string, CatalogObject>, currentUser?: string): string[] {
  const out = new Set<string>();
  const addAll = (o: CatalogObject | undefined) => {
    if (!o) return;
    if (currentUser && o.owner && o.owner !== currentUser) out.add(o.owner);
    for (const e of o.acl ?? []) out.add(e.grantee);
    for (const l of Object.values(o.columnAcl ?? {})) for (const e of l) out.add(e.grantee);
    for (const r of o.roles ?? []) out.add(r);
  };
  for (const c of diff.changes) {
    if (c.action === "drop") continue;
    const t = toObjs[c.id];
    addAll(t);
    if (t?.kind === "table" && c.action !== "alter") { for (const col of childrenOf(toObjs, t.id)) addAll(col); }
  }
  out.delete("PUBLIC");
  return [...out].map((r) => r.startsWith('"') ? r.slice(1, -1).replaceAll('""', '"') : r).sort();
}

/** A first statement that stops the script, before any change, when a role it names does not exist. */
export function roleCheck(roles: string[]): Stmt {
  const list = roles.map((r) => quoteLiteral(r)).join(", ");
  const sql = [
    "DO $confiture$",
    "DECLARE missing text;",
    "BEGIN",
    "  SELECT pg_catalog.string_agg(r, ', ' ORDER BY r) INTO missing",
    `  FROM pg_catalog.unnest(ARRAY[${list}]::text[]) AS r`,
    "  WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = r);",
    "  IF missing IS NOT NULL THEN",
    "    RAISE EXCEPTION 'roles named by this migration do not exist: %', missing",
    "      USING HINT = 'roles belong to the server, not to a schema: create them first';",
    "  END IF;",
    "END",
    "$confiture$",
  ].join("\n");
  return { sql, hazards: [], transactional: true };
}
