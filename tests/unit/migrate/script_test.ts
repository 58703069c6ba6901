import { join } from "node:path";
import { ConfitureError } from "../../../src/errors/mod.ts";
import { NO_TRANSACTION_DIRECTIVE, parseSqlScript } from "../../../src/migrate/mod.ts";
import { importMigrationModule } from "../../../src/migrate/script.ts";
import { assert, assertEquals, assertRejects, assertStringIncludes } from "../../_helpers/assert.ts";

Deno.test("parseSqlScript: transaction control is refused at its line; the directive and CIC leave the transaction", async () => {
  const e = await assertRejects(() => parseSqlScript("select 1;\n\n  rollback;\n", "m.up.sql"));
  assert(e instanceof ConfitureError && e.code === "MIGRATION_TRANSACTION_CONTROL", String(e));
  assertEquals(e.location, { file: "m.up.sql", line: 3, col: 3 });
  const forced = await parseSqlScript(`-- ${NO_TRANSACTION_DIRECTIVE}\ncreate table t (id int);`, "f");
  assertEquals([forced.transactional, forced.forcedNoTransaction], [false, true]);
  const mention = await parseSqlScript(`-- see ${NO_TRANSACTION_DIRECTIVE} in the docs\ncreate table t (id int);`, "f");
  assertEquals(mention.transactional, true, "only a comment that is exactly the directive counts");
  const literal = await parseSqlScript(`select '-- ${NO_TRANSACTION_DIRECTIVE}';`, "f");
  assertEquals(literal.transactional, true, "a string literal is not a comment");
  const cic = await parseSqlScript("create table t (id int);\ncreate index concurrently i on t (id);", "f");
  assertEquals([cic.transactional, cic.forcedNoTransaction], [false, false]);
});

Deno.test("importMigrationModule: a module that does not load or lacks up(ctx) is MIGRATION_INVALID_MODULE", async () => {
  const dir = await Deno.makeTempDir({ prefix: "confiture-ts-" });
  try {
    const bad = join(dir, "20260101000001_bad.ts");
    await Deno.writeTextFile(bad, "export async function up( {\n");
    let e = await assertRejects(() => importMigrationModule(bad, "db/migrations/20260101000001_bad.ts"));
    assert(e instanceof ConfitureError && e.code === "MIGRATION_INVALID_MODULE", String(e));
    assertEquals(e.location?.file, "db/migrations/20260101000001_bad.ts");
    const noUp = join(dir, "20260101000002_noup.ts");
    await Deno.writeTextFile(noUp, "export const down = async () => {};\n");
    e = await assertRejects(() => importMigrationModule(noUp, "noup.ts"));
    assert(e instanceof ConfitureError && e.code === "MIGRATION_INVALID_MODULE", String(e));
    assertStringIncludes(e.message, "up(ctx)");
    const ok = join(dir, "20260101000003_ok.ts");
    await Deno.writeTextFile(ok, "export async function up(ctx: unknown): Promise<void> { void ctx; }\n");
    const m = await importMigrationModule(ok, "ok.ts");
    assertEquals([typeof m.up, m.down], ["function", undefined]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
