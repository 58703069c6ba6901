/**
 * Content verification: per table, the row count and an order-independent hash of the rows,
 * each computed by the server over the same column expressions (a sum of 60-bit slices of each
 * row's md5; aggregates stream, so memory stays flat). Both sides must render values the same way:
 * the copy's session settings ({@link COPY_SESSION_SETTINGS}) fix DateStyle, time zone and float
 * digits.
 * @module
 */

/** A table's count and content hash. */
export interface ContentHash {
  rows: number;
  hash: string;
}

/**
 * The query returning `{ rows, hash }` over `expressions` (already quoted column names or
 * expressions) of `from` (a quoted table, `ONLY t`, or a parenthesized query with an alias),
 * optionally filtered.
 *
 * @example
 * ```ts
 * contentHashSql(['"id"', '"email"'], 'ONLY "public"."users"');
 * ```
 */
export function contentHashSql(expressions: string[], from: string, where?: string): string {
  const row = expressions.length === 0 ? "''" : `ROW(${expressions.join(", ")})::text`;
  return `SELECT count(*)::bigint AS rows,
       coalesce(sum(('x' || substr(md5(${row}), 1, 15))::bit(60)::bigint::numeric), 0)::text AS hash
  FROM ${from}${where ? ` WHERE (${where})` : ""}`;
}

/** Parses `rows:hash` as stored in a state table. */
export function parseStoredHash(s: string | null): ContentHash | undefined {
  if (!s) return undefined;
  const at = s.indexOf(":");
  if (at < 0) return undefined;
  return { rows: Number(s.slice(0, at)), hash: s.slice(at + 1) };
}

/** True when both sides hold the same rows. */
export function sameContent(a: ContentHash, b: ContentHash): boolean {
  return a.rows === b.rows && a.hash === b.hash;
}
