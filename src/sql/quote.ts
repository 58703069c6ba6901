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
