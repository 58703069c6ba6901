import {
  findUnterminated,
  lexSummary,
  normalizeForChecksum,
  offsetToLineCol,
  splitStatements,
} from "../../../src/sql/lexer.ts";
import { assert, assertEquals } from "../../_helpers/assert.ts";

Deno.test("findUnterminated: terminated text of every token kind", () => {
  const text = [
    "select 'a;b', 'it''s', E'x\\'y', e'\\\\';",
    'select "q""i", $$ x $$, $t$ $u$ $t$;',
    "/* a /* nested */ comment */ select 1; -- line",
  ].join("\n");
  assertEquals(findUnterminated(text), undefined);
});

Deno.test("findUnterminated: an unterminated string gives its start", () => {
  assertEquals(findUnterminated("select 1;\nselect 'oops;"), { kind: "string", offset: 17, line: 2, col: 8 });
});

Deno.test("findUnterminated: E'' escapes: \\' does not close an E string", () => {
  assertEquals(findUnterminated("select E'a\\'"), { kind: "string", offset: 7, line: 1, col: 8 });
  // in a plain string a backslash is an ordinary character (standard_conforming_strings)
  assertEquals(findUnterminated("select 'a\\'"), undefined);
  assertEquals(findUnterminated("select 'a\\'", { standardConformingStrings: false })?.kind, "string");
  // an identifier ending in e followed by a quote is not an escape string
  assertEquals(findUnterminated("select name'a\\'"), undefined);
});

Deno.test("findUnterminated: a continued E string keeps its escapes", () => {
  assertEquals(findUnterminated("select E'a'\n'b\\'c'"), undefined);
  assertEquals(findUnterminated("select 'a'\n'b\\'c'")?.offset, 16);
});

Deno.test("findUnterminated: nested dollar tags close only on the opening tag", () => {
  assertEquals(findUnterminated("select $a$ $b$ x $b$ $a$;"), undefined);
  assertEquals(findUnterminated("select $a$ $b$ x $a$ $b$;"), { kind: "dollar_quote", offset: 21, line: 1, col: 22 });
  assertEquals(findUnterminated("create function f() returns int as $body$\nbegin"), {
    kind: "dollar_quote",
    offset: 35,
    line: 1,
    col: 36,
  });
  // $1 is a parameter and x$y$ an identifier, not dollar quotes
  assertEquals(findUnterminated("select $1, x$y$ from t"), undefined);
});

Deno.test("findUnterminated: block comments nest", () => {
  assertEquals(findUnterminated("/* a /* b */ c */ select 1"), undefined);
  assertEquals(findUnterminated("select 1;\n  /* a /* b */ c"), { kind: "block_comment", offset: 12, line: 2, col: 3 });
  assertEquals(findUnterminated("select '/*'"), undefined);
});

Deno.test("findUnterminated: quoted identifiers", () => {
  assertEquals(findUnterminated('select "a""b" from t'), undefined);
  assertEquals(findUnterminated('select "a""b from t')?.kind, "quoted_identifier");
});

Deno.test("findUnterminated: columns count code points (characters)", () => {
  assertEquals(findUnterminated("select 'é', 'x"), { kind: "string", offset: 12, line: 1, col: 13 });
  // 🚀 is two UTF-16 code units, one character
  assertEquals(findUnterminated("select '🚀', 'x"), { kind: "string", offset: 13, line: 1, col: 13 });
});

Deno.test("normalizeForChecksum: comments and whitespace collapse, literals stay exact", () => {
  assertEquals(
    normalizeForChecksum("select  1 -- one\n ,  'a  b'  /* x */ from\"T  x\""),
    "select 1 , 'a  b' from\"T  x\"",
  );
  assertEquals(normalizeForChecksum("\n\n  create table t (a int);\n\n"), "create table t (a int);");
  assertEquals(normalizeForChecksum("select $f$ a  -- b\n $f$"), "select $f$ a  -- b\n $f$");
  assertEquals(normalizeForChecksum("select E'a\\'  b'  ,x"), "select E'a\\'  b' ,x");
  assertEquals(normalizeForChecksum("select/* c */1"), "select 1");
  assertEquals(normalizeForChecksum("/* only a comment */"), "");
  assertEquals(normalizeForChecksum("select 'a'\n  'b'"), "select 'a'\n  'b'");
});

Deno.test("normalizeForChecksum: reformatting does not change it; editing a literal does", () => {
  const a = "CREATE TABLE t (\n  a int, -- first\n  b text DEFAULT 'x  y'\n);";
  const b = "CREATE TABLE t ( a int,\n\tb text DEFAULT 'x  y' ) ;";
  assertEquals(normalizeForChecksum(a).replace(" ;", ";"), normalizeForChecksum(b).replace(" ;", ";"));
  assert(normalizeForChecksum(a) !== normalizeForChecksum(a.replace("'x  y'", "'x y'")));
});

Deno.test("splitStatements: semicolons in literals, comments and parentheses do not split", () => {
  const text = "create table t (a text default ';');\nselect ';' /* ; */ -- ;\n;\nselect 2";
  const { statements, unterminated } = splitStatements(text);
  assertEquals(unterminated, undefined);
  assertEquals(statements.map((s) => text.slice(s.start, s.end)), [
    "create table t (a text default ';');",
    "select ';' /* ; */ -- ;\n;",
    "select 2",
  ]);
  assertEquals(statements.map((s) => s.terminated), [true, true, false]);
  assertEquals(statements.map((s) => s.keyword), ["create", "select", "select"]);
});

Deno.test("splitStatements: BEGIN ATOMIC bodies with CASE … END stay whole", () => {
  const text = "CREATE OR REPLACE FUNCTION f(x int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n" +
    "  SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;\n  SELECT 2;\nEND;\nSELECT 3;";
  const { statements } = splitStatements(text);
  assertEquals(statements.length, 2);
  assert(text.slice(statements[0].start, statements[0].end).endsWith("END;"));
});

Deno.test("splitStatements: a transaction BEGIN is its own statement", () => {
  const { statements } = splitStatements("BEGIN;\nCREATE TABLE t (a int);\nCOMMIT;");
  assertEquals(statements.map((s) => s.keyword), ["begin", "create", "commit"]);
});

Deno.test("splitStatements: psql meta-commands are separate entries", () => {
  const text = "\\restrict abc\nselect 1;\n\\connect other\n";
  const { statements } = splitStatements(text);
  assertEquals(statements.map((s) => [s.metaCommand, text.slice(s.start, s.end)]), [
    [true, "\\restrict abc"],
    [false, "select 1;"],
    [true, "\\connect other"],
  ]);
});

Deno.test("splitStatements: reports an unterminated token", () => {
  const r = splitStatements("select 1;\nselect $x$ never closed");
  assertEquals(r.unterminated?.kind, "dollar_quote");
  assertEquals(r.unterminated?.line, 2);
});

Deno.test("offsetToLineCol", () => {
  assertEquals(offsetToLineCol("a\nbc", 3), { line: 2, col: 2 });
  assertEquals(offsetToLineCol("a\r\nbc", 3), { line: 2, col: 1 });
  assertEquals(offsetToLineCol("abc", 0), { line: 1, col: 1 });
});

Deno.test("findUnterminated: a comment between continued E'' parts keeps the continuation (PostgreSQL 15)", () => {
  // PostgreSQL 15 continues the literal across `-- c`; the PostgreSQL 18 scanner does not. The lexer takes
  // the permissive reading, so it never reports an unterminated token that a server accepts.
  assertEquals(findUnterminated("select E'a'\n-- c\n'b\\'c'"), undefined);
});

Deno.test("splitStatements: COPY … FROM STDIN carries its inline data up to \\.", () => {
  const text = [
    "COPY t (a, b) FROM stdin;",
    "1\tO'Brien; $$",
    "\\.",
    "COPY t FROM STDIN WITH (FORMAT csv);\r",
    '2,"a;b"\r',
    "\\.\r",
    "COPY t FROM '/tmp/x';",
    "select 'after';",
  ].join("\n");
  const r = splitStatements(text);
  assertEquals(r.unterminated, undefined);
  assertEquals(
    r.statements.map((
      s,
    ) => [s.keyword, text.slice(s.start, s.end), s.copyData && text.slice(s.copyData.start, s.copyData.end)]),
    [
      ["copy", "COPY t (a, b) FROM stdin;", "1\tO'Brien; $$\n"],
      ["copy", "COPY t FROM STDIN WITH (FORMAT csv);", '2,"a;b"\r\n'],
      ["copy", "COPY t FROM '/tmp/x';", undefined],
      ["select", "select 'after';", undefined],
    ],
  );
  assertEquals(lexSummary(text), { openStatement: false });
});

Deno.test("lexSummary: COPY data without its \\. line is unterminated at the COPY", () => {
  const text = "select 1;\n  copy t from stdin;\n1\tx\n";
  assertEquals(lexSummary(text).unterminated, { kind: "copy_data", offset: 12, line: 2, col: 3 });
  assertEquals(splitStatements(text).unterminated?.kind, "copy_data");
  // a quote in the data is data, not an open string
  assertEquals(findUnterminated("copy t from stdin;\nit's\n\\.\n"), undefined);
  // FROM STDIN inside a literal or parentheses is not a COPY from stdin
  assertEquals(findUnterminated("copy (select 'from stdin') to stdout;\nselect 1;\n"), undefined);
});
