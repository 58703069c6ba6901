/**
 * Rename hints declared in DDL: a `-- confiture:renamed-from old_name` comment on the line of a
 * `CREATE TABLE` or of a column definition. The diff then renames the object instead of dropping
 * it and creating a new one.
 * @module
 */
import type { RenameHint } from "../diff/mod.ts";

const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;
const TABLE_LINE = new RegExp(
  String
    .raw`^\s*CREATE\s+(?:(?:UNLOGGED|TEMP|TEMPORARY)\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(${IDENT}(?:\s*\.\s*${IDENT})?)`,
  "i",
);
const COLUMN_LINE = new RegExp(String.raw`^\s*(${IDENT})\s`);
const HINT = /--\s*confiture:renamed-from\s+("(?:[^"]|"")+"|\S+)/;

const unquote = (s: string) => (s.startsWith('"') ? s.slice(1, -1).replaceAll('""', '"') : s.toLowerCase());

/**
 * The rename hints of DDL text, as diff identities (`table:public.users`,
 * `column:public.users.email`).
 *
 * @example
 * ```ts
 * renameHintsFromSql("CREATE TABLE people ( -- confiture:renamed-from users\n  id int\n);");
 * // [{ kind: "table", from: "table:public.users", to: "table:public.people" }]
 * ```
 */
export function renameHintsFromSql(sql: string): RenameHint[] {
  const hints: RenameHint[] = [];
  let table: string | undefined;
  for (const line of sql.split("\n")) {
    const t = TABLE_LINE.exec(line);
    if (t) {
      const parts = t[1].match(new RegExp(IDENT, "g"))!.map(unquote);
      table = parts.length === 2 ? parts.join(".") : `public.${parts[0]}`;
    }
    const h = HINT.exec(line);
    if (!h || !table) continue;
    const old = unquote(h[1]);
    if (t) {
      hints.push({ kind: "table", from: `table:${table.split(".")[0]}.${old}`, to: `table:${table}` });
    } else {
      const c = COLUMN_LINE.exec(line);
      if (c) hints.push({ kind: "column", from: `column:${table}.${old}`, to: `column:${table}.${unquote(c[1])}` });
    }
  }
  return hints;
}
