/**
 * Schema-diff convergence: one test per case folder in tests/golden/diff/.
 * See _harness.ts for the steps. Cases run a few at a time (look-ahead pool);
 * CONFITURE_DIFF_PARALLEL sets how many (default 4). With
 * CONFITURE_DIFF_VALIDATE_ONLY=1 only the cases themselves are checked (their
 * files apply, from.sql and to.sql differ), without the diff engine. With
 * CONFITURE_DIFF_DUMP=0 the pg_dump comparisons are skipped (for a server newer
 * than the installed pg_dump). With CONFITURE_DIFF_WRITE_HAZARDS=1 each case's
 * expected_hazards file is written from the engine's plans (review the change).
 */
import { isHazard } from "../../../src/sql/mod.ts";
import {
  type DiffEngine,
  HAZARDS_FILE,
  listCases,
  loadEngine,
  lookAheadPool,
  runCase,
  validateCase,
} from "./_harness.ts";

const cases = listCases();
const width = Math.max(1, Number(Deno.env.get("CONFITURE_DIFF_PARALLEL") ?? "4") || 4);
const validateOnly = Deno.env.get("CONFITURE_DIFF_VALIDATE_ONLY") === "1";
const dump = Deno.env.get("CONFITURE_DIFF_DUMP") !== "0";
const writeHazards = Deno.env.get("CONFITURE_DIFF_WRITE_HAZARDS") === "1";
let enginePromise: Promise<DiffEngine> | undefined;
const pool = lookAheadPool(cases.length, width, async (i) => {
  if (validateOnly) return await validateCase(cases[i]);
  enginePromise ??= loadEngine();
  await runCase(cases[i], await enginePromise, { dump, writeHazards });
});

Deno.test("diff cases: at least 90 cases with unique names", () => {
  if (cases.length < 90) throw new Error(`only ${cases.length} cases`);
  const numbers = new Set(cases.map((c) => c.name.slice(0, 3)));
  if (numbers.size !== cases.length) throw new Error("two cases share a number");
});

Deno.test({
  name: `diff cases: each states the hazards of its scripts (${HAZARDS_FILE}), in the hazard vocabulary`,
  ignore: writeHazards || validateOnly,
  fn: () => {
    const missing = cases.filter((c) => !c.expectedHazards).map((c) => c.name);
    if (missing.length) throw new Error(`no ${HAZARDS_FILE} in: ${missing.join(", ")}`);
    for (const c of cases) {
      for (const h of [...c.expectedHazards!.up, ...c.expectedHazards!.down]) {
        if (!isHazard(h)) throw new Error(`${c.name}/${HAZARDS_FILE}: ${h} is not a hazard code`);
      }
    }
  },
});

cases.forEach((c, i) => {
  Deno.test({
    name: `diff ${c.name}`,
    // Cases run ahead of their test in the pool, so their operations span tests.
    sanitizeOps: false,
    sanitizeResources: false,
    fn: () => pool.get(i),
  });
});

Deno.test({
  name: "diff cases: every started case has finished",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: () => pool.settle(),
});
