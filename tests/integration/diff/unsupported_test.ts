/**
 * Kinds the diff does not handle are refused loudly (DIFF_UNSUPPORTED_OBJECTS), never left
 * out silently: they are read from the real catalogs of a database.
 */
import { inspectCatalog } from "../../../src/inspect/mod.ts";
import { diffCatalogs } from "../../../src/diff/mod.ts";
import { ConfitureError } from "../../../src/errors/mod.ts";
import { assert, assertEquals, assertStringIncludes, assertThrows } from "../../_helpers/assert.ts";
import { withTestDatabase } from "../../_helpers/db.ts";

Deno.test("diff refuses access methods and transforms, and accepts them when ignored", async () => {
  await withTestDatabase("unsupported", async (db) => {
    await db.exec("CREATE TABLE public.x (id integer)");
    const before = await inspectCatalog(db);
    assertEquals(before.unsupported, []);
    await db.exec(`
      CREATE ACCESS METHOD heap2 TYPE TABLE HANDLER heap_tableam_handler;
      CREATE TABLE public.y (id integer) USING heap2;
      CREATE FUNCTION public.int_from_sql(internal) RETURNS internal
        LANGUAGE internal IMMUTABLE STRICT AS 'varchar_support';
      CREATE FUNCTION public.int_to_sql(internal) RETURNS integer
        LANGUAGE internal IMMUTABLE STRICT AS 'int4recv';
      CREATE TRANSFORM FOR integer LANGUAGE sql (
        FROM SQL WITH FUNCTION public.int_from_sql(internal),
        TO SQL WITH FUNCTION public.int_to_sql(internal)
      );
    `);
    const after = await inspectCatalog(db);
    const error = assertThrows(() => diffCatalogs(before, after));
    assert(error instanceof ConfitureError, String(error));
    assertEquals(error.code, "DIFF_UNSUPPORTED_OBJECTS");
    assertStringIncludes(error.message, "access_method, transform");
    assertEquals(error.detail, "to: access_method heap2\nto: transform FOR integer LANGUAGE sql");
    const d = diffCatalogs(before, after, { ignoreKinds: ["access_method", "transform"] });
    assert(d.changes.some((c) => c.id === "table:public.y" && c.action === "create"));
  });
});
