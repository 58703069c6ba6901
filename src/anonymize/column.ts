/**
 * What a strategy knows about the column it fills: the type as `format_type()` prints it, the
 * declared length, numeric precision and scale, nullability, and whether a primary key or unique
 * constraint covers it.
 * @module
 */

/** Column metadata given to a rule (from the catalogs). */
export interface ColumnInfo {
  /** Column name (for messages). */
  name?: string;
  /** The type as `format_type(atttypid, atttypmod)` prints it: `character varying(255)`, `numeric(10,2)`, `jsonb`. */
  type: string;
  /**
   * For a domain (or another type over a built-in one), the underlying type as `format_type`
   * prints it: strategies then treat the column as that type (a domain over `citext` is text).
   */
  baseType?: string;
  /** Declared length of `varchar(n)` / `char(n)`; read from `type` when absent. */
  maxLength?: number | null;
  /** Declared precision of `numeric(p,s)`; read from `type` when absent. */
  precision?: number | null;
  /** Declared scale of `numeric(p,s)`; read from `type` when absent. */
  scale?: number | null;
  /** Whether NULL is allowed (default true). */
  nullable?: boolean;
  /** Whether a primary key or unique constraint (or unique index) covers the column. */
  unique?: boolean;
}

/** The families of types the strategies tell apart. */
export type TypeFamily =
  | "text"
  | "integer"
  | "numeric"
  | "float"
  | "date"
  | "timestamp"
  | "timestamptz"
  | "uuid"
  | "inet"
  | "cidr"
  | "json"
  | "boolean"
  | "other";

/** {@link ColumnInfo} with the type read: family, limits and flags filled in. */
export interface ColumnShape {
  name: string;
  type: string;
  family: TypeFamily;
  /** An array of the family's type (`text[]`). */
  array: boolean;
  maxLength: number | null;
  precision: number | null;
  scale: number | null;
  /** For integer types: the largest value (as a number; bigint's is rounded). */
  integerMax: number | null;
  nullable: boolean;
  unique: boolean;
}

const INTEGER_MAX: Record<string, number> = {
  smallint: 32767,
  integer: 2147483647,
  bigint: 9223372036854775807,
  int2: 32767,
  int4: 2147483647,
  int8: 9223372036854775807,
  int: 2147483647,
};

/**
 * Reads a column's type name.
 *
 * @example
 * ```ts
 * columnShape({ type: "character varying(20)" }).maxLength; // 20
 * columnShape({ type: "numeric(10,2)" }).scale; // 2
 * ```
 */
export function columnShape(column: ColumnInfo): ColumnShape {
  let type = (column.baseType ?? column.type).trim().toLowerCase();
  const array = type.endsWith("[]");
  if (array) type = type.replace(/(\[\])+$/, "");
  const base = type.replace(/^(pg_catalog|public)\./, "").replace(/"/g, "");
  const args = /\(([^)]*)\)/.exec(base)?.[1]?.split(",").map((s) => Number(s.trim())) ?? [];
  const name = base.replace(/\s*\([^)]*\)/, "").trim();
  let family: TypeFamily = "other";
  let maxLength: number | null = null;
  let precision: number | null = null;
  let scale: number | null = null;
  if (/^(text|character varying|varchar|character|char|bpchar|citext|name)$/.test(name)) {
    family = "text";
    if (args.length > 0 && Number.isFinite(args[0])) maxLength = args[0];
    else if (name === "character" || name === "char") maxLength = 1;
    else if (name === "name") maxLength = 63;
  } else if (name in INTEGER_MAX) family = "integer";
  else if (name === "numeric" || name === "decimal") {
    family = "numeric";
    if (args.length > 0 && Number.isFinite(args[0])) {
      precision = args[0];
      scale = args.length > 1 && Number.isFinite(args[1]) ? args[1] : 0;
    }
  } else if (/^(real|double precision|float4|float8|float)$/.test(name)) family = "float";
  else if (name === "date") family = "date";
  else if (/^timestamp( without time zone)?$/.test(name)) family = "timestamp";
  else if (/^(timestamp with time zone|timestamptz)$/.test(name)) family = "timestamptz";
  else if (name === "uuid") family = "uuid";
  else if (name === "inet") family = "inet";
  else if (name === "cidr") family = "cidr";
  else if (name === "json" || name === "jsonb") family = "json";
  else if (name === "boolean" || name === "bool") family = "boolean";
  return {
    name: column.name ?? "",
    type: column.type,
    family,
    array,
    maxLength: column.maxLength ?? maxLength,
    precision: column.precision ?? precision,
    scale: column.scale ?? scale,
    integerMax: family === "integer" ? INTEGER_MAX[name] : null,
    nullable: column.nullable ?? true,
    unique: column.unique ?? false,
  };
}
