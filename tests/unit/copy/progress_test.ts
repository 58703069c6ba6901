/** The progress model without a database: totals, the rate and the ETA, on a clock the test moves. */
import { assertEquals } from "../../_helpers/assert.ts";
import { ProgressTracker } from "../../../src/copy/mod.ts";

Deno.test("progress: totals across parts, a rate over the window, the ETA from the estimates", () => {
  let now = 0;
  const p = new ProgressTracker([
    { table: "public.a", estimatedRows: 100, estimatedBytes: 1000 },
    { table: "public.b", estimatedRows: 50, estimatedBytes: 500 },
    { table: "public.b", estimatedRows: 50, estimatedBytes: 500 },
  ], () => now);
  now = 1000;
  p.progress({ unit: "u1", table: "public.a", part: 0, rows: 10, bytes: 100 });
  now = 2000;
  p.progress({ unit: "u1", table: "public.a", part: 0, rows: 30, bytes: 300 });
  p.progress({ unit: "u2", table: "public.b", part: 1, rows: 10, bytes: 100 });
  const s = p.snapshot();
  assertEquals([s.rows, s.bytes, s.estimatedRows, s.estimatedBytes], [40, 400, 200, 2000]);
  assertEquals(s.tables.map((t) => [t.table, t.state, t.rows]), [["public.a", "running", 30], [
    "public.b",
    "running",
    10,
  ]]);
  // 300 bytes in the last second; 1,600 bytes left.
  assertEquals(s.bytesPerSecond, 300);
  assertEquals(s.etaSeconds, 5);
  now = 3000;
  p.done(
    { unit: "u1", ms: 1, tables: [{ table: "public.a", part: 0, parts: 1, rows: 100, bytes: 1000, ms: 1 }] },
    () => true,
  );
  assertEquals(p.snapshot().tables[0].state, "done");
  assertEquals(p.snapshot().estimatedRows, 200);
});

Deno.test("progress: no ETA while a table without an estimate (a filter's or a subset's rows) is unfinished", () => {
  let now = 0;
  const p = new ProgressTracker([
    { table: "public.a", estimatedRows: 100, estimatedBytes: 1000 },
    { table: "public.subset", estimatedRows: 0, estimatedBytes: 0, estimateUnknown: true },
    // An empty table: an estimate of nothing, not an unknown one.
    { table: "public.empty", estimatedRows: 0, estimatedBytes: 0 },
  ], () => now);
  now = 1000;
  p.progress({ unit: "u1", table: "public.a", part: 0, rows: 10, bytes: 100 });
  now = 2000;
  p.progress({ unit: "u1", table: "public.a", part: 0, rows: 20, bytes: 200 });
  assertEquals(p.snapshot().etaSeconds, undefined);
  p.done(
    { unit: "u2", ms: 1, tables: [{ table: "public.subset", part: 0, parts: 1, rows: 7, bytes: 70, ms: 1 }] },
    () => true,
  );
  // 170 bytes in the last second (the subset's 70 included); 800 bytes left.
  assertEquals(p.snapshot().etaSeconds, 5);
});
