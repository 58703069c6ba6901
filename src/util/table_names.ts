/**
 * Table names and selection: schema-qualified glob patterns (`public.*`, `audit.events`, `app."Order *"`)
 * matched against the source's tables. `*` matches any run of characters within one part, `?`
 * one character; a part in double quotes is matched as written (case and all), an unquoted part
 * in lower case, as PostgreSQL folds names.
 * @module
 */
import { ConfitureError, type SourceLocation } from "../errors/mod.ts";
import { closest } from "./suggest.ts";

/** A compiled pattern. */
export interface TableGlob {
  /** As written. */
  text: string;
  schema: RegExp;
  table: RegExp;
  location?: SourceLocation;
}

/** Splits `schema.table` at the dot outside double quotes; undoes quoting of each part. */
export function splitQualifiedName(text: string): { parts: string[]; quoted: boolean[] } {
  const parts: string[] = [];
  const quoted: boolean[] = [];
  let cur = "";
  let inQuote = false;
  let wasQuoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuote) {
      if (c === '"' && text[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') inQuote = false;
      else cur += c;
    } else if (c === '"') {
      inQuote = true;
      wasQuoted = true;
    } else if (c === ".") {
      parts.push(cur);
      quoted.push(wasQuoted);
      cur = "";
      wasQuoted = false;
    } else cur += c;
  }
  if (inQuote) {
    throw new ConfitureError("USAGE_INVALID_ARGUMENT", `unterminated quoted name in "${text}"`);
  }
  parts.push(cur);
  quoted.push(wasQuoted);
  return { parts, quoted };
}

function globPart(part: string, quoted: boolean): RegExp {
  const text = quoted ? part : part.trim().toLowerCase();
  const re = [...text].map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${re}$`, "su");
}

/**
 * Compiles a pattern. It must name a schema and a table (`public.*`, not `*`).
 *
 * @example
 * ```ts
 * const g = compileTableGlob("public.*_log");
 * matchesTable(g, "public", "audit_log"); // true
 * ```
 */
export function compileTableGlob(text: string, location?: SourceLocation): TableGlob {
  const { parts, quoted } = splitQualifiedName(text.trim());
  if (parts.length !== 2 || parts.some((p) => p.length === 0)) {
    throw new ConfitureError("USAGE_INVALID_ARGUMENT", `table pattern "${text}" must be schema.table`, {
      location,
      hint: 'e.g. public.*, audit.events, app."Order Items"',
    });
  }
  return { text, schema: globPart(parts[0], quoted[0]), table: globPart(parts[1], quoted[1]), location };
}

/** True when the pattern matches the table. */
export function matchesTable(g: TableGlob, schema: string, table: string): boolean {
  return g.schema.test(schema) && g.table.test(table);
}

/**
 * Resolves a table name as written in the sync file (`public.orders`, `app."Order Items"`) to
 * `{schema, name}`, without globs.
 */
export function parseTableName(text: string, location?: SourceLocation): { schema: string; name: string } {
  const { parts, quoted } = splitQualifiedName(text.trim());
  if (parts.length !== 2 || parts.some((p) => p.length === 0) || /[*?]/.test(text.replace(/"[^"]*"/g, ""))) {
    throw new ConfitureError("CONFIG_INVALID_VALUE", `"${text}" must name one table as schema.table`, {
      location,
      hint: 'e.g. public.orders or app."Order Items"',
    });
  }
  const fold = (p: string, q: boolean) => (q ? p : p.trim().toLowerCase());
  return { schema: fold(parts[0], quoted[0]), name: fold(parts[1], quoted[1]) };
}

/** A table the selection can pick: its schema and name. */
export interface Selectable {
  schema: string;
  name: string;
}

/**
 * The tables matched by any of `include` (every table when `include` is empty) and by none of
 * `exclude`, in their given order. A pattern of `include` that matches nothing is an error
 * (a typo would otherwise copy less than meant silently).
 */
export function selectTables<T extends Selectable>(tables: T[], include: TableGlob[], exclude: TableGlob[]): T[] {
  for (const g of include) {
    if (!tables.some((t) => matchesTable(g, t.schema, t.name))) {
      const near = nearestPattern(g, tables);
      throw new ConfitureError("CONFIG_INVALID_VALUE", `the table pattern "${g.text}" matches no table of the source`, {
        location: g.location,
        hint: (near ? `did you mean ${near}? ` : "") + "patterns are schema.table; unquoted names match in lower case",
      });
    }
  }
  return tables.filter((t) =>
    (include.length === 0 || include.some((g) => matchesTable(g, t.schema, t.name))) &&
    !exclude.some((g) => matchesTable(g, t.schema, t.name))
  );
}

/**
 * The pattern the user probably meant: the closest schema when no schema matches (`pubic.*` ->
 * `public.*`), else, for a pattern without globs, the closest table of the matching schemas.
 */
function nearestPattern(g: TableGlob, tables: Selectable[]): string | undefined {
  const { parts } = splitQualifiedName(g.text.trim());
  const inSchema = tables.filter((t) => g.schema.test(t.schema));
  if (inSchema.length === 0) {
    const schema = closest(parts[0].trim(), new Set(tables.map((t) => t.schema)));
    return schema === undefined ? undefined : `${schema}.${parts[1].trim()}`;
  }
  if (/[*?]/.test(g.text)) return undefined;
  return closest(g.text.trim(), inSchema.map((t) => `${t.schema}.${t.name}`));
}
