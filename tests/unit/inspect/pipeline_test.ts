/**
 * The inspection pipeline: each step comes after the steps it uses, every catalog query is read,
 * and every query orders its rows.
 */
import { PIPELINE } from "../../../src/inspect/_pipeline.ts";
import { CATALOG_QUERIES, TABLE_QUERIES } from "../../../src/inspect/_queries.ts";
import { assert, assertEquals } from "../../_helpers/assert.ts";

Deno.test("each step of the pipeline comes after the steps it names", () => {
  const seen = new Set<string>();
  for (const step of PIPELINE) {
    for (const a of step.after) {
      assert(
        seen.has(a),
        `step ${step.name} needs ${a}, which ${PIPELINE.some((s) => s.name === a) ? "runs later" : "does not exist"}`,
      );
    }
    assert(!seen.has(step.name), `two steps are named ${step.name}`);
    seen.add(step.name);
  }
});

Deno.test("dependencies are resolved after every step that adds objects, and before table definitions", () => {
  const names = PIPELINE.map((s) => s.name);
  const deps = names.indexOf("dependencies");
  const adders = [
    "extensions",
    "relations",
    "constraints",
    "indexes",
    "functions",
    "publications",
    "defaultPrivileges",
  ];
  for (const a of adders) assert(names.indexOf(a) < deps, `${a} runs after dependencies`);
  assert(names.indexOf("tableDefinitions") > deps, "table definitions need the dependencies of defaults");
});

Deno.test("every catalog query is read by exactly one step, and steps read only catalog queries", () => {
  const read = PIPELINE.flatMap((s) => s.reads).sort();
  assertEquals(read, Object.keys(CATALOG_QUERIES).sort());
});

Deno.test("every inspection query orders its rows", () => {
  for (const [name, sql] of Object.entries({ ...CATALOG_QUERIES, ...TABLE_QUERIES })) {
    // The last clause of the outermost query (comments stripped).
    const text = sql.replace(/--[^\n]*/g, "").trim();
    assert(/\border by\s+[^()]+$/i.test(text), `query ${name} does not end with ORDER BY`);
  }
});
