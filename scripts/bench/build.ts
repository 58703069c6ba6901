/**
 * Build benchmark: generates schema trees of 1,000 and 10,000 files (~2 KB
 * each, ten folders deep) and times, in one run and on the same tree:
 *
 * - the floor: `find db/schema -name '*.sql' -type f | sort | xargs cat | sha256sum`;
 * - `confiture build` as a whole process, run as the binary runs: `deno run`
 *   with the permission flags of scripts/permissions.ts (RUN_FLAGS), the module
 *   graph cached by the warm-up round (and the compiled binary when `--binary
 *   PATH` is given);
 * - Deno's own start (`deno run` of an empty script) and `confiture --version`,
 *   to show how much of the time is the runtime starting.
 *
 * Prints the median of several rounds and the ratio to the floor (and the best
 * round of each, which is steadier on a busy machine).
 *
 *   deno run -A scripts/bench/build.ts [--sizes 1000,10000] [--rounds 7] [--binary dist/confiture]
 */
import { join } from "node:path";
import { RUN_FLAGS } from "../permissions.ts";
import { median } from "./_lib.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;

function arg(name: string): string | undefined {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Deno.args[i + 1] : undefined;
}

const sizes = (arg("sizes") ?? "1000,10000").split(",").map(Number);
const rounds = Number(arg("rounds") ?? 7);
const binary = arg("binary");

/** One ~2 KB schema file: a table, its index, a view, comments and a function. */
function fileBody(i: number): string {
  const t = `bench_table_${i}`;
  const cols = Array.from({ length: 36 }, (_, c) => `    col_${c}_${i} ${c % 3 === 0 ? "text" : "bigint"} NOT NULL`);
  return `-- Table ${i} of the generated benchmark schema.
CREATE TABLE app.${t} (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
${cols.join(",\n")},
    note text DEFAULT 'it''s a note; with a semicolon'
);

CREATE INDEX ${t}_col_1_idx ON app.${t} (col_1_${i});

COMMENT ON TABLE app.${t} IS 'generated table ${i}';

CREATE VIEW app.${t}_recent AS
  SELECT id, col_0_${i}, col_1_${i}, col_2_${i}, note
  FROM app.${t}
  WHERE col_1_${i} > 0 AND note <> 'none' -- skip the placeholders
  ORDER BY id DESC
  LIMIT 100;

COMMENT ON VIEW app.${t}_recent IS 'the last hundred rows of table ${i}, newest first';

CREATE FUNCTION app.${t}_touch() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  /* keep it simple */
  NEW.note := coalesce(NEW.note, 'none');
  RETURN NEW;
END;
$fn$;
`;
}

/** Writes n files under root/db/schema, ten folders deep, 20 files per leaf folder. */
async function generate(root: string, n: number): Promise<number> {
  let bytes = 0;
  const dirs = new Map<string, number>();
  const enc = new TextEncoder();
  const writes: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    const g = Math.floor(i / 20);
    const segs = [
      `${String(g % 10).padStart(2, "0")}_area`,
      `${String(Math.floor(g / 10) % 10).padStart(2, "0")}_zone`,
      ...Array.from({ length: 7 }, (_, k) => `level_${k + 2}`),
      `group_${String(g).padStart(4, "0")}`,
    ];
    const dir = join(root, "db/schema", ...segs);
    if (!dirs.has(dir)) {
      await Deno.mkdir(dir, { recursive: true });
      dirs.set(dir, 0);
    }
    const data = enc.encode(fileBody(i));
    bytes += data.length;
    writes.push(Deno.writeFile(join(dir, `${String(i).padStart(5, "0")}_table.sql`), data));
    if (writes.length >= 256) await Promise.all(writes.splice(0));
  }
  await Promise.all(writes);
  await Deno.mkdir(join(root, "db/environments"), { recursive: true });
  await Deno.writeTextFile(join(root, "db/environments/local.yaml"), "include_dirs:\n  - db/schema\n");
  return bytes;
}

async function time(cmd: string, args: string[], cwd: string): Promise<number> {
  const t0 = performance.now();
  const out = await new Deno.Command(cmd, { args, cwd, stdout: "null", stderr: "piped" }).output();
  const ms = performance.now() - t0;
  if (!out.success) throw new Error(`${cmd} ${args.join(" ")} failed:\n${new TextDecoder().decode(out.stderr)}`);
  return ms;
}

const empty = await Deno.makeTempFile({ suffix: ".ts" });
await Deno.writeTextFile(empty, "");
const deno = Deno.execPath();
console.log(`build benchmark: median of ${rounds} rounds after one warm-up; times are whole processes`);
for (const n of sizes) {
  const root = await Deno.makeTempDir({ prefix: `confiture-bench-build-${n}-` });
  try {
    const bytes = await generate(root, n);
    const cases: [string, string, string[]][] = [
      ["floor: find|sort|xargs cat|sha256sum", "bash", [
        "-c",
        "find db/schema -name '*.sql' -type f | sort | xargs cat | sha256sum >/dev/null",
      ]],
      ["confiture build (deno run main.ts)", deno, ["run", ...RUN_FLAGS, MAIN, "build", "--quiet"]],
      ["deno run (empty script)", deno, ["run", ...RUN_FLAGS, empty]],
      ["confiture --version (deno run main.ts)", deno, ["run", ...RUN_FLAGS, MAIN, "--version"]],
    ];
    if (binary) {
      cases.push(["confiture build (compiled binary)", binary, ["build", "--quiet"]]);
      cases.push(["confiture --version (compiled binary)", binary, ["--version"]]);
    }
    const times = cases.map(() => [] as number[]);
    for (let r = 0; r <= rounds; r++) {
      for (let c = 0; c < cases.length; c++) {
        const ms = await time(cases[c][1], cases[c][2], root);
        if (r > 0) times[c].push(ms);
      }
    }
    const floor = median(times[0]);
    console.log(`\n${n} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB:`);
    const floorMin = Math.min(...times[0]);
    for (let c = 0; c < cases.length; c++) {
      const m = median(times[c]);
      const lo = Math.min(...times[c]);
      console.log(
        `  ${cases[c][0].padEnd(40)} ${m.toFixed(1).padStart(8)} ms  ${(m / floor).toFixed(2)}x floor` +
          `   (best ${lo.toFixed(1)} ms, ${(lo / floorMin).toFixed(2)}x best floor)`,
      );
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}
await Deno.remove(empty);
