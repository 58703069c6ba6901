/** `confiture schema-to-schema cleanup`: removes what the migration added to the target. */
import type { CommandSpec } from "../command.ts";
import { SIDE_OPTIONS, sides } from "./schema_to_schema_common.ts";

/** The `schema-to-schema cleanup` command. */
export const command: CommandSpec = {
  name: "schema-to-schema cleanup",
  summary: "Remove the foreign server, user mapping, private schema and state, nothing else",
  description: `Removes from the target (after a cutover by renames: the database now bearing the source's
name) the foreign server and its user mapping (which hold the source's credentials), the schema
confiture_s2s (foreign tables and state), and the postgres_fdw extension when a run created it.
A freeze of the source still in place is lifted first. Nothing else is touched.`,
  options: SIDE_OPTIONS,
  examples: [
    {
      command: "confiture schema-to-schema cleanup --source production --target postgres://app@db/app_next",
      description: "Clean up once the cutover is settled",
    },
  ],
  async run(ctx) {
    const transfer = await import("../../transfer/mod.ts");
    const r = await transfer.cleanup(await sides(ctx, "cleanup"));
    if (r.unfrozen) ctx.out.info("The source is no longer frozen (its own setting restored)");
    for (const x of r.removed) ctx.out.info(`Removed ${x}`);
    ctx.out.info(r.removed.length ? `Cleaned ${r.database}.` : `Nothing to remove from ${r.database}.`);
    return { data: { database: r.database, removed: r.removed, unfrozen: r.unfrozen } };
  },
};
