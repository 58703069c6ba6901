/**
 * Schema-to-schema skips Confiture's own bookkeeping on the source: the state table a sync left
 * there (default name or `--state-table`) and schema-to-schema's own state schema are neither
 * carried nor asked about; a user table that only shares the name is still accounted for.
 */
import { assertEquals, assertMatch, assertRejects } from "../../_helpers/assert.ts";
import { connect } from "../../../src/db/mod.ts";
import { stateTableOf } from "../../../src/copy/mod.ts";
import type { ConfitureError } from "../../../src/errors/mod.ts";
import * as s2s from "../../../src/transfer/mod.ts";
import { dbScope, execOn, queryOn, treeFiles } from "./_fixture.ts";

const SCHEMA = `
CREATE TABLE public.items (id int PRIMARY KEY, label text NOT NULL);
INSERT INTO public.items SELECT g, 'item ' || g FROM generate_series(1, 10) g;
`;
const TREE = { "db/schema/10_items.sql": "CREATE TABLE public.items (id int PRIMARY KEY, label text NOT NULL);\n" };

/** Leaves sync state tables on `url`, as `confiture sync` does on its target, with a run in them. */
async function leaveSyncState(url: string, names: string[]): Promise<void> {
  const db = await connect({ url, source: "flag" });
  try {
    for (const name of names) {
      const state = stateTableOf(name);
      await state.ensure(db);
      await state.startRun(db, { runId: "r1", fingerprint: "f", snapshot: null }, [
        { table: "public.items", part: 0, parts: 1 },
      ]);
    }
  } finally {
    await db.close();
  }
}

Deno.test("schema-to-schema: a sync's state table on the source is skipped, not refused nor copied", async () => {
  await using dbs = dbScope();
  const source = await dbs.make("s2s_book_src");
  const target = await dbs.make("s2s_book_dst");
  await execOn(source.url, SCHEMA + "CREATE SCHEMA ops; CREATE SCHEMA confiture_s2s;");
  await leaveSyncState(source.url, ["public.confiture_sync_state", "ops.sync_marks"]);
  // A previous schema-to-schema into this database left its state too.
  await execOn(source.url, "CREATE TABLE confiture_s2s.confiture_s2s_state (run_id text)");
  const opts = { source: source.url, target: target.url, tree: treeFiles(TREE) };

  const p = await s2s.plan(opts);
  assertEquals(p.plan.tables.map((t) => [t.table, t.source]), [["public.items", "public.items"]]);
  assertEquals(p.plan.droppedTables, []);
  const r = await s2s.run(opts);
  assertEquals(r.tables.map((t) => [t.table, t.rows]), [["public.items", 10]]);
  assertEquals(
    await queryOn(
      target.url,
      "SELECT to_regclass('public.confiture_sync_state')::text AS a, to_regclass('ops.sync_marks')::text AS b",
    ),
    [{ a: null, b: null }],
  );
  const v = await s2s.verify(opts);
  assertEquals(v.failures, []);
});

Deno.test("schema-to-schema: a user table named like the sync state is still accounted for", async () => {
  await using dbs = dbScope();
  const source = await dbs.make("s2s_book2_src");
  const target = await dbs.make("s2s_book2_dst");
  await execOn(source.url, SCHEMA + "CREATE TABLE public.confiture_sync_state (id int PRIMARY KEY, note text);");
  const e =
    (await assertRejects(() =>
      s2s.plan({ source: source.url, target: target.url, tree: treeFiles(TREE) })
    )) as ConfitureError;
  assertEquals(e.code, "S2S_MAPPING_REFUSED");
  assertMatch(e.message + (e.detail ?? ""), /public\.confiture_sync_state/);
});
