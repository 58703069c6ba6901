/**
 * Small helpers on identities (`column:public.t.c`, `table:public.t`).
 * @module
 */
import type { CatalogObject } from "../model/mod.ts";

/** The table name of a `table:` identity, without its schema: `table:public.t` → `t`. */
export function tableName(parentId: string): string {
  const rest = parentId.slice(parentId.indexOf(":") + 1);
  return rest.slice(rest.indexOf(".") + 1);
}

/**
 * The names of a qualified name as PostgreSQL prints it (`quote_ident` parts joined by dots):
 * `public."Order"` → `["public", "Order"]`.
 */
export function splitQualified(name: string): string[] {
  const out: string[] = [];
  for (const m of name.matchAll(/"((?:[^"]|"")*)"|([^."]+)/g)) {
    out.push(m[1] !== undefined ? m[1].replaceAll('""', '"') : m[2]);
  }
  return out;
}

/** The `table:` identity of a partition's parent (`partitionOf`), or null for a table that is not a partition. */
export function partitionParent(t: CatalogObject | undefined): string | null {
  const of = t?.table?.partitionOf;
  if (!of) return null;
  const [schema, name] = splitQualified(of);
  return name === undefined ? `table:${t!.schema}.${schema}` : `table:${schema}.${name}`;
}
