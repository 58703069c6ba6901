/** `confiture migrate down`: reverts applied migrations. */
import { ConfitureError } from "../../errors/mod.ts";
import { migrateDown } from "../../migrate/mod.ts";
import type { CommandSpec } from "../command.ts";
import {
  LOCK_TIMEOUT_OPTION,
  optionsFor,
  renderPlan,
  renderResults,
  renderWarnings,
  reportJson,
} from "./migrate_common.ts";

/** The `migrate down` command. */
export const command: CommandSpec = {
  name: "migrate down",
  summary: "Revert the newest applied migrations",
  description: `Reverts applied migrations, newest first, with their .down.sql (or down() of a TypeScript
migration); each revert and the removal of its ledger row commit in one transaction. Refuses before
changing anything when a needed down file is missing.`,
  options: [
    { name: "steps", type: "string", valueName: "N", description: "How many migrations to revert", default: "1" },
    { name: "to", type: "string", valueName: "VERSION", description: "Revert every migration newer than VERSION" },
    { name: "dry-run", type: "boolean", description: "Print what would be reverted and change nothing" },
    LOCK_TIMEOUT_OPTION,
  ],
  examples: [
    { command: "confiture migrate down", description: "Revert the newest migration" },
    { command: "confiture migrate down --to 20260101120000", description: "Revert everything after a version" },
  ],
  async run(ctx) {
    const stepsOpt = ctx.options.steps;
    const to = typeof ctx.options.to === "string" ? ctx.options.to : undefined;
    if (stepsOpt !== undefined && to !== undefined) {
      throw new ConfitureError("USAGE_INVALID_ARGUMENT", "--steps and --to exclude each other");
    }
    let steps: number | undefined;
    if (typeof stepsOpt === "string") {
      steps = Number(stepsOpt);
      if (!/^\d+$/.test(stepsOpt) || steps < 1) {
        throw new ConfitureError("USAGE_INVALID_ARGUMENT", `--steps must be a positive integer, got "${stepsOpt}"`);
      }
    }
    const dryRun = Boolean(ctx.options["dry-run"]);
    const o = await optionsFor(ctx);
    const db = await ctx.database();
    const report = await migrateDown(db, o, { steps, to, dryRun });
    const out = ctx.out;
    renderWarnings(out, report);
    if (report.plan.length === 0) out.info("Nothing to revert.");
    else if (dryRun) {
      out.info(`Dry run: ${report.plan.length} migration(s) would be reverted:`);
      renderPlan(out, report.plan);
    } else {
      renderResults(out, report.results);
      out.info(`${report.results.filter((r) => r.status === "reverted").length} migration(s) reverted.`);
    }
    const data = {
      ...reportJson(report),
      dryRun,
      plan: dryRun ? report.plan : undefined,
      reverted: report.results.filter((r) => r.status === "reverted").length,
    };
    // a failed run still says which migrations it reverted before the failure
    return report.error ? { data, error: report.error } : { data };
  },
};
