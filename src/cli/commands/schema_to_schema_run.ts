/** `confiture schema-to-schema run`: moves the old database's data into the new schema. */
import { ConfitureError } from "../../errors/mod.ts";
import type { CommandSpec } from "../command.ts";
import { Board, PLAN_OPTIONS, planJson, transferOptions } from "./schema_to_schema_common.ts";
import { formatBytes } from "./sync.ts";

/** The `schema-to-schema run` command. */
export const command: CommandSpec = {
  name: "schema-to-schema run",
  summary: "Move the old database's data into the new schema, resumably",
  description: `Builds the target from the DDL tree when it is empty, empties the tables it fills, and moves
every mapped table in the target's foreign-key order: with postgres_fdw on the target (an INSERT …
SELECT from a foreign table that reaches the source with the source URL's credentials) or with COPY
streams (COPY (SELECT …) TO STDOUT on the source into COPY … FROM STDIN, several tables at once with
--jobs). Each table commits with its mark in the target's state (confiture_s2s.confiture_s2s_state):
a run that stops is resumed by running again with the same mapping.

The source must be quiet while its data moves: --freeze-source makes it read-only for new sessions
until cutover or rollback. Row values never appear in any output; passwords neither.`,
  options: [
    ...PLAN_OPTIONS,
    { name: "freeze-source", type: "boolean", description: "Make the source read-only until cutover or rollback" },
    { name: "fresh", type: "boolean", description: "Start a new run even when the last one can be resumed" },
    { name: "verify", type: "boolean", description: "Verify right after the run (as schema-to-schema verify)" },
  ],
  examples: [
    {
      command: "confiture schema-to-schema run --source production --target postgres://app@db/app_next --jobs 2",
      description: "Move the data, two tables at once",
    },
    {
      command: "confiture schema-to-schema run --source production --target new --freeze-source",
      description: "Freeze the source for the run (until cutover or rollback)",
    },
  ],
  async run(ctx) {
    const transfer = await import("../../transfer/mod.ts");
    const opts = await transferOptions(ctx, "run", new Board(ctx));
    const r = await transfer.run({
      ...opts,
      freezeSource: ctx.options["freeze-source"] === true,
      fresh: ctx.options.fresh === true,
    });
    const rows = r.tables.reduce((n, t) => n + t.rows, 0);
    ctx.out.info(
      `Moved ${r.tables.length} table(s), ${rows.toLocaleString("en-US")} rows${r.resumed ? " (resumed run)" : ""}`,
    );
    for (const t of r.tables) {
      ctx.out.info(
        `  ${t.table.padEnd(32)} ${t.strategy.padEnd(5)} ${t.rows.toLocaleString("en-US").padStart(12)} rows ${
          t.strategy === "copy" ? formatBytes(t.bytes).padStart(10) : "".padStart(10)
        }  ${t.resumed ? "earlier run" : `${t.seconds.toFixed(1)}s`}`,
      );
    }
    if (r.frozen) ctx.out.info("The source is frozen (read-only for new sessions) until cutover or rollback.");
    let verification;
    if (ctx.options.verify === true) {
      verification = await transfer.verify({ ...opts, onEvent: undefined });
      for (const w of verification.warnings) ctx.out.warn(w);
      if (!verification.ok) {
        throw new ConfitureError("S2S_VERIFY_FAILED", `verify found ${verification.failures.length} difference(s)`, {
          detail: verification.failures.join("\n"),
        });
      }
      ctx.out.info(`Verified: ${verification.tables.length} table(s), every foreign key, sequence and check.`);
    } else ctx.out.info("Next: schema-to-schema verify, then cutover.");
    return {
      data: {
        runId: r.runId,
        resumed: r.resumed,
        built: r.built,
        frozen: r.frozen,
        plan: planJson(r.plan),
        tables: r.tables,
        ...(verification ? { verification } : {}),
      },
    };
  },
};
