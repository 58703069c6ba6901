/** `confiture migrate generate <name>`: a migration from the current state to the DDL tree. */
import { ConfitureError } from "../../errors/mod.ts";
import type { CommandSpec } from "../command.ts";
import { resolveConnection } from "../../config/mod.ts";
import { ledgerTables, openDiffSides, SCHEMA_FILTER_OPTIONS, stringList, warnMissingSchemas } from "./diff.ts";

/** The `migrate generate` command. */
export const command: CommandSpec = {
  name: "migrate generate",
  summary: "Write a migration from the difference between the database and the DDL tree",
  description: `Diffs the current state (the environment's database, or with --from-migrations the existing
migrations replayed in a scratch database) against the DDL tree (db/schema) and writes
db/migrations/<version>_<name>.up.sql and .down.sql, with the hazards of the statements in a header
comment. Refuses to write an empty migration. Review the files before applying them.
New enum values (ALTER TYPE … ADD VALUE) followed by other changes get a migration of their own,
<version>_<name>_enum_values, before the main one: PostgreSQL refuses a new value in the transaction
that added it, and each migration runs in one transaction.`,
  options: [
    {
      name: "from-migrations",
      type: "boolean",
      description: "Start from the existing migrations replayed in a scratch database, not the database",
    },
    {
      name: "online",
      type: "boolean",
      description: "Online forms: indexes built CONCURRENTLY, constraints added NOT VALID then validated " +
        "(the migration then runs outside a transaction)",
    },
    ...SCHEMA_FILTER_OPTIONS,
  ],
  positionals: [{ name: "name", description: "What the migration does, e.g. add_users_email", required: true }],
  examples: [
    { command: "confiture migrate generate add_users_email", description: "Diff the database against db/schema" },
    {
      command: "confiture migrate generate add_orders --from-migrations",
      description: "Diff the replayed migrations against db/schema",
    },
  ],
  async run(ctx) {
    const name = ctx.positionals.join("_");
    if (!name) {
      throw new ConfitureError("USAGE_INVALID_ARGUMENT", "missing the migration name", {
        hint: "confiture migrate generate add_users_email",
      });
    }
    const cfg = await ctx.config();
    const [migrate, { schemaDiff }] = await Promise.all([
      import("../../migrate/mod.ts"),
      import("../../source/mod.ts"),
    ]);
    const fromSpec = ctx.options["from-migrations"] === true ? "migrations" : "database";
    const configured = resolveConnection({ flag: ctx.global.databaseUrl, vars: ctx.vars, config: cfg }).url;
    await using sides = await openDiffSides(ctx, fromSpec, "schema", {
      scratchServer: /^postgres(ql)?:\/\//.test(configured) ? configured : undefined,
    });
    const stepOptions = {
      ignoreKinds: stringList(ctx.options["ignore-kind"]),
      renames: sides.renames,
      online: ctx.options.online === true,
    };
    const result = await schemaDiff({
      ...stepOptions,
      from: sides.from.db,
      to: sides.to.db,
      includeSchemas: stringList(ctx.options.schema),
      excludeSchemas: [...(stringList(ctx.options["exclude-schema"]) ?? [])],
      excludeTables: await ledgerTables(ctx, [fromSpec]),
    });
    for (const n of result.notes) ctx.out.warn(n);
    warnMissingSchemas(ctx, stringList(ctx.options.schema), result, sides);
    const generated = await migrate.generateMigration(result, {
      ...stepOptions,
      name,
      migrationsDir: cfg.migrationsDir,
      root: ctx.cwd,
      fromLabel: sides.from.label,
    });
    const made = generated.migrations;
    if (made.length > 1) {
      ctx.out.notice(
        "the new enum values go into a migration of their own: PostgreSQL refuses a new value in the " +
          "transaction that added it",
      );
    }
    const files = made.flatMap((m) => m.files);
    for (const f of files) ctx.out.info(`wrote ${f}`);
    const last = made[made.length - 1];
    return {
      data: {
        version: last.version,
        name: last.name,
        ...(made.length > 1 ? { migrations: made.map((m) => ({ version: m.version, name: m.name })) } : {}),
        files,
        statements: result.plan.statements.length,
        hazards: [...new Set(result.plan.statements.flatMap((s) => s.hazards))].sort(),
        notes: result.notes,
      },
    };
  },
};
