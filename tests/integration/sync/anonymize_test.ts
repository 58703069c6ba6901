/**
 * Anonymization inside `sync`, against real PostgreSQL: no original value of a ruled column left
 * anywhere in the target (plain columns, foreign-key columns, JSON); joins and unique keys
 * survive; rules follow foreign keys; refusals before any data moves (a non-injective strategy on
 * a unique column, a rule on a referencing column only, a missing key, PII without a rule).
 */
import { assert, assertEquals, assertMatch, assertNotEquals, assertRejects } from "../../_helpers/assert.ts";
import type { ColumnRule, SyncFile } from "../../../src/config/mod.ts";
import type { ConfitureError } from "../../../src/errors/mod.ts";
import { sync } from "../../../src/sync/mod.ts";
import { counts, makePair, queryOn, rowsOf } from "./_fixture.ts";

const SCHEMA = `
CREATE TABLE public.customers (
  id int PRIMARY KEY,
  email text NOT NULL UNIQUE,
  full_name text NOT NULL,
  phone varchar(20),
  profile jsonb,
  score int NOT NULL
);
CREATE TABLE public.orders (
  id int PRIMARY KEY,
  customer_email text NOT NULL REFERENCES public.customers (email),
  customer_id int REFERENCES public.customers (id),
  amount numeric(10,2) NOT NULL
);
CREATE TABLE public.settings (k text PRIMARY KEY, v text);
`;

const FIRST = ["Gwendolyn", "Bartholomew", "Philippa", "Octavian", "Rosalind"];
const LAST = ["Featherstonehaugh", "Quartermaine", "Abernathy", "Winterbottom", "Pemberton"];

const DATA = `
INSERT INTO public.customers
  SELECT g,
         'person' || g || '@secret-corp.example',
         (ARRAY['${FIRST.join("','")}'])[g % 5 + 1] || ' ' || (ARRAY['${LAST.join("','")}'])[(g / 5) % 5 + 1],
         '+33 6 ' || lpad((12345000 + g)::text, 8, '0'),
         jsonb_build_object('contact', jsonb_build_object('email', 'person' || g || '@secret-corp.example',
                            'phone', '+1 202 555 ' || lpad(g::text, 4, '0')), 'plan', 'pro'),
         g % 10
    FROM generate_series(1, 400) g;
INSERT INTO public.orders SELECT g, 'person' || (g % 400 + 1) || '@secret-corp.example', g % 400 + 1, g % 100
  FROM generate_series(1, 1200) g;
INSERT INTO public.settings VALUES ('theme', 'dark');
`;

function file(rules: Omit<ColumnRule, "optionLocations">[]): SyncFile {
  return {
    file: "sync.yaml",
    tables: [],
    exclude: [],
    where: [],
    columns: [],
    anonymize: rules.map((r) => ({ ...r, optionLocations: {} })),
    subset: [],
  };
}

const RULES = [
  { table: "public.customers", column: "email", rule: { strategy: "email", domain: "example.com" } },
  { table: "public.customers", column: "full_name", rule: { strategy: "full_name" } },
  { table: "public.customers", column: "phone", rule: { strategy: "phone" } },
  {
    table: "public.customers",
    column: "profile",
    rule: { strategy: "json", paths: { "$.contact.email": { strategy: "email" }, "$..phone": { strategy: "phone" } } },
  },
];

const KEY = { secret: new TextEncoder().encode("a test key that is long enough"), random: false };

async function dumpData(url: string): Promise<string> {
  const out = await new Deno.Command("pg_dump", { args: ["-a", url], stdout: "piped", stderr: "piped" }).output();
  assert(out.success, new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout);
}

Deno.test("anonymize: no original value of a ruled column anywhere in the target; joins and unique keys survive", async () => {
  await using pair = await makePair("anon_leak", SCHEMA, DATA);
  const r = await sync({
    source: pair.source.url,
    target: pair.target.url,
    tables: ["public.*"],
    file: file(RULES),
    anonymizeKey: KEY,
    jobs: 2,
    verify: true,
  });
  // The FK column follows the rule of the column it references.
  const orders = r.plan.tables.find((t) => t.table === "public.orders")!;
  assertEquals(orders.rules, [{
    column: "customer_email",
    strategy: "email",
    kind: "transform",
    followsFrom: "public.customers.email",
  }]);
  assert(r.verification!.every((v) => v.ok), JSON.stringify(r.verification));
  // Leak scan: a data-only dump of the target holds no original email, name or phone.
  const dump = await dumpData(pair.target.url);
  const originals = await queryOn<{ v: string }>(
    pair.source.url,
    "SELECT email AS v FROM public.customers UNION ALL SELECT full_name FROM public.customers " +
      "UNION ALL SELECT phone FROM public.customers UNION ALL SELECT profile #>> '{contact,phone}' FROM public.customers",
  );
  assertEquals(originals.length, 1600);
  for (const o of originals) assert(!dump.includes(o.v), "an original value is in the target");
  assert(!dump.includes("secret-corp"), "an original domain is in the target");
  for (const part of [...FIRST, ...LAST]) assert(!dump.includes(part), "an original name is in the target");
  // Joins between every foreign-key pair give the same counts; unique keys stay unique.
  const joins = (url: string) =>
    queryOn<{ a: string; b: string }>(
      url,
      `SELECT (SELECT count(*) FROM public.orders o JOIN public.customers c ON c.email = o.customer_email) AS a,
              (SELECT count(*) FROM public.orders o JOIN public.customers c ON c.id = o.customer_id
                 AND c.email = o.customer_email) AS b`,
    );
  assertEquals(await joins(pair.target.url), await joins(pair.source.url));
  const [u] = await queryOn<{ n: string; d: string }>(
    pair.target.url,
    "SELECT count(*) AS n, count(DISTINCT email) AS d FROM public.customers",
  );
  assertEquals(u.n, u.d);
  // Columns without a rule are copied as they are; the phone keeps its shape and length.
  assertEquals(await rowsOf(pair.target.url, "public.settings"), await rowsOf(pair.source.url, "public.settings"));
  const [p] = await queryOn<{ phone: string; email: string }>(
    pair.target.url,
    "SELECT phone, email FROM public.customers WHERE id = 7",
  );
  assertMatch(p.phone, /^\+\d\d \d \d{8}$/);
  assertMatch(p.email, /@example\.com$/);
  // Deterministic under the key: a second run gives the same rows; another key gives others.
  const before = await rowsOf(pair.target.url, "public.customers");
  await sync({
    source: pair.source.url,
    target: pair.target.url,
    tables: ["public.*"],
    file: file(RULES),
    anonymizeKey: KEY,
  });
  assertEquals(await rowsOf(pair.target.url, "public.customers"), before);
  await sync({
    source: pair.source.url,
    target: pair.target.url,
    tables: ["public.*"],
    file: file(RULES),
    anonymizeKey: { secret: new TextEncoder().encode("another key, also long enough"), random: false },
  });
  assertNotEquals(await rowsOf(pair.target.url, "public.customers"), before);
});

Deno.test("anonymize: refused before any data moves", async () => {
  await using pair = await makePair("anon_refuse", SCHEMA, DATA, "INSERT INTO public.settings VALUES ('kept', 'yes');");
  const refused = async (f: SyncFile, extra: Record<string, unknown> = {}) =>
    (await assertRejects(() =>
      sync({
        source: pair.source.url,
        target: pair.target.url,
        tables: ["public.*"],
        file: f,
        anonymizeKey: KEY,
        ...extra,
      })
    )) as ConfitureError;
  // full_name is not one-to-one: refused on the unique email column.
  const inj = await refused(file([{ table: "public.customers", column: "email", rule: { strategy: "full_name" } }]));
  assertEquals(inj.code, "CONFIG_INVALID_VALUE");
  assertMatch(inj.message, /public\.customers\.email/);
  // A rule on the referencing column only: the join would break.
  const fk = await refused(
    file([...RULES.slice(1), { table: "public.orders", column: "customer_email", rule: { strategy: "email" } }]),
  );
  assertMatch(
    fk.message,
    /public\.orders\.customer_email has a rule but the column it references, public\.customers\.email/,
  );
  // No key.
  const noKey = await refused(file(RULES), { anonymizeKey: undefined });
  assertEquals(noKey.code, "ANONYMIZE_KEY_MISSING");
  // Detected PII without a rule (email, names, phone, JSON with both).
  const pii = await refused(file([]));
  assertEquals(pii.code, "SYNC_PII_UNCOVERED");
  for (const c of ["customers.email", "customers.full_name", "customers.phone"]) {
    assertMatch(pii.message, new RegExp(c));
  }
  assert(!/secret-corp/.test(JSON.stringify(pii.toJSON())), "no sampled value in the error");
  // Nothing was touched.
  assertEquals(await counts(pair.target.url, ["public.settings", "public.customers"]), {
    "public.settings": 1,
    "public.customers": 0,
  });
  // --allow-pii lets it through; so do preserve rules.
  await sync({ source: pair.source.url, target: pair.target.url, tables: ["public.*"], allowPii: true });
  const keep = RULES.map((r) => ({ ...r, rule: { strategy: "preserve" } }));
  const ok = await sync({ source: pair.source.url, target: pair.target.url, tables: ["public.*"], file: file(keep) });
  assertEquals(ok.tables.find((t) => t.table === "public.customers")?.rows, 400);
  assert(ok.pii.some((c) => c.column === "email" && c.class === "email" && c.rule === "preserve"));
});

Deno.test("anonymize: dates and numbers are not taken for phone or card numbers from their values", async () => {
  const schema = `
CREATE DOMAIN public.past_date AS date;
CREATE DOMAIN public.amount AS numeric(12,2);
CREATE DOMAIN public.positive_amount AS public.amount CHECK (VALUE > 0);
CREATE TABLE public.events (
  id int PRIMARY KEY,
  happened date NOT NULL,
  recorded public.past_date,
  day_text text,
  amount numeric(12,2),
  ref numeric(20,0),
  net public.positive_amount
);
`;
  const data = `INSERT INTO public.events
  SELECT g, DATE '1843-10-01' + g, DATE '1901-02-03' + g, (DATE '1955-12-31' + g)::text, 1234567.89 + g,
         4111111111111111, 2345678.90 + g FROM generate_series(1, 20) g;`;
  await using pair = await makePair("anon_dates", schema, data);
  const r = await sync({ source: pair.source.url, target: pair.target.url, tables: ["public.*"] });
  assertEquals(r.tables.find((t) => t.table === "public.events")?.rows, 20);
  assertEquals(r.pii.filter((c) => c.class !== null), []);
});

Deno.test("anonymize: a sql rule is evaluated on the source; the plan says so", async () => {
  await using pair = await makePair("anon_sql", SCHEMA, DATA);
  const r = await sync({
    source: pair.source.url,
    target: pair.target.url,
    tables: ["public.*"],
    allowPii: true,
    file: file([{ table: "public.customers", column: "score", rule: { strategy: "sql", expression: "score * 10" } }]),
  });
  assertEquals(r.plan.tables.find((t) => t.table === "public.customers")!.rules[0].kind, "source");
  const [s] = await queryOn<{ m: number }>(pair.target.url, "SELECT max(score) AS m FROM public.customers");
  assertEquals(s.m, 90);
});
