/**
 * Indexes the server makes by itself: a partition created under a table that has partitioned
 * indexes gets a copy of each (attached to it) under a name the server chooses. The plan does not
 * build them again; when the desired name is not the one the server chooses, the copy is renamed.
 * @module
 */
import type { CatalogObject } from "../model/mod.ts";
import { quoteLiteral, quoteQualified } from "../sql/mod.ts";

/** PostgreSQL's NAMEDATALEN - 1: the longest identifier, in bytes. */
const MAX_NAME = 63;

const utf8 = new TextEncoder();
const bytes = (s: string) => utf8.encode(s).length;

/** The longest prefix of `s` that fits in `max` bytes without cutting a character. */
function clip(s: string, max: number): string {
  let out = "";
  for (const ch of s) {
    if (bytes(out + ch) > max) break;
    out += ch;
  }
  return out;
}

/** PostgreSQL's makeObjectName: `name1_name2_label`, the two names shortened to fit. */
function objectName(name1: string, name2: string, label: string): string {
  const avail = MAX_NAME - (bytes(label) + 1) - (name2 ? 1 : 0);
  let n1 = bytes(name1);
  let n2 = bytes(name2);
  while (n1 + n2 > avail) {
    if (n1 > n2) n1--;
    else n2--;
  }
  const a = clip(name1, n1);
  const b = clip(name2, n2);
  return b ? `${a}_${b}_${label}` : `${a}_${label}`;
}

/** Splits `s` on commas outside parentheses, quotes and double quotes. */
function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === "'" || ch === '"') {
      const end = s.indexOf(ch, i + 1);
      i = end < 0 ? s.length : end;
    } else if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (ch === "," && depth === 0) {
      out.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(s.slice(start).trim());
  return out.filter(Boolean);
}

/** The text inside the parentheses that open at `open` (an index of `s`). */
function parenthesized(s: string, open: number): string {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const ch = s[i];
    if (ch === "'" || ch === '"') {
      const end = s.indexOf(ch, i + 1);
      i = end < 0 ? s.length : end;
    } else if (ch === "(") depth++;
    else if (ch === ")" && --depth === 0) return s.slice(open + 1, i);
  }
  return s.slice(open + 1);
}

const IDENT = String.raw`(?:"((?:[^"]|"")+)"|([a-z_][a-z0-9_$]*))`;
const COLUMN = new RegExp(String.raw`^${IDENT}(?:\s|$)`);
const QUALIFIER = String.raw`(?:"(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)\.`;
const CALL = new RegExp(String.raw`^(?:${QUALIFIER})*${IDENT}\(`);

/**
 * The name an element of an index gives to the index name: the column, the function a call
 * calls, or `expr` for any other expression.
 */
function elementName(e: string): string {
  const m = COLUMN.exec(e) ?? CALL.exec(e);
  if (!m) return "expr";
  return m[1] !== undefined ? m[1].replaceAll('""', '"') : m[2];
}

/**
 * The name PostgreSQL gives the copy of an index it makes on a new partition (ChooseIndexName:
 * the table, the columns or `expr`, then `idx`), when no other relation holds it; from the
 * index's definition as `pg_get_indexdef` prints it. Undefined when the definition cannot be read.
 *
 * @example
 * ```ts
 * clonedIndexName("events_b", "CREATE INDEX x ON public.events_b USING btree (at, lower(kind))");
 * // "events_b_at_expr_idx"
 * ```
 */
export function clonedIndexName(table: string, definition: string): string | undefined {
  const using = / USING [a-z_][a-z0-9_]* \(/.exec(definition);
  if (!using) return undefined;
  const open = using.index + using[0].length - 1;
  const keys = parenthesized(definition, open);
  const rest = definition.slice(open + keys.length + 2);
  const include = /^ INCLUDE \(/.exec(rest);
  const elements = [
    ...splitTopLevel(keys),
    ...(include ? splitTopLevel(parenthesized(rest, include[0].length - 1)) : []),
  ];
  const names: string[] = [];
  for (const e of elements) {
    const base = elementName(e);
    let name = base;
    for (let n = 1; names.includes(name); n++) name = `${base}${n}`;
    names.push(name);
  }
  let addition = "";
  for (const n of names) {
    if (addition) addition += "_";
    addition += n;
    if (bytes(addition) >= MAX_NAME + 1) break;
  }
  return objectName(table, addition, "idx");
}

/**
 * A statement renaming the copy of `parentIndex` that the server made on `table` to `name`
 * (found in the catalog: the index of the table attached to the parent index).
 */
export function renameClonedIndexSql(table: CatalogObject, parentIndex: CatalogObject, name: string): string {
  const t = quoteLiteral(quoteQualified(table.schema!, table.name));
  const p = quoteLiteral(quoteQualified(parentIndex.schema!, parentIndex.name));
  return [
    "DO $confiture$",
    "DECLARE i pg_catalog.regclass;",
    "DECLARE n name;",
    "BEGIN",
    "  SELECT c.oid, c.relname INTO STRICT i, n FROM pg_catalog.pg_index x",
    "  JOIN pg_catalog.pg_inherits h ON h.inhrelid = x.indexrelid",
    "  JOIN pg_catalog.pg_class c ON c.oid = x.indexrelid",
    `  WHERE x.indrelid = ${t}::pg_catalog.regclass AND h.inhparent = ${p}::pg_catalog.regclass;`,
    `  IF n <> ${quoteLiteral(name)} THEN`,
    `    EXECUTE pg_catalog.format('ALTER INDEX %s RENAME TO %I', i, ${quoteLiteral(name)});`,
    "  END IF;",
    "END",
    "$confiture$",
  ].join("\n");
}
