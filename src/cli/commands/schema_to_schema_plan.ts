/** `confiture schema-to-schema plan`: the per-table mapping, strategies and estimates; moves no row. */
import type { CommandSpec } from "../command.ts";
import { Board, PLAN_OPTIONS, planJson, planLines, transferOptions } from "./schema_to_schema_common.ts";

/** The `schema-to-schema plan` command. */
export const command: CommandSpec = {
  name: "schema-to-schema plan",
  summary: "Show how each table of the new schema is filled from the old database",
  description: `Builds the target from this project's DDL tree when it has no tables (the build medium),
inspects both catalogs, and prints for each target table its source (same name, a
-- confiture:renamed-from hint, or the mapping file db/schema_to_schema.yaml), each column's source,
the strategy (fdw or copy; auto decides from the source table's size), the source's row estimate
and a duration estimated from a throughput measured on a sample.

Refuses before any row moves (exit 8, S2S_MAPPING_REFUSED) when a source column or table would be
dropped without being listed under drop: or drop_tables:, or when a NOT NULL target column without a
default has no source. See docs/schema-to-schema.md.`,
  options: PLAN_OPTIONS,
  examples: [
    {
      command: "confiture schema-to-schema plan --source production --target postgres://app@db/app_next",
      description: "Build app_next from the tree (if empty) and show the mapping",
    },
  ],
  async run(ctx) {
    const transfer = await import("../../transfer/mod.ts");
    const opts = await transferOptions(ctx, "plan", new Board(ctx));
    const r = await transfer.plan(opts);
    for (const line of planLines(r.plan)) ctx.out.info(line);
    if (!r.fdw.available) ctx.out.info(`postgres_fdw: not used (${r.fdw.reason})`);
    if (r.throughput) {
      ctx.out.info(
        `Estimates at ${
          (r.throughput.bytesPerSecond / 1024 ** 2).toFixed(1)
        } MiB/s of source table, measured on ${r.throughput.rows} rows of ${r.throughput.table}`,
      );
    }
    ctx.out.info(
      r.sameServer
        ? `Cutover: on one server, renames ${r.names.source} out of the way and ${r.names.target} into its name`
        : "Cutover: across servers, records the switch and gives the target's connection string",
    );
    ctx.out.info("Plan only: no row was moved.");
    return {
      data: {
        built: r.built,
        fdw: r.fdw,
        sameServer: r.sameServer,
        throughput: r.throughput ?? null,
        plan: planJson(r.plan),
      },
    };
  },
};
