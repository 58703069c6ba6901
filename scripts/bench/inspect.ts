/**
 * Inspection benchmark: the generated schema of the diff benchmark (tables with identity keys,
 * foreign keys, indexes, views, functions, triggers, policies) in one database, then, round after
 * round, a full catalog inspection (`inspectCatalog`, the baseline), the same with estimates, the
 * table facts of every table (`inspectTables`) and of ten tables. Prints best and median of each
 * and their ratio to the baseline, after checking that the table facts of both ways agree.
 *
 *   deno run -A scripts/bench/inspect.ts [--tables 1000] [--views 300] [--functions 300] [--rounds 7] [--quick]
 *
 * `--quick`: a fifth of the schema and three rounds. Server: as for every benchmark (`_lib.ts`).
 * The database is dropped at the end.
 */
import { isDeepStrictEqual } from "node:util";
import { connect } from "../../src/db/mod.ts";
import { inspectCatalog, inspectTables, listTableFacts, type TableFacts } from "../../src/inspect/mod.ts";
import { admin, arg, median, urlFor } from "./_lib.ts";
import { generateSchema } from "./diff.ts";

const quick = Deno.args.includes("--quick");
const scale = quick ? 5 : 1;
const shape = {
  tables: Math.round(arg("tables", 1000) / scale),
  views: Math.round(arg("views", 300) / scale),
  functions: Math.round(arg("functions", 300) / scale),
};
const rounds = arg("rounds", quick ? 3 : 7);
const name = `confiture_bench_inspect_${Deno.pid}`;

const byId = (list: TableFacts[]) => Object.fromEntries(list.map((t) => [t.id, t]));

async function main(): Promise<number> {
  await admin(`create database ${name}`);
  try {
    const db = await connect({ url: urlFor(name), source: "flag" });
    try {
      await db.exec(generateSchema(shape, false));
      await db.exec("analyze");
      await db.exec("begin isolation level repeatable read read only");
      const catalog = await inspectCatalog(db, { stats: true });
      const tables = await inspectTables(db);
      await db.exec("commit");
      if (!isDeepStrictEqual(byId(tables), byId(listTableFacts(catalog)))) {
        console.error("error: inspectTables and inspectCatalog disagree on the table facts");
        return 1;
      }
      const ten = tables.slice(0, 10).map((t) => t.id);
      const cases: [string, () => Promise<unknown>][] = [
        ["inspectCatalog (baseline)", () => inspectCatalog(db)],
        ["inspectCatalog with estimates", () => inspectCatalog(db, { stats: true })],
        [`inspectTables, all ${tables.length} tables`, () => inspectTables(db)],
        ["inspectTables, 10 tables", () => inspectTables(db, { tables: ten })],
      ];
      const times = cases.map(() => [] as number[]);
      for (let r = 0; r < rounds; r++) {
        // Interleaved: load on the machine touches every case alike.
        for (const [i, [, fn]] of cases.entries()) {
          const t0 = performance.now();
          await fn();
          times[i].push(performance.now() - t0);
        }
      }
      console.log(
        `${shape.tables} tables, ${shape.views} views, ${shape.functions} functions; ${rounds} rounds (load ${
          Deno.loadavg()[0].toFixed(1)
        })`,
      );
      const base = median(times[0]);
      for (const [i, [label]] of cases.entries()) {
        const best = Math.min(...times[i]);
        const med = median(times[i]);
        console.log(
          `${label.padEnd(40)} best ${best.toFixed(0).padStart(6)} ms  median ${med.toFixed(0).padStart(6)} ms  ${
            (med / base).toFixed(2)
          }× baseline`,
        );
      }
      return 0;
    } finally {
      await db.close();
    }
  } finally {
    await admin(`drop database if exists ${name} with (force)`);
  }
}

if (import.meta.main) Deno.exit(await main());
