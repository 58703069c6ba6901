/**
 * `deno task bench [args]`: runs every benchmark in `scripts/bench/` (each `*.ts` file except
 * this one and private `_*.ts` helpers), one after the other, in name order. Every argument is
 * passed to each benchmark (e.g. `--quick`); a benchmark ignores the flags it does not know.
 *
 * `--only NAME[,NAME…]` (read here, not passed on) runs only the named benchmarks
 * (`--only build,migrate`).
 *
 * Each benchmark prints its own results, measured against a baseline in the same run; this
 * script prints a last summary of each one's exit code and wall time, and exits 1 when any
 * failed.
 *
 *   deno task bench [--quick] [--only build]
 * @module
 */
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The folder holding the benchmarks. */
const BENCH_DIR = dirname(fileURLToPath(import.meta.url));

/**
 * The benchmark files of `dir` in name order: every `*.ts` but `mod.ts`, private `_*.ts`
 * helpers and `*_test.ts`.
 */
export async function listBenchmarks(dir: string = BENCH_DIR): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (!e.isFile || !e.name.endsWith(".ts")) continue;
    if (e.name === "mod.ts" || e.name.startsWith("_") || e.name.endsWith("_test.ts")) continue;
    names.push(e.name);
  }
  return names.sort().map((n) => join(dir, n));
}

/**
 * Splits this script's arguments into the `--only` selection and the arguments passed on.
 *
 * @example
 * ```ts
 * splitArgs(["--quick", "--only", "build"]); // { only: ["build"], passed: ["--quick"] }
 * ```
 */
export function splitArgs(args: string[]): { only?: string[]; passed: string[] } {
  const passed: string[] = [];
  let only: string[] | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--only" && i + 1 < args.length) {
      only = args[++i].split(",").map((s) => s.trim()).filter(Boolean);
    } else if (a.startsWith("--only=")) {
      only = a.slice("--only=".length).split(",").map((s) => s.trim()).filter(Boolean);
    } else {
      passed.push(a);
    }
  }
  return { only, passed };
}

async function main(): Promise<number> {
  const { only, passed } = splitArgs(Deno.args);
  let files = await listBenchmarks();
  if (only) {
    const known = files.map((f) => basename(f, ".ts"));
    const unknown = only.filter((n) => !known.includes(n));
    if (unknown.length) {
      console.error(`error: no benchmark named ${unknown.join(", ")}; there are: ${known.join(", ")}`);
      return 3;
    }
    files = files.filter((f) => only.includes(basename(f, ".ts")));
  }
  const results: { name: string; code: number; seconds: number }[] = [];
  for (const file of files) {
    const name = basename(file, ".ts");
    console.log(`\n=== ${name}: deno run -A scripts/bench/${name}.ts ${passed.join(" ")}`.trimEnd());
    const t0 = performance.now();
    const status = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", file, ...passed],
      stdin: "null",
      stdout: "inherit",
      stderr: "inherit",
    }).spawn().status;
    results.push({ name, code: status.code, seconds: (performance.now() - t0) / 1000 });
  }
  console.log("\n=== summary");
  for (const r of results) {
    console.log(`${r.name.padEnd(16)} ${r.code === 0 ? "ok" : `FAILED (exit ${r.code})`}  ${r.seconds.toFixed(1)} s`);
  }
  return results.some((r) => r.code !== 0) ? 1 : 0;
}

if (import.meta.main) Deno.exit(await main());
