/**
 * Schema-to-schema benchmark, two parts.
 *
 * 1. **Against pg_dump.** A generated source (customers, products, orders, order lines: foreign
 *    keys, realistic text widths; 1.4M rows by default) moved into a prebuilt target whose DDL
 *    tree renames two columns (customers.full_name → display_name, orders.placed_at → ordered_at,
 *    both by `-- confiture:renamed-from` hints) and casts one (order_lines.quantity integer →
 *    smallint, `cast:` in the mapping file), by
 *    - `pg_dump -a -t … SRC | sed … | psql TGT`, the baseline: the renames applied by `sed` on the
 *      column lists of the `COPY` lines only (data lines untouched); the cast is COPY's input;
 *    - `confiture schema-to-schema run` with `--strategy auto` (the threshold measured in part 2),
 *      `--jobs 1` and `--jobs 2` (whole processes, the binary's permission flags).
 *    Each round starts from a fresh copy of the prebuilt target (`CREATE DATABASE … TEMPLATE`).
 *    Prints medians and the ratio baseline time / tool time (above 1: faster than the baseline).
 * 2. **fdw against copy per table size.** One table of N rows (`--sizes`, default 1k, 10k, 100k,
 *    1M) moved alone with `--strategy fdw` and `--strategy copy`: the table's own load time (its
 *    `INSERT … SELECT` or its COPY streams, from the run's `--json`) and the whole process. Where fdw stops being faster sets `auto`'s
 *    threshold (`--fdw-max-size`, `fdw_max_size:`).
 *
 * `--sizes-only` runs the second part alone.
 *
 *   deno run -A scripts/bench/schema_to_schema.ts [--scale 1] [--rounds 3] [--sizes 1000,10000] [--sizes-only] [--quick]
 * @module
 */
import { join } from "node:path";
import { connect } from "../../src/db/mod.ts";
import { RUN_FLAGS } from "../permissions.ts";
import { admin, arg, median, urlFor } from "./_lib.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;
const QUICK = Deno.args.includes("--quick");
const SCALE = arg("scale", QUICK ? 0.1 : 1);
const ROUNDS = arg("rounds", QUICK ? 1 : 3);
const SIZES = (() => {
  const i = Deno.args.indexOf("--sizes");
  if (i >= 0) return Deno.args[i + 1].split(",").map(Number);
  return QUICK ? [1_000, 100_000] : [1_000, 10_000, 100_000, 1_000_000];
})();

const OLD = `
CREATE TABLE customers (
  id bigint PRIMARY KEY, email text NOT NULL UNIQUE, full_name text NOT NULL, phone text,
  street text, city text, created_at timestamptz NOT NULL
);
CREATE TABLE products (id int PRIMARY KEY, sku text NOT NULL UNIQUE, title text NOT NULL, price numeric(10,2) NOT NULL);
CREATE TABLE orders (
  id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id), status text NOT NULL,
  placed_at timestamptz NOT NULL, total numeric(12,2) NOT NULL, note text
);
CREATE INDEX orders_customer_idx ON orders (customer_id);
CREATE TABLE order_lines (
  order_id bigint NOT NULL REFERENCES orders (id), line int NOT NULL, product_id int NOT NULL REFERENCES products (id),
  quantity int NOT NULL, unit_price numeric(10,2) NOT NULL, description text,
  PRIMARY KEY (order_id, line)
);
`;

/** The new schema: two columns renamed (hints), one retyped. */
const TREE: Record<string, string> = {
  "db/schema/10_customers.sql": `CREATE TABLE customers (
  id bigint PRIMARY KEY, email text NOT NULL UNIQUE,
  display_name text NOT NULL, -- confiture:renamed-from full_name
  phone text, street text, city text, created_at timestamptz NOT NULL
);
`,
  "db/schema/20_products.sql":
    `CREATE TABLE products (id int PRIMARY KEY, sku text NOT NULL UNIQUE, title text NOT NULL, price numeric(10,2) NOT NULL);
`,
  "db/schema/30_orders.sql": `CREATE TABLE orders (
  id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id), status text NOT NULL,
  ordered_at timestamptz NOT NULL, -- confiture:renamed-from placed_at
  total numeric(12,2) NOT NULL, note text
);
CREATE INDEX orders_customer_idx ON orders (customer_id);
CREATE TABLE order_lines (
  order_id bigint NOT NULL REFERENCES orders (id), line int NOT NULL, product_id int NOT NULL REFERENCES products (id),
  quantity smallint NOT NULL, unit_price numeric(10,2) NOT NULL, description text,
  PRIMARY KEY (order_id, line)
);
`,
};

const MAPPING = `tables:
  public.order_lines:
    columns:
      quantity: { cast: smallint }
`;

const TABLES = ["customers", "products", "orders", "order_lines"];

function data(scale: number): string {
  const c = Math.round(200_000 * scale), p = 10_000, o = Math.round(400_000 * scale);
  return `
INSERT INTO customers SELECT g, 'customer' || g || '@example.com', 'Firstname' || (g % 977) || ' Lastname' || (g % 1013),
  '+33 6 ' || lpad((g % 100000000)::text, 8, '0'), g || ' rue de la Paix', 'City ' || (g % 500),
  timestamptz '2020-01-01' + g * interval '17 minutes' FROM generate_series(1, ${c}) g;
INSERT INTO products SELECT g, 'SKU-' || lpad(g::text, 8, '0'), 'Product title number ' || g || ' with some words',
  (g % 500) + 0.99 FROM generate_series(1, ${p}) g;
INSERT INTO orders SELECT g, (g % ${c}) + 1, (ARRAY['new','paid','shipped','done'])[g % 4 + 1],
  timestamptz '2023-01-01' + g * interval '3 minutes', (g % 10000) / 7.0,
  CASE WHEN g % 3 = 0 THEN NULL ELSE 'Please leave the parcel at the door, order ' || g END FROM generate_series(1, ${o}) g;
INSERT INTO order_lines SELECT (g / 2) + 1, g % 2 + 1, (g % ${p}) + 1, g % 5 + 1, (g % 300) + 0.5,
  'Line description for item ' || g FROM generate_series(0, ${2 * o} - 1) g;
ANALYZE;
`;
}

async function sh(cmd: string, cwd?: string): Promise<{ ms: number; stdout: string }> {
  const t0 = performance.now();
  const out = await new Deno.Command("bash", {
    args: ["-o", "pipefail", "-c", cmd],
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(`failed: ${cmd}\n${new TextDecoder().decode(out.stderr)}`);
  return { ms: performance.now() - t0, stdout: new TextDecoder().decode(out.stdout) };
}

async function exists(db: string): Promise<boolean> {
  const c = await connect({ url: urlFor("postgres"), source: "flag" });
  try {
    return (await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [db])).length > 0;
  } finally {
    await c.close();
  }
}

async function exec(db: string, sql: string): Promise<void> {
  const c = await connect({ url: urlFor(db), source: "flag" });
  try {
    await c.exec(sql);
  } finally {
    await c.close();
  }
}

async function rowsIn(db: string, tables: string[]): Promise<number> {
  const c = await connect({ url: urlFor(db), source: "flag" });
  try {
    let n = 0;
    for (const t of tables) n += Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${t}`))[0].n);
    return n;
  } finally {
    await c.close();
  }
}

async function fresh(template: string, name: string): Promise<void> {
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name} TEMPLATE ${template}`);
}

/** A project folder holding a DDL tree and a mapping file. */
async function project(tree: Record<string, string>, mapping: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "confiture-bench-s2s-" });
  for (const [path, text] of Object.entries(tree)) {
    await Deno.mkdir(join(dir, path, ".."), { recursive: true });
    await Deno.writeTextFile(join(dir, path), text);
  }
  await Deno.writeTextFile(join(dir, "db/schema_to_schema.yaml"), mapping);
  return dir;
}

const confiture = (args: string) => `deno run ${RUN_FLAGS.join(" ")} --quiet ${MAIN} ${args}`;

async function againstPgDump(): Promise<void> {
  const src = `bench_s2s_src_${String(SCALE).replace(".", "_")}`;
  const empty = "bench_s2s_empty";
  const dst = "bench_s2s_dst";
  if (!(await exists(src)) || Deno.args.includes("--regenerate")) {
    console.error(`generating ${src} (scale ${SCALE}) …`);
    await admin(`DROP DATABASE IF EXISTS ${src} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${src}`);
    await exec(src, OLD + data(SCALE));
  }
  await admin(`DROP DATABASE IF EXISTS ${empty} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${empty}`);
  await exec(empty, Object.values(TREE).join("\n"));
  const dir = await project(TREE, MAPPING);
  const total = await rowsIn(src, TABLES);
  console.log(`source: ${total.toLocaleString("en-US")} rows in ${TABLES.length} tables`);
  const srcUrl = urlFor(src);
  const dstUrl = urlFor(dst);
  const renames = "sed -e '/^COPY public.customers /s/full_name/display_name/' " +
    "-e '/^COPY public.orders /s/placed_at/ordered_at/'";
  const tools: Record<string, () => Promise<number>> = {
    "pg_dump -a | sed | psql": async () =>
      (await sh(
        `pg_dump -a ${TABLES.map((t) => `-t ${t}`).join(" ")} '${srcUrl}' | ${renames} | ` +
          `psql -X -q -v ON_ERROR_STOP=1 -d '${dstUrl}'`,
      )).ms,
    "confiture run --jobs 1 (auto)": async () =>
      (await sh(confiture(`schema-to-schema run --source '${srcUrl}' --target '${dstUrl}' --jobs 1`), dir)).ms,
    "confiture run --jobs 2 (auto)": async () =>
      (await sh(confiture(`schema-to-schema run --source '${srcUrl}' --target '${dstUrl}' --jobs 2`), dir)).ms,
  };
  const times: Record<string, number[]> = {};
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, run] of Object.entries(tools)) {
      await fresh(empty, dst);
      const ms = await run();
      const n = await rowsIn(dst, TABLES);
      if (n !== total) throw new Error(`${name}: ${n} rows in the target, ${total} expected`);
      (times[name] ??= []).push(ms);
      console.error(`round ${r + 1}: ${name} ${Math.round(ms)} ms`);
    }
  }
  const base = median(times["pg_dump -a | sed | psql"]);
  console.log("\n| tool | median | rows/s | baseline time / tool time |\n|---|---|---|---|");
  for (const [name, xs] of Object.entries(times)) {
    const m = median(xs);
    console.log(
      `| ${name.replaceAll("|", "\\|")} | ${(m / 1000).toFixed(2)} s | ${
        Math.round(total / (m / 1000)).toLocaleString("en-US")
      } | ${(base / m).toFixed(2)}× |`,
    );
  }
  await admin(`DROP DATABASE IF EXISTS ${dst} WITH (FORCE)`);
  await Deno.remove(dir, { recursive: true });
}

const ITEM = `CREATE TABLE items (
  id bigint PRIMARY KEY, account_id bigint NOT NULL, label text NOT NULL, amount numeric(12,2) NOT NULL,
  created_at timestamptz NOT NULL, note text
);
`;

async function perSize(): Promise<void> {
  console.log(
    "\n| rows | table size | fdw: table | copy: table | fdw: run | copy: run | copy time / fdw time (table) |",
  );
  console.log("|---|---|---|---|---|---|---|");
  const dir = await project({ "db/schema/10_items.sql": ITEM }, "");
  for (const n of SIZES) {
    const src = `bench_s2s_size_${n}`;
    if (!(await exists(src))) {
      await admin(`CREATE DATABASE ${src}`);
      await exec(
        src,
        ITEM + `INSERT INTO items SELECT g, g % 5000, 'Item label number ' || g, (g % 100000) / 100.0,
          timestamptz '2024-01-01' + g * interval '1 minute',
          CASE WHEN g % 4 = 0 THEN NULL ELSE 'A note about item ' || g || ' for the benchmark' END
          FROM generate_series(1, ${n}) g; ANALYZE;`,
      );
    }
    const c = await connect({ url: urlFor(src), source: "flag" });
    const [{ b }] = await c.query<{ b: string }>("SELECT pg_table_size('items')::text AS b");
    await c.close();
    const empty = "bench_s2s_size_empty";
    await admin(`DROP DATABASE IF EXISTS ${empty} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${empty}`);
    await exec(empty, ITEM);
    const res: Record<string, { table: number[]; run: number[] }> = {
      fdw: { table: [], run: [] },
      copy: { table: [], run: [] },
    };
    for (let r = 0; r < ROUNDS; r++) {
      for (const s of ["fdw", "copy"] as const) {
        await fresh(empty, "bench_s2s_size_dst");
        const out = await sh(
          confiture(
            `schema-to-schema run --source '${urlFor(src)}' --target '${
              urlFor("bench_s2s_size_dst")
            }' --strategy ${s} --json`,
          ),
          dir,
        );
        const doc = JSON.parse(out.stdout);
        if (doc.tables[0].rows !== n) throw new Error(`${s}: ${doc.tables[0].rows} rows, ${n} expected`);
        res[s].table.push(doc.tables[0].ms);
        res[s].run.push(out.ms);
      }
    }
    const ms = (x: number[]) => `${Math.round(median(x))} ms`;
    console.log(
      `| ${n.toLocaleString("en-US")} | ${Math.round(Number(b) / 1024).toLocaleString("en-US")} KiB | ${
        ms(res.fdw.table)
      } | ${ms(res.copy.table)} | ${ms(res.fdw.run)} | ${ms(res.copy.run)} | ${
        (median(res.copy.table) / median(res.fdw.table)).toFixed(2)
      } |`,
    );
    await admin(`DROP DATABASE IF EXISTS bench_s2s_size_dst WITH (FORCE)`);
  }
  await Deno.remove(dir, { recursive: true });
}

if (import.meta.main) {
  if (!Deno.args.includes("--sizes-only")) await againstPgDump();
  await perSize();
}
