/** The sync file: its shape, and errors at file:line:col with the closest key. */
import { assert, assertEquals, assertRejects } from "../../_helpers/assert.ts";
import type { ConfitureError } from "../../../src/errors/mod.ts";
import { parseSyncFile } from "../../../src/config/mod.ts";

Deno.test("sync file: selection, filters, columns, rules and subset roots", async () => {
  const f = await parseSyncFile(
    `tables: ["public.*", "audit.events"]
exclude: ["public.*_log"]
where:
  public.orders: "created_at > now() - interval '90 days'"
columns:
  public.users: [id, email, created_at]
anonymize:
  public.users:
    email: { strategy: email, domain: example.com }
    notes: redact
subset:
  - table: public.orders
    where: "id < 100"
    include_children: true
  - table: app."Order Items"
    percent: 5
`,
    "db/sync.yaml",
  );
  assertEquals(f.tables.map((t) => t.pattern), ["public.*", "audit.events"]);
  assertEquals(f.tables[1].location, { file: "db/sync.yaml", line: 1, col: 22 });
  assertEquals(f.exclude.map((t) => t.pattern), ["public.*_log"]);
  assertEquals(f.where, [{
    table: "public.orders",
    sql: "created_at > now() - interval '90 days'",
    location: { file: "db/sync.yaml", line: 4, col: 3 },
  }]);
  assertEquals(f.columns[0].columns, ["id", "email", "created_at"]);
  assertEquals(f.anonymize.map((r) => [r.table, r.column, r.rule]), [
    ["public.users", "email", { strategy: "email", domain: "example.com" }],
    ["public.users", "notes", { strategy: "redact" }],
  ]);
  assertEquals(f.anonymize[0].optionLocations.domain?.line, 9);
  assertEquals(f.subset.map((s) => [s.table, s.where, s.percent, s.includeChildren]), [
    ["public.orders", "id < 100", undefined, true],
    ['app."Order Items"', undefined, 5, false],
  ]);
});

Deno.test("sync file: unknown keys and wrong types are errors at their line with the closest key", async () => {
  const cases: [string, string, number, RegExp][] = [
    ["tables: [a.b]\nexlude: [x.y]\n", "CONFIG_UNKNOWN_KEY", 2, /did you mean "exclude"/],
    ["where:\n  public.t: [1, 2]\n", "CONFIG_INVALID_VALUE", 2, /must be a string/],
    ["subset:\n  - table: public.t\n    percnt: 5\n", "CONFIG_UNKNOWN_KEY", 3, /did you mean "percent"/],
    ["subset:\n  - table: public.t\n    percent: 150\n", "CONFIG_INVALID_VALUE", 3, /at most 100/],
    ["subset:\n  - table: public.t\n", "CONFIG_INVALID_VALUE", 2, /needs "where" or "percent"/],
    ["anonymize:\n  public.t:\n    email: { domain: x }\n", "CONFIG_INVALID_VALUE", 3, /needs a "strategy"/],
    ["columns:\n  public.t: []\n", "CONFIG_INVALID_VALUE", 2, /lists no column/],
  ];
  for (const [text, code, line, hint] of cases) {
    const e = (await assertRejects(() => parseSyncFile(text, "sync.yaml"))) as ConfitureError;
    assertEquals(e.code, code, text);
    assertEquals(e.location?.line, line, text);
    assert(hint.test(`${e.message} ${e.hint ?? ""}`), `${text}: ${e.message} ${e.hint}`);
  }
});
