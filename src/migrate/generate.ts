/**
 * `migrate generate`: a migration pair written from the difference between two schema states
 * (see the `source` module for opening them), with the hazards of its statements in a header.
 * New enum values followed by other changes get a migration of their own.
 * @module
 */
import { join, relative } from "node:path";
import { ConfitureError } from "../errors/mod.ts";
import { diffCatalogs, type RenameHint } from "../diff/mod.ts";
import type { Catalog } from "../model/mod.ts";
import { type Plan, planMigration, renderPlanSql } from "../plan/mod.ts";
import { reverseAppliedRenames, type SchemaDiffOptions, type SchemaDiffResult } from "../source/mod.ts";
import { classifyStatement, splitSql } from "../sql/mod.ts";
import { createMigration } from "./new.ts";

/** One migration of a generated pair: both directions. */
export interface MigrationStep {
  plan: Plan;
  sql: string;
  downPlan: Plan;
  downSql: string;
}

/** Options of {@link enumValueSteps}: those given to {@link schemaDiff}. */
export type EnumValueStepOptions = Pick<SchemaDiffOptions, "ignoreKinds" | "renames" | "online">;

/**
 * Splits a difference that adds enum values (`ALTER TYPE … ADD VALUE`) followed by other
 * statements into two migrations: the new values first, then the rest. PostgreSQL refuses a new
 * enum value in the transaction that added it (SQLSTATE 55P04: the DEFAULT, CHECK or index
 * predicate that uses it), and each migration runs in one transaction. The intermediate schema is
 * the current one with those enum types as desired; each step's down script returns to the
 * schema before it. Returns undefined when no split is needed.
 */
export async function enumValueSteps(
  result: Pick<SchemaDiffResult, "plan" | "from" | "to">,
  opts: EnumValueStepOptions = {},
): Promise<[MigrationStep, MigrationStep] | undefined> {
  const statements = result.plan.statements;
  const adds: boolean[] = [];
  for (const st of statements) {
    // Only a statement that names ADD VALUE may be one; the parse tree decides.
    const parsed = /\badd\s+value\b/i.test(st.sql) ? await splitSql(st.sql) : [];
    adds.push(parsed.some((p) => classifyStatement(p).addsEnumValue));
  }
  const first = adds.indexOf(true);
  if (first < 0 || !adds.slice(first).some((a) => !a)) return undefined;
  const types = new Set(statements.filter((_, i) => adds[i]).map((st) => st.id));
  const mid: Catalog = { ...result.from, objects: { ...result.from.objects } };
  for (const id of types) {
    if (!result.to.objects[id]) return undefined;
    mid.objects[id] = result.to.objects[id];
  }
  const step = (a: Catalog, b: Catalog, renames: RenameHint[]): MigrationStep => {
    const up = diffCatalogs(a, b, { ignoreKinds: opts.ignoreKinds, renames });
    const plan = planMigration(up, a, b, { online: opts.online });
    const reverse = reverseAppliedRenames(renames, up.changes);
    const down = diffCatalogs(b, a, { ignoreKinds: opts.ignoreKinds, renames: reverse });
    const downPlan = planMigration(down, b, a, { online: opts.online });
    return { plan, sql: renderPlanSql(plan), downPlan, downSql: renderPlanSql(downPlan) };
  };
  const values = step(result.from, mid, []);
  const rest = step(mid, result.to, opts.renames ?? []);
  // Only the new values go first; anything else means the intermediate schema is not what it seems.
  if (values.plan.statements.length === 0 || rest.plan.statements.some((st) => types.has(st.id))) return undefined;
  return [values, rest];
}

/** Options of {@link generateMigration}. */
export interface GenerateMigrationOptions extends EnumValueStepOptions {
  /** What the migration does (`add_users_email`); slugified into the file names. */
  name: string;
  /** The folder the migration files are written to. */
  migrationsDir: string;
  /** Paths in the result are relative to it (default: absolute). */
  root?: string;
  /** The clock (tests). */
  now?: Date;
  /** How the current state is named in messages (default "the current state"). */
  fromLabel?: string;
}

/** One migration written by {@link generateMigration}. */
export interface GeneratedMigration {
  /** The version (a UTC timestamp, `YYYYMMDDHHMMSS`). */
  version: string;
  /** The migration's name, as in its file names. */
  name: string;
  /** `.up.sql` then `.down.sql`, relative to `root` when given. */
  files: string[];
  /** Statements in the up script. */
  statements: number;
  /** Hazard codes of the up script's statements (see `HAZARDS`), sorted. */
  hazards: string[];
}

/** What {@link generateMigration} wrote. */
export interface GenerateResult {
  /** One migration, or two when new enum values go first (`<name>_enum_values`, then `<name>`). */
  migrations: GeneratedMigration[];
  /** Notes of the diff (also written into the migration as comments). */
  notes: string[];
}

const hazardsOf = (plan: Plan) => [...new Set(plan.statements.flatMap((s) => s.hazards))].sort();

/**
 * The text of a generated migration file: a header (version, name, direction, statement count,
 * hazards, whether it runs outside a transaction, notes) followed by the SQL.
 */
export function renderGeneratedMigration(
  m: { version: string; name: string; direction: "up" | "down"; plan: Plan; sql: string },
  extra: string[] = [],
): string {
  const hz = hazardsOf(m.plan);
  return [
    `-- Migration ${m.version}: ${m.name} (${m.direction}), generated by confiture migrate generate.`,
    `-- Review before applying. ${m.plan.statements.length} statement(s).`,
    ...(hz.length ? [`-- Hazards: ${hz.join(", ")}`] : []),
    ...(m.plan.statements.some((s) => !s.transactional)
      ? ["-- Runs outside a transaction (a statement cannot run in one); each statement is applied on its own."]
      : []),
    ...extra.map((n) => `-- ${n.replaceAll("\n", " ")}`),
  ].join("\n") + "\n\n" + m.sql;
}

/**
 * Writes the migration (or the two migrations) that turn `result.from` into `result.to`.
 * Refuses an empty difference with `DIFF_EMPTY`; never overwrites a file.
 *
 * @example Write the migration that brings a database to the DDL tree
 * ```ts
 * import { compareSchemas, generateMigration } from "./mod.ts";
 * const diff = await compareSchemas(
 *   { kind: "database", url: "postgres://postgres@127.0.0.1/app" },
 *   { kind: "path", path: "db/schema" },
 * );
 * const { migrations } = await generateMigration(diff, { name: "add_email", migrationsDir: "db/migrations" });
 * for (const m of migrations) console.log(m.version, m.files.join(" "), m.hazards.join(", "));
 * ```
 */
export async function generateMigration(
  result: Pick<SchemaDiffResult, "plan" | "sql" | "downPlan" | "downSql" | "from" | "to" | "notes">,
  opts: GenerateMigrationOptions,
): Promise<GenerateResult> {
  if (result.plan.statements.length === 0) {
    throw new ConfitureError(
      "DIFF_EMPTY",
      `${opts.fromLabel ?? "the current state"} already matches the schema; no migration written`,
    );
  }
  const split = await enumValueSteps(result, opts);
  const steps = split
    ? [
      { name: `${opts.name}_enum_values`, ...split[0], notes: [] as string[] },
      { name: opts.name, ...split[1], notes: result.notes },
    ]
    : [{ name: opts.name, ...result, notes: result.notes }];
  const shown = (p: string) => (opts.root ? relative(opts.root, p) || p : p);
  const write = async (path: string, text: string) => {
    try {
      await Deno.writeTextFile(path, text);
    } catch (e) {
      throw new ConfitureError("FILE_WRITE_FAILED", `cannot write ${shown(path)}`, { cause: e });
    }
  };
  const migrations: GeneratedMigration[] = [];
  for (const [i, step] of steps.entries()) {
    const made = await createMigration(step.name, {
      migrationsDir: opts.migrationsDir,
      root: opts.root,
      now: opts.now,
    });
    const base = join(opts.migrationsDir, `${made.version}_${made.name}`);
    const extra = [
      ...(split && i === 0 ? [`New enum values only: they must be committed before ${steps[1].name} uses them.`] : []),
      ...step.notes.map((n) => `Note: ${n}`),
    ];
    const m = { version: made.version, name: made.name };
    await write(`${base}.up.sql`, renderGeneratedMigration({ ...m, direction: "up", ...step }, extra));
    await write(
      `${base}.down.sql`,
      renderGeneratedMigration({ ...m, direction: "down", plan: step.downPlan, sql: step.downSql }),
    );
    migrations.push({
      ...m,
      files: [`${base}.up.sql`, `${base}.down.sql`].map(shown),
      statements: step.plan.statements.length,
      hazards: hazardsOf(step.plan),
    });
  }
  return { migrations, notes: result.notes };
}
