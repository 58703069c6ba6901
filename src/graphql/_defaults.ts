/**
 * `@default(value:)`: a GraphQL literal turned into an SQL default of the field's type,
 * checked against that type.
 * @module
 */
import type { ValueNode } from "graphql/language/ast.js";
import { Kind } from "graphql/language/kinds.mjs";
import type { SourceLocation } from "../errors/mod.ts";
import { quoteLiteral } from "../sql/mod.ts";
import type { FieldInfo } from "./_classify.ts";
import type { Problems } from "./_problems.ts";

type Locate = (node: ValueNode) => SourceLocation;

const literalKind = (v: ValueNode) =>
  v.kind === Kind.STRING
    ? "string"
    : v.kind === Kind.INT
    ? "int"
    : v.kind === Kind.FLOAT
    ? "float"
    : v.kind === Kind.BOOLEAN
    ? "boolean"
    : undefined;

/** A GraphQL literal as JSON (for `JSON` fields). */
function toJson(v: ValueNode): unknown {
  switch (v.kind) {
    case Kind.STRING:
    case Kind.ENUM:
      return v.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(v.value);
    case Kind.BOOLEAN:
      return v.value;
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return v.values.map(toJson);
    case Kind.OBJECT:
      return Object.fromEntries(v.fields.map((f) => [f.name.value, toJson(f.value)]));
    default:
      return null;
  }
}

/**
 * The SQL default for `value` on field `f` (a scalar or enum field), or undefined after
 * recording a problem when the literal does not fit the field's type.
 */
export function defaultSql(
  f: FieldInfo,
  value: ValueNode,
  columnType: string,
  locate: Locate,
  problems: Problems,
): string | undefined {
  const who = `${f.field.owner}.${f.field.name}`;
  const bad = (v: ValueNode, expected: string) => {
    problems.add(
      "GRAPHQL_INVALID_DIRECTIVE",
      `@default(value:) on ${who} must be ${expected}`,
      locate(v),
    );
    return undefined;
  };
  if (value.kind === Kind.NULL) {
    return bad(value, "a value (a column without a default is already NULL by default)");
  }
  if (f.scalar === "JSON" && !f.field.type.list) {
    return `${quoteLiteral(JSON.stringify(toJson(value)))}::jsonb`;
  }
  const one = (v: ValueNode): string | undefined => {
    if (f.kind === "enum") {
      const name = v.kind === Kind.ENUM || v.kind === Kind.STRING ? v.value : undefined;
      if (name === undefined || !f.enumDef!.values.includes(name)) {
        return bad(v, `one of ${f.enumDef!.sdl.name}'s values (${f.enumDef!.values.join(", ")})`);
      }
      return quoteLiteral(name);
    }
    if (f.scalar === "JSON") return `${quoteLiteral(JSON.stringify(toJson(v)))}::jsonb`;
    const kind = literalKind(v);
    const allowed = f.literals ?? [];
    if (kind === undefined || !allowed.includes(kind)) {
      const text = allowed.map((k) => (k === "int" ? "an integer" : k === "float" ? "a number" : `a ${k}`));
      return bad(v, `${text.join(" or ")} for ${f.scalar}`);
    }
    if (v.kind === Kind.STRING) return quoteLiteral(v.value);
    if (v.kind === Kind.BOOLEAN) return v.value ? "true" : "false";
    if (v.kind === Kind.INT || v.kind === Kind.FLOAT) return v.value;
    return undefined;
  };
  if (f.field.type.list) {
    if (value.kind !== Kind.LIST) return bad(value, "a list");
    const items: string[] = [];
    for (const v of value.values) {
      if (v.kind === Kind.NULL) {
        if (f.field.type.itemNonNull) return bad(v, "a list without null items");
        items.push("NULL");
        continue;
      }
      const s = one(v);
      if (s === undefined) return undefined;
      items.push(s);
    }
    return `ARRAY[${items.join(", ")}]::${columnType}`;
  }
  if (value.kind === Kind.LIST || value.kind === Kind.OBJECT) return bad(value, "a single value");
  return one(value);
}
