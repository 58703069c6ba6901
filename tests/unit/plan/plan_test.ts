import { diffCatalogs } from "../../../src/diff/mod.ts";
import { planMigration } from "../../../src/plan/mod.ts";
import type { Catalog, CatalogObject } from "../../../src/model/mod.ts";
import { assertEquals, assertStringIncludes } from "../../_helpers/assert.ts";

function catalog(objects: CatalogObject[]): Catalog {
  return { serverVersion: 150000, objects: Object.fromEntries(objects.map((o) => [o.id, o])), unsupported: [] };
}

function sequence(grantees: string[]): CatalogObject {
  const create = 'CREATE SEQUENCE "public"."s" AS bigint START WITH 1';
  return {
    id: "sequence:public.s",
    kind: "sequence",
    schema: "public",
    name: "s",
    target: 'SEQUENCE "public"."s"',
    grantTarget: 'SEQUENCE "public"."s"',
    definition: create,
    create: [create],
    drop: ['DROP SEQUENCE "public"."s"'],
    deps: [],
    comment: null,
    sequence: {
      dataType: "bigint",
      start: "1",
      increment: "1",
      min: "1",
      max: "9223372036854775807",
      cache: "1",
      cycle: false,
      ownedBy: null,
    },
    acl: grantees.map((grantee) => ({ grantee, privilege: "USAGE", grantable: false })),
  };
}

Deno.test("a plan naming roles first checks that they exist on the server", () => {
  const from = catalog([sequence([])]);
  const to = catalog([sequence(['"Report Readers"', "app", "PUBLIC"])]);
  const plan = planMigration(diffCatalogs(from, to), from, to);
  assertEquals(plan.statements[0].action, "check");
  assertStringIncludes(plan.statements[0].sql, "ARRAY['Report Readers', 'app']::text[]");
  assertStringIncludes(plan.statements[0].sql, "RAISE EXCEPTION");
  assertEquals(plan.statements.slice(1).every((s) => s.action !== "check"), true);
});

Deno.test("a plan naming no role has no role check, and an empty diff no statement", () => {
  const from = catalog([sequence(["app"])]);
  const to = catalog([sequence(["app"])]);
  assertEquals(planMigration(diffCatalogs(from, to), from, to).statements, []);
  const revoke = planMigration(diffCatalogs(from, catalog([sequence([])])), from, catalog([sequence([])]));
  assertEquals(revoke.statements.map((s) => s.action), ["alter"]);
});

Deno.test("a dependency cycle is broken at its first object and said in the plan's notes", () => {
  const fn = (name: string, other: string): CatalogObject => {
    const create = `CREATE FUNCTION "public"."${name}"() RETURNS integer LANGUAGE sql AS 'SELECT ${other}()'`;
    return {
      id: `function:public.${name}()`,
      kind: "function",
      schema: "public",
      name,
      target: `FUNCTION "public"."${name}"()`,
      definition: create,
      create: [create],
      drop: [`DROP FUNCTION "public"."${name}"()`],
      deps: [],
      softDeps: [`function:public.${other}()`],
      comment: null,
      acl: null,
    };
  };
  const from = catalog([]);
  const to = catalog([fn("b", "a"), fn("a", "b")]);
  const plan = planMigration(diffCatalogs(from, to), from, to);
  assertEquals(plan.statements.map((s) => s.id), ["function:public.a()", "function:public.b()"]);
  assertEquals(plan.notes, [
    "dependency cycle between function public.a(), function public.b(): ordered from function public.a()",
  ]);
});
