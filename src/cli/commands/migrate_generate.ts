/** `confiture migrate generate <name>`: a migration from the current state to the DDL tree. */
import { ConfitureError } from "../../errors/mod.ts";
import type { CommandSpec } from "../command.ts";
import { paths, resolveConnection } from "../../config/mod.ts";
import { ledgerTables, openDiffSides, stringList, warnMissingSchemas } from "./diff.ts";

const { join, relative } = paths;

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
    { name: "schema", type: "string", multiple: true, valueName: "NAME", description: "Only this schema" },
    {
      name: "exclude-schema",
      type: "string",
      multiple: true,
      valueName: "NAME",
      description: "Leave this schema out",
    },
    {
      name: "online",
      type: "boolean",
      description: "Online forms: indexes built CONCURRENTLY, constraints added NOT VALID then validated " +
        "(the migration then runs outside a transaction)",
    },
    {
      name: "ignore-kind",
      type: "string",
      multiple: true,
      valueName: "KIND",
      description: "Leave a kind of object out",
    },
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
    const migrate = await import("../../migrate/mod.ts");
    const fromMigrations = ctx.options["from-migrations"] === true;
    const fromSpec = fromMigrations ? "migrations" : "database";
    const configured = resolveConnection({ flag: ctx.global.databaseUrl, vars: ctx.vars, config: cfg }).url;
    const sides = await openDiffSides(ctx, fromSpec, "schema", {
      scratchServer: /^postgres(ql)?:\/\//.test(configured) ? configured : undefined,
    });
    try {
      const result = await migrate.schemaDiff({
        from: sides.from.db,
        to: sides.to.db,
        includeSchemas: stringList(ctx.options.schema),
        excludeSchemas: [...(stringList(ctx.options["exclude-schema"]) ?? [])],
        ignoreKinds: stringList(ctx.options["ignore-kind"]),
        renames: sides.renames,
        online: ctx.options.online === true,
        excludeTables: await ledgerTables(ctx, [fromSpec]),
      });
      for (const n of result.notes) ctx.out.warn(n);
      warnMissingSchemas(ctx, stringList(ctx.options.schema), result, sides);
      if (result.plan.statements.length === 0) {
        throw new ConfitureError("DIFF_EMPTY", `${sides.from.label} already matches the schema; no migration written`);
      }
      const stepOptions = {
        ignoreKinds: stringList(ctx.options["ignore-kind"]),
        renames: sides.renames,
        online: ctx.options.online === true,
      };
      // New enum values cannot be used in the transaction that adds them: they get a migration of their own.
      const split = await migrate.enumValueSteps(result, stepOptions);
      const steps = split
        ? [{ name: `${name}_enum_values`, ...split[0], notes: [] as string[] }, {
          name,
          ...split[1],
          notes: result.notes,
        }]
        : [{
          name,
          plan: result.plan,
          sql: result.sql,
          downPlan: result.downPlan,
          downSql: result.downSql,
          notes: result.notes,
        }];
      if (split) {
        ctx.out.notice(
          "the new enum values go into a migration of their own: PostgreSQL refuses a new value in the " +
            "transaction that added it",
        );
      }
      const hz = (p: typeof result.plan) => [...new Set(p.statements.flatMap((s) => s.hazards))].sort();
      const write = async (path: string, text: string) => {
        try {
          await Deno.writeTextFile(path, text);
        } catch (e) {
          throw new ConfitureError("FILE_WRITE_FAILED", `cannot write ${relative(ctx.cwd, path) || path}`, {
            cause: e,
          });
        }
      };
      const files: string[] = [];
      const created: { version: string; name: string }[] = [];
      for (const step of steps) {
        const made = await migrate.createMigration(step.name, { migrationsDir: cfg.migrationsDir, root: cfg.root });
        created.push({ version: made.version, name: made.name });
        const base = join(cfg.migrationsDir, `${made.version}_${made.name}`);
        const header = (kind: string, plan: typeof result.plan, notes: string[]) =>
          [
            `-- Migration ${made.version}: ${made.name} (${kind}), generated by confiture migrate generate.`,
            `-- Review before applying. ${plan.statements.length} statement(s).`,
            ...(hz(plan).length ? [`-- Hazards: ${hz(plan).join(", ")}`] : []),
            ...(plan.statements.some((s) => !s.transactional)
              ? ["-- Runs outside a transaction (a statement cannot run in one); each statement is applied on its own."]
              : []),
            ...(split && step === steps[0]
              ? [`-- New enum values only: they must be committed before ${steps[1].name} uses them.`]
              : []),
            ...notes.map((n) => `-- Note: ${n.replaceAll("\n", " ")}`),
          ].join("\n") + "\n\n";
        await write(`${base}.up.sql`, header("up", step.plan, step.notes) + step.sql);
        await write(`${base}.down.sql`, header("down", step.downPlan, []) + step.downSql);
        files.push(...[`${base}.up.sql`, `${base}.down.sql`].map((f) => relative(ctx.cwd, f) || f));
      }
      for (const f of files) ctx.out.info(`wrote ${f}`);
      return {
        data: {
          version: created[created.length - 1].version,
          name: created[created.length - 1].name,
          ...(created.length > 1 ? { migrations: created } : {}),
          files,
          statements: result.plan.statements.length,
          hazards: hz(result.plan),
          notes: result.notes,
        },
      };
    } finally {
      await sides.close();
    }
  },
};
