/**
 * Schema diff between two live databases: inspect both, diff, plan, render.
 * Used by `confiture diff` and `confiture migrate generate`.
 * @module
 */
import { basename, join } from "node:path";
import { applyBuild, type BuildFile, buildSchema, type BuildSource, decodeSql } from "../build/mod.ts";
import type { Session } from "../db/mod.ts";
import { ConfitureError } from "../errors/mod.ts";
import { diffCatalogs, type DiffOptions, type DiffResult, type RenameHint } from "../diff/mod.ts";
import { inspectCatalog, type InspectOptions } from "../inspect/mod.ts";
import type { Catalog } from "../model/mod.ts";
import { type Plan, planMigration, renderPlanSql } from "../plan/mod.ts";
import { classifyStatement, splitSql } from "../sql/mod.ts";

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
  sql: string;
  /** to → from. */
  downPlan: Plan;
  downSql: string;
  /** The rename hints the down direction follows: those applied going up, reversed. */
  downRenames: RenameHint[];
  notes: string[];
  from: Catalog;
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
  const [from, to] = withoutLedgerSchemas(
    withoutTables(fromRaw, opts.excludeTables),
    withoutTables(toRaw, opts.excludeTables),
    opts.excludeTables,
  );
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
    notes: up.notes,
    from,
    to,
    timings,
  };
}

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

/** The `-- confiture:renamed-from old_name` hints of DDL text (on a CREATE TABLE line or a column line). */
export function renameHintsFromSql(sql: string): RenameHint[] {
  const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;
  const unquote = (s: string) => (s.startsWith('"') ? s.slice(1, -1).replaceAll('""', '"') : s.toLowerCase());
  const tableRe = new RegExp(
    String
      .raw`^\s*CREATE\s+(?:(?:UNLOGGED|TEMP|TEMPORARY)\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(${IDENT}(?:\s*\.\s*${IDENT})?)`,
    "i",
  );
  const colRe = new RegExp(String.raw`^\s*(${IDENT})\s`);
  const hints: RenameHint[] = [];
  let table: string | undefined;
  for (const line of sql.split("\n")) {
    const t = tableRe.exec(line);
    if (t) {
      const parts = t[1].match(new RegExp(IDENT, "g"))!.map(unquote);
      table = parts.length === 2 ? parts.join(".") : `public.${parts[0]}`;
    }
    const h = /--\s*confiture:renamed-from\s+("(?:[^"]|"")+"|\S+)/.exec(line);
    if (!h || !table) continue;
    const old = unquote(h[1]);
    if (t) {
      hints.push({ kind: "table", from: `table:${table.split(".")[0]}.${old}`, to: `table:${table}` });
    } else {
      const c = colRe.exec(line);
      if (c) hints.push({ kind: "column", from: `column:${table}.${old}`, to: `column:${table}.${unquote(c[1])}` });
    }
  }
  return hints;
}

/** A DDL source applied to a (scratch) database: the environment's tree, or a `.sql` file or folder. */
export type DdlSource = { kind: "schema"; config: BuildSource } | { kind: "path"; path: string };

/**
 * Applies a DDL source to `db` (in one transaction, with the build engine) and returns the
 * rename hints its files declare.
 */
export async function applyDdlSource(
  db: Session,
  source: DdlSource,
  opts: { signal?: AbortSignal; onWarning?: (w: string) => void } = {},
): Promise<{ renames: RenameHint[]; files: number }> {
  let files: BuildFile[];
  if (source.kind === "schema") files = (await buildSchema(source.config)).files;
  else {
    let stat: Deno.FileInfo;
    try {
      stat = await Deno.stat(source.path);
    } catch (e) {
      throw new ConfitureError("FILE_NOT_FOUND", `${source.path} does not exist`, { cause: e });
    }
    if (stat.isDirectory) {
      const dir = source.path;
      const src = {
        root: dir,
        env: "diff",
        includeDirs: [{ path: dir, include: ["**/*.sql"], exclude: [] }],
        excludeDirs: [],
        seedsDir: join(dir, ".none"),
      };
      const built = await buildSchema(src);
      for (const w of built.warnings) opts.onWarning?.(w);
      files = built.files;
    } else {
      let bytes: Uint8Array;
      try {
        bytes = await Deno.readFile(source.path);
      } catch (e) {
        throw new ConfitureError("FILE_UNREADABLE", `cannot read ${source.path}`, { cause: e });
      }
      const text = decodeSql(bytes, basename(source.path));
      files = [{ path: source.path, relPath: basename(source.path), role: "schema", bytes, text }];
    }
  }
  if (files.length > 0) await applyBuild(db, files, { signal: opts.signal, onWarning: opts.onWarning });
  const built = { files };
  return { renames: renameHintsFromSql(built.files.map((f) => f.text).join("\n")), files: built.files.length };
}
