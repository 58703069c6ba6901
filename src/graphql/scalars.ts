/**
 * The scalars the generator knows without a declaration, and the PostgreSQL type and CHECK
 * each maps to.
 * @module
 */

/** How a scalar maps to a column. */
export interface ScalarMapping {
  /** The PostgreSQL type. */
  type: string;
  /**
   * A CHECK the scalar implies, with `{col}` standing for the column; applied to single
   * values (not to lists).
   */
  check?: string;
  /** Which GraphQL literals `@default(value:)` accepts for it. */
  literals: readonly ("string" | "int" | "float" | "boolean")[];
}

/**
 * The built-in and common scalars. `ID` is `text` except on the key (`@id`), where it is a
 * `uuid` (or a `bigint` identity with `--id-type bigint`).
 */
export const BUILTIN_SCALARS: Readonly<Record<string, ScalarMapping>> = {
  ID: { type: "text", literals: ["string"] },
  String: { type: "text", literals: ["string"] },
  Int: { type: "integer", literals: ["int"] },
  Float: { type: "double precision", literals: ["int", "float"] },
  Boolean: { type: "boolean", literals: ["boolean"] },
  DateTime: { type: "timestamptz", literals: ["string"] },
  Date: { type: "date", literals: ["string"] },
  Time: { type: "time", literals: ["string"] },
  JSON: { type: "jsonb", literals: ["string", "int", "float", "boolean"] },
  UUID: { type: "uuid", literals: ["string"] },
  Decimal: { type: "numeric", literals: ["string", "int", "float"] },
  BigInt: { type: "bigint", literals: ["string", "int"] },
  Email: {
    type: "text",
    check: "{col} ~ '^[^@[:space:]]+@[^@[:space:]]+$'",
    literals: ["string"],
  },
  URL: {
    type: "text",
    check: "{col} ~ '^[A-Za-z][A-Za-z0-9+.-]*:[^[:space:]]+$'",
    literals: ["string"],
  },
};

/** The scalars of GraphQL itself (never declared in SDL). */
export const SPEC_SCALARS: ReadonlySet<string> = new Set(["ID", "String", "Int", "Float", "Boolean"]);
