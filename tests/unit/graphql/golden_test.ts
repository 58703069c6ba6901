/**
 * Golden output of both styles for tests/golden/graphql/model.graphql (every scalar, enums,
 * to-one, to-many, many-to-many, self-references, a one-to-one, a composite unique, a partial
 * index, checks and defaults). `UPDATE_GOLDEN=1 deno test -A tests/unit/graphql/golden_test.ts`
 * rewrites tests/golden/graphql/<style>/.
 */
import { assertEquals } from "../../_helpers/assert.ts";
import { generateDdl, type Style } from "../../../src/graphql/mod.ts";

const DIR = new URL("../../golden/graphql/", import.meta.url);
const model = await Deno.readTextFile(new URL("model.graphql", DIR));

async function listSql(dir: URL): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) if (e.isFile && e.name.endsWith(".sql")) names.push(e.name);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return names.sort();
}

for (const style of ["plain", "fraiseql"] as Style[]) {
  Deno.test(`graphql golden: the ${style} style`, async () => {
    const result = await generateDdl(model, { style, sourceName: "model.graphql" });
    const dir = new URL(`${style}/`, DIR);
    if (Deno.env.get("UPDATE_GOLDEN") === "1") {
      await Deno.mkdir(dir, { recursive: true });
      for (const name of await listSql(dir)) await Deno.remove(new URL(name, dir));
      for (const f of result.files) await Deno.writeTextFile(new URL(f.path, dir), f.content);
    }
    assertEquals(result.files.map((f) => f.path), await listSql(dir));
    for (const f of result.files) {
      assertEquals(f.content, await Deno.readTextFile(new URL(f.path, dir)), `${style}/${f.path}`);
    }
    assertEquals(result.warnings, []);
  });
}

Deno.test("graphql golden: the same input gives the same bytes; the order of definitions only changes the hash", async () => {
  const a = await generateDdl(model, { style: "fraiseql", sourceName: "model.graphql" });
  const b = await generateDdl(model, { style: "fraiseql", sourceName: "model.graphql" });
  assertEquals(b.files, a.files);
  // The definitions in reverse order: the same files, but for the input hash in each header.
  const { parse } = await import("graphql/language/parser.mjs");
  const blocks = parse(model).definitions.map((d) => model.slice(d.loc!.start, d.loc!.end));
  const reversed = [...blocks].reverse().join("\n\n");
  const c = await generateDdl(reversed, { style: "fraiseql", sourceName: "model.graphql" });
  const strip = (s: string) => s.replace(/^-- Input SHA-256: [0-9a-f]{64}$/m, "");
  assertEquals(c.files.map((f) => f.path), a.files.map((f) => f.path));
  assertEquals(c.files.map((f) => strip(f.content)), a.files.map((f) => strip(f.content)));
  assertEquals(c.inputHash === a.inputHash, false);
});
