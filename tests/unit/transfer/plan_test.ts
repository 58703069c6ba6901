/**
 * The schema-to-schema mapping and plan on catalog facts (no database): pairing by name, hint and
 * mapping file; the refusals, all listed at once; strategies (auto from the source's size, fdw
 * unavailable, queries); load units in foreign-key order; the SQL each strategy runs.
 */
import { assert, assertEquals, assertRejects, assertStringIncludes } from "../../_helpers/assert.ts";
import { ConfitureError } from "../../../src/errors/mod.ts";
import { columnFacts, foreignKeyFacts, tableFacts } from "../../_helpers/facts.ts";
import {
  emptyMappingFile,
  type FdwAvailability,
  isBuiltinType,
  parseMappingFile,
  planTransfer,
  resolveMapping,
  type SourceProbe,
} from "../../../src/transfer/mod.ts";
import { aliasColumns } from "../../../src/transfer/probe.ts";
import { foreignTableName, insertSql, readSql, sourceHashExpressions } from "../../../src/transfer/statements.ts";

const col = columnFacts;
const table = tableFacts;

/** Expressions read the source columns whose names they contain (an input, not PostgreSQL). */
const probe: SourceProbe = {
  columnsUsed: (t, e) => Promise.resolve(t.columns.map((c) => c.name).filter((c) => e.includes(c))),
  checkWhere: () => Promise.resolve(),
  queryColumns: () => Promise.resolve(["user_id", "street"]),
  queryReads: () => Promise.resolve({ tables: ["table:public.accounts"], rows: 10, bytes: 100 }),
};

const accounts = table("public", "accounts", [
  col("id", "bigint", { notNull: true }),
  col("full_name"),
  col("email"),
  col("legacy"),
]);
const orders = table("public", "orders", [col("id", "bigint"), col("account_id", "bigint"), col("total", "numeric")], {
  stats: { rowEstimate: 1_000_000, bytes: 90_000_000 },
});
const users = table("public", "users", [
  col("id", "bigint", { notNull: true, identity: "a" }),
  col("name", "text", { notNull: true }),
  col("email", "character varying(40)"),
  col("created_at", "timestamp with time zone", { notNull: true, default: "now()" }),
]);
const purchases = table(
  "public",
  "purchases",
  [col("id", "bigint"), col("user_id", "bigint"), col("total", "numeric")],
  {
    foreignKeys: [foreignKeyFacts("purchases_user_fk", ["user_id"], "table:public.users", ["id"])],
  },
);
const hints = [
  { kind: "table", from: "table:public.orders", to: "table:public.purchases" },
  { kind: "column", from: "column:public.users.full_name", to: "column:public.users.name" },
];

Deno.test("mapping: pairs by file, hint and name; refuses everything that loses data, listed at once", async () => {
  const file = await parseMappingFile(
    `tables:
  public.users:
    from: public.accounts
    columns:
      email: { expression: "lower(email)" }
  public.purchases:
    columns:
      user_id: account_id
`,
    "m.yaml",
  );
  const lost = (await assertRejects(() =>
    resolveMapping({
      source: [accounts, orders, table("public", "logs", [col("x")])],
      target: [users, purchases, table("public", "fresh", [col("must", "int", { notNull: true })])],
      hints,
      file,
      never: [],
    }, probe)
  )) as ConfitureError;
  assertEquals(lost.code, "S2S_MAPPING_REFUSED");
  assertEquals(lost.detail?.split("\n"), [
    "source public.accounts: column legacy is carried by no column of public.users; list it under drop: to drop it",
    "source table public.logs is read by no target table; map it (tables: …: from:) or list it under drop_tables:",
  ]);

  const ok = await parseMappingFile(
    `tables:
  public.users:
    from: public.accounts
    columns:
      email: { expression: "lower(email)" }
    drop: [legacy]
  public.purchases:
    columns:
      user_id: account_id
drop_tables: [public.logs]
`,
    "m.yaml",
  );
  const m = await resolveMapping({
    source: [accounts, orders, table("public", "logs", [col("x")])],
    target: [users, purchases],
    hints,
    file: ok,
    never: [],
  }, probe);
  const u = m.tables.find((t) => t.table === "public.users")!;
  assertEquals(u.columns.map((c) => [c.target, c.sql, c.origin]), [
    ["id", '"id"', "name"],
    ["name", '"full_name"', "hint"],
    ["email", "(lower(email))", "mapping"],
  ]);
  assertEquals(u.defaulted, ["created_at"]);
  const p = m.tables.find((t) => t.table === "public.purchases")!;
  assertEquals(p.source.kind === "table" && [p.source.table.name, p.source.origin], ["orders", "hint"]);
  assertEquals(p.columns.map((c) => [c.target, c.sql, c.plain]), [
    ["id", '"id"', true],
    ["user_id", '"account_id"', true],
    ["total", '"total"', true],
  ]);

  // A NOT NULL column without a default and without a source.
  const unsourced = (await assertRejects(() =>
    resolveMapping({
      source: [table("public", "users", [col("id", "bigint")])],
      target: [table("public", "users", [col("id", "bigint"), col("tier", "int", { notNull: true })])],
      hints: [],
      file: emptyMappingFile(),
      never: [],
    }, probe)
  )) as ConfitureError;
  assertStringIncludes(unsourced.detail ?? "", "target public.users: column tier is NOT NULL without a default");
});

/** The error resolving the mapping file `yaml` (accounts, orders → users, purchases) rejects with. */
async function mappingRefusal(yaml: string, sourceProbe: SourceProbe): Promise<ConfitureError> {
  const file = await parseMappingFile(yaml, "m.yaml");
  return (await assertRejects(() =>
    resolveMapping({ source: [accounts, orders], target: [users, purchases], hints, file, never: [] }, sourceProbe)
  )) as ConfitureError;
}

Deno.test("mapping: a table name that is neither on the target nor the source suggests the closest one", async () => {
  const refused = (yaml: string) => mappingRefusal(yaml, probe);
  const target = await refused("tables:\n  public.user:\n    from: public.accounts\n");
  assertEquals(target.code, "CONFIG_INVALID_VALUE");
  assertEquals(target.location?.line, 2);
  assertStringIncludes(target.hint ?? "", 'did you mean "public.users"?');
  const from = await refused("tables:\n  public.users:\n    from: public.acounts\n");
  assertStringIncludes(from.message, "public.acounts is not a table of the source");
  assertStringIncludes(from.hint ?? "", 'did you mean "public.accounts"?');
  const dropped = await refused("drop_tables: [public.order]\n");
  assertStringIncludes(dropped.hint ?? "", 'did you mean "public.orders"?');
});

Deno.test("mapping: a where: or query: the source rejects is located at its own line", async () => {
  const rejecting: SourceProbe = {
    ...probe,
    checkWhere: () => Promise.reject(new ConfitureError("SQL_ERROR", 'syntax error at or near "FROM"')),
    queryColumns: () => Promise.reject(new ConfitureError("SQL_ERROR", 'syntax error at or near "FROM"')),
  };
  const at = (yaml: string) => mappingRefusal(yaml, rejecting);
  const where = await at(
    'tables:\n  public.users:\n    from: public.accounts\n    drop: [legacy]\n    where: "id >"\n',
  );
  assertEquals([where.code, where.location?.line], ["SQL_ERROR", 5]);
  assertStringIncludes(where.message, "tables.public.users.where");
  const query = await at('tables:\n  public.purchases:\n    query: "SELECT FROM"\n');
  assertEquals([query.code, query.location?.line], ["SQL_ERROR", 3]);
});

async function planned(fdw: FdwAvailability, fdwMaxBytes = 8_000_000) {
  const file = await parseMappingFile(
    `tables:
  public.users:
    from: public.accounts
    drop: [legacy]
  public.purchases:
    columns:
      user_id: account_id
  public.addresses:
    query: "SELECT id AS user_id, street FROM public.accounts"
`,
    "m.yaml",
  );
  const addresses = table("public", "addresses", [col("user_id", "bigint"), col("street")]);
  const mapping = await resolveMapping({
    source: [accounts, orders],
    target: [purchases, users, addresses],
    hints,
    file,
    never: [],
  }, probe);
  return planTransfer({
    mapping,
    source: [accounts, orders],
    target: [purchases, users, addresses],
    targetExtras: {
      "table:public.purchases": {
        triggers: [],
        foreignKeys: {
          purchases_user_fk: {
            definition: "FOREIGN KEY (user_id) REFERENCES public.users(id)",
            comment: null,
            inherited: false,
          },
        },
      },
    },
    heapPages: {},
    sequences: {},
    fdw,
    options: { jobs: 1, mode: "replica", fdwMaxBytes },
  });
}

Deno.test("plan: auto from the source's size, queries with copy, parents first; fdw unavailable falls back", async () => {
  const p = await planned({ available: true });
  const strategies = (plan: typeof p) => Object.fromEntries(plan.tables.map((t) => [t.table, t.strategy]));
  assertEquals(strategies(p), { "public.users": "fdw", "public.addresses": "copy", "public.purchases": "copy" });
  const order = p.tables.map((t) => t.table);
  assert(order.indexOf("public.users") < order.indexOf("public.purchases"), order.join());
  const note = (plan: typeof p, t: string) => plan.tables.find((x) => x.table === t)!.strategyNote;
  assertStringIncludes(note(p, "public.users"), "auto: fdw, 98 KiB ≤");
  assertStringIncludes(note(p, "public.purchases"), "auto: copy, 85.8 MiB >");
  assertEquals(note(p, "public.addresses"), "query: read on the source with copy");
  const purchasesUnit = p.units.find((u) => u.tables[0].table === "public.purchases")!;
  const usersUnit = p.units.find((u) => u.tables[0].table === "public.users")!;
  assertEquals(purchasesUnit.dependsOn, [usersUnit.id]);
  assert(purchasesUnit.after.some((s) => s.includes("CONSTRAINT = 'purchases_user_fk'")), "the key is checked");
  assertEquals(p.foreignTables.map((t) => t.name), ["accounts"]);
  assertEquals([...p.truncate].sort(), ["public.addresses", "public.purchases", "public.users"]);
  // users from a foreign table: the identity column is written over, varchar(40) by assignment.
  assertEquals(
    usersUnit.tables[0].insert,
    'INSERT INTO "public"."users" ("id", "name", "email") OVERRIDING SYSTEM VALUE SELECT "id", "full_name", ' +
      '("email")::text FROM "confiture_s2s"."public.accounts"',
  );
  assertEquals(
    purchasesUnit.tables[0].read,
    'COPY (SELECT "id", "account_id", "total" FROM ONLY "public"."orders") TO STDOUT',
  );
  const none = await planned({ available: false, reason: "the target is the embedded engine" });
  assertEquals(Object.values(strategies(none)), ["copy", "copy", "copy"]);
  assertStringIncludes(note(none, "public.users"), "postgres_fdw unavailable (the target is the embedded engine)");
  assertEquals(none.foreignTables, []);
  const big = await planned({ available: true }, 100_000_000);
  assertEquals(strategies(big), { "public.users": "fdw", "public.addresses": "copy", "public.purchases": "fdw" });
});

Deno.test("statements: built-in types, converted hash expressions, foreign table names, alias columns", async () => {
  assert(isBuiltinType("character varying(40)") && isBuiltinType("numeric(10,2)") && isBuiltinType('"char"'));
  assert(!isBuiltinType('"shop"."order_status"') && !isBuiltinType("public.email"));
  assertEquals(foreignTableName({ schema: "public", name: "orders" }), "public.orders");
  const long = foreignTableName({ schema: "s".repeat(40), name: "é".repeat(30) });
  assert(new TextEncoder().encode(long).length <= 63, long);
  assert(long !== foreignTableName({ schema: "s".repeat(40), name: "é".repeat(29) + "e" }));
  const mapping = await resolveMapping({
    source: [table("public", "t", [col("n", "text"), col("k", '"public"."kind"')])],
    target: [table("public", "t", [col("n", "integer"), col("k", '"public"."kind"')])],
    hints: [],
    file: emptyMappingFile(),
    never: [],
  }, probe);
  const t = mapping.tables[0];
  assertEquals(sourceHashExpressions(t), ['(("n")::text)::integer', '"k"']);
  assertEquals(readSql(t, undefined, 10), 'COPY (SELECT "n", "k" FROM ONLY "public"."t" LIMIT 10) TO STDOUT');
  assertEquals(
    insertSql(t),
    'INSERT INTO "public"."t" ("n", "k") SELECT (("n")::text)::integer, (("k")::text)::"public"."kind" ' +
      'FROM "confiture_s2s"."public.t"',
  );
  assertEquals(
    aliasColumns(["lower(r.email) || 'r.x'", 'r."We ""ird"', "(SubPlan 1)"], "r"),
    ['We "ird', "email"],
  );
  assertEquals(aliasColumns(["to_jsonb(r.*)"], "r"), "all");
});
