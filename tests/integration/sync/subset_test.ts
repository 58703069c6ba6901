/**
 * Subsets against real PostgreSQL: the foreign-key closure over a self-reference, a two-table
 * cycle and a composite key; include_children; filtered dependents (with a self-reference); every
 * foreign key validates on the target; percent is deterministic; plan counts equal copied counts;
 * the source, behind a read-only role without TEMP, is only read.
 */
import { assert, assertEquals, assertMatch, assertRejects } from "../../_helpers/assert.ts";
import { TEST_SERVER_URL } from "../../_helpers/db.ts";
import type { ConfitureError } from "../../../src/errors/mod.ts";
import { percentBucket, sync, type SyncResult } from "../../../src/sync/mod.ts";
import { emptySyncFile } from "../../../src/config/mod.ts";
import { counts, execOn, makePair, queryOn, rowsOf } from "./_fixture.ts";

const SCHEMA = `
CREATE TABLE public.departments (id int PRIMARY KEY, name text NOT NULL, head_id int);
CREATE TABLE public.employees (
  id int PRIMARY KEY,
  dept_id int NOT NULL REFERENCES public.departments (id) DEFERRABLE INITIALLY DEFERRED,
  manager_id int REFERENCES public.employees (id),
  name text
);
ALTER TABLE public.departments ADD CONSTRAINT departments_head_fk FOREIGN KEY (head_id)
  REFERENCES public.employees (id) DEFERRABLE INITIALLY DEFERRED;
CREATE TABLE public.customers (id bigint PRIMARY KEY, region text NOT NULL);
CREATE TABLE public.products (sku text, variant int, title text NOT NULL, PRIMARY KEY (sku, variant));
CREATE TABLE public.orders (
  id bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES public.customers (id),
  sales_rep int REFERENCES public.employees (id),
  placed date NOT NULL
);
CREATE TABLE public.order_lines (
  order_id bigint REFERENCES public.orders (id),
  line int,
  sku text NOT NULL,
  variant int NOT NULL,
  qty int NOT NULL,
  PRIMARY KEY (order_id, line),
  FOREIGN KEY (sku, variant) REFERENCES public.products (sku, variant)
);
CREATE TABLE public.reviews (id int PRIMARY KEY, customer_id bigint NOT NULL REFERENCES public.customers (id), stars int);
CREATE TABLE public.review_replies (
  id int PRIMARY KEY,
  review_id int NOT NULL REFERENCES public.reviews (id),
  parent_id int REFERENCES public.review_replies (id)
);
CREATE TABLE public.countries (code text PRIMARY KEY, name text NOT NULL);
`;

// Employee 5 sells the odd orders up to 20: managers 5 → 4 → 1; departments 2 (head 8 → manager 6,
// department 3, head 7) and 1 (head 1). Employees 2 and 3 are referenced by nothing kept.
const DATA = `
BEGIN;
INSERT INTO public.departments VALUES (1, 'A', 1), (2, 'B', 8), (3, 'C', 7);
INSERT INTO public.employees VALUES
  (1, 1, NULL, 'e1'), (2, 1, 1, 'e2'), (3, 1, 2, 'e3'), (4, 2, 1, 'e4'), (5, 2, 4, 'e5'),
  (6, 3, NULL, 'e6'), (7, 3, 6, 'e7'), (8, 2, 6, 'e8');
COMMIT;
INSERT INTO public.customers SELECT g, 'region ' || (g % 4) FROM generate_series(1, 50) g;
INSERT INTO public.products SELECT 'P' || n, v, 'product ' || n || '/' || v FROM generate_series(1, 5) n, generate_series(1, 2) v;
INSERT INTO public.orders SELECT g, ((g - 1) % 50) + 1, CASE WHEN g <= 20 THEN CASE WHEN g % 2 = 1 THEN 5 END ELSE 3 END,
  date '2026-01-01' + g FROM generate_series(1, 100) g;
INSERT INTO public.order_lines SELECT g, 1, 'P' || (g % 5 + 1), 1, 1 FROM generate_series(1, 100) g;
INSERT INTO public.order_lines SELECT g, 2, 'P' || (g % 3 + 1), 2, 2 FROM generate_series(1, 100) g;
INSERT INTO public.reviews SELECT g, (g % 50) + 1, g % 5 FROM generate_series(1, 100) g;
INSERT INTO public.review_replies VALUES (1, 1, NULL), (2, 1, 1), (3, 30, NULL), (4, 1, 3), (5, 2, 4), (6, 2, 2);
INSERT INTO public.countries VALUES ('FR', 'France'), ('DE', 'Germany'), ('IT', 'Italy');
`;

const TABLES = [
  "public.departments",
  "public.employees",
  "public.customers",
  "public.products",
  "public.orders",
  "public.order_lines",
  "public.reviews",
  "public.review_replies",
  "public.countries",
];

/** Rows of the target breaking a foreign key, per constraint (every foreign key of the public schema). */
async function violations(url: string): Promise<Record<string, number>> {
  const fks = (await queryOn<{ name: string; child: string; parent: string; cols: string; refs: string }>(
    url,
    `SELECT c.conname AS name, c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent,
            array_to_json(array(SELECT quote_ident(attname) FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY i))::text AS cols,
            array_to_json(array(SELECT quote_ident(attname) FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                    JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY i))::text AS refs
       FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`,
  )).map((f) => ({ ...f, cols: JSON.parse(f.cols) as string[], refs: JSON.parse(f.refs) as string[] }));
  assert(fks.length >= 9, `foreign keys found: ${fks.length}`);
  const out: Record<string, number> = {};
  for (const fk of fks) {
    const notNull = fk.cols.map((c) => `x.${c} IS NOT NULL`).join(" AND ");
    const join = fk.cols.map((c, i) => `p.${fk.refs[i]} = x.${c}`).join(" AND ");
    const [{ n }] = await queryOn<{ n: string }>(
      url,
      `SELECT count(*) AS n FROM ${fk.child} x WHERE ${notNull} AND NOT EXISTS (SELECT 1 FROM ${fk.parent} p WHERE ${join})`,
    );
    out[fk.name] = Number(n);
  }
  return out;
}

const ids = async (url: string, table: string, col = "id") =>
  (await queryOn<{ v: string }>(url, `SELECT ${col}::text AS v FROM ${table} ORDER BY ${col}`)).map((r) => r.v);

function planRows(r: SyncResult): Record<string, number> {
  return Object.fromEntries(r.plan.tables.filter((t) => t.subset).map((t) => [t.table, t.subset!.rows]));
}

Deno.test("subset: closure over a self-reference, a cycle and a composite key; include_children; every FK validates", async () => {
  await using pair = await makePair("subset_closure", SCHEMA, DATA);
  const srcBefore = await Promise.all(TABLES.map((t) => rowsOf(pair.source.url, t)));
  // The source is reached through a role that may only read: SELECT, no TEMP, read-only by default.
  const role = `confiture_subset_ro_${Deno.pid}_${Date.now() % 100000}`;
  const dbName = new URL(pair.source.url).pathname.slice(1);
  await execOn(
    pair.source.url,
    `CREATE ROLE ${role} LOGIN PASSWORD 'ro-pw'; GRANT USAGE ON SCHEMA public TO ${role};
     GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role};
     REVOKE TEMPORARY ON DATABASE "${dbName}" FROM PUBLIC;
     ALTER ROLE ${role} SET default_transaction_read_only = on;`,
  );
  try {
    const u = new URL(pair.source.url);
    u.username = role;
    u.password = "ro-pw";
    const file = {
      ...emptySyncFile("sync.yaml"),
      subset: [{ table: "public.orders", where: "id <= 20", includeChildren: true }],
    };
    const plan = await sync({
      allowPii: true,
      source: u.href,
      target: pair.target.url,
      tables: TABLES,
      file,
      dryRun: true,
    });
    const r = await sync({
      allowPii: true,
      source: u.href,
      target: pair.target.url,
      tables: TABLES,
      file,
      verify: true,
    });
    const t = pair.target.url;
    // The root, and its children (include_children).
    assertEquals(await ids(t, "public.orders"), Array.from({ length: 20 }, (_, i) => String(i + 1)));
    assertEquals(await counts(t, ["public.order_lines"]), { "public.order_lines": 40 });
    // Parents, only those referenced: customers of the orders, products of their lines (composite key).
    assertEquals(await ids(t, "public.customers"), Array.from({ length: 20 }, (_, i) => String(i + 1)));
    const wantProducts = (await queryOn<{ k: string }>(
      pair.source.url,
      "SELECT DISTINCT sku || '/' || variant AS k FROM public.order_lines WHERE order_id <= 20 ORDER BY 1",
    )).map((x) => x.k);
    assertEquals(
      (await queryOn<{ k: string }>(t, "SELECT sku || '/' || variant AS k FROM public.products ORDER BY 1")).map((x) =>
        x.k
      ),
      wantProducts,
    );
    assert(wantProducts.length < 10, "some products are left out");
    // The self-reference and the cycle, to a fixpoint: 5 → 4 → 1; departments 2 → head 8 → 6 → department 3 → head 7.
    assertEquals(await ids(t, "public.employees"), ["1", "4", "5", "6", "7", "8"]);
    assertEquals(await ids(t, "public.departments"), ["1", "2", "3"]);
    // Filtered: reviews of the copied customers; replies whose review and parent reply are copied.
    assertEquals(
      await ids(t, "public.reviews"),
      (await queryOn<{ v: string }>(
        pair.source.url,
        "SELECT id::text AS v FROM public.reviews WHERE customer_id <= 20 ORDER BY id",
      ))
        .map((x) => x.v),
    );
    assertEquals(await ids(t, "public.review_replies"), ["1", "2", "6"]);
    // Untouched: whole.
    assertEquals(await counts(t, ["public.countries"]), { "public.countries": 3 });
    // Every foreign key validates.
    const v = await violations(t);
    assert(Object.values(v).every((n) => n === 0), JSON.stringify(v));
    // The plan's counts are the copied counts; verification compares the same rows.
    const copied = await counts(t, TABLES);
    for (const [table, n] of Object.entries(planRows(plan))) assertEquals(copied[table], n, table);
    assertEquals(planRows(plan), planRows(r));
    assertEquals(r.plan.tables.find((x) => x.table === "public.orders")?.subset?.kind, "root");
    assertEquals(r.plan.tables.find((x) => x.table === "public.employees")?.subset?.kind, "closure");
    assertEquals(r.plan.tables.find((x) => x.table === "public.reviews")?.subset?.kind, "filtered");
    assertEquals(r.plan.tables.find((x) => x.table === "public.countries")?.subset, undefined);
    for (const x of r.tables) assertEquals(x.rows, copied[x.table], x.table);
    assert(r.verification!.every((x) => x.ok), JSON.stringify(r.verification));
    // No key value reaches the plan's JSON-facing fields or the warnings.
    assert(!JSON.stringify(r.warnings).includes("ANY"));
    // The source was only read.
    assertEquals(await Promise.all(TABLES.map((x) => rowsOf(pair.source.url, x))), srcBefore);

    // Without include_children, the lines are filtered by their orders and products are copied whole.
    const noChildren = await sync({
      allowPii: true,
      source: u.href,
      target: t,
      tables: TABLES,
      subset: [{ table: "public.orders", where: "id <= 20" }],
    });
    assertEquals(await counts(t, ["public.order_lines", "public.products"]), {
      "public.order_lines": 40,
      "public.products": 10,
    });
    assertEquals(noChildren.plan.tables.find((x) => x.table === "public.order_lines")?.subset?.kind, "filtered");
    const v2 = await violations(t);
    assert(Object.values(v2).every((n) => n === 0), JSON.stringify(v2));
  } finally {
    await execOn(pair.source.url, `DROP OWNED BY ${role} CASCADE`).catch(() => undefined);
    await execOn(TEST_SERVER_URL, `DROP ROLE IF EXISTS ${role}`);
  }
});

Deno.test("subset: percent is deterministic on the key; filtered chains follow; roots named in errors", async () => {
  await using pair = await makePair("subset_percent", SCHEMA, DATA);
  const file = {
    ...emptySyncFile("sync.yaml"),
    subset: [{ table: "public.customers", percent: 30, includeChildren: false }],
  };
  const run = () =>
    sync({ allowPii: true, source: pair.source.url, target: pair.target.url, tables: TABLES, file, verify: true });
  const r1 = await run();
  const first = await ids(pair.target.url, "public.customers");
  const r2 = await run();
  assertEquals(await ids(pair.target.url, "public.customers"), first);
  assertEquals(planRows(r1), planRows(r2));
  // The rows the bucket of their integer key puts under 30 %.
  const want: string[] = [];
  for (let i = 1; i <= 50; i++) if (await percentBucket(BigInt(i)) < 3000) want.push(String(i));
  assertEquals(first, want);
  assert(want.length > 5 && want.length < 30, `${want.length} of 50`);
  // Orders of those customers (filtered), their lines (filtered through filtered orders), reviews.
  const inList = want.join(",");
  const expect = async (sql: string) => (await queryOn<{ n: string }>(pair.source.url, sql))[0].n;
  assertEquals(
    String((await counts(pair.target.url, ["public.orders"]))["public.orders"]),
    await expect(`SELECT count(*) AS n FROM public.orders WHERE customer_id IN (${inList})`),
  );
  assertEquals(
    String((await counts(pair.target.url, ["public.order_lines"]))["public.order_lines"]),
    await expect(
      `SELECT count(*) AS n FROM public.order_lines l JOIN public.orders o ON o.id = l.order_id WHERE o.customer_id IN (${inList})`,
    ),
  );
  // Employees are not reached from customers: whole.
  assertEquals(await counts(pair.target.url, ["public.employees"]), { "public.employees": 8 });
  const v = await violations(pair.target.url);
  assert(Object.values(v).every((n) => n === 0), JSON.stringify(v));
  assert(r2.verification!.every((x) => x.ok), JSON.stringify(r2.verification));

  // Unknown and uncopied root tables are named; a percent needs a key.
  const unknown = (await assertRejects(() =>
    sync({
      allowPii: true,
      source: pair.source.url,
      target: pair.target.url,
      tables: TABLES,
      subset: [{ table: "public.order", where: "true" }],
      dryRun: true,
    })
  )) as ConfitureError;
  assertEquals(unknown.code, "USAGE_INVALID_ARGUMENT");
  assertMatch(unknown.hint ?? "", /did you mean public\.orders/);
  const uncopied = (await assertRejects(() =>
    sync({
      allowPii: true,
      source: pair.source.url,
      target: pair.target.url,
      tables: ["public.countries"],
      subset: [{ table: "public.orders", where: "true" }],
      dryRun: true,
    })
  )) as ConfitureError;
  assertMatch(uncopied.message, /not among the copied tables/);
  await execOn(pair.source.url, "CREATE TABLE public.logbook (at timestamptz, line text)");
  await execOn(pair.target.url, "CREATE TABLE public.logbook (at timestamptz, line text)");
  const noKey = (await assertRejects(() =>
    sync({
      allowPii: true,
      source: pair.source.url,
      target: pair.target.url,
      tables: ["public.logbook"],
      subset: [{ table: "public.logbook", percent: 10 }],
      dryRun: true,
    })
  )) as ConfitureError;
  assertEquals(noKey.code, "SYNC_SUBSET_NO_KEY");
});
