/**
 * Column type changes: the `USING` expression of `ALTER COLUMN … TYPE`, and the move through
 * `text` of a column whose type is dropped and created again.
 * @module
 */
import type { CatalogObject } from "../model/mod.ts";
import { quoteIdent, quoteQualified } from "../sql/mod.ts";
import { tableName } from "./_names.ts";
import type { AlterOp } from "./types.ts";

/**
 * A column whose type is dropped and created again (an enum, a domain…): moved to `text` with the
 * drops, then to its type with the creates.
 */
export function retypeOps(f: CatalogObject, t: CatalogObject): AlterOp[] {
  const table = quoteQualified(f.schema!, tableName(f.parent!));
  const c = t.column!;
  return [
    {
      op: "retype",
      phase: 1,
      sql: [`ALTER TABLE ${table} ALTER COLUMN ${quoteIdent(f.name)} TYPE text`],
      hazards: ["TABLE_REWRITE", "ACQUIRES_ACCESS_EXCLUSIVE_LOCK"],
    },
    {
      op: "column_type",
      phase: 2,
      sql: [
        `ALTER TABLE ${table} ALTER COLUMN ${quoteIdent(t.name)} TYPE ${c.type}${
          c.collation ? ` COLLATE ${c.collation}` : ""
        } USING ${quoteIdent(t.name)}::${c.type}`,
      ],
      hazards: ["TABLE_REWRITE", "ACQUIRES_ACCESS_EXCLUSIVE_LOCK"],
    },
  ];
}

/** The default storage of common types (used to reset an explicit storage). */
export function typeStorageGuess(type: string): string {
  if (
    /^(integer|bigint|smallint|boolean|real|double precision|date|timestamp|time|uuid|"char"|oid|money|interval)/.test(
      type,
    )
  ) {
    return "p";
  }
  return "x";
}

const STRING_TYPES = new Set(["text", "character varying", "character", "name", '"char"']);

/** A type name without its modifiers: `character varying(10)` → `character varying`. */
function baseTypeName(type: string): string {
  return type.replace(/\(\s*\d+(?:\s*,\s*-?\d+)?\s*\)/g, "").replace(/\s+/g, " ").trim();
}

/**
 * `USING` expression converting column `col` from type `from` to type `to`: a direct cast
 * when PostgreSQL has one (same type, a cast in `casts`, or an I/O conversion to or from a
 * string type), else through text (`col::text::to`), which every type accepts.
 */
export function usingCast(col: string, from: string, to: string, casts: ReadonlySet<string>): string {
  let a = baseTypeName(from);
  let b = baseTypeName(to);
  while (a.endsWith("[]") && b.endsWith("[]")) {
    a = a.slice(0, -2);
    b = b.slice(0, -2);
  }
  const direct = a === b || (!a.endsWith("[]") && !b.endsWith("[]") &&
    (STRING_TYPES.has(a) || STRING_TYPES.has(b) || casts.has(`${a}\t${b}`)));
  return direct ? `${col}::${to}` : `${col}::text::${to}`;
}
