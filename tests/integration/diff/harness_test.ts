/**
 * The convergence harness fails when it should: a broken case, an engine that
 * throws, an engine whose SQL does not converge, a down script that does not
 * return to from.sql; and passes a hand-written correct migration.
 */
import { assert, assertEquals, assertRejects } from "../../_helpers/assert.ts";
import { CaseFailure, type DiffCase, type DiffEngine, formatHazards, parseHazards, runCase } from "./_harness.ts";

const base: DiffCase = {
  name: "900_harness_self_test",
  dir: "",
  fromSql: "CREATE TABLE public.t (id integer PRIMARY KEY);\n",
  toSql: "CREATE TABLE public.t (id integer PRIMARY KEY, note text);\n",
  seedSql: "INSERT INTO public.t VALUES (1);\n",
  afterUpSql: "SELECT count(*) = 1 FROM public.t;",
};
const UP = "ALTER TABLE public.t ADD COLUMN note text;\n";
const DOWN = "ALTER TABLE public.t DROP COLUMN note;\n";

/** An engine that answers from the schema it sees: `note` present or not. */
const handWritten = (up: string, down: string): DiffEngine => async (from, to) => {
  const has = async (db: typeof from) =>
    (await db.query("SELECT 1 FROM pg_attribute WHERE attrelid = 'public.t'::regclass AND attname = 'note'")).length >
      0;
  const [f, t] = [await has(from), await has(to)];
  if (f === t) return { sql: "" };
  return t ? { sql: up, downSql: down } : { sql: down, downSql: up };
};

async function stageOf(c: DiffCase, engine: DiffEngine): Promise<string> {
  const e = await assertRejects(() => runCase(c, engine));
  assert(e instanceof CaseFailure, String(e));
  return e.stage;
}

Deno.test("harness: a correct hand-written migration passes", async () => {
  await runCase(base, handWritten(UP, DOWN));
});

Deno.test("harness: a case whose SQL does not apply is a broken case", async () => {
  assertEquals(
    await stageOf({ ...base, toSql: "CREATE TABLE public.t (id integr);\n" }, handWritten(UP, DOWN)),
    "broken case",
  );
});

Deno.test("harness: a case whose two sides are equal is a broken case", async () => {
  assertEquals(await stageOf({ ...base, toSql: base.fromSql }, handWritten(UP, DOWN)), "broken case");
});

Deno.test("harness: an engine that throws", async () => {
  const engine: DiffEngine = () => Promise.reject(new Error("boom"));
  assertEquals(await stageOf(base, engine), "diff A→B");
});

Deno.test("harness: an empty migration does not converge", async () => {
  assertEquals(await stageOf(base, () => Promise.resolve({ sql: "" })), "converge up");
});

Deno.test("harness: a migration that loses data fails the data check", async () => {
  const lossy = "DELETE FROM public.t;\n" + UP;
  assertEquals(await stageOf(base, handWritten(lossy, DOWN)), "data check");
});

Deno.test("harness: SQL that psql rejects", async () => {
  assertEquals(await stageOf(base, handWritten("ALTER TABLE public.nope ADD COLUMN note text;\n", DOWN)), "apply up");
});

Deno.test("harness: a wrong down script", async () => {
  assertEquals(await stageOf(base, handWritten(UP, "SELECT 1;\n")), "converge down");
});

Deno.test("harness: hazards other than the case's expected ones fail; equal ones pass", async () => {
  const withHazards = (up: string[], down: string[]): DiffEngine => async (from, to, renames) => ({
    ...(await handWritten(UP, DOWN)(from, to, renames)),
    hazards: { up, down },
  });
  const c = { ...base, expectedHazards: { up: ["ACQUIRES_ACCESS_EXCLUSIVE_LOCK"], down: ["DELETES_DATA"] } };
  await runCase(c, withHazards(["ACQUIRES_ACCESS_EXCLUSIVE_LOCK"], ["DELETES_DATA"]));
  assertEquals(await stageOf(c, withHazards(["ACQUIRES_ACCESS_EXCLUSIVE_LOCK"], [])), "hazards");
});

Deno.test("harness: expected_hazards files are read and written in one format", () => {
  const h = parseHazards("up: ACQUIRES_ACCESS_EXCLUSIVE_LOCK, DELETES_DATA\ndown:\n");
  assertEquals(h, { up: ["ACQUIRES_ACCESS_EXCLUSIVE_LOCK", "DELETES_DATA"], down: [] });
  assertEquals(formatHazards(h), "up: ACQUIRES_ACCESS_EXCLUSIVE_LOCK, DELETES_DATA\ndown:\n");
  let error: unknown;
  try {
    parseHazards("up: INDEX_BUILD\n");
  } catch (e) {
    error = e;
  }
  assert(error instanceof Error && /down:/.test(error.message), String(error));
});
