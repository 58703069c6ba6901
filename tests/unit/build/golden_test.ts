/**
 * Golden tests of the build: the example tree in tests/golden/build/tree gives
 * exactly tests/golden/build/tree.expected.sql (order, separators, header, hash),
 * and each file of tests/golden/build/unterminated fails at the expected place.
 * `UPDATE_GOLDEN=1 deno test -A tests/unit/build/golden_test.ts` rewrites the expected output.
 */
import { join } from "node:path";
import { buildSchema, type BuildSource, renderBuild } from "../../../src/build/mod.ts";
import { loadConfig } from "../../../src/config/mod.ts";
import { ConfitureError } from "../../../src/errors/mod.ts";
import { assert, assertEquals, assertRejects } from "../../_helpers/assert.ts";

const golden = new URL("../../golden/build/", import.meta.url).pathname;
const tree = join(golden, "tree");

async function treeConfig(env = "local"): Promise<BuildSource> {
  return await loadConfig({ root: tree, env, vars: {} });
}

async function checkGolden(name: string, actual: Uint8Array): Promise<void> {
  const path = join(golden, name);
  if (Deno.env.get("UPDATE_GOLDEN") === "1") await Deno.writeFile(path, actual);
  const expected = await Deno.readFile(path);
  assertEquals(new TextDecoder().decode(actual), new TextDecoder().decode(expected), `golden ${name}`);
}

Deno.test("golden: build order, separators and header of the example tree", async () => {
  const result = await buildSchema(await treeConfig());
  assertEquals(result.files.map((f) => f.relPath), [
    "db/schema/00_common/extensions.sql",
    "db/schema/00_common/types.sql",
    "db/schema/10_tables/B.sql",
    "db/schema/10_tables/a/child.sql",
    "db/schema/10_tables/a.sql",
    "db/schema/10_tables/b.sql",
    "db/schema/10_tables/é.sql",
    "db/schema/20_views/users_view.sql",
    "db/schema/9_late/one.sql",
  ]);
  await checkGolden("tree.expected.sql", renderBuild(result));
});

Deno.test("golden: --with-seeds appends seeds/common then seeds/<env>", async () => {
  const result = await buildSchema(await treeConfig(), { withSeeds: true });
  assertEquals(result.files.filter((f) => f.role === "seed").map((f) => f.relPath), [
    "db/seeds/common/10_users.sql",
    "db/seeds/local/20_users.sql",
  ]);
  await checkGolden("tree_with_seeds.expected.sql", renderBuild(result));
});

Deno.test("golden: the schema hash of the example tree is stable", async () => {
  const a = await buildSchema(await treeConfig());
  const b = await buildSchema(await treeConfig());
  assertEquals(a.hash, b.hash);
  assertEquals(renderBuild(a), renderBuild(b));
  const text = await Deno.readTextFile(join(golden, "tree.expected.sql"));
  assert(text.includes(`-- Schema hash: sha256:${a.hash}\n`), "the golden file records the same hash");
});

const expected: Record<string, { kind: string; line: number; col: number }> = JSON.parse(
  await Deno.readTextFile(join(golden, "unterminated/expected.json")),
);

for (const [name, want] of Object.entries(expected)) {
  Deno.test(`golden: unterminated ${want.kind} in ${name} is located`, async () => {
    const root = await Deno.makeTempDir({ prefix: "confiture-unterminated-" });
    try {
      const schema = join(root, "db/schema");
      await Deno.mkdir(schema, { recursive: true });
      await Deno.writeTextFile(join(schema, "00_first.sql"), "CREATE TABLE first (a int);\n");
      await Deno.copyFile(join(golden, "unterminated", name), join(schema, "10_bad.sql"));
      await Deno.writeTextFile(join(schema, "20_next.sql"), "CREATE TABLE swallowed (a int);\n");
      const src: BuildSource = {
        root,
        env: "local",
        includeDirs: [{ path: schema, include: [], exclude: [] }],
        excludeDirs: [],
        seedsDir: join(root, "db/seeds"),
      };
      const err = await assertRejects(() => buildSchema(src));
      assert(err instanceof ConfitureError, String(err));
      assertEquals(err.code, "BUILD_UNTERMINATED");
      assertEquals(err.location, { file: "db/schema/10_bad.sql", line: want.line, col: want.col });
      assert(err.message.includes(want.kind.replace("_", " ").replace("dollar quote", "dollar-quoted")), err.message);
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  });
}

Deno.test("golden: seeds do not enter the schema hash", async () => {
  const plain = await buildSchema(await treeConfig());
  const seeded = await buildSchema(await treeConfig(), { withSeeds: true });
  assertEquals(seeded.hash, plain.hash);
});
