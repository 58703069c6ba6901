/**
 * `confiture migrate generate` end to end on a copy of the example project: change the DDL tree,
 * generate the migration, apply it with `migrate up`, require the database to match the tree
 * (`diff --exit-code` is 0), and `migrate down` to bring the schema back. The generated files
 * follow the runner's rules (no transaction control; online forms make a no-transaction
 * migration that the runner detects). An empty difference writes nothing (DIFF_EMPTY).
 */
import { join } from "node:path";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "../../_helpers/assert.ts";
import { runCli, tempProject } from "../../_helpers/cli.ts";
import { createTestDatabase } from "../../_helpers/db.ts";
import { dumpDiff, dumpSchema } from "../../_helpers/schema_oracle.ts";
import { parseSqlScript } from "../../../src/migrate/mod.ts";

async function migrationFiles(root: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(join(root, "db/migrations"))) names.push(e.name);
  return names.sort();
}

/** Edits a file of the example schema: replaces `from` (which must be there) with `to`. */
async function edit(root: string, file: string, from: string, to: string): Promise<void> {
  const path = join(root, "db/schema", file);
  const text = await Deno.readTextFile(path);
  assert(text.includes(from), `${file} does not contain ${from}`);
  await Deno.writeTextFile(path, text.replace(from, to));
}

Deno.test("migrate generate: tree change -> generate -> up -> no diff; down restores the schema", async () => {
  await using t = await createTestDatabase("gen_e2e");
  const root = await tempProject();
  try {
    const cli = (...args: string[]) => runCli([...args, "-C", root, "--database-url", t.url]);
    let r = await cli("migrate", "up");
    assertEquals(r.code, 0, r.stderr);
    // The example's migrations and tree agree: nothing to generate, nothing written.
    const before = await migrationFiles(root);
    r = await cli("migrate", "generate", "nothing");
    assertEquals(r.code, 3, r.stderr);
    assertStringIncludes(r.stderr, "DIFF_EMPTY");
    assertEquals(await migrationFiles(root), before);

    const original = await dumpSchema(t.url);
    await edit(
      root,
      "10_tables/10_customers.sql",
      "    phone       text,\n",
      "    loyalty smallint NOT NULL DEFAULT 0,\n",
    );
    await Deno.writeTextFile(
      join(root, "db/schema/10_tables/40_loyalty.sql"),
      "CREATE INDEX customers_loyalty_idx ON shop.customers (loyalty);\n" +
        "CREATE VIEW shop.loyal_customers AS SELECT id, email FROM shop.customers WHERE loyalty > 2;\n",
    );
    r = await cli("migrate", "generate", "add", "loyalty", "--json");
    assertEquals(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assertEquals(doc.name, "add_loyalty");
    assertEquals(doc.files.length, 2);
    const [upPath, downPath] = doc.files.map((f: string) => join(root, f));
    assertMatch(upPath, /\/\d{14}_add_loyalty\.up\.sql$/);
    const up = await Deno.readTextFile(upPath);
    const down = await Deno.readTextFile(downPath);
    // Hazards in the header: the phone column is dropped.
    assertMatch(up, /^-- Migration \d{14}: add_loyalty \(up\)/);
    assertMatch(up, /^-- Hazards: .*DELETES_DATA/m);
    assertStringIncludes(up, 'DROP COLUMN "phone"');
    assertStringIncludes(down, 'ADD COLUMN "phone" text');
    // The runner's rules: parsed as a transactional migration, no transaction control.
    for (const [path, text] of [[upPath, up], [downPath, down]]) {
      const script = await parseSqlScript(text, path);
      assertEquals(script.transactional, true, `${path} runs in a transaction`);
    }

    r = await cli("migrate", "up");
    assertEquals(r.code, 0, r.stderr);
    assertStringIncludes(r.stdout, "add_loyalty");
    r = await cli("diff", "--exit-code");
    assertEquals(r.code, 0, `the database matches the tree after the generated migration:\n${r.stdout}${r.stderr}`);

    r = await cli("migrate", "down", "--steps", "1");
    assertEquals(r.code, 0, r.stderr);
    const back = await dumpSchema(t.url);
    assert(back === original, `down did not restore the schema:\n${dumpDiff(original, back)}`);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("migrate generate --from-migrations --online: replayed migrations, a no-transaction migration", async () => {
  await using t = await createTestDatabase("gen_online");
  const root = await tempProject();
  try {
    // The database is only the scratch server here: the current state is the replayed migrations.
    const cli = (...args: string[]) => runCli([...args, "-C", root, "--database-url", t.url]);
    await edit(
      root,
      "10_tables/10_customers.sql",
      "COMMENT ON TABLE",
      "CREATE INDEX customers_name_idx ON shop.customers (full_name);\n\nCOMMENT ON TABLE",
    );
    let r = await cli("migrate", "generate", "name_index", "--from-migrations", "--online", "--json");
    assertEquals(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    const upPath = join(root, doc.files[0]);
    const up = await Deno.readTextFile(upPath);
    assertStringIncludes(up, "CREATE INDEX CONCURRENTLY customers_name_idx");
    assertStringIncludes(up, "-- Runs outside a transaction");
    const script = await parseSqlScript(up, upPath);
    assertEquals(script.transactional, false, "the runner detects CONCURRENTLY");

    // All migrations, the generated one included, on the empty database: it matches the tree.
    r = await cli("migrate", "up");
    assertEquals(r.code, 0, r.stderr);
    r = await cli("diff", "--exit-code");
    assertEquals(r.code, 0, `${r.stdout}${r.stderr}`);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("diff, migrate generate: a tracking table in its own schema leaves that schema alone", async () => {
  await using t = await createTestDatabase("gen_ledger_schema");
  const root = await tempProject();
  try {
    const cli = (...args: string[]) => runCli([...args, "-C", root, "--database-url", t.url]);
    const envFile = join(root, "db/environments/local.yaml");
    const env = await Deno.readTextFile(envFile);
    assert(env.includes("tracking_table: tb_confiture"), "the example names its tracking table");
    await Deno.writeTextFile(envFile, env.replace("tracking_table: tb_confiture", "tracking_table: ops.ledger"));
    let r = await cli("migrate", "up");
    assertEquals(r.code, 0, r.stderr);
    r = await cli("diff", "--exit-code");
    assertEquals(r.code, 0, `the ledger's schema is not a difference:\n${r.stdout}${r.stderr}`);
    r = await cli("diff", "--from", "migrations", "--exit-code");
    assertEquals(r.code, 0, `replayed migrations:\n${r.stdout}${r.stderr}`);
    await edit(root, "10_tables/10_customers.sql", "    phone       text,\n", "    phone text,\n    nick text,\n");
    r = await cli("migrate", "generate", "nick", "--json");
    assertEquals(r.code, 0, r.stderr);
    const [up, down] = await Promise.all(
      JSON.parse(r.stdout).files.map((f: string) => Deno.readTextFile(join(root, f))),
    );
    for (const text of [up, down]) assert(!/SCHEMA "?ops/.test(text), `the ledger's schema is left alone:\n${text}`);
    r = await cli("migrate", "up");
    assertEquals(r.code, 0, r.stderr);
    r = await cli("migrate", "down", "--steps", "1");
    assertEquals(r.code, 0, r.stderr);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("migrate generate: new enum values used by the change go into a migration of their own", async () => {
  await using t = await createTestDatabase("gen_enum_values");
  const root = await tempProject();
  try {
    const cli = (...args: string[]) => runCli([...args, "-C", root, "--database-url", t.url]);
    let r = await cli("migrate", "up");
    assertEquals(r.code, 0, r.stderr);
    const original = await dumpSchema(t.url);
    await edit(root, "00_common/00_schemas.sql", "'cancelled')", "'cancelled', 'refunded')");
    await edit(
      root,
      "10_tables/30_orders.sql",
      "DEFAULT 'pending',",
      "DEFAULT 'refunded' CHECK (status <> 'refunded' OR id > 0),",
    );
    await Deno.writeTextFile(
      join(root, "db/schema/10_tables/40_refunds.sql"),
      "CREATE INDEX orders_refunded_idx ON shop.orders (id) WHERE status = 'refunded';\n",
    );
    r = await cli("migrate", "generate", "refunds", "--json");
    assertEquals(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assertEquals(doc.files.length, 4);
    assertMatch(doc.files[0], /\/\d{14}_refunds_enum_values\.up\.sql$/);
    assertMatch(doc.files[2], /\/\d{14}_refunds\.up\.sql$/);
    assertEquals(doc.migrations.map((m: { name: string }) => m.name), ["refunds_enum_values", "refunds"]);
    assert(doc.migrations[0].version < doc.migrations[1].version, "the enum values come first");
    const [valuesUp, , mainUp] = await Promise.all(doc.files.map((f: string) => Deno.readTextFile(join(root, f))));
    assertStringIncludes(valuesUp, "ADD VALUE 'refunded'");
    assert(!mainUp.includes("ADD VALUE"), mainUp);
    assertStringIncludes(mainUp, "'refunded'");

    r = await cli("migrate", "up");
    assertEquals(r.code, 0, r.stderr);
    r = await cli("diff", "--exit-code");
    assertEquals(r.code, 0, `the database matches the tree:\n${r.stdout}${r.stderr}`);
    r = await cli("diff", "--from", "migrations", "--exit-code");
    assertEquals(r.code, 0, `the replayed migrations match the tree:\n${r.stdout}${r.stderr}`);
    r = await cli("migrate", "down", "--steps", "2");
    assertEquals(r.code, 0, r.stderr);
    const back = await dumpSchema(t.url);
    assert(back === original, `down did not restore the schema:\n${dumpDiff(original, back)}`);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("migrate up: a new enum value used in the same migration fails with a hint to split it", async () => {
  await using t = await createTestDatabase("gen_enum_hint");
  const root = await tempProject();
  try {
    const cli = (...args: string[]) => runCli([...args, "-C", root, "--database-url", t.url]);
    let r = await cli("migrate", "up");
    assertEquals(r.code, 0, r.stderr);
    r = await cli("migrate", "new", "late_value");
    assertEquals(r.code, 0, r.stderr);
    const up = (await migrationFiles(root)).find((f) => f.endsWith("_late_value.up.sql"))!;
    await Deno.writeTextFile(
      join(root, "db/migrations", up),
      "ALTER TYPE shop.order_status ADD VALUE 'lost';\n" +
        "ALTER TABLE shop.orders ALTER COLUMN status SET DEFAULT 'lost';\n",
    );
    r = await cli("migrate", "up");
    assertEquals(r.code, 6, r.stderr);
    assertStringIncludes(r.stderr, `${up}:2:`);
    assertStringIncludes(r.stderr, "55P04");
    assertStringIncludes(r.stderr, "split this migration after the ALTER TYPE … ADD VALUE at line 1");
    // An error with a position (located from the message shared by several statements).
    await Deno.writeTextFile(
      join(root, "db/migrations", up),
      "SELECT 1;\nALTER TYPE shop.order_status ADD VALUE 'lost';\nSELECT 'lost'::shop.order_status;\n",
    );
    r = await cli("migrate", "up");
    assertEquals(r.code, 6, r.stderr);
    assertStringIncludes(r.stderr, `${up}:3:8:`);
    assertStringIncludes(r.stderr, "split this migration after the ALTER TYPE … ADD VALUE at line 2");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
