import {
  charPositionToIndex,
  codePointCount,
  codePointOffset,
  doBlockLineIndex,
  lineColMapper,
  locateInStatement,
  offsetToLineCol,
} from "../../../src/sql/mod.ts";
import { assertEquals } from "../../_helpers/assert.ts";

Deno.test("offsetToLineCol and lineColMapper agree at every index, CRLF and astral characters included", () => {
  const texts = ["", "a", "\n", "ab\r\ncd\n", "x\naé🍓b\n\n🍓🍓\ny", "🍓", "\n\n\n", "a\u{1F600}\nb\u{1F600}c"];
  for (const text of texts) {
    const at = lineColMapper(text);
    for (let i = -1; i <= text.length + 1; i++) {
      assertEquals(at(i), offsetToLineCol(text, i), `${JSON.stringify(text)} @${i}`);
    }
  }
  assertEquals(offsetToLineCol("x\naé🍓b", 6), { line: 2, col: 4 });
  assertEquals(offsetToLineCol("a\r\nbc", 3), { line: 2, col: 1 });
});

Deno.test("code points: counting and offsets treat a surrogate pair as one character", () => {
  assertEquals(codePointCount("a😀b", 0, 4), 3);
  assertEquals(codePointCount("a😀b", 1, 3), 1);
  assertEquals(codePointOffset("a😀b", 0, 2), 3);
  assertEquals(codePointOffset("a😀b", 1, 1), 3);
  assertEquals(codePointOffset("ab", 0, 10), 2);
  assertEquals(charPositionToIndex("a😀b", 3), 3);
  assertEquals(charPositionToIndex("a😀b", 1), 0);
  assertEquals(charPositionToIndex("a😀b", 99), 4);
});

Deno.test("locateInStatement: a server position inside a statement of a file", () => {
  const file = "select 1;\n-- note\nselect '😀', nope;\n";
  const start = file.indexOf("select '");
  // the server counts characters of the statement: "select '😀', " is 12 of them
  const at = locateInStatement(file, start, 13);
  assertEquals(at, { offset: file.indexOf("nope"), line: 3, col: 13 });
  // one past the end ("at end of input") stays in the statement; further is not this statement's
  const len = "select '😀', nope;".length; // 18 string indexes, 17 characters
  assertEquals(locateInStatement(file, start, 17, { statementLength: len }).offset, file.indexOf(";", start));
  assertEquals(locateInStatement(file, start, 18, { statementLength: len }).offset, file.indexOf(";", start) + 1);
  assertEquals(locateInStatement(file, start, 19, { statementLength: len }).offset, start);
  // no position: the statement's start; a mapper gives the same
  assertEquals(locateInStatement(file, start, undefined), { offset: start, line: 3, col: 1 });
  assertEquals(locateInStatement(file, start, 13, { lineCol: lineColMapper(file) }), at);
});

Deno.test("locateInStatement: a run-time error of a DO block is at the failing line of its body", () => {
  const file = "create table t (a int);\nDO $$\nBEGIN\n  PERFORM 1;\n  PERFORM 1/0;\nEND $$;\n";
  const start = file.indexOf("DO");
  const where = 'SQL statement "SELECT 1/0"\nPL/pgSQL function inline_code_block line 4 at PERFORM';
  assertEquals(locateInStatement(file, start, undefined, { where }), {
    offset: file.indexOf("PERFORM 1/0"),
    line: 5,
    col: 3,
  });
  assertEquals(doBlockLineIndex(file.slice(start), where), file.indexOf("PERFORM 1/0") - start);
  // another context, or another statement: the statement's start
  assertEquals(locateInStatement(file, start, undefined, { where: "SQL function f" }).offset, start);
  assertEquals(locateInStatement(file, 0, undefined, { where }).offset, 0);
});
