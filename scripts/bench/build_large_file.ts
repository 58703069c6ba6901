/**
 * Large-file build benchmark: one schema file of about 19 MiB (10,000 copies of the build
 * benchmark's ~2 KB body: a table, an index, a view, comments, a PL/pgSQL function), and the same
 * with non-ASCII text in every copy (which JavaScript keeps as a two-byte string). Times, in
 * this process (the module graph loaded, so the runtime's start does not count):
 *
 * - the floor: reading the file and hashing it with SHA-256 (WebCrypto), and, as a whole
 *   process, `cat FILE | sha256sum`;
 * - `buildSchema` of a project holding only that file (read, UTF-8 check, lexer, hash);
 * - its parts: the UTF-8 decoding and check (`decodeSql`), the strict decoder it replaced, the
 *   unterminated-token lexer (`lexSummary`) in milliseconds per MiB, and the statement splitter
 *   `--apply` uses (`splitStatements`).
 *
 * Prints the median of the rounds after one warm-up, and the ratios to the floors.
 *
 *   deno run -A scripts/bench/build_large_file.ts [--rounds 9] [--quick]
 * @module
 */
import { join } from "node:path";
import { buildSchema, decodeSql } from "../../src/build/mod.ts";
import { loadConfig } from "../../src/config/mod.ts";
import { lexSummary, splitStatements } from "../../src/sql/mod.ts";
import { arg, median } from "./_lib.ts";

const quick = Deno.args.includes("--quick");
const rounds = arg("rounds", quick ? 3 : 9);
const copies = quick ? 2_000 : 10_000;

/** One ~2 KB part of the file (as in scripts/bench/build.ts); `accent` adds non-ASCII text. */
function part(i: number, accent: boolean): string {
  const t = `bench_table_${i}`;
  const cols = Array.from({ length: 36 }, (_, c) => `    col_${c}_${i} ${c % 3 === 0 ? "text" : "bigint"} NOT NULL`);
  const note = accent ? "it''s a note; with a semicolon, café, 日本" : "it''s a note; with a semicolon";
  return `-- Table ${i} of the generated benchmark schema.
CREATE TABLE app.${t} (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
${cols.join(",\n")},
    note text DEFAULT '${note}'
);

CREATE INDEX ${t}_col_1_idx ON app.${t} (col_1_${i});

COMMENT ON TABLE app.${t} IS 'generated table ${i}';

CREATE VIEW app.${t}_recent AS
  SELECT id, col_0_${i}, col_1_${i}, col_2_${i}, note
  FROM app.${t}
  WHERE col_1_${i} > 0 AND note <> 'none' -- skip the placeholders
  ORDER BY id DESC
  LIMIT 100;

CREATE FUNCTION app.${t}_touch() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  /* keep it simple */
  NEW.note := coalesce(NEW.note, 'none');
  RETURN NEW;
END;
$fn$;
`;
}

function timeSync(f: () => unknown): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

async function timeAsync(f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

/** Median of `rounds` timings after one warm-up. */
async function measure(f: () => Promise<number>): Promise<number> {
  await f();
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) times.push(await f());
  return median(times);
}

const strict = new TextDecoder("utf-8", { fatal: true });
console.log(`large-file build benchmark: median of ${rounds} rounds after one warm-up, in-process`);
for (const accent of [false, true]) {
  const root = await Deno.makeTempDir({ prefix: "confiture-bench-large-" });
  try {
    await Deno.mkdir(join(root, "db/schema"), { recursive: true });
    const path = join(root, "db/schema/all.sql");
    const parts: string[] = [];
    for (let i = 0; i < copies; i++) parts.push(part(i, accent));
    const bytes = new TextEncoder().encode(parts.join(""));
    await Deno.writeFile(path, bytes);
    const mib = bytes.length / 1024 / 1024;
    const cfg = await loadConfig({ root, vars: {} });
    const text = decodeSql(bytes, "all.sql");

    const floor = await measure(async () => {
      const t0 = performance.now();
      const b = await Deno.readFile(path);
      await crypto.subtle.digest("SHA-256", b);
      return performance.now() - t0;
    });
    const shell = await measure(() =>
      timeAsync(() => new Deno.Command("bash", { args: ["-c", `cat '${path}' | sha256sum >/dev/null`] }).output())
    );
    const build = await measure(() => timeAsync(() => buildSchema(cfg)));
    const decode = await measure(() => Promise.resolve(timeSync(() => decodeSql(bytes, "all.sql"))));
    const strictDecode = await measure(() => Promise.resolve(timeSync(() => strict.decode(bytes))));
    const lex = await measure(() => Promise.resolve(timeSync(() => lexSummary(text))));
    const split = await measure(() => Promise.resolve(timeSync(() => splitStatements(text))));

    console.log(`\none file, ${mib.toFixed(1)} MiB${accent ? ", non-ASCII text in every part" : ", ASCII"}:`);
    const line = (name: string, ms: number, extra = "") =>
      console.log(`  ${name.padEnd(46)} ${ms.toFixed(1).padStart(8)} ms${extra}`);
    line("floor: read + SHA-256 (in-process)", floor);
    line("floor: cat FILE | sha256sum (whole process)", shell);
    line(
      "buildSchema (read, UTF-8 check, lexer, hash)",
      build,
      `   ${(build / floor).toFixed(2)}x in-process floor, ${(build / shell).toFixed(2)}x cat|sha256sum`,
    );
    line("  decodeSql (UTF-8 decode and check)", decode, `   ${(decode / mib).toFixed(2)} ms/MiB`);
    line(
      "  strict TextDecoder (fatal: true), for reference",
      strictDecode,
      `   ${(strictDecode / mib).toFixed(2)} ms/MiB`,
    );
    line("  lexSummary (unterminated tokens, last ';')", lex, `   ${(lex / mib).toFixed(2)} ms/MiB`);
    line("splitStatements (what --apply splits with)", split, `   ${(split / mib).toFixed(2)} ms/MiB`);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}
