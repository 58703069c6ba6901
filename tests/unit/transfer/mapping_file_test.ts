/** The schema-to-schema mapping file: its shape, and its mistakes reported at their line. */
import { assertEquals, assertRejects, assertStringIncludes } from "../../_helpers/assert.ts";
import type { ConfitureError } from "../../../src/errors/mod.ts";
import { parseMappingFile } from "../../../src/transfer/mod.ts";

const FILE = "db/schema_to_schema.yaml";

Deno.test("mapping file: tables with from, columns (rename, expression, cast, default), drop, where, strategy, query; checks", async () => {
  const m = await parseMappingFile(
    `tables:
  public.users:
    from: public.accounts
    columns:
      display_name: full_name
      email: { expression: "lower(email)" }
      score: { from: score_text, cast: integer }
      tier: { cast: smallint }
      signup: { default: true }
    drop: [legacy_flag]
    where: "deleted_at IS NULL"
    strategy: fdw
  public.addresses:
    query: "SELECT id AS user_id, street FROM public.accounts"
  app."Order Items": { skip: true }
drop_tables: [public.sessions]
strategy: copy
fdw_max_size: 64MB
checks:
  - name: paying users
    source: "SELECT count(*) FROM accounts WHERE plan <> 'free'"
    target: "SELECT count(*) FROM users WHERE plan <> 'free'"
`,
    FILE,
  );
  const [users, addresses, items] = m.tables;
  assertEquals(users.from, "public.accounts");
  assertEquals(
    Object.fromEntries(Object.entries(users.columns).map(([k, v]) => [k, { ...v, location: undefined }])),
    {
      display_name: { kind: "column", from: "full_name", location: undefined },
      email: { kind: "expression", expression: "lower(email)", location: undefined },
      score: { kind: "column", from: "score_text", cast: "integer", location: undefined },
      tier: { kind: "cast", cast: "smallint", location: undefined },
      signup: { kind: "default", location: undefined },
    },
  );
  assertEquals([users.drop, users.where, users.strategy], [["legacy_flag"], "deleted_at IS NULL", "fdw"]);
  assertEquals(users.columns.email.location, { file: FILE, line: 6, col: 7 });
  assertEquals(addresses.query, "SELECT id AS user_id, street FROM public.accounts");
  assertEquals([items.table, items.skip], ['app."Order Items"', true]);
  assertEquals(m.dropTables.map((d) => d.table), ["public.sessions"]);
  assertEquals([m.strategy, m.fdwMaxBytes], ["copy", 64_000_000]);
  assertEquals(m.checks.map((c) => c.name), ["paying users"]);
});

async function refused(text: string): Promise<ConfitureError> {
  return (await assertRejects(() => parseMappingFile(text, FILE))) as ConfitureError;
}

Deno.test("mapping file: unknown keys name the closest one, at their line", async () => {
  const top = await refused("tables: {}\ndrop_table: [x.y]\n");
  assertEquals([top.code, top.location?.line], ["CONFIG_UNKNOWN_KEY", 2]);
  assertStringIncludes(top.hint ?? "", '"drop_tables"');
  const table = await refused("tables:\n  public.users:\n    colums: {}\n");
  assertEquals([table.code, table.location?.line], ["CONFIG_UNKNOWN_KEY", 3]);
  assertStringIncludes(table.hint ?? "", '"columns"');
  const column = await refused("tables:\n  public.users:\n    columns:\n      a: { expresion: x }\n");
  assertStringIncludes(column.hint ?? "", '"expression"');
  const check = await refused("checks:\n  - name: a\n    source: x\n    targte: y\n");
  assertStringIncludes(check.hint ?? "", '"target"');
});

Deno.test("mapping file: contradictions and wrong values are refused", async () => {
  const cases: [string, string][] = [
    ["tables:\n  public.a:\n    strategy: fast\n", "must be one of fdw, copy, auto"],
    ["tables:\n  public.a:\n    query: SELECT 1\n    from: public.b\n", 'does not go with "from"'],
    ["tables:\n  public.a:\n    query: SELECT 1\n    strategy: fdw\n", "read with the copy strategy"],
    ["tables:\n  public.a:\n    skip: true\n    where: x\n", '"skip" leaves the table empty'],
    ["tables:\n  public.a:\n    columns:\n      c: { from: x, expression: y }\n", '"from" and "expression"'],
    ["tables:\n  public.a:\n    columns:\n      c: { default: true, cast: int }\n", '"default: true"'],
    ["tables:\n  public.a:\n    columns:\n      c: {}\n", 'needs "from", "expression", "cast"'],
    ["checks:\n  - name: a\n    source: x\n", 'a check needs "target"'],
    ["checks:\n  - { name: a, source: x, target: y }\n  - { name: a, source: x, target: y }\n", "two checks"],
    ["fdw_max_size: lots\n", "must be a size"],
  ];
  for (const [text, message] of cases) {
    const e = await refused(text);
    assertEquals(e.code, "CONFIG_INVALID_VALUE", text);
    assertStringIncludes(e.message, message, text);
  }
});
