/**
 * Comparing two schema states: both sessions are inspected (at the same time), the catalogs
 * diffed, and the difference planned and rendered, in both directions. The sessions may hold any
 * state: a live database, a scratch database with a DDL tree applied, replayed migrations
 * (see {@link openSchemaPair}).
 * @module
 */
import type { Session } from "../db/mod.ts";
import { diffCatalogs, type DiffOptions, type DiffResult, type RenameHint } from "../diff/mod.ts";
import { inspectCatalog, type InspectOptions } from "../inspect/mod.ts";
import type { Catalog } from "../model/mod.ts";
import { type Plan, planMigration, renderPlanSql } from "../plan/mod.ts";
import { openSchemaPair, type OpenSourcesOptions, type SchemaSource } from "./open.ts";

/** Options of {@link schemaDiff}. */
export interface SchemaDiffOptions extends InspectOptions {
  /** The current schema. */
  from: Session;
  /** The desired schema. */
  to: Session;
  /** Kinds left out of the comparison (see `--ignore-kind`). */
  ignoreKinds?: string[];
  /** Renames declared in the DDL. */
  renames?: RenameHint[];
  /** Online forms (CONCURRENTLY, NOT VALID + VALIDATE). Default true. */
  online?: boolean;
  /** Tables left out on both sides, as `schema.table` (e.g. the migration ledger). */
  excludeTables?: string[];
}

function withoutTables(c: Catalog, tables: string[] | undefined): Catalog {
  if (!tables || tables.length === 0) return c;
  const ids = new Set(tables.map((t) => `table:${t}`));
  const objects: Catalog["objects"] = {};
  for (const [k, o] of Object.entries(c.objects)) {
    if (ids.has(k) || (o.parent && ids.has(o.parent))) continue;
    // Sequences owned by a column of the table, serial or identity.
    const owner = o.kind === "sequence" ? o.sequence?.ownedBy ?? o.sequence?.identityOf : undefined;
    if (owner && [...ids].some((t) => owner.startsWith("column:" + t.slice(6) + "."))) continue;
    objects[k] = o;
  }
  return { ...c, objects };
}

/** The schema of a `schema.table` name (the text before the first dot). */
const schemaOfTable = (t: string) => t.slice(0, t.indexOf("."));

/**
 * A schema that holds nothing but the excluded tables on one side, and does not exist on the
 * other side, is left out of that side: it was made for the ledger (`tracking_table: ops.ledger`),
 * so the diff must neither drop it nor create it.
 */
function withoutLedgerSchemas(
  from: Catalog,
  to: Catalog,
  tables: string[] | undefined,
): [Catalog, Catalog] {
  if (!tables || tables.length === 0) return [from, to];
  const schemas = new Set(tables.filter((t) => t.includes(".")).map(schemaOfTable));
  const onlyLedger = (c: Catalog, s: string) =>
    !Object.values(c.objects).some((o) => o.kind !== "schema" && (o.schema === s || o.parent === `schema:${s}`));
  const drop = (c: Catalog, s: string): Catalog => {
    const objects = { ...c.objects };
    delete objects[`schema:${s}`];
    return { ...c, objects };
  };
  for (const s of schemas) {
    const id = `schema:${s}`;
    if (from.objects[id] && !to.objects[id] && onlyLedger(from, s)) from = drop(from, s);
    else if (to.objects[id] && !from.objects[id] && onlyLedger(to, s)) to = drop(to, s);
  }
  return [from, to];
}

/**
 * Both catalogs without `tables` (`schema.table`: the migration ledger), their columns, keys,
 * indexes and owned sequences, and without a schema that holds nothing else on one side and is
 * missing from the other.
 */
export function excludeTables(from: Catalog, to: Catalog, tables: string[] | undefined): [Catalog, Catalog] {
  return withoutLedgerSchemas(withoutTables(from, tables), withoutTables(to, tables), tables);
}

/**
 * The reverse of the rename hints that the `from` → `to` diff applied (a hint it ignored, such as
 * a leftover `renamed-from` whose old object no longer exists, has nothing to undo). A column hint
 * names its old identity under the table's new name when the table is renamed too; going back,
 * it names it under the table's old name.
 */
export function reverseAppliedRenames(renames: RenameHint[], applied: DiffResult["changes"]): RenameHint[] {
  const done = renames.filter((h) => applied.some((c) => c.action === "rename" && c.kind === h.kind && c.id === h.to));
  const tables = done.filter((h) => h.kind === "table");
  return done.map((h) => {
    let to = h.from;
    if (h.kind === "column") {
      const t = tables.find((t) => to.startsWith("column:" + t.to.slice(6) + "."));
      if (t) to = "column:" + t.from.slice(6) + to.slice(7 + t.to.slice(6).length);
    }
    return { kind: h.kind, from: h.to, to };
  });
}

/** What {@link schemaDiff} returns. */
export interface SchemaDiffResult {
  /** from → to. */
  plan: Plan;
  /** The plan as SQL text, from → to. */
  sql: string;
  /** to → from. */
  downPlan: Plan;
  /** The down plan as SQL text, to → from. */
  downSql: string;
  /** The rename hints the down direction follows: those applied going up, reversed. */
  downRenames: RenameHint[];
  /** Notes of the up direction: the diff's, then the plan's (dependency cycles and how they were ordered). */
  notes: string[];
  /** The catalog of the `from` side. */
  from: Catalog;
  /** The catalog of the `to` side. */
  to: Catalog;
  /** Milliseconds spent so far: `inspectMs` (both sides), `diffMs`, `planMs`, `downMs` (once planned). */
  timings: Record<string, number>;
}

/**
 * Computes the SQL turning the schema of `from` into that of `to`, and the reverse.
 *
 * @example
 * ```ts
 * const { sql } = await schemaDiff({ from: current, to: desired });
 * ```
 */
export async function schemaDiff(opts: SchemaDiffOptions): Promise<SchemaDiffResult> {
  const filters = { includeSchemas: opts.includeSchemas, excludeSchemas: opts.excludeSchemas };
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = (timings[name] ?? 0) + Math.round(now - mark);
    mark = now;
  };
  // Both sides are inspected at the same time (two sessions); one session is inspected once.
  const [fromRaw, toRaw] = opts.from === opts.to
    ? await inspectCatalog(opts.from, filters).then((c) => [c, c])
    : await Promise.all([inspectCatalog(opts.from, filters), inspectCatalog(opts.to, filters)]);
  lap("inspectMs");
  const [from, to] = excludeTables(fromRaw, toRaw, opts.excludeTables);
  const up = diffCatalogs(from, to, { ignoreKinds: opts.ignoreKinds, renames: opts.renames } satisfies DiffOptions);
  lap("diffMs");
  // Each direction is planned when it is first read: `diff` needs one, `migrate generate` both.
  let upPlan: { plan: Plan; sql: string } | undefined;
  let downPlan: { plan: Plan; sql: string } | undefined;
  const planUp = () => {
    if (!upPlan) {
      mark = performance.now();
      const plan = planMigration(up, from, to, { online: opts.online });
      upPlan = { plan, sql: renderPlanSql(plan) };
      lap("planMs");
    }
    return upPlan;
  };
  const planDown = () => {
    if (!downPlan) {
      mark = performance.now();
      const reverse = reverseAppliedRenames(opts.renames ?? [], up.changes);
      const down = diffCatalogs(to, from, { ignoreKinds: opts.ignoreKinds, renames: reverse });
      const plan = planMigration(down, to, from, { online: opts.online });
      downPlan = { plan, sql: renderPlanSql(plan) };
      lap("downMs");
    }
    return downPlan;
  };
  return {
    get plan() {
      return planUp().plan;
    },
    get sql() {
      return planUp().sql;
    },
    get downPlan() {
      return planDown().plan;
    },
    get downSql() {
      return planDown().sql;
    },
    get downRenames() {
      return reverseAppliedRenames(opts.renames ?? [], up.changes);
    },
    // The diff's notes and the plan's (a dependency cycle and where it was broken).
    get notes() {
      return planUp().plan.notes;
    },
    from,
    to,
    timings,
  };
}

/** Options of {@link compareSchemas}: those of {@link schemaDiff} (without the sessions) and of opening. */
export interface CompareOptions extends Omit<SchemaDiffOptions, "from" | "to">, OpenSourcesOptions {}

/**
 * Opens two schema sources, compares them and closes them: the library form of `confiture diff`.
 * The rename hints of the `to` side's DDL are used unless `renames` is given.
 *
 * @example
 * ```ts
 * import { compareSchemas } from "./mod.ts";
 * const r = await compareSchemas(
 *   { kind: "database", url: "postgres://postgres@127.0.0.1/app" },
 *   { kind: "path", path: "db/schema" },
 * );
 * if (r.plan.statements.length) console.log(r.sql);
 * ```
 */
export async function compareSchemas(
  from: SchemaSource,
  to: SchemaSource,
  opts: CompareOptions = {},
): Promise<SchemaDiffResult> {
  const pair = await openSchemaPair(from, to, opts);
  try {
    const result = await schemaDiff({
      ...opts,
      from: pair.from.db,
      to: pair.to.db,
      renames: opts.renames ?? pair.renames,
    });
    return result;
  } finally {
    await pair.close();
  }
}
