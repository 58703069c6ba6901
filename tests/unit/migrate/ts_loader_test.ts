import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ConfitureError } from "../../../src/errors/mod.ts";
import { importMigrationModule, moduleError } from "../../../src/migrate/script.ts";
import { loadTransformedModule, transformTypeScript } from "../../../src/migrate/_ts_loader.ts";
import { assert, assertEquals, assertRejects, assertStringIncludes } from "../../_helpers/assert.ts";

const TYPED = [
  'import type { MigrationContext } from "../../src/migrate/mod.ts";',
  'import { type Session } from "../../src/db/mod.ts";',
  "interface Row { id: number; label?: string }",
  "type Label = `label ${number}`;",
  "enum Unused { A = 1 }",
  "const label = (id: number): Label => `label ${id}` as Label;",
  "export const seen: Row[] = await Promise.resolve([]);",
  "export async function up({ sql }: MigrationContext): Promise<void> {",
  "  for (const id of [1, 2] as const) seen.push({ id, label: label(id) } satisfies Row);",
  "  await sql`insert into t values (${seen.length})`;",
  "}",
  "export async function down(ctx: { session: Session } & MigrationContext): Promise<void> {",
  '  throw new Error("down fails at line 13, column 9");',
  "}",
  "",
].join("\n");

async function withFile(name: string, text: string, fn: (path: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "confiture-ts-loader-" });
  try {
    const path = join(dir, name);
    await Deno.writeTextFile(path, text);
    await fn(path);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("transformTypeScript: types and type-only imports are erased, exports kept, lines kept", async () => {
  const js = await transformTypeScript(TYPED, "m.ts");
  for (const gone of ["interface", "MigrationContext", "Session", "Promise<void>", ": number", "satisfies", "import"]) {
    assert(!js.includes(gone), `"${gone}" is erased:\n${js}`);
  }
  assertStringIncludes(js, "exports.up = up");
  assertStringIncludes(js, "exports.down = down");
  assertEquals(js.split("\n").length, TYPED.split("\n").length, "same number of lines");
  assertEquals(js.split("\n").findIndex((l) => l.includes("throw new Error")), 12, "the throw stays on line 13");
});

Deno.test("loadTransformedModule: the exports run; an error is located at the file's line", async () => {
  await withFile("20260101000001_typed.ts", TYPED, async (path) => {
    const file = "db/migrations/20260101000001_typed.ts";
    const mod = await loadTransformedModule(path, file);
    assertEquals(typeof mod.up, "function");
    assertEquals(typeof mod.down, "function");
    const calls: unknown[][] = [];
    const sql = (strings: TemplateStringsArray, ...values: unknown[]) => {
      calls.push([strings.join("?"), ...values]);
      return Promise.resolve([]);
    };
    await (mod.up as (ctx: unknown) => Promise<void>)({ sql });
    assertEquals(calls, [["insert into t values (?)", 2]]);
    assertEquals(mod.seen, [{ id: 1, label: "label 1" }, { id: 2, label: "label 2" }]);
    const thrown = await assertRejects(() => (mod.down as (ctx: unknown) => Promise<void>)({ sql }));
    const e = moduleError(thrown, path, file);
    assertEquals(e.location, { file, line: 13, col: 9 });
    assertStringIncludes(String((thrown as Error).stack), pathToFileURL(path).href + ", <anonymous>:13:9");
  });
});

Deno.test("loadTransformedModule: a run-time import is refused, naming the file, the module and the line", async () => {
  const text = [
    "// helpers",
    'import type { MigrationContext } from "../../src/migrate/mod.ts";',
    'import { slugify } from "./_helpers.ts";',
    "export async function up({ sql }: MigrationContext) {",
    "  await sql`select ${slugify('a b')}`;",
    "}",
  ].join("\n");
  await withFile("20260101000002_imports.ts", text, async (path) => {
    const file = "db/migrations/20260101000002_imports.ts";
    const e = await assertRejects(() => loadTransformedModule(path, file));
    assert(e instanceof ConfitureError && e.code === "MIGRATION_INVALID_MODULE", String(e));
    assertStringIncludes(e.message, `${file} imports "./_helpers.ts" at run time`);
    assertEquals(e.location, { file, line: 3, col: 25 });
    assertStringIncludes(e.hint ?? "", "import type");
  });
  const lazy = "export async function up() {\n  const m = await import('node:fs');\n  m.readFileSync('x');\n}\n";
  await withFile("20260101000003_lazy.ts", lazy, async (path) => {
    const mod = await loadTransformedModule(path, "m.ts");
    const e = await assertRejects(() => (mod.up as () => Promise<void>)());
    assert(e instanceof ConfitureError && e.code === "MIGRATION_INVALID_MODULE", String(e));
    assertStringIncludes(e.message, `m.ts imports "node:fs" at run time`);
    assertEquals(e.location, { file: "m.ts", line: 2, col: 26 });
  });
});

Deno.test("loadTransformedModule: a syntax error and a failing top level are MIGRATION_INVALID_MODULE at their line", async () => {
  await withFile("20260101000004_bad.ts", "export const x = 1;\nexport async function up( {\n", async (path) => {
    const e = await assertRejects(() => loadTransformedModule(path, "bad.ts"));
    assert(e instanceof ConfitureError && e.code === "MIGRATION_INVALID_MODULE", String(e));
    assertEquals(e.location?.file, "bad.ts");
    assertEquals(e.location?.line, 3);
    assert(!/\(\d+:\d+\)$/.test(e.message), e.message);
  });
  await withFile("20260101000005_top.ts", "const n: number = 1;\nthrow new Error(`top ${n}`);\n", async (path) => {
    const e = await assertRejects(() => loadTransformedModule(path, "top.ts"));
    assert(e instanceof ConfitureError && e.code === "MIGRATION_INVALID_MODULE", String(e));
    assertStringIncludes(e.message, "top 1");
    assertEquals(e.location, { file: "top.ts", line: 2, col: 7 });
  });
});

Deno.test("loadTransformedModule: import.meta is refused at its line, with a hint", async () => {
  await withFile(
    "20260101000008_meta.ts",
    "export async function up() {\n  return import.meta.url;\n}\n",
    async (path) => {
      const e = await assertRejects(() => loadTransformedModule(path, "meta.ts"));
      assert(e instanceof ConfitureError && e.code === "MIGRATION_INVALID_MODULE", String(e));
      assertEquals(e.location, { file: "meta.ts", line: 2, col: 10 });
      assertStringIncludes(e.hint ?? "", "no import.meta");
    },
  );
});

Deno.test("importMigrationModule: the transform loader checks the exports like import() does", async () => {
  await withFile("20260101000006_noup.ts", "export const down = async (): Promise<void> => {};\n", async (path) => {
    const e = await assertRejects(() => importMigrationModule(path, "noup.ts", { loader: "transform" }));
    assert(e instanceof ConfitureError && e.code === "MIGRATION_INVALID_MODULE", String(e));
    assertStringIncludes(e.message, "does not export a function up(ctx)");
  });
  await withFile("20260101000007_ok.ts", TYPED, async (path) => {
    const viaTransform = await importMigrationModule(path, "ok.ts", { loader: "transform" });
    const viaImport = await importMigrationModule(path, "ok.ts");
    assertEquals([typeof viaTransform.up, typeof viaTransform.down], ["function", "function"]);
    assertEquals([typeof viaImport.up, typeof viaImport.down], ["function", "function"]);
  });
});
