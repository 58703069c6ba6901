/** Table selection by schema-qualified globs. */
import { assertEquals, assertMatch, assertThrows } from "../../_helpers/assert.ts";
import type { ConfitureError } from "../../../src/errors/mod.ts";
import { compileTableGlob, matchesTable, parseTableName, selectTables } from "../../../src/sync/mod.ts";

const tables = [
  { schema: "public", name: "users" },
  { schema: "public", name: "orders" },
  { schema: "public", name: "audit_log" },
  { schema: "audit", name: "events" },
  { schema: "app", name: "Order Items" },
  { schema: "app", name: "order items" },
  { schema: "Mixed", name: "Ça" },
];

Deno.test("globs: * and ? within a part; unquoted parts fold to lower case, quoted ones do not", () => {
  const names = (pats: string[], ex: string[] = []) =>
    selectTables(tables, pats.map((p) => compileTableGlob(p)), ex.map((p) => compileTableGlob(p))).map((t) =>
      `${t.schema}.${t.name}`
    );
  assertEquals(names(["public.*"]), ["public.users", "public.orders", "public.audit_log"]);
  assertEquals(names(["public.*"], ["public.*_log"]), ["public.users", "public.orders"]);
  assertEquals(names(["*.events", "public.user?"]), ["public.users", "audit.events"]);
  assertEquals(names(['app."Order Items"']), ["app.Order Items"]);
  assertEquals(names(["app.Order Items"]), ["app.order items"]);
  assertEquals(names(['"Mixed".*']), ["Mixed.Ça"]);
  assertEquals(names([]), tables.map((t) => `${t.schema}.${t.name}`));
  assertEquals(matchesTable(compileTableGlob("public.*"), "publicx", "a"), false);
});

Deno.test("globs: a pattern without a schema, or matching nothing, is refused", () => {
  const e = assertThrows(() => compileTableGlob("users")) as ConfitureError;
  assertEquals(e.code, "USAGE_INVALID_ARGUMENT");
  const n = assertThrows(() => selectTables(tables, [compileTableGlob("pubic.*")], [])) as ConfitureError;
  assertEquals(n.message, 'the table pattern "pubic.*" matches no table of the source');
  assertMatch(n.hint ?? "", /^did you mean public\.\*\? /);
  const t = assertThrows(() => selectTables(tables, [compileTableGlob("public.odrers")], [])) as ConfitureError;
  assertMatch(t.hint ?? "", /^did you mean public\.orders\? /);
  const g = assertThrows(() => selectTables(tables, [compileTableGlob("public.zz*")], [])) as ConfitureError;
  assertEquals(g.hint, "patterns are schema.table; unquoted names match in lower case");
});

Deno.test("parseTableName: quoted parts, dots inside quotes, and no globs", () => {
  assertEquals(parseTableName('app."a.b"'), { schema: "app", name: "a.b" });
  assertEquals(parseTableName('"We""ird".T'), { schema: 'We"ird', name: "t" });
  assertThrows(() => parseTableName("public.*"));
  assertThrows(() => parseTableName("orders"));
});
