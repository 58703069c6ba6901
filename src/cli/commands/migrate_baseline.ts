/** `confiture migrate baseline --through V`: adopt an existing database. */
import { ConfitureError } from "../../errors/mod.ts";
import { migrateBaseline } from "../../migrate/mod.ts";
import type { CommandSpec } from "../command.ts";
import { LOCK_TIMEOUT_OPTION, optionsFor, renderResults, renderWarnings, reportJson } from "./migrate_common.ts";

/** The `migrate baseline` command. */
export const command: CommandSpec = {
  name: "migrate baseline",
  summary: "Record migrations as applied without running them (adopt an existing database)",
  description: `For a database whose schema already matches the migrations up to VERSION: records every
migration up to and including VERSION in the ledger without running it, with its checksum.
Later migrations stay pending.`,
  options: [
    {
      name: "through",
      type: "string",
      valueName: "VERSION",
      description: "The newest migration the database already has (required)",
    },
    LOCK_TIMEOUT_OPTION,
  ],
  examples: [
    {
      command: "confiture migrate baseline --through 20260115093000",
      description: "Mark everything up to 20260115093000 as applied",
    },
  ],
  async run(ctx) {
    const through = ctx.options.through;
    if (typeof through !== "string") {
      throw new ConfitureError("USAGE_INVALID_ARGUMENT", "--through VERSION is required", {
        hint: "confiture migrate baseline --through 20260115093000",
      });
    }
    const o = await optionsFor(ctx);
    const db = await ctx.database();
    const report = await migrateBaseline(db, o, through);
    renderWarnings(ctx.out, report);
    renderResults(ctx.out, report.results);
    ctx.out.info(`${report.results.length} migration(s) recorded as applied.`);
    if (report.error) throw report.error;
    return { data: { ...reportJson(report), baselined: report.results.length } };
  },
};
