/**
 * Schema-to-schema with hostile identifiers throughout: quotes, spaces, dots, unicode, reserved
 * words and mixed case in schema, table and column names, in the mapping file's keys, in a rename
 * hint and in an expression; both strategies (the fdw one names a foreign table after them).
 */
import { assert, assertEquals } from "../../_helpers/assert.ts";
import * as s2s from "../../../src/transfer/mod.ts";
import { dbScope, execOn, rowsOf, treeFiles } from "./_fixture.ts";

const OLD = `
CREATE SCHEMA "Ünïcode Schéma";
CREATE TABLE "Ünïcode Schéma"."select" ("Id" int PRIMARY KEY, "we""ird col" text, "order" int, "a.b" text);
CREATE TABLE "Ünïcode Schéma"."Child Table" (
  id int PRIMARY KEY,
  "parent Id" int REFERENCES "Ünïcode Schéma"."select" ("Id"),
  "MixedCase" text
);
INSERT INTO "Ünïcode Schéma"."select" SELECT g, 'v"' || g || E'\\t''', g, 'x.' || g FROM generate_series(1, 60) g;
INSERT INTO "Ünïcode Schéma"."Child Table" SELECT g, g, 'M' || g FROM generate_series(1, 60) g;
ANALYZE;
`;

const TREE = {
  "db/schema/00_schemas.sql": `CREATE SCHEMA "Ünïcode Schéma";\n`,
  "db/schema/10_tables.sql": `CREATE TABLE "Ünïcode Schéma"."from" ( -- confiture:renamed-from "select"
  "Id" int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  "wé""ird col" text, -- confiture:renamed-from "we""ird col"
  "Order" bigint,
  "a.b" text
);
CREATE TABLE "Ünïcode Schéma"."Child Table" (
  id int PRIMARY KEY,
  "parent Id" int REFERENCES "Ünïcode Schéma"."from" ("Id"),
  "mixed case" text NOT NULL
);
`,
};

const MAPPING = `
tables:
  '"Ünïcode Schéma"."from"':
    columns:
      Order: { expression: '"order" * 10' }
  '"Ünïcode Schéma"."Child Table"':
    columns:
      mixed case: { expression: 'lower("MixedCase")' }
`;

Deno.test("schema-to-schema: hostile identifiers with both strategies", async () => {
  await using dbs = dbScope();
  const source = await dbs.make("s2s_hostile_src");
  await execOn(source.url, OLD);
  const mapping = await s2s.parseMappingFile(MAPPING, "db/schema_to_schema.yaml");
  const results: string[][][] = [];
  for (const strategy of ["fdw", "copy"] as const) {
    const target = await dbs.make(`s2s_hostile_${strategy}`);
    const opts = { source: source.url, target: target.url, tree: treeFiles(TREE), mapping, strategy };
    const r = await s2s.run(opts);
    assertEquals(r.tables.map((t) => [t.table, t.strategy, t.rows]), [
      ["Ünïcode Schéma.from", strategy, 60],
      ["Ünïcode Schéma.Child Table", strategy, 60],
    ]);
    const v = await s2s.verify(opts);
    assert(v.ok, v.failures.join("\n"));
    results.push([
      await rowsOf(target.url, '"Ünïcode Schéma"."from"'),
      await rowsOf(target.url, '"Ünïcode Schéma"."Child Table"'),
    ]);
  }
  assertEquals(results[0], results[1]);
  assertEquals(results[0][0].slice(0, 1), ['(1,"v""1\t\'",10,x.1)']);
  assertEquals(results[0][1].slice(0, 1), ["(1,1,m1)"]);
});
