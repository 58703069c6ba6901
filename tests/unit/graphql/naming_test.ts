import { assertEquals } from "../../_helpers/assert.ts";
import { fitName, plural, singular, snakeCase, sqlIdent } from "../../../src/graphql/mod.ts";
import { fragmentProblem } from "../../../src/graphql/_fragment.ts";

Deno.test("snakeCase: camelCase, PascalCase and runs of capitals", () => {
  const cases: [string, string][] = [
    ["createdAt", "created_at"],
    ["User", "user"],
    ["OrderItem", "order_item"],
    ["HTTPStatus", "http_status"],
    ["userID", "user_id"],
    ["address2Line", "address2_line"],
    ["already_snake", "already_snake"],
    ["_private", "_private"],
  ];
  for (const [a, b] of cases) assertEquals(snakeCase(a), b, a);
});

Deno.test("plural and singular: simple English rules on the last word", () => {
  const cases: [string, string][] = [
    ["user", "users"],
    ["order_item", "order_items"],
    ["category", "categories"],
    ["key", "keys"],
    ["address", "addresses"],
    ["box", "boxes"],
    ["batch", "batches"],
    ["person", "people"],
    ["child", "children"],
  ];
  for (const [one, many] of cases) {
    assertEquals(plural(one), many, one);
    assertEquals(singular(many), one, many);
  }
  assertEquals(singular("news_feed"), "news_feed");
  assertEquals(singular("followers"), "follower");
});

Deno.test("sqlIdent: bare for plain lowercase names, quoted for keywords and others", () => {
  assertEquals(sqlIdent("users"), "users");
  assertEquals(sqlIdent("order"), '"order"');
  assertEquals(sqlIdent("user"), '"user"');
  assertEquals(sqlIdent("Users"), '"Users"');
  assertEquals(sqlIdent("1st"), '"1st"');
  assertEquals(sqlIdent('a"b'), '"a""b"');
});

Deno.test("fitName: names longer than 63 bytes are cut and keep a hash of the whole", () => {
  assertEquals(fitName("users_email_key"), "users_email_key");
  const long = "a_very_long_table_name_that_goes_on_and_on_and_on_forever_and_ever";
  const fitted = fitName(long);
  assertEquals(fitted.length, 63);
  assertEquals(fitted.startsWith(long.slice(0, 54) + "_"), true);
  assertEquals(fitName(long), fitted);
  assertEquals(fitName(long + "x") === fitted, false);
});

Deno.test("fragmentProblem: one expression, no statement end or comment outside literals", () => {
  for (
    const ok of [
      "price > 0",
      "name <> ';'",
      "note <> '--x'",
      `"weird;name" > 1`,
      "x = $$a;b$$",
      "(a) AND (b)",
      "E'it\\'s' <> c",
    ]
  ) {
    assertEquals(fragmentProblem(ok), undefined, ok);
  }
  const bad: [string, string][] = [
    ["true; drop table x", "a ; outside a string"],
    ["a > 0 -- why", "a -- comment"],
    ["a /* x */ > 0", "a /* comment"],
    ["'open", "an unterminated string"],
    ['"open', "an unterminated quoted identifier"],
    ["$$open", "an unterminated dollar quote"],
    ["(a", "a ( without its )"],
    ["a)", "a ) without its ("],
    ["  ", "it is empty"],
  ];
  for (const [sql, why] of bad) assertEquals(fragmentProblem(sql), why, sql);
});
