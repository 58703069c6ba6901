/**
 * Streamed subsets against real PostgreSQL: when the closure needs no fixpoint, each table is read
 * once and its read is its copy (keyed reads in one unit). The rows must be exactly those the
 * closure computed first (`--dry-run`'s plan) would choose, through text and composite keys with
 * COPY escapes, NULL references, filtered chains and a parent of a parent; a row the target
 * rejects fails the unit without a value in the error, and `resume` finishes it.
 */
import { assert, assertEquals, assertRejects } from "../../_helpers/assert.ts";
import type { ConfitureError } from "../../../src/errors/mod.ts";
import { sync, type SyncResult } from "../../../src/sync/mod.ts";
import { emptySyncFile } from "../../../src/config/mod.ts";
import { counts, execOn, makePair, queryOn } from "./_fixture.ts";

// Country codes and SKUs hold a tab, a newline, a backslash, quotes, a comma and braces: they go
// through the COPY stream (escaped) and back into an array literal of a later read.
const SCHEMA = `
CREATE TABLE public.countries (code text PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.customers (id bigint PRIMARY KEY, country text REFERENCES public.countries (code), name text);
CREATE TABLE public.products (sku text, variant int, title text NOT NULL, PRIMARY KEY (sku, variant));
CREATE TABLE public.orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES public.customers (id), placed date);
CREATE TABLE public.order_lines (
  order_id bigint REFERENCES public.orders (id), line int, sku text NOT NULL, variant int NOT NULL,
  PRIMARY KEY (order_id, line), FOREIGN KEY (sku, variant) REFERENCES public.products (sku, variant)
);
CREATE TABLE public.reviews (
  id int PRIMARY KEY, customer_id bigint NOT NULL REFERENCES public.customers (id), sku text, variant int,
  FOREIGN KEY (sku, variant) REFERENCES public.products (sku, variant)
);
CREATE TABLE public.review_votes (id int PRIMARY KEY, review_id int NOT NULL REFERENCES public.reviews (id));
CREATE TABLE public.tags (id int PRIMARY KEY, label text);
`;

const CODES = ["FR", "tab\there", "new\nline", "back\\slash", 'quo"te', "com,ma", "{brace}", "N"];

const DATA = `
INSERT INTO public.countries SELECT c, 'country ' || i FROM unnest(ARRAY[${
  CODES.map((c) => `E'${c.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/'/g, "\\'")}'`)
    .join(", ")
}]) WITH ORDINALITY u(c, i);
INSERT INTO public.customers SELECT g, CASE WHEN g % 9 = 0 THEN NULL ELSE (SELECT array_agg(code ORDER BY code) FROM public.countries)[g % 8 + 1] END,
  'customer ' || g FROM generate_series(1, 60) g;
INSERT INTO public.products SELECT s, v, 'product ' || s || '/' || v
  FROM unnest(ARRAY['P1', E'P\\t2', E'P\\\\3', 'P{4}', 'P"5']) s, generate_series(1, 2) v;
INSERT INTO public.orders SELECT g, ((g * 7) % 60) + 1, date '2026-01-01' + g FROM generate_series(1, 200) g;
INSERT INTO public.order_lines SELECT o, l, (ARRAY['P1', E'P\\t2', E'P\\\\3', 'P{4}', 'P"5'])[(o + l) % 5 + 1], (o % 2) + 1
  FROM generate_series(1, 200) o, generate_series(1, 3) l WHERE o % 4 <> 0 OR l = 1;
INSERT INTO public.reviews SELECT g, (g % 60) + 1, CASE WHEN g % 5 = 0 THEN NULL ELSE (ARRAY['P1', E'P\\t2', E'P\\\\3', 'P{4}', 'P"5'])[g % 5 + 1] END,
  CASE WHEN g % 5 = 0 THEN NULL ELSE 1 END FROM generate_series(1, 120) g;
INSERT INTO public.review_votes SELECT g, (g % 120) + 1 FROM generate_series(1, 300) g;
INSERT INTO public.tags SELECT g, 'tag ' || g FROM generate_series(1, 5) g;
`;

const TABLES = [
  "public.countries",
  "public.customers",
  "public.products",
  "public.orders",
  "public.order_lines",
  "public.reviews",
  "public.review_votes",
  "public.tags",
];

/** The rows the subset must keep, by table: each computed on the source by plain SQL. */
const EXPECTED: Record<string, string> = {
  "public.orders": "SELECT o.* FROM public.orders o WHERE o.id % 7 = 0",
  "public.order_lines": "SELECT l.* FROM public.order_lines l WHERE l.order_id % 7 = 0",
  "public.customers":
    "SELECT c.* FROM public.customers c WHERE c.id IN (SELECT customer_id FROM public.orders WHERE id % 7 = 0)",
  "public.countries": `SELECT k.* FROM public.countries k WHERE k.code IN (SELECT country FROM public.customers
    WHERE id IN (SELECT customer_id FROM public.orders WHERE id % 7 = 0))`,
  "public.products":
    `SELECT p.* FROM public.products p WHERE (p.sku, p.variant) IN (SELECT sku, variant FROM public.order_lines
    WHERE order_id % 7 = 0)`,
  "public.reviews": `SELECT r.* FROM public.reviews r
    WHERE r.customer_id IN (SELECT customer_id FROM public.orders WHERE id % 7 = 0)
      AND (r.sku IS NULL OR r.variant IS NULL OR (r.sku, r.variant) IN (SELECT sku, variant FROM public.order_lines WHERE order_id % 7 = 0))`,
  "public.review_votes": `SELECT v.* FROM public.review_votes v WHERE v.review_id IN (SELECT r.id FROM public.reviews r
    WHERE r.customer_id IN (SELECT customer_id FROM public.orders WHERE id % 7 = 0)
      AND (r.sku IS NULL OR r.variant IS NULL OR (r.sku, r.variant) IN (SELECT sku, variant FROM public.order_lines WHERE order_id % 7 = 0)))`,
  "public.tags": "SELECT t.* FROM public.tags t",
};

/** The rows of `sql` (or of a table), as sorted JSON texts. */
async function rowsAsJson(url: string, sql: string): Promise<string[]> {
  return (await queryOn<{ j: string }>(url, `SELECT row_to_json(x)::text AS j FROM (${sql}) x ORDER BY 1`)).map((r) =>
    r.j
  );
}

async function assertExpected(source: string, target: string): Promise<void> {
  for (const [table, sql] of Object.entries(EXPECTED)) {
    const want = await rowsAsJson(source, sql);
    assert(want.length > 0, `${table}: the fixture keeps rows`);
    assertEquals(await rowsAsJson(target, `SELECT * FROM ${table}`), want, table);
  }
}

const planRows = (r: SyncResult) =>
  Object.fromEntries(r.plan.tables.filter((t) => t.subset).map((t) => [t.table, t.subset!.rows]));

Deno.test("subset, streamed: one read per table gives the rows the closure computed first would", async () => {
  await using pair = await makePair("subset_stream", SCHEMA, DATA);
  const file = {
    ...emptySyncFile("sync.yaml"),
    subset: [{ table: "public.orders", where: "id % 7 = 0", includeChildren: true }],
  };
  const base = { allowPii: true, source: pair.source.url, target: pair.target.url, tables: TABLES, file };
  // The plan alone computes the closure first and counts every table.
  const plan = await sync({ ...base, dryRun: true });
  const r = await sync({ ...base, verify: true });
  // Streamed: every subsetted and filtered table in one unit, read in an order where each comes
  // after the tables whose keys choose its rows; the whole table in a unit of its own.
  assertEquals(r.plan.units.length, 2);
  const unit = r.plan.units.find((u) => u.tables.length > 1)!;
  assert(unit.tables.every((t) => t.keyed !== undefined));
  const order = unit.tables.map((t) => t.table);
  const before = (a: string, b: string) => assert(order.indexOf(a) < order.indexOf(b), `${a} before ${b}: ${order}`);
  before("public.orders", "public.order_lines");
  before("public.orders", "public.customers");
  before("public.customers", "public.countries");
  before("public.order_lines", "public.products");
  before("public.customers", "public.reviews");
  before("public.products", "public.reviews");
  before("public.reviews", "public.review_votes");

  await assertExpected(pair.source.url, pair.target.url);
  // The counts the closure computed first are the streamed run's.
  const copied = await counts(pair.target.url, TABLES);
  assertEquals(planRows(r), planRows(plan));
  for (const [table, n] of Object.entries(planRows(plan))) assertEquals(copied[table], n, table);
  assertEquals(r.plan.tables.find((t) => t.table === "public.orders")?.subset?.kind, "root");
  assertEquals(r.plan.tables.find((t) => t.table === "public.countries")?.subset?.kind, "closure");
  assertEquals(r.plan.tables.find((t) => t.table === "public.review_votes")?.subset?.kind, "filtered");
  assert(r.verification!.every((v) => v.ok), JSON.stringify(r.verification));

  // In one target transaction (--atomic, in this thread) the same rows.
  await execOn(pair.target.url, `TRUNCATE ${TABLES.join(", ")}`);
  await sync({ ...base, atomic: true });
  await assertExpected(pair.source.url, pair.target.url);

  // A key column anonymized (the rule follows customers.country): later reads are chosen by the
  // source's values, read before the transform; the target's values are others, and still join.
  const anonymized = await sync({
    ...base,
    file: {
      ...file,
      anonymize: [{ table: "public.countries", column: "code", rule: { strategy: "hash" }, optionLocations: {} }],
    },
    anonymizeKey: { secret: new TextEncoder().encode("a test key that is long enough"), random: false },
  });
  assertEquals(planRows(anonymized), planRows(plan));
  assertEquals(await counts(pair.target.url, TABLES), copied);
  const codes = (await queryOn<{ c: string }>(pair.target.url, "SELECT code AS c FROM public.countries")).map((x) =>
    x.c
  );
  assert(codes.every((c) => !CODES.includes(c)), codes.join());
  const [{ n }] = await queryOn<{ n: string }>(
    pair.target.url,
    `SELECT count(*) AS n FROM public.customers c JOIN public.countries k ON k.code = c.country`,
  );
  const [{ m }] = await queryOn<{ m: string }>(
    pair.source.url,
    `SELECT count(*) AS m FROM (${EXPECTED["public.customers"]}) c
    WHERE c.country IS NOT NULL`,
  );
  assertEquals(n, m);
});

Deno.test("subset, streamed: a row the target rejects fails the unit without its value; resume finishes it", async () => {
  await using pair = await makePair("subset_stream_reject", SCHEMA, DATA);
  // A line of a kept order the target refuses (its description never shows).
  await execOn(pair.source.url, "UPDATE public.order_lines SET sku = 'P1' WHERE order_id = 14 AND line = 2");
  await execOn(
    pair.target.url,
    "ALTER TABLE public.order_lines ADD CONSTRAINT no_second_p1 CHECK (NOT (line = 2 AND sku = 'P1' AND order_id = 14))",
  );
  const file = {
    ...emptySyncFile("sync.yaml"),
    subset: [{ table: "public.orders", where: "id % 7 = 0", includeChildren: true }],
  };
  const base = { allowPii: true, source: pair.source.url, target: pair.target.url, tables: TABLES, file };
  const err = (await assertRejects(() => sync(base))) as ConfitureError;
  assertEquals(err.sqlstate, "23514");
  assert(err.message.includes("public.order_lines"), err.message);
  const shown = JSON.stringify({ m: err.message, d: err.detail, h: err.hint });
  for (const value of ["P1", "customer ", "country "]) assert(!shown.includes(value), shown);
  // Nothing of the subset's unit was kept; the whole table's unit was.
  assertEquals(await counts(pair.target.url, ["public.orders", "public.order_lines", "public.customers"]), {
    "public.orders": 0,
    "public.order_lines": 0,
    "public.customers": 0,
  });
  await execOn(pair.target.url, "ALTER TABLE public.order_lines DROP CONSTRAINT no_second_p1");
  const resumed = await sync({ ...base, resume: true });
  assert(resumed.resumed);
  await assertExpected(pair.source.url, pair.target.url);
});
