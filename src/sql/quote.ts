/**
 * Quoting of SQL identifiers and literals. Every identifier Confiture puts into
 * SQL text goes through {@link quoteIdent} or {@link quoteQualified}.
 * @module
 */

/**
 * Quotes an identifier: always double-quoted, inner double quotes doubled.
 *
 * @example
 * ```ts
 * quoteIdent("order"); // "\"order\""
 * quoteIdent('a"b'); // "\"a\"\"b\""
 * ```
 */
export function quoteIdent(name: string): string {
  if (name.includes("\0")) throw new TypeError("an identifier cannot contain a NUL character");
  return '"' + name.replaceAll('"', '""') + '"';
}

/**
 * Quotes a string literal. Single quotes are doubled; a value holding a backslash
 * becomes an `E'…'` literal with backslashes doubled, so the result means the same
 * whatever `standard_conforming_strings` is.
 *
 * @example
 * ```ts
 * quoteLiteral("it's"); // "'it''s'"
 * ```
 */
export function quoteLiteral(value: string): string {
  if (value.includes("\0")) throw new TypeError("a literal cannot contain a NUL character");
  const body = value.replaceAll("'", "''");
  if (body.includes("\\")) return "E'" + body.replaceAll("\\", "\\\\") + "'";
  return "'" + body + "'";
}

/**
 * Quotes a possibly schema-qualified name. Given one argument, a dotted name
 * `schema.table` is split on its first dot (names written without quotes);
 * given two, they are the schema and the object name.
 *
 * @example
 * ```ts
 * quoteQualified("ops.tb_confiture"); // "\"ops\".\"tb_confiture\""
 * quoteQualified("public", "users"); // "\"public\".\"users\""
 * ```
 */
export function quoteQualified(nameOrSchema: string, name?: string): string {
  if (name !== undefined) return quoteIdent(nameOrSchema) + "." + quoteIdent(name);
  const dot = nameOrSchema.indexOf(".");
  if (dot < 0) return quoteIdent(nameOrSchema);
  return quoteIdent(nameOrSchema.slice(0, dot)) + "." + quoteIdent(nameOrSchema.slice(dot + 1));
}

/**
 * Keywords that PostgreSQL's `quote_ident` quotes: the reserved, type-or-function-name and
 * column-name keywords of PostgreSQL 15 to 18. A name among them needs double quotes in DDL.
 */
export const QUOTED_KEYWORDS: ReadonlySet<string> = new Set(
  ("all analyse analyze and any array as asc asymmetric authorization between bigint binary bit boolean both " +
    "case cast char character check coalesce collate collation column concurrently constraint create cross " +
    "current_catalog current_date current_role current_schema current_time current_timestamp current_user " +
    "dec decimal default deferrable desc distinct do else end except exists extract false fetch float for " +
    "foreign freeze from full grant greatest group grouping having ilike in initially inner inout int integer " +
    "intersect interval into is isnull join json json_array json_arrayagg json_exists json_object " +
    "json_objectagg json_query json_scalar json_serialize json_table json_value lateral leading least left " +
    "like limit localtime localtimestamp merge_action national natural nchar none normalize not notnull null " +
    "nullif numeric offset on only or order out outer overlaps overlay placing position precision primary " +
    "real references returning right row select session_user setof similar smallint some substring symmetric " +
    "system_user table tablesample then time timestamp to trailing treat trim true union unique user using " +
    "values varchar variadic verbose when where window with xmlattributes xmlconcat xmlelement xmlexists " +
    "xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable").split(" "),
);

/**
 * An identifier as PostgreSQL prints it: bare when it is a plain lowercase name that is not a
 * keyword needing quotes, double-quoted otherwise.
 *
 * @example
 * ```ts
 * sqlIdent("users"); // "users"
 * sqlIdent("order"); // "\"order\""
 * ```
 */
export function sqlIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !QUOTED_KEYWORDS.has(name) ? name : quoteIdent(name);
}
