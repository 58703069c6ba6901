import { ConfitureError } from "../../../src/errors/mod.ts";
import { parseSqlScript, substitutePlaceholders } from "../../../src/migrate/mod.ts";
import { assert, assertEquals, assertThrows } from "../../_helpers/assert.ts";

Deno.test("only declared placeholders are replaced; offsets map back to the file as written", () => {
  const text = "create schema ${s};\ncreate function ${s}.f() returns text language sql as $$ select '${x}' $$;";
  const r = substitutePlaceholders(text, "m.up.sql", { s: "shop_long_name" });
  assertEquals(r.count, 2);
  assertEquals(
    r.text,
    "create schema shop_long_name;\ncreate function shop_long_name.f() returns text language sql as $$ select '${x}' $$;",
  );
  const inText = r.text.indexOf("select");
  assertEquals(text.slice(r.toOriginal(inText), r.toOriginal(inText) + 6), "select");
  // inside a replacement: its `${`
  assertEquals(r.toOriginal(r.text.indexOf("long")), text.indexOf("${s}"));
  assertEquals(r.toOriginal(0), 0);
});

Deno.test("a text without declared placeholders is returned as it is", () => {
  const text = "select '${a}', $${b}$";
  const r = substitutePlaceholders(text, "m.up.sql", { c: "x" });
  assertEquals([r.text, r.count, r.toOriginal(7)], [text, 0, 7]);
});

Deno.test("a declared placeholder without a value is an error at its file:line:col", () => {
  const e = assertThrows(() =>
    substitutePlaceholders("select 1;\n  select '${owner}';", "db/m.up.sql", { owner: null })
  );
  assert(e instanceof ConfitureError);
  assertEquals([e.code, e.location], ["MIGRATION_PLACEHOLDER_UNSET", { file: "db/m.up.sql", line: 2, col: 11 }]);
});

Deno.test("statements of a script with placeholders are located in the file as written", async () => {
  const text = "create table ${t} (id int);\n\n  create index on ${t} (id);\n";
  const s = await parseSqlScript(text, "m.up.sql", { placeholders: { t: "a_much_longer_table_name" } });
  assertEquals(s.statements.map((x) => [x.line, x.col]), [[1, 1], [3, 3]]);
  assert(s.text.includes("a_much_longer_table_name"));
  assertEquals(s.origin?.text, text);
});

Deno.test("pg_dump's \\restrict and \\unrestrict lines are skipped; other meta-commands are not", async () => {
  const dump = "--\n\\restrict abc123\nSET statement_timeout = 0;\ncreate table t (id int);\n\\unrestrict abc123\n";
  const s = await parseSqlScript(dump, "dump.up.sql");
  assertEquals(s.statements.map((x) => [x.kind, x.line]), [["VariableSetStmt", 3], ["CreateStmt", 4]]);
  let failed = false;
  try {
    await parseSqlScript("\\connect other\ncreate table t (id int);\n", "c.up.sql");
  } catch (e) {
    failed = e instanceof ConfitureError;
  }
  assert(failed, "\\connect is refused");
});
