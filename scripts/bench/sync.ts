/**
 * Sync benchmark: a generated source (customers, products, orders, order lines: foreign keys,
 * realistic text widths; 1.6M rows by default) copied into a prebuilt empty target on the same
 * server by
 *
 * - `psql -c "COPY t TO STDOUT" | psql -c "COPY t FROM STDIN"`, table by table in foreign-key
 *   order (the baseline);
 * - `pg_dump -a -t … | psql`;
 * - `confiture sync --jobs 1` and `--jobs 2` (whole processes, with the binary's flags);
 * - optionally (`--anonymize`) `confiture sync --jobs 1` with three anonymized text columns, and
 *   a 5% subset (`--subset`).
 *
 * Each round starts from a fresh copy of the empty target (`CREATE DATABASE … TEMPLATE`). Prints
 * medians, each tool's throughput, and the ratio of the baseline's time to each tool's (above 1:
 * faster than the baseline). With `--memory`, it also syncs one table of `--memory-rows` rows (1M
 * and 5M by default) and prints the peak RSS of the process (GNU time's %M).
 *
 *   deno run -A scripts/bench/sync.ts [--scale 1] [--rounds 3] [--memory | --memory-only] [--anonymize] [--subset [--compare-subset]]
 * @module
 */
import { connect } from "../../src/db/mod.ts";
import { RUN_FLAGS } from "../permissions.ts";
import { admin, arg, median, urlFor } from "./_lib.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;
const SCALE = arg("scale", 1);
const ROUNDS = arg("rounds", 3);
const flag = (name: string) => Deno.args.includes(`--${name}`);

const SCHEMA = `
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

/** Commands run in an empty folder: no project's db/sync.yaml applies. */
const WORK = await Deno.makeTempDir({ prefix: "confiture-bench-sync-" });

async function sh(cmd: string, env: Record<string, string> = {}): Promise<number> {
  const t0 = performance.now();
  const out = await new Deno.Command("bash", {
    args: ["-o", "pipefail", "-c", cmd],
    env,
    cwd: WORK,
    stdout: "null",
    stderr: "piped",
  })
    .output();
  if (!out.success) throw new Error(`failed: ${cmd}\n${new TextDecoder().decode(out.stderr)}`);
  return performance.now() - t0;
}

async function freshTarget(template: string, name: string): Promise<string> {
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  return urlFor(name);
}

async function rowsIn(url: string): Promise<number> {
  const db = await connect({ url, source: "flag" });
  try {
    let n = 0;
    for (const t of TABLES) n += Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${t}`))[0].n);
    return n;
  } finally {
    await db.close();
  }
}

// The generated data holds names, e-mails and phones: the plain runs copy them as they are.
const confiture = (args: string) => `deno run ${RUN_FLAGS.join(" ")} --quiet ${MAIN} ${args} --allow-pii`;

async function main() {
  const src = `bench_sync_src_${String(SCALE).replace(".", "_")}`;
  const empty = "bench_sync_empty";
  const dst = "bench_sync_dst";
  const srcUrl = urlFor(src);
  const exists = await (async () => {
    const db = await connect({ url: urlFor("postgres"), source: "flag" });
    try {
      return (await db.query("SELECT 1 FROM pg_database WHERE datname = $1", [src])).length > 0;
    } finally {
      await db.close();
    }
  })();
  if (!exists || flag("regenerate")) {
    console.error(`generating ${src} (scale ${SCALE}) …`);
    await admin(`DROP DATABASE IF EXISTS ${src} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${src}`);
    const db = await connect({ url: srcUrl, source: "flag" });
    await db.exec(SCHEMA + data(SCALE));
    await db.close();
  }
  await admin(`DROP DATABASE IF EXISTS ${empty} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${empty}`);
  const e = await connect({ url: urlFor(empty), source: "flag" });
  await e.exec(SCHEMA);
  await e.close();
  const total = await rowsIn(srcUrl);
  const sizeDb = await connect({ url: srcUrl, source: "flag" });
  const [{ b }] = await sizeDb.query<{ b: string }>(
    `SELECT sum(pg_table_size(c.oid))::text AS b FROM pg_class c
      WHERE relname IN (SELECT json_array_elements_text($1::text::json))`,
    [JSON.stringify(TABLES)],
  );
  await sizeDb.close();
  console.log(
    `source: ${total.toLocaleString("en-US")} rows, ${(Number(b) / 1e6).toFixed(0)} MB in ${TABLES.length} tables`,
  );

  const tools: Record<string, (target: string) => Promise<number>> = {
    "psql pipe": (t) =>
      sh(
        TABLES.map((tb) =>
          `psql -X -q -d '${srcUrl}' -c "COPY ${tb} TO STDOUT" | psql -X -q -d '${t}' -c "COPY ${tb} FROM STDIN"`
        ).join(" && "),
      ),
    "pg_dump -a | psql": (t) =>
      sh(
        `pg_dump -a ${TABLES.map((tb) => `-t ${tb}`).join(" ")} '${srcUrl}' | psql -X -q -v ON_ERROR_STOP=1 -d '${t}'`,
      ),
    "confiture --jobs 1": (t) => sh(confiture(`sync --from '${srcUrl}' --to '${t}' --tables 'public.*' --jobs 1`)),
    "confiture --jobs 2": (t) => sh(confiture(`sync --from '${srcUrl}' --to '${t}' --tables 'public.*' --jobs 2`)),
  };
  if (flag("anonymize")) {
    const cfg = await Deno.makeTempFile({ suffix: ".yaml" });
    await Deno.writeTextFile(
      cfg,
      `anonymize:\n  public.customers:\n    email: { strategy: email }\n    full_name: { strategy: full_name }\n    phone: { strategy: phone }\n`,
    );
    tools["confiture --jobs 1, 3 anonymized columns"] = (t) =>
      sh(confiture(`sync --from '${srcUrl}' --to '${t}' --tables 'public.*' --jobs 1 --config '${cfg}'`), {
        CONFITURE_ANONYMIZE_KEY: "benchmark-key-0123456789abcdef",
      });
  }
  if (flag("subset")) {
    const cfg = await Deno.makeTempFile({ suffix: ".yaml" });
    await Deno.writeTextFile(cfg, `subset:\n  - table: public.orders\n    percent: 5\n    include_children: true\n`);
    tools["confiture 5% subset"] = (t) =>
      sh(confiture(`sync --from '${srcUrl}' --to '${t}' --tables 'public.*' --jobs 1 --config '${cfg}'`));
  }
  // `--compare-subset`: only the full sync (--jobs 1) and the subset, for larger scales.
  if (flag("compare-subset")) {
    for (const name of Object.keys(tools)) {
      if (name !== "confiture --jobs 1" && !name.includes("subset")) delete tools[name];
    }
  }
  const times: Record<string, number[]> = {};
  let subsetRows = 0;
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, run] of Object.entries(tools)) {
      const target = await freshTarget(empty, dst);
      const ms = await run(target);
      const n = await rowsIn(target);
      if (name.includes("subset")) subsetRows = n;
      else if (n !== total) {
        throw new Error(`${name}: ${n} rows in the target, ${total} expected`);
      }
      (times[name] ??= []).push(ms);
      console.error(`round ${r + 1}: ${name} ${Math.round(ms)} ms`);
    }
  }
  const base = median(times["psql pipe"] ?? times["confiture --jobs 1"]);
  const j1 = median(times["confiture --jobs 1"]);
  console.log("\n| tool | median | rows/s | baseline time / tool time |\n|---|---|---|---|");
  for (const [name, xs] of Object.entries(times)) {
    const m = median(xs);
    console.log(
      `| ${name} | ${(m / 1000).toFixed(2)} s | ${Math.round(total / (m / 1000)).toLocaleString("en-US")} | ${
        (base / m).toFixed(2)
      }× |`,
    );
  }
  for (const name of Object.keys(times).filter((n) => n.includes("anonymized") || n.includes("subset"))) {
    console.log(
      `${name}: ${(j1 / median(times[name])).toFixed(2)}× the throughput of --jobs 1 (time ratio ${
        (median(times[name]) / j1).toFixed(2)
      })`,
    );
  }
  if (flag("subset")) {
    console.log(
      `5% subset: ${subsetRows.toLocaleString("en-US")} rows of ${total.toLocaleString("en-US")} (${
        (100 * subsetRows / total).toFixed(1)
      }%); subset time / full sync time (--jobs 1): ${(median(times["confiture 5% subset"]) / j1).toFixed(2)}`,
    );
  }
  if (times["confiture --jobs 2"]) {
    console.log(`--jobs 2 against --jobs 1: ${(j1 / median(times["confiture --jobs 2"])).toFixed(2)}×`);
  }

  if (flag("memory")) await memoryRun();
  await admin(`DROP DATABASE IF EXISTS ${dst} WITH (FORCE)`);
}

/** Peak RSS of `confiture sync` over one table of 1M and 5M rows (or `--memory-rows`). */
async function memoryRun() {
  const sizes = Deno.args.includes("--memory-rows") ? [arg("memory-rows", 1_000_000)] : [1_000_000, 5_000_000];
  console.log("\n| rows | bytes | peak RSS |\n|---|---|---|");
  for (const n of sizes) {
    const db = `bench_sync_mem_${n}`;
    await admin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${db}`);
    const s = await connect({ url: urlFor(db), source: "flag" });
    await s.exec(
      `CREATE TABLE big (id bigint PRIMARY KEY, payload text NOT NULL);
       INSERT INTO big SELECT g, repeat(md5(g::text), 3) FROM generate_series(1, ${n}) g; ANALYZE big;`,
    );
    const [{ sz }] = await s.query<{ sz: string }>("SELECT pg_table_size('big')::text AS sz");
    await s.close();
    await admin(`DROP DATABASE IF EXISTS ${db}_dst WITH (FORCE)`);
    await admin(`CREATE DATABASE ${db}_dst`);
    const t = await connect({ url: urlFor(`${db}_dst`), source: "flag" });
    await t.exec("CREATE TABLE big (id bigint PRIMARY KEY, payload text NOT NULL)");
    await t.close();
    const out = await new Deno.Command("/usr/bin/time", {
      args: [
        "-f",
        "%M",
        "bash",
        "-c",
        confiture(`sync --from '${urlFor(db)}' --to '${urlFor(`${db}_dst`)}' --tables public.big`),
      ],
      stdout: "null",
      stderr: "piped",
    }).output();
    const lines = new TextDecoder().decode(out.stderr).trim().split("\n");
    const kb = Number(lines[lines.length - 1]);
    console.log(
      `| ${n.toLocaleString("en-US")} | ${(Number(sz) / 1e6).toFixed(0)} MB | ${(kb / 1024).toFixed(0)} MB |`,
    );
    await admin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin(`DROP DATABASE IF EXISTS ${db}_dst WITH (FORCE)`);
  }
}

if (import.meta.main) {
  if (flag("memory-only")) await memoryRun();
  else await main();
}
