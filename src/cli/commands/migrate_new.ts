/** `confiture migrate new <name>`: creates the files of a new migration. */
import { ConfitureError } from "../../errors/mod.ts";
import { createMigration } from "../../migrate/mod.ts";
import type { CommandSpec } from "../command.ts";

/** The `migrate new` command. */
export const command: CommandSpec = {
  name: "migrate new",
  summary: "Create a new migration with the next version",
  description: `Creates db/migrations/<version>_<name>.up.sql and .down.sql (or one .ts module with --ts).
The version is the current UTC time (YYYYMMDDHHMMSS), or one second after the newest existing
version; a folder numbered 001, 002, … continues its numbering.`,
  options: [{
    name: "ts",
    type: "boolean",
    description: "Create a TypeScript migration exporting up(ctx) and down(ctx)",
  }],
  positionals: [{ name: "name", description: "What the migration does, e.g. add_users_email", required: true }],
  examples: [
    { command: "confiture migrate new add_users_email", description: "Create an .up.sql/.down.sql pair" },
    { command: "confiture migrate new backfill_totals --ts", description: "Create a TypeScript data migration" },
  ],
  async run(ctx) {
    const name = ctx.positionals[0];
    if (!name) {
      throw new ConfitureError("USAGE_INVALID_ARGUMENT", "missing the migration name", {
        hint: "confiture migrate new add_users_email",
      });
    }
    const cfg = await ctx.config();
    const created = await createMigration(ctx.positionals.join("_"), {
      migrationsDir: cfg.migrationsDir,
      root: cfg.root,
      type: ctx.options.ts ? "ts" : "sql",
    });
    for (const f of created.files) ctx.out.info(`created ${f}`);
    return { data: { version: created.version, name: created.name, files: created.files } };
  },
};
