/**
 * Anonymization benchmark: generated COPY text (id, email, full name, phone, timestamp, a note
 * and an amount; ~150 bytes a row) streamed untouched, and with the email, full_name and phone
 * columns anonymized in the stream (`email` and `phone` are the injective, format-preserving
 * strategies a unique column takes). Measured two ways, each against its own baseline in the
 * same run:
 *
 * - in memory: the bytes counted as they pass (`tallyCopyText`, what the pipeline does when no
 *   column has a rule) against `transformCopyText` with the three rules — the cost of the
 *   transform alone;
 * - into PostgreSQL: the same bytes piped into `psql -c "COPY t FROM STDIN"`, untouched against
 *   transformed on the way — the target's side of a sync, where the ≥ 0.6× target applies.
 *
 * Each round runs both back to back (alternating which goes first); the median MB/s of each and
 * the median of the per-round ratios are printed.
 *
 *   deno run -A scripts/bench/anonymize.ts [--rows 1000000] [--rounds 3] [--no-db] [--quick]
 *
 * `--quick` (from `deno task bench --quick`): 200,000 rows, 2 rounds.
 *
 * Server: CONFITURE_BENCH_DATABASE_URL, else CONFITURE_TEST_DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/postgres. The database it creates is dropped at the end.
 */
import { AnonymizeKey, compileRule, type ValueTransform } from "../../src/anonymize/mod.ts";
import { createTally, tallyCopyText, transformCopyText } from "../../src/copy/mod.ts";
import { admin, arg, median, urlFor } from "./_lib.ts";

const quick = Deno.args.includes("--quick");
const ROWS = arg("rows", quick ? 200_000 : 1_000_000);
const ROUNDS = arg("rounds", quick ? 2 : 3);
const CHUNK = 64 * 1024;
const DB = "confiture_bench_anonymize";

const FIRST = ["Anna", "Bruno", "Chloé", "Dmitri", "Elif", "Farid", "Greta", "Hiro", "Inès", "Jonas"];
const LAST = ["Almeida", "Brandt", "Costa", "Dupont", "Eriksen", "Fischer", "García", "Horvat", "Ivanova", "Jansen"];

/** The COPY text of `rows` generated rows, cut into 64 KiB chunks. */
function generate(rows: number): Uint8Array[] {
  const enc = new TextEncoder();
  const chunks: Uint8Array[] = [];
  let parts: string[] = [];
  let size = 0;
  let seed = 12345;
  const rnd = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const flush = () => {
    const all = enc.encode(parts.join(""));
    for (let p = 0; p < all.length; p += CHUNK) chunks.push(all.slice(p, p + CHUNK));
    parts = [];
    size = 0;
  };
  for (let i = 1; i <= rows; i++) {
    const first = FIRST[rnd(10)], last = LAST[rnd(10)];
    const email = `${first.toLowerCase()}.${last.toLowerCase()}${i}@mail${rnd(50)}.example.org`;
    const phone = `+${1 + rnd(98)} ${100 + rnd(900)} ${String(rnd(10_000_000)).padStart(7, "0")}`;
    const ts = `2024-${String(1 + rnd(12)).padStart(2, "0")}-${String(1 + rnd(28)).padStart(2, "0")} 12:34:56.789+00`;
    const note = `order note ${rnd(1_000_000)}: leave at the door\\tring twice`;
    const row = `${i}\t${email}\t${first} ${last}\t${phone}\t${ts}\t${note}\t${rnd(100_000)}.${rnd(100)}\n`;
    parts.push(row);
    size += row.length;
    // Cut on row boundaries every ~1 MiB, then into 64 KiB chunks (rows cross chunk boundaries).
    if (size > 1 << 20) flush();
  }
  flush();
  return chunks;
}

const key = AnonymizeKey.fromSecret("benchmark key, not a secret: 0123456789abcdef");

function rule(r: Record<string, unknown>, type: string, unique = false): ValueTransform {
  const c = compileRule(r, { type, unique }, key);
  if (!c.ok || c.rule.kind !== "transform") throw new Error(`bench rule ${JSON.stringify(r)} did not compile`);
  return c.rule.transform;
}

const transforms = new Map<number, ValueTransform>([
  [1, rule({ strategy: "email", domain: "example.com" }, "character varying(255)", true)],
  [2, rule({ strategy: "full_name" }, "text")],
  [3, rule({ strategy: "phone" }, "character varying(32)", true)],
]);

type Source = Iterable<Uint8Array>;
type Sink = (stream: AsyncIterable<Uint8Array>) => Promise<number>;

const plain = (chunks: Source) => tallyCopyText(chunks, createTally());
const anonymized = (chunks: Source) => transformCopyText(chunks, transforms, { columns: 7 });

async function drain(stream: AsyncIterable<Uint8Array>): Promise<number> {
  let n = 0;
  for await (const c of stream) n += c.length;
  return n;
}

/** Pipes a stream into `psql -c "COPY t FROM STDIN"`; returns the bytes written. */
async function intoPostgres(stream: AsyncIterable<Uint8Array>): Promise<number> {
  const child = new Deno.Command("psql", {
    args: ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", urlFor(DB), "-c", "COPY t FROM STDIN"],
    stdin: "piped",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  let n = 0;
  for await (const c of stream) {
    await writer.write(c);
    n += c.length;
  }
  await writer.close();
  const out = await child.output();
  if (!out.success) throw new Error(`psql failed: ${new TextDecoder().decode(out.stderr)}`);
  return n;
}

/** Runs plain and anonymized `ROUNDS` times, alternating the order; returns MB/s of the input bytes and ratios. */
async function measure(
  chunks: Uint8Array[],
  sink: Sink,
  before: () => Promise<void>,
): Promise<{ plain: number[]; anon: number[]; ratios: number[] }> {
  const input = chunks.reduce((s, c) => s + c.length, 0) / 1e6;
  const r = { plain: [] as number[], anon: [] as number[], ratios: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? ["plain", "anon"] as const : ["anon", "plain"] as const;
    const t: Record<string, number> = {};
    for (const which of order) {
      await before();
      const start = performance.now();
      await sink(which === "plain" ? plain(chunks) : anonymized(chunks));
      t[which] = (performance.now() - start) / 1000;
    }
    r.plain.push(input / t.plain);
    r.anon.push(input / t.anon);
    r.ratios.push(t.plain / t.anon);
  }
  return r;
}

function report(title: string, r: { plain: number[]; anon: number[]; ratios: number[] }): void {
  console.log(title);
  console.log(
    `  untouched   ${median(r.plain).toFixed(1)} MB/s   (rounds ${r.plain.map((x) => x.toFixed(1)).join(" ")})`,
  );
  console.log(
    `  anonymized  ${median(r.anon).toFixed(1)} MB/s   (rounds ${r.anon.map((x) => x.toFixed(1)).join(" ")})`,
  );
  console.log(
    `  ratio       ${median(r.ratios).toFixed(2)}x   (rounds ${r.ratios.map((x) => x.toFixed(2)).join(" ")})`,
  );
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const chunks = generate(ROWS);
  const mb = chunks.reduce((s, c) => s + c.length, 0) / 1e6;
  console.log(
    `anonymize: ${ROWS.toLocaleString("en")} rows, ${mb.toFixed(1)} MB of COPY text ` +
      `(generated in ${((performance.now() - t0) / 1000).toFixed(1)} s); rules: email, full_name, phone`,
  );
  // Warm-up: the transform's code is compiled before the measured rounds.
  await drain(anonymized(chunks.slice(0, 64)));
  const mem = await measure(chunks, drain, () => Promise.resolve());
  report(`in memory, the transform's own cost (${ROUNDS} rounds):`, mem);
  const us = (rate: number) => (mb / rate / ROWS * 1e6).toFixed(2);
  console.log(`  per row     ${us(median(mem.plain))} µs untouched, ${us(median(mem.anon))} µs anonymized`);
  if (Deno.args.includes("--no-db")) return;
  await admin(`DROP DATABASE IF EXISTS ${DB}`);
  await admin(`CREATE DATABASE ${DB}`);
  try {
    const psql = async (sql: string) => {
      const out = await new Deno.Command("psql", { args: ["-X", "-qAt", "-d", urlFor(DB), "-c", sql] }).output();
      if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
      return new TextDecoder().decode(out.stdout).trim();
    };
    await psql(
      "CREATE TABLE t (id bigint PRIMARY KEY, email varchar(255) UNIQUE, full_name text, phone varchar(32), " +
        "created_at timestamptz, note text, amount numeric(12,2))",
    );
    const r = await measure(chunks, intoPostgres, () => psql("TRUNCATE t; CHECKPOINT").then(() => undefined));
    const count = Number(await psql("SELECT count(*) FROM t"));
    if (count !== ROWS) throw new Error(`expected ${ROWS} rows in the target, found ${count}`);
    report(`into PostgreSQL with psql COPY FROM STDIN (${ROUNDS} rounds; primary key and unique index on email):`, r);
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${DB}`);
  }
}

if (import.meta.main) await main();
