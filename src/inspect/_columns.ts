/**
 * Column rows (of tables, views, materialized views, composite types and foreign tables) and
 * their {@link ColumnInfo}.
 * @module
 */
import type { ColumnInfo } from "../model/mod.ts";
import { pgArray } from "./_context.ts";

/** A row of `queries/columns.sql`. */
export interface ColumnRow {
  relid: string;
  attnum: number;
  name: string;
  /** `format_type`, qualified outside pg_catalog. */
  type: string;
  attnotnull: boolean;
  /** Default, or generation expression of a generated column. */
  default_expr: string | null;
  default_oid: string | null;
  /** `a`, `d` or "". */
  attidentity: string;
  /** `s`, `v` or "". */
  attgenerated: string;
  attislocal: boolean;
  attinhcount: number;
  /** `text[]`. */
  attoptions: unknown;
  /** Qualified collation when it differs from the type's. */
  collation: string | null;
  /** Storage when it differs from the type's. */
  storage: string | null;
  statistics: number | null;
  compression: string | null;
  /** Declared maximum length of a character or bit type, through domains. */
  max_length: number | null;
  comment: string | null;
  /** Column privileges other than the owner's, as JSON. */
  acl: unknown;
}

/** The properties of a column row, with its identity options as given. */
export function columnOf(c: ColumnRow, identityOptions: string): ColumnInfo {
  return {
    type: c.type,
    notNull: c.attnotnull,
    identity: c.attidentity ?? "",
    identityOptions,
    generated: c.attgenerated ?? "",
    generationExpr: c.attgenerated ? c.default_expr : null,
    collation: c.collation,
    storage: c.storage,
    statistics: c.statistics == null ? null : Number(c.statistics),
    compression: c.compression,
    options: attributeOptions(c.attoptions),
    position: c.attnum,
  };
}

/** Attribute options set by users; keys starting with `pg_` are the server's own bookkeeping. */
function attributeOptions(v: unknown): string[] {
  return pgArray(v).filter((o) => !o.startsWith("pg_"));
}
