/** `confiture migrate verify`: compares ledger checksums with the files. */
import { migrateVerify } from "../../migrate/mod.ts";
import type { CommandSpec } from "../command.ts";
import { entryJson, optionsFor, renderWarnings } from "./migrate_common.ts";

/** The `migrate verify` command. */
export const command: CommandSpec = {
  name: "migrate verify",
  summary: "Check that applied migrations were not edited",
  description: `Compares each applied migration's checksum in the ledger with its file. Checksums ignore
comments and whitespace outside literals, so reformatting does not count. A ledger checksum written
by the reference Python tool (SHA-256 of the raw file) is accepted too.

Exit code: 0 when every checksum matches; 8 (MIGRATION_CHECKSUM_MISMATCH) otherwise.`,
  options: [],
  examples: [{ command: "confiture migrate verify --env production", description: "Verify production's ledger" }],
  async run(ctx) {
    const o = await optionsFor(ctx);
    const db = await ctx.database();
    const report = await migrateVerify(db, o);
    renderWarnings(ctx.out, report);
    const applied = report.status.entries.filter((e) => e.state === "applied" || e.state === "checksum_mismatch");
    for (const e of applied) {
      if (e.state === "checksum_mismatch") ctx.out.info(`${ctx.out.style.red("CHANGED")} ${e.file}`);
    }
    if (report.error) throw report.error;
    ctx.out.info(`${applied.length} applied migration(s) verified: all checksums match.`);
    return { data: { verified: applied.length, migrations: applied.map(entryJson), warnings: report.warnings } };
  },
};
