/**
 * Small helpers on identities (`column:public.t.c`, `table:public.t`).
 * @module
 */

/** The table name of a `table:` identity, without its schema: `table:public.t` → `t`. */
export function tableName(parentId: string): string {
  const rest = parentId.slice(parentId.indexOf(":") + 1);
  return rest.slice(rest.indexOf(".") + 1);
}
