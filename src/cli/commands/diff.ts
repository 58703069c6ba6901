/** `confiture diff --from SRC --to DST`: the SQL that turns one schema into another. */
import { ConfitureError, redact } from "../../errors/mod.ts";
import type { CommandContext, CommandSpec, OptionSpec } from "../command.ts";
import { resolveConnection } from "../../config/mod.ts";
import type { SchemaPair, SchemaSource, SourceSpec } from "../../source/mod.ts";

/** The filters of a schema comparison: `diff` and `migrate generate` take them alike. */
export const SCHEMA_FILTER_OPTIONS: OptionSpec[] = [
  { name: "schema", type: "string", multiple: true, valueName: "NAME", description: "Only this schema" },
  { name: "exclude-schema", type: "string", multiple: true, valueName: "NAME", description: "Leave this schema out" },
  {
    name: "ignore-kind",
    type: "string",
    multiple: true,
    valueName: "KIND",
    description: "Leave a kind of object out: privileges, comments, an object or unsupported kind",
  },
];

/** The `diff` command. */
export const command: CommandSpec = {
  name: "diff",
  summary: "Print the SQL that turns one schema into another (database, DDL tree or .sql files)",
  description: `Each side is a database URL (postgres://…, embedded:<dir>), "database" (the environment's
database), "schema" (the environment's DDL tree, db/schema), "migrations" (the environment's migrations
replayed in a scratch database), or a .sql file or folder. DDL sides are
applied to a scratch database: a temporary database on the other side's server when it has one
(same PostgreSQL version), otherwise the embedded engine; it is always dropped afterwards.
PostgreSQL interprets the DDL; the catalogs of both sides are compared.

The output is SQL for psql: hazards (DELETES_DATA, TABLE_REWRITE, …) are shown as comments.
Indexes on existing tables are built CONCURRENTLY; checks and foreign keys are added NOT VALID,
then validated. A table or column renamed with a "-- confiture:renamed-from old_name" comment on
its line in the DDL is renamed, not dropped and re-added.`,
  options: [
    { name: "from", type: "string", valueName: "SRC", description: "Current schema", default: "database" },
    { name: "to", type: "string", valueName: "DST", description: "Desired schema", default: "schema" },
    {
      name: "format",
      type: "string",
      valueName: "FORMAT",
      description: "sql, json (as --json) or summary",
      default: "sql",
    },
    ...SCHEMA_FILTER_OPTIONS,
    { name: "down", type: "boolean", description: "Print the reverse script (DST to SRC)" },
    { name: "exit-code", type: "boolean", description: "Exit 2 when there are differences, 0 when none" },
    {
      name: "no-online",
      type: "boolean",
      description: "Plain CREATE INDEX and ADD CONSTRAINT (no CONCURRENTLY, NOT VALID)",
    },
  ],
  examples: [
    { command: "confiture diff", description: "What the database lacks compared with db/schema" },
    {
      command: "confiture diff --from postgres://localhost/prod --to schema --format summary",
      description: "Summarise the changes production needs",
    },
    { command: "confiture diff --from old.sql --to new.sql --exit-code", description: "Compare two DDL files" },
  ],
  async run(ctx) {
    const format = typeof ctx.options.format === "string" ? ctx.options.format : "sql";
    if (!["sql", "json", "summary"].includes(format)) {
      throw new ConfitureError("USAGE_INVALID_ARGUMENT", `unknown --format ${format}`, {
        hint: "sql, json or summary",
      });
    }
    // --format json prints the command's JSON document, the same as --json; another format with
    // --json would be silently replaced by it.
    if (format !== "json" && ctx.global.json && typeof ctx.options.format === "string") {
      throw new ConfitureError("USAGE_INVALID_ARGUMENT", `--format ${format} and --json ask for different outputs`, {
        hint: "drop one of them; --json (or --format json) prints the SQL inside the JSON document",
      });
    }
    if (format === "json") ctx.global.json = true;
    const fromSpec = typeof ctx.options.from === "string" ? ctx.options.from : "database";
    const toSpec = typeof ctx.options.to === "string" ? ctx.options.to : "schema";
    const { schemaDiff } = await import("../../source/mod.ts");
    const sides = await openDiffSides(ctx, fromSpec, toSpec);
    try {
      const result = await schemaDiff({
        excludeTables: await ledgerTables(ctx, [fromSpec, toSpec]),
        from: sides.from.db,
        to: sides.to.db,
        includeSchemas: stringList(ctx.options.schema),
        excludeSchemas: stringList(ctx.options["exclude-schema"]),
        ignoreKinds: stringList(ctx.options["ignore-kind"]),
        renames: sides.renames,
        online: ctx.options["no-online"] !== true,
      });
      const down = ctx.options.down === true;
      const plan = down ? result.downPlan : result.plan;
      const sql = down ? result.downSql : result.sql;
      for (const n of result.notes) ctx.out.warn(n);
      warnMissingSchemas(ctx, stringList(ctx.options.schema), result, sides);
      const count = plan.statements.length;
      if (format === "sql") {
        if (sql) ctx.out.write(sql);
        else ctx.out.notice("No differences.");
      } else if (format === "summary") {
        summarize(ctx, plan.statements, sides.from, sides.to);
      }
      ctx.out.debug(
        `timings: ${Object.entries(result.timings).map(([k, v]) => `${k.replace(/Ms$/, "")} ${v} ms`).join(", ")}`,
      );
      const hazards = [...new Set(plan.statements.flatMap((s) => s.hazards))].sort();
      return {
        exitCode: ctx.options["exit-code"] === true && count > 0 ? 2 : 0,
        data: {
          from: sides.from.label,
          to: sides.to.label,
          differences: count > 0,
          statements: plan.statements,
          hazards,
          notes: result.notes,
          sql,
        },
      };
    } finally {
      await sides.close();
    }
  },
};

function summarize(
  ctx: CommandContext,
  statements: { sql: string; hazards: string[]; id: string; action: string }[],
  from: { label: string },
  to: { label: string },
): void {
  const out = ctx.out;
  // The summary is the requested output: printed even with --quiet, as the SQL is.
  const line = (text: string) => out.write(redact(text) + "\n");
  if (statements.length === 0) {
    line(`No differences between ${from.label} and ${to.label}.`);
    return;
  }
  const seen = new Map<string, { action: string; hazards: Set<string> }>();
  for (const s of statements) {
    const key = s.id;
    let e = seen.get(key);
    if (!e) seen.set(key, e = { action: s.action, hazards: new Set() });
    if (s.action === "drop" && e.action === "create") e.action = "replace";
    if (s.action === "create" && e.action === "drop") e.action = "replace";
    for (const h of s.hazards) e.hazards.add(h);
  }
  const sign: Record<string, string> = { create: "+", drop: "-", alter: "~", replace: "±", rename: ">" };
  line(`${statements.length} statement(s) to turn ${from.label} into ${to.label}:`);
  for (const [id, e] of seen) {
    const hz = e.hazards.size ? out.style.yellow(`  [${[...e.hazards].join(", ")}]`) : "";
    line(`  ${sign[e.action] ?? "~"} ${id.replace(":", " ")}${hz}`);
  }
}

/**
 * Warns about each `--schema` name that exists on neither side: the comparison then finds no
 * difference, which would otherwise read as "the schemas are equal".
 */
export function warnMissingSchemas(
  ctx: CommandContext,
  schemas: string[] | undefined,
  result: { from: { objects: Record<string, { schema: string | null }> }; to: typeof result.from },
  sides: { from: { label: string }; to: { label: string } },
): void {
  for (const name of schemas ?? []) {
    const has = (c: typeof result.from) =>
      Boolean(c.objects[`schema:${name}`]) || Object.values(c.objects).some((o) => o.schema === name);
    if (!has(result.from) && !has(result.to)) {
      ctx.out.warn(`schema "${name}" (--schema) exists neither in ${sides.from.label} nor in ${sides.to.label}`);
    }
  }
}

/** The migration ledger table, left out of diffs that involve the project's database or DDL tree. */
export async function ledgerTables(ctx: CommandContext, specs: string[]): Promise<string[]> {
  if (!specs.some((s) => s === "database" || s === "schema" || s === "migrations")) return [];
  const t = (await ctx.config()).trackingTable;
  return [t.includes(".") ? t : `public.${t}`];
}

/** Collects a repeatable string option. */
export function stringList(v: unknown): string[] | undefined {
  if (v === undefined || v === false) return undefined;
  const list = (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(",")).map((x) => x.trim()).filter(Boolean);
  return list.length ? list : undefined;
}

/**
 * Opens the two sides of a diff as the user named them: each is checked first (a missing file, a
 * mistyped keyword), before any database or engine starts. Events are rendered on stderr.
 */
export async function openDiffSides(
  ctx: CommandContext,
  fromSpec: string,
  toSpec: string,
  opts: { scratchServer?: string } = {},
): Promise<SchemaPair> {
  const { openSchemaPair, parseSourceSpec } = await import("../../source/mod.ts");
  const specs = {
    from: parseSourceSpec(fromSpec, ctx.cwd, "--from"),
    to: parseSourceSpec(toSpec, ctx.cwd, "--to"),
  };
  const sources: SchemaSource[] = [];
  for (const spec of [specs.from, specs.to]) sources.push(await toSource(ctx, spec));
  return openSchemaPair(sources[0], sources[1], {
    scratchServer: opts.scratchServer,
    signal: ctx.signal,
    onEvent: (e) => {
      if (e.type === "connected") ctx.noteConnection(e.role, e.info);
      else if (e.type === "warning") ctx.out.warn(e.message);
      else if (e.type === "progress") ctx.out.progress(e);
      else if (e.type === "scratch") {
        if (e.embedded) {
          ctx.out.notice(
            `${ctx.out.style.yellow("note:")} applying ${e.label} to a scratch database in the embedded PostgreSQL`,
          );
        }
        ctx.out.debug(`applying ${e.label} to a scratch database (${e.url})`);
      }
    },
  });
}

async function toSource(ctx: CommandContext, spec: SourceSpec): Promise<SchemaSource> {
  if (spec.kind === "url") return { kind: "database", url: spec.url };
  if (spec.kind === "path") return { kind: "path", path: spec.path, display: spec.display };
  if (spec.keyword === "schema") return { kind: "tree", config: await ctx.config(), label: "schema" };
  if (spec.keyword === "migrations") {
    const migrate = await import("../../migrate/mod.ts");
    return migrate.migrationsSource(migrate.runnerOptions(await ctx.config()));
  }
  const db = await ctx.database();
  const serverUrl = db.info.backend === "server"
    ? resolveConnection({ flag: ctx.global.databaseUrl, vars: ctx.vars, config: await ctx.config() }).url
    : undefined;
  return { kind: "session", db, label: db.info.display, serverUrl };
}
