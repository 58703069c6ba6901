/** The prelude (SDL users read) and the directive table the generator checks against agree. */
import { assertEquals } from "../../_helpers/assert.ts";
import { parse } from "graphql/language/parser.mjs";
import { Kind } from "graphql/language/kinds.mjs";
import type { TypeNode } from "graphql/language/ast.js";
import { DIRECTIVES, PRELUDE, REFERENTIAL_ACTIONS } from "../../../src/graphql/mod.ts";

function kindOf(t: TypeNode): string {
  const inner = t.kind === Kind.NON_NULL_TYPE ? t.type : t;
  if (inner.kind === Kind.LIST_TYPE) return "stringList";
  const name = (inner as { name: { value: string } }).name.value;
  return ({
    String: "string",
    Boolean: "boolean",
    ReferentialAction: "referentialAction",
    DefaultValue: "any",
  } as Record<string, string>)[name];
}

Deno.test("the prelude parses and declares exactly the directives of DIRECTIVES", () => {
  const doc = parse(PRELUDE);
  const declared: Record<string, unknown> = {};
  for (const d of doc.definitions) {
    if (d.kind === Kind.ENUM_TYPE_DEFINITION) {
      assertEquals(d.values?.map((v) => v.name.value), [...REFERENTIAL_ACTIONS]);
    }
    if (d.kind !== Kind.DIRECTIVE_DEFINITION) continue;
    declared[d.name.value] = {
      name: d.name.value,
      locations: d.locations.map((l) => l.value),
      repeatable: d.repeatable,
      args: (d.arguments ?? []).map((a) => ({
        name: a.name.value,
        kind: kindOf(a.type),
        required: a.type.kind === Kind.NON_NULL_TYPE,
      })),
    };
  }
  const expected = Object.fromEntries(
    Object.values(DIRECTIVES).map((d) => [d.name, {
      ...d,
      locations: [...d.locations],
      args: d.args.map((a) => ({ ...a, required: a.required ?? false })),
    }]),
  );
  assertEquals(declared, expected);
});
