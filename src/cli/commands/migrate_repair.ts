/** `confiture migrate repair --yes`: accept the current files' checksums. */
import { migrateRepair } from "../../migrate/mod.ts";
import type { CommandSpec } from "../command.ts";
import { LOCK_TIMEOUT_OPTION, optionsFor, renderWarnings, reportJson } from "./migrate_common.ts";

/** The `migrate repair` command. */
export const command: CommandSpec = {
  name: "migrate repair",
  summary: "Accept edited migrations' checksums after review (needs --yes)",
  description: `Replaces the ledger checksum of every applied migration whose file changed (and of rows
written in another checksum format, e.g. by the reference Python tool) with the file's current
checksum, and forgets (removes from the ledger) the repeatable migrations whose R_<name>.sql file was
removed. Nothing is executed. Without --yes it lists what it would change and exits with code 8.`,
  options: [
    { name: "yes", short: "y", type: "boolean", description: "Confirm: write the new checksums" },
    LOCK_TIMEOUT_OPTION,
  ],
  examples: [
    { command: "confiture migrate repair", description: "List the checksums that would be replaced" },
    { command: "confiture migrate repair --yes", description: "Replace them" },
  ],
  async run(ctx) {
    const o = await optionsFor(ctx);
    const db = await ctx.database();
    const confirm = Boolean(ctx.options.yes);
    const report = await migrateRepair(db, o, confirm);
    renderWarnings(ctx.out, report);
    for (const r of report.results) {
      const line = r.repeatable
        ? `${confirm ? "forgot" : "would forget"} the removed ${r.version}.sql`
        : `${confirm ? "repaired" : "would repair"} ${r.file}`;
      ctx.out.info(`  ${line}`);
    }
    if (report.error) throw report.error;
    ctx.out.info(report.results.length ? `${report.results.length} ledger row(s) repaired.` : "Nothing to repair.");
    return { data: { ...reportJson(report), repaired: confirm ? report.results.length : 0 } };
  },
};
