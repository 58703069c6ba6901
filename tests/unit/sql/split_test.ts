import { ConfitureError } from "../../../src/errors/mod.ts";
import { byteToCharMapper, offsetToLineCol, splitSql, sqlComments } from "../../../src/sql/mod.ts";
import { quoteIdent, quoteLiteral, quoteQualified } from "../../../src/sql/mod.ts";
import { assert, assertEquals, assertRejects } from "../../_helpers/assert.ts";

Deno.test("splitSql: statements with exact positions, literals and comments respected", async () => {
  const text = "-- header\ncreate table t (a text default ';');\n\n  /* c */ select $$;$$, 'x;y';\nselect 1";
  const s = await splitSql(text);
  assertEquals(s.map((x) => [x.kind, x.line, x.col]), [["CreateStmt", 2, 1], ["SelectStmt", 4, 11], [
    "SelectStmt",
    5,
    1,
  ]]);
  assertEquals(s[0].text, "create table t (a text default ';')");
  assertEquals(s[1].text, "select $$;$$, 'x;y'");
  assertEquals(s[2].text, "select 1");
  for (const x of s) assertEquals(text.slice(x.start, x.end), x.text);
});

Deno.test("splitSql: offsets are string indexes even after multi-byte characters", async () => {
  const text = "select 'héllo 🍓';\ncomment on table t is 'é';\nselect 2;";
  const s = await splitSql(text);
  assertEquals(s.map((x) => x.text), ["select 'héllo 🍓'", "comment on table t is 'é'", "select 2"]);
  assertEquals(s.map((x) => x.line), [1, 2, 3]);
});

Deno.test("splitSql: a syntax error is located at file:line:col", async () => {
  const e = await assertRejects(() => splitSql("select 1;\nselect 'é' from where;", { file: "x.sql" }));
  assert(e instanceof ConfitureError);
  assertEquals(e.code, "SQL_SYNTAX_ERROR");
  assertEquals(e.location, { file: "x.sql", line: 2, col: 17 });
});

Deno.test("splitSql: empty and comment-only texts have no statements", async () => {
  assertEquals(await splitSql(""), []);
  assertEquals(await splitSql("-- nothing\n/* here */\n"), []);
});

Deno.test("sqlComments lists comments with positions", async () => {
  const c = await sqlComments("select 1; -- a\n/* b */ select '-- not';");
  assertEquals(c.map((x) => [x.text, x.line, x.col]), [["-- a", 1, 11], ["/* b */", 2, 1]]);
});

Deno.test("byteToCharMapper and offsetToLineCol", () => {
  const m = byteToCharMapper("aé🍓b");
  assertEquals([m(0), m(1), m(3), m(7), m(8)], [0, 1, 2, 4, 5]);
  assertEquals(offsetToLineCol("ab\ncd", 4), { line: 2, col: 2 });
  // columns count characters: 🍓 (two UTF-16 code units) is one
  assertEquals(offsetToLineCol("x\naé🍓b", 6), { line: 2, col: 4 });
  assertEquals(offsetToLineCol("🍓🍓x", 4), { line: 1, col: 3 });
});

Deno.test("splitSql: statement columns count characters", async () => {
  const s = await splitSql("select '🚀'; select 1;");
  assertEquals(s.map((x) => x.col), [1, 13]);
});

Deno.test("quoteIdent, quoteLiteral, quoteQualified", () => {
  assertEquals(quoteIdent('we"ird'), '"we""ird"');
  assertEquals(quoteLiteral("it's"), "'it''s'");
  assertEquals(quoteLiteral("a\\b"), "E'a\\\\b'");
  assertEquals(quoteQualified("ops.tb"), '"ops"."tb"');
  assertEquals(quoteQualified("s", "t.x"), '"s"."t.x"');
});
