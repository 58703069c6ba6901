/**
 * The SQL a mapped table is moved and compared with (pure):
 * - `copy`: `COPY (SELECT <expressions> FROM ONLY source [WHERE …]) TO STDOUT` on the source, into
 *   `COPY target (<columns>) FROM STDIN`. Values travel as the source prints them and the target
 *   reads them with its column types (the input function: a value too long for a `varchar(n)`
 *   fails instead of being cut);
 * - `fdw`: `INSERT INTO target (<columns>) SELECT <expressions> FROM <foreign table>` on the target.
 *   A value that is not already of the target's type goes through its text form into the column,
 *   exactly as COPY would take it;
 * - verification: the same expressions on the source, converted to the target's column types
 *   where the target's type is one of PostgreSQL's own, hashed row by row like the target's
 *   columns (see `contentHashSql`).
 * @module
 */
import { tableName } from "../copy/mod.ts";
import { ConfitureError } from "../errors/mod.ts";
import { quoteIdent, quoteLiteral } from "../sql/mod.ts";
import { isBuiltinType, type MappedColumn, type TableMapping } from "./mapping.ts";
import { sourceFrom } from "./probe.ts";

/** The private schema on the target: foreign tables and the state table. */
export const PRIVATE_SCHEMA = "confiture_s2s";
/** The foreign server on the target that reaches the source. */
export const FOREIGN_SERVER = "confiture_s2s_source";

/** The target table as written into: `ONLY` is not needed (a COPY or INSERT never reaches children). */
export function targetQualified(m: TableMapping): string {
  return tableName(m.target);
}

/** A type whose length a typmod limits (`varchar(n)`, `char(n)`, `bit(n)`): cast explicitly, it is cut. */
function lengthLimited(type: string): boolean {
  return /^(character varying|character|bit varying|bit)\(\d+\)$/.test(type);
}

/** The `FROM` of a mapped table's source rows: the source table, or the query as `q`. */
export function sourceRows(m: TableMapping): string {
  if (m.source.kind === "query") return `(${m.source.sql}) AS q`;
  if (m.source.kind !== "table") throw new ConfitureError("INTERNAL_ERROR", `${m.table} has no source`);
  return sourceFrom(m.source.table);
}

/**
 * `COPY (SELECT …) TO STDOUT` of a mapped table, optionally restricted further (`ctid` ranges) or
 * limited (a sample).
 */
export function readSql(m: TableMapping, range?: string, limit?: number): string {
  const list = m.columns.map((c) => c.sql).join(", ");
  const conds = [m.where !== undefined ? `(${m.where})` : "", range ?? ""].filter(Boolean);
  const where = conds.length ? ` WHERE ${conds.join(" AND ")}` : "";
  return `COPY (SELECT ${list} FROM ${sourceRows(m)}${where}${limit !== undefined ? ` LIMIT ${limit}` : ""}) TO STDOUT`;
}

/** `COPY target (…) FROM STDIN`. */
export function writeSql(m: TableMapping): string {
  return `COPY ${targetQualified(m)} (${m.columns.map((c) => quoteIdent(c.target)).join(", ")}) FROM STDIN`;
}

/** The name of a source table's foreign table in the private schema (at most 63 bytes). */
export function foreignTableName(t: { schema: string; name: string }): string {
  const full = `${t.schema}.${t.name}`;
  if (new TextEncoder().encode(full).length <= 63) return full;
  let h = 0x811c9dc5;
  for (const ch of full) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  let head = "";
  for (const ch of full) {
    if (new TextEncoder().encode(head + ch).length > 54) break;
    head += ch;
  }
  return `${head}_${h.toString(16).padStart(8, "0")}`;
}

/** The type a foreign table column gets: the source's when the target has it too (built in), else text. */
export function foreignColumnType(sourceType: string): string {
  return isBuiltinType(sourceType) ? sourceType : "text";
}

/** `CREATE FOREIGN TABLE` of a source table, every column with {@link foreignColumnType}. */
export function createForeignTableSql(t: {
  schema: string;
  name: string;
  columns: { name: string; type: string }[];
}): string {
  const cols = t.columns.map((c) => `${quoteIdent(c.name)} ${foreignColumnType(c.type)}`).join(", ");
  return `CREATE FOREIGN TABLE ${quoteIdent(PRIVATE_SCHEMA)}.${quoteIdent(foreignTableName(t))} (${cols}) ` +
    `SERVER ${quoteIdent(FOREIGN_SERVER)} OPTIONS (schema_name ${quoteLiteral(t.schema)}, table_name ${
      quoteLiteral(t.name)
    })`;
}

/** An expression of the fdw `SELECT`, converted so that the target column takes it as COPY would. */
function fdwValue(c: MappedColumn): string {
  if (c.plain && c.sourceType !== undefined && foreignColumnType(c.sourceType) === c.targetType) return c.sql;
  if (lengthLimited(c.targetType)) return `(${c.sql})::text`;
  return `((${c.sql})::text)::${c.targetType}`;
}

/** `INSERT … SELECT` of a mapped table from its foreign table (strategy fdw). */
export function insertSql(m: TableMapping): string {
  if (m.source.kind !== "table") {
    throw new ConfitureError("INTERNAL_ERROR", `${m.table}: only tables are read through postgres_fdw`);
  }
  const ft = `${quoteIdent(PRIVATE_SCHEMA)}.${quoteIdent(foreignTableName(m.source.table))}`;
  const cols = m.columns.map((c) => quoteIdent(c.target)).join(", ");
  const identityAlways = m.target.columns.some((c) => c.identity === "a" && m.columns.some((x) => x.target === c.name));
  return `INSERT INTO ${targetQualified(m)} (${cols})${identityAlways ? " OVERRIDING SYSTEM VALUE" : ""} SELECT ${
    m.columns.map(fdwValue).join(", ")
  } FROM ${ft}${m.where !== undefined ? ` WHERE (${m.where})` : ""}`;
}

/** The source-side expressions of the content hash, in the order of {@link targetHashExpressions}. */
export function sourceHashExpressions(m: TableMapping): string[] {
  return m.columns.map((c) => {
    if (c.plain) return c.sql;
    return isBuiltinType(c.targetType) ? `((${c.sql})::text)::${c.targetType}` : `(${c.sql})::text`;
  });
}

/** The target-side expressions of the content hash: the filled columns. */
export function targetHashExpressions(m: TableMapping): string[] {
  return m.columns.map((c) => quoteIdent(c.target));
}
