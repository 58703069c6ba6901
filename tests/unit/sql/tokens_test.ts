import { sqlTokens } from "../../../src/sql/mod.ts";
import { assertEquals } from "../../_helpers/assert.ts";

function tokens(sql: string, scs?: boolean): [string, string][] {
  return [...sqlTokens(sql, { standardConformingStrings: scs })].map((t) => [t.kind, sql.slice(t.start, t.end)]);
}

Deno.test("sqlTokens: words, literals, quoted names, dollar bodies and punctuation; comments skipped", () => {
  assertEquals(tokens(`select E'it\\'s', 'a''b', "x""y", $q$ ) $$ $q$ -- c\n/* d /* e */ */ from t1.a$b, $1;`), [
    ["word", "select"],
    ["string", "E'it\\'s'"],
    ["punct", ","],
    ["string", "'a''b'"],
    ["punct", ","],
    ["quoted_identifier", '"x""y"'],
    ["punct", ","],
    ["dollar_quoted", "$q$ ) $$ $q$"],
    ["word", "from"],
    ["word", "t1"],
    ["punct", "."],
    ["word", "a$b"],
    ["punct", ","],
    ["punct", "$"],
    ["word", "1"],
    ["punct", ";"],
  ]);
});

Deno.test("sqlTokens: a backslash ends nothing in a plain string unless standard_conforming_strings is off", () => {
  assertEquals(tokens(`'a\\' b`), [["string", "'a\\'"], ["word", "b"]]);
  assertEquals(tokens(`'a\\' b'`, false), [["string", "'a\\' b'"]]);
  // a name ending in e before a quote is not an escape string
  assertEquals(tokens(`name'x'`), [["word", "name"], ["string", "'x'"]]);
});

Deno.test("sqlTokens: a token the text ends inside runs to the end", () => {
  assertEquals(tokens(`a 'open`), [["word", "a"], ["string", "'open"]]);
  assertEquals(tokens(`$x$ body`), [["dollar_quoted", "$x$ body"]]);
  assertEquals(tokens(`/* never closed`), []);
});
