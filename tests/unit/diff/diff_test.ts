import { diffCatalogs, usingCast, viewDefaultOps } from "../../../src/diff/mod.ts";
import { planMigration, renderPlanSql } from "../../../src/plan/mod.ts";
import type { Catalog, CatalogObject } from "../../../src/model/mod.ts";
import { ConfitureError } from "../../../src/errors/mod.ts";
import { assertEquals } from "../../_helpers/assert.ts";

function catalog(objects: CatalogObject[], unsupported: Catalog["unsupported"] = []): Catalog {
  return { serverVersion: 150000, objects: Object.fromEntries(objects.map((o) => [o.id, o])), unsupported };
}

function view(defaults: Record<string, string>): CatalogObject {
  const create = 'CREATE VIEW "public"."v" AS\n SELECT 1 AS a, 2 AS b';
  return {
    id: "view:public.v",
    kind: "view",
    schema: "public",
    name: "v",
    target: 'VIEW "public"."v"',
    definition: create,
    create: [create],
    drop: ['DROP VIEW "public"."v"'],
    deps: [],
    comment: null,
    acl: [],
    columns: ['"a" integer', '"b" integer'],
    viewDefaults: defaults,
  };
}

Deno.test("an object kind the diff does not handle is refused, listed, unless ignored", () => {
  const from = catalog([], [{ kind: "typed_table", id: '"public"."t"' }]);
  let error: unknown;
  try {
    diffCatalogs(from, catalog([]));
  } catch (e) {
    error = e;
  }
  if (!(error instanceof ConfitureError)) throw new Error("expected a ConfitureError");
  assertEquals(error.code, "DIFF_UNSUPPORTED_OBJECTS");
  assertEquals(error.detail, 'from: typed_table "public"."t"');
  assertEquals(error.hint, "leave them out with --ignore-kind typed_table");
  assertEquals(diffCatalogs(from, catalog([]), { ignoreKinds: ["typed_table"] }).changes, []);
});

Deno.test("USING casts directly when a cast exists, through text otherwise", () => {
  const casts = new Set(["integer\tbigint", "timestamp without time zone\ttimestamp with time zone"]);
  assertEquals(usingCast('"c"', "integer", "bigint", casts), '"c"::bigint');
  assertEquals(usingCast('"c"', "integer[]", "bigint[]", casts), '"c"::bigint[]');
  assertEquals(usingCast('"c"', "character varying(10)", "character varying(20)", casts), '"c"::character varying(20)');
  assertEquals(usingCast('"c"', "bigint", "integer", casts), '"c"::text::integer');
  assertEquals(
    usingCast('"c"', "bigint", "timestamp(3) without time zone", casts),
    '"c"::text::timestamp(3) without time zone',
  );
  assertEquals(usingCast('"c"', "text", "public.mood", casts), '"c"::public.mood');
  assertEquals(usingCast('"c"', "public.mood", "text", casts), '"c"::text');
});

Deno.test("view column defaults are set, changed and dropped in place", () => {
  assertEquals(viewDefaultOps(view({ a: "1", b: "2" }), view({ a: "1", b: "3" }))[0].sql, [
    'ALTER VIEW "public"."v" ALTER COLUMN "b" SET DEFAULT 3',
  ]);
  assertEquals(viewDefaultOps(view({ a: "1" }), view({}))[0].sql, [
    'ALTER VIEW "public"."v" ALTER COLUMN "a" DROP DEFAULT',
  ]);
  const from = catalog([view({})]);
  const to = catalog([view({ b: "42" })]);
  const sql = renderPlanSql(planMigration(diffCatalogs(from, to), from, to));
  assertEquals(sql.includes('ALTER VIEW "public"."v" ALTER COLUMN "b" SET DEFAULT 42;'), true);
  const created = renderPlanSql(planMigration(diffCatalogs(catalog([]), to), catalog([]), to));
  assertEquals(created.indexOf("CREATE VIEW") < created.indexOf("SET DEFAULT 42"), true);
});
