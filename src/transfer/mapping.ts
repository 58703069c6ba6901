/**
 * The mapping of a schema-to-schema migration: for every table of the target (the new schema),
 * where its rows come from in the source (the old database) and how each column is computed.
 *
 * Pairs are found, in order of precedence, from the mapping file (`from:`, `columns:`, `query:`),
 * from the `-- confiture:renamed-from` hints of the DDL tree, and by equal names. Everything that
 * would lose data is refused here, before any row moves, with every problem listed at once:
 * - a target column that is NOT NULL without a default and has no source;
 * - a source column that no target column carries and that is not listed under `drop:`;
 * - a source table that no target table reads and that is not listed under `drop_tables:`.
 *
 * Which source columns an expression reads, which columns a `query:` returns and which tables it
 * reads are asked of the source server through a {@link SourceProbe} (PostgreSQL interprets the
 * SQL; nothing is guessed from its text).
 * @module
 */
import { ConfitureError, type SourceLocation } from "../errors/mod.ts";
import type { ColumnFacts, TableFacts } from "../model/mod.ts";
import { quoteIdent } from "../sql/mod.ts";
import { closest, parseTableName } from "../util/mod.ts";
import type { ColumnSpec, MappingFile, Strategy, TableSpec } from "./mapping_file.ts";

/** A rename hint of the DDL tree, as diff identities (`table:public.users`, `column:public.users.email`). */
export interface RenameHint {
  /** `table` or `column`. */
  kind: string;
  /** Identity on the old side. */
  from: string;
  /** Identity on the new side. */
  to: string;
}

/** How the mapping found a pair. */
export type PairOrigin = "name" | "hint" | "mapping";

/** How one target column is filled. */
export interface MappedColumn {
  /** The target column. */
  target: string;
  /** Its type, as `format_type` prints it. */
  targetType: string;
  /**
   * The SQL over the source row that gives the value (a quoted column, or an expression in
   * parentheses, cast when the mapping says so); for a `query:` table, `q."column"`.
   */
  sql: string;
  /** The source column when the value is a column (renamed or not), else undefined. */
  sourceColumn?: string;
  /** The type of that source column. */
  sourceType?: string;
  /** A source column of the same type, unchanged: its value needs no conversion. */
  plain: boolean;
  /** How the pair was found. */
  origin: PairOrigin;
  /** Shown in the plan: `full_name`, `lower(email)`, `(score_text)::integer`. */
  shown: string;
}

/** Where a target table's rows come from. */
export type TableSource =
  | { kind: "table"; table: TableFacts; origin: PairOrigin }
  | {
    kind: "query";
    sql: string;
    /** The query's columns, in order. */
    columns: string[];
    /** The source tables it reads (identities). */
    reads: string[];
    /** The planner's estimates on the source. */
    estimatedRows: number;
    estimatedBytes: number;
  }
  /** A new table with no source: left as the build made it. */
  | { kind: "none"; reason: "new" | "skip" };

/** The mapping of one target table. */
export interface TableMapping {
  /** `schema.name` of the target table. */
  table: string;
  /** The target table's structure. */
  target: TableFacts;
  /** Where its rows come from. */
  source: TableSource;
  /** Filled columns, in target order. */
  columns: MappedColumn[];
  /** Target columns left to their default or NULL. */
  defaulted: string[];
  /** Generated target columns (computed by the target). */
  generated: string[];
  /** Source columns listed under `drop:`. */
  dropped: string[];
  /** Row filter over the source row. */
  where?: string;
  /** The strategy asked for (file or default); the plan decides `auto`. */
  strategy: Strategy;
  /** Where the table's mapping is written. */
  location?: SourceLocation;
}

/** Answers about SQL on the source (see the module documentation). */
export interface SourceProbe {
  /**
   * The columns of `table` that `expression` reads, or "all" for a whole-row reference. Fails
   * (a ConfitureError) when the expression is not valid on the source.
   */
  columnsUsed(table: TableFacts, expression: string): Promise<string[] | "all">;
  /** Fails when `where` is not a valid filter of `table` on the source. */
  checkWhere(table: TableFacts, where: string): Promise<void>;
  /** The columns a query returns, in order. */
  queryColumns(sql: string): Promise<string[]>;
  /** The tables (identities) a query reads, and the planner's estimate of its rows and bytes. */
  queryReads(sql: string): Promise<{ tables: string[]; rows: number; bytes: number }>;
}

/** What {@link resolveMapping} reads. */
export interface MappingInput {
  source: TableFacts[];
  target: TableFacts[];
  hints: RenameHint[];
  file: MappingFile;
  /** Source tables never carried and never asked about (the migration ledger), by identity. */
  never: string[];
  /** The strategy of tables that name none, when the file names none either (default auto). */
  strategy?: Strategy;
}

/** The resolved mapping. */
export interface Mapping {
  /** Every target table (partitions apart), in the target's order. */
  tables: TableMapping[];
  /** Source tables listed under `drop_tables:`. */
  droppedTables: string[];
  warnings: string[];
}

const shown = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;
const idOf = (t: { schema: string; name: string }) => `table:${t.schema}.${t.name}`;

/** A type that PostgreSQL's catalog (`pg_catalog`) defines: its name is not schema-qualified. */
export function isBuiltinType(type: string): boolean {
  let quoted = false;
  for (const c of type) {
    if (c === '"') quoted = !quoted;
    else if (c === "." && !quoted) return false;
  }
  return true;
}

function canBeLeftOut(c: ColumnFacts): boolean {
  return !c.notNull || c.default !== null || c.identity !== "";
}

function tableRef(text: string, location: SourceLocation | undefined): string {
  const t = parseTableName(text, location);
  return idOf(t);
}

function invalid(message: string, location?: SourceLocation, hint?: string): ConfitureError {
  return new ConfitureError("CONFIG_INVALID_VALUE", message, { location, hint });
}

/** "did you mean …" for a table name that is not among `tables`, when one is close. */
function nearTable(name: string, tables: TableFacts[]): string | undefined {
  const near = closest(name, tables.map(shown));
  return near ? `did you mean "${near}"?` : undefined;
}

/** Resolves the mapping (see the module documentation). Refusals are thrown as ConfitureErrors. */
export async function resolveMapping(input: MappingInput, probe: SourceProbe): Promise<Mapping> {
  const never = new Set(input.never);
  const sourceById = new Map(input.source.map((t) => [t.id, t]));
  const targets = input.target.filter((t) => !t.partitionOf);
  const targetById = new Map(targets.map((t) => [t.id, t]));
  const specs = new Map<string, TableSpec>();
  for (const s of input.file.tables) {
    const id = tableRef(s.table, s.location);
    if (!targetById.has(id)) {
      const near = nearTable(s.table, targets);
      throw invalid(
        `tables: ${s.table} is not a table of the target`,
        s.location,
        `${near ? `${near} ` : ""}keys of tables: are target tables`,
      );
    }
    if (specs.has(id)) throw invalid(`tables: ${s.table} is mapped twice`, s.location);
    specs.set(id, s);
  }
  const tableHints = new Map(input.hints.filter((h) => h.kind === "table").map((h) => [h.to, h.from]));
  const columnHints = new Map(input.hints.filter((h) => h.kind === "column").map((h) => [h.to, h.from]));
  const warnings: string[] = [];
  const defaultStrategy = input.file.strategy ?? input.strategy ?? "auto";

  const mappings: TableMapping[] = [];
  // Per source table: the columns carried and the columns listed under drop:.
  const carried = new Map<string, Set<string>>();
  const listed = new Map<string, Set<string>>();
  const readByQuery = new Set<string>();
  const problems: string[] = [];

  for (const target of targets) {
    const spec = specs.get(target.id);
    const base = {
      table: shown(target),
      target,
      generated: target.columns.filter((c) => c.generated !== "").map((c) => c.name),
      strategy: spec?.strategy ?? defaultStrategy,
      location: spec?.location,
      dropped: [] as string[],
    };
    if (spec?.skip) {
      mappings.push({ ...base, source: { kind: "none", reason: "skip" }, columns: [], defaulted: [] });
      continue;
    }
    if (spec?.query !== undefined) {
      const m = await queryMapping(target, spec, probe, base);
      for (const r of (m.source as { reads: string[] }).reads) readByQuery.add(r);
      problems.push(...notNullProblems(target, m.defaulted));
      mappings.push(m);
      continue;
    }
    let source: TableFacts | undefined;
    let origin: PairOrigin = "name";
    if (spec?.from !== undefined) {
      const id = tableRef(spec.from, spec.fromLocation);
      source = sourceById.get(id);
      if (!source) {
        throw invalid(
          `tables.${spec.table}.from: ${spec.from} is not a table of the source`,
          spec.fromLocation,
          nearTable(spec.from, input.source),
        );
      }
      origin = "mapping";
    } else {
      const hinted = tableHints.get(target.id);
      if (hinted && sourceById.has(hinted) && !never.has(hinted)) {
        source = sourceById.get(hinted);
        origin = "hint";
      } else if (sourceById.has(target.id) && !never.has(target.id) && !sourceById.get(target.id)!.partitionOf) {
        source = sourceById.get(target.id);
      }
    }
    if (!source) {
      if (spec && (Object.keys(spec.columns).length || spec.drop.length || spec.where)) {
        throw invalid(
          `tables.${spec.table}: the source has no table of that name`,
          spec.location,
          'name its source with "from:", or fill it with "query:"',
        );
      }
      // A new table: no rows, so no column to fill (its required columns do not matter).
      mappings.push({
        ...base,
        source: { kind: "none", reason: "new" },
        columns: [],
        defaulted: target.columns.filter((c) => c.generated === "").map((c) => c.name),
      });
      continue;
    }
    const m = await tableMapping(target, source, origin, spec, columnHints, probe, base);
    problems.push(...notNullProblems(target, m.mapping.defaulted));
    const used = carried.get(source.id) ?? new Set<string>();
    for (const c of m.used) used.add(c);
    carried.set(source.id, used);
    const drops = listed.get(source.id) ?? new Set<string>();
    for (const d of m.mapping.dropped) drops.add(d);
    listed.set(source.id, drops);
    mappings.push(m.mapping);
  }

  // Source columns not carried and not listed.
  for (const [id, used] of carried) {
    if (readByQuery.has(id)) continue;
    const src = sourceById.get(id)!;
    const lost = src.columns.filter((c) => c.generated === "" && !used.has(c.name) && !listed.get(id)?.has(c.name))
      .map((c) => c.name);
    if (lost.length) {
      const into = mappings.filter((m) => m.source.kind === "table" && m.source.table.id === id).map((m) => m.table);
      problems.push(
        `source ${shown(src)}: column${lost.length === 1 ? "" : "s"} ${lost.join(", ")} ${
          lost.length === 1 ? "is" : "are"
        } carried by no column of ${into.join(", ")}; list ${lost.length === 1 ? "it" : "them"} under drop: to drop ${
          lost.length === 1 ? "it" : "them"
        }`,
      );
    }
  }

  // Source tables read by nothing.
  const droppedTables: string[] = [];
  for (const d of input.file.dropTables) {
    const id = tableRef(d.table, d.location);
    const src = sourceById.get(id);
    if (!src) {
      throw invalid(
        `drop_tables: ${d.table} is not a table of the source`,
        d.location,
        nearTable(d.table, input.source),
      );
    }
    if (carried.has(id) || readByQuery.has(id)) warnings.push(`${shown(src)} is listed under drop_tables: but is read`);
    droppedTables.push(shown(src));
  }
  const droppedIds = new Set(droppedTables.map((t) => `table:${t}`));
  const unread = input.source.filter((t) =>
    !t.partitionOf && !never.has(t.id) && !carried.has(t.id) && !readByQuery.has(t.id) && !droppedIds.has(t.id)
  );
  for (const t of unread) {
    problems.push(
      `source table ${shown(t)} is read by no target table; map it (tables: …: from:) or list it under drop_tables:`,
    );
  }

  if (problems.length) {
    throw new ConfitureError(
      "S2S_MAPPING_REFUSED",
      `the mapping would lose data or leave required columns empty (${problems.length} problem${
        problems.length === 1 ? "" : "s"
      }); nothing was moved`,
      {
        detail: problems.join("\n"),
        location: input.file.file === "(none)" ? undefined : { file: input.file.file, line: 1, col: 1 },
        hint: "say what happens to each in the mapping file (db/schema_to_schema.yaml): columns:, drop:, drop_tables:",
      },
    );
  }
  return { tables: mappings, droppedTables, warnings };
}

function notNullProblems(target: TableFacts, defaulted: string[]): string[] {
  const cannot = target.columns.filter((c) => defaulted.includes(c.name) && !canBeLeftOut(c)).map((c) => c.name);
  if (cannot.length === 0) return [];
  return [
    `target ${shown(target)}: column${cannot.length === 1 ? "" : "s"} ${cannot.join(", ")} ${
      cannot.length === 1 ? "is" : "are"
    } NOT NULL without a default and ${cannot.length === 1 ? "has" : "have"} no source; map ${
      cannot.length === 1 ? "it" : "them"
    } under columns:`,
  ];
}

type Base = Omit<TableMapping, "source" | "columns" | "defaulted">;

async function queryMapping(
  target: TableFacts,
  spec: TableSpec,
  probe: SourceProbe,
  base: Base,
): Promise<TableMapping> {
  const sql = spec.query!;
  let columns: string[];
  let reads: { tables: string[]; rows: number; bytes: number };
  try {
    columns = await probe.queryColumns(sql);
    reads = await probe.queryReads(sql);
  } catch (e) {
    throw located(e, `tables.${spec.table}.query`, spec.queryLocation ?? spec.location);
  }
  const byName = new Map(target.columns.map((c) => [c.name, c]));
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c)) throw invalid(`tables.${spec.table}.query returns the column "${c}" twice`, spec.location);
    seen.add(c);
    const t = byName.get(c);
    if (!t) {
      throw invalid(
        `tables.${spec.table}.query returns "${c}", which is not a column of ${shown(target)}`,
        spec.location,
        "name the query's columns after the target's (AS)",
      );
    }
    if (t.generated !== "") {
      throw invalid(`tables.${spec.table}.query returns "${c}", a generated column of the target`, spec.location);
    }
  }
  const mapped: MappedColumn[] = target.columns.filter((c) => seen.has(c.name)).map((c) => ({
    target: c.name,
    targetType: c.type,
    sql: `q.${quoteIdent(c.name)}`,
    plain: false,
    origin: "mapping",
    shown: `query.${c.name}`,
  }));
  return {
    ...base,
    source: {
      kind: "query",
      sql,
      columns,
      reads: reads.tables,
      estimatedRows: reads.rows,
      estimatedBytes: reads.bytes,
    },
    columns: mapped,
    defaulted: target.columns.filter((c) => c.generated === "" && !seen.has(c.name)).map((c) => c.name),
  };
}

function located(e: unknown, what: string, location?: SourceLocation): ConfitureError {
  const err = e instanceof ConfitureError ? e : new ConfitureError("INTERNAL_ERROR", String(e), { cause: e });
  return new ConfitureError(err.code, `${what}: ${err.message}`, {
    detail: err.detail,
    hint: err.hint,
    location: location ?? err.location,
    sqlstate: err.sqlstate,
    cause: err,
  });
}

async function tableMapping(
  target: TableFacts,
  source: TableFacts,
  origin: PairOrigin,
  spec: TableSpec | undefined,
  columnHints: Map<string, string>,
  probe: SourceProbe,
  base: Base,
): Promise<{ mapping: TableMapping; used: Set<string> }> {
  const name = shown(target);
  const srcCols = new Map(source.columns.map((c) => [c.name, c]));
  const tgtCols = new Map(target.columns.map((c) => [c.name, c]));
  const specCols = spec?.columns ?? {};
  for (const [c, s] of Object.entries(specCols)) {
    const t = tgtCols.get(c);
    if (!t) throw invalid(`tables.${spec!.table}.columns: ${shown(target)} has no column "${c}"`, s.location);
    if (t.generated !== "") {
      throw invalid(`tables.${spec!.table}.columns: "${c}" is a generated column of the target`, s.location);
    }
  }
  for (const d of spec?.drop ?? []) {
    if (!srcCols.has(d)) {
      throw invalid(`tables.${spec!.table}.drop: ${shown(source)} has no column "${d}"`, spec!.dropLocation);
    }
  }
  if (spec?.where !== undefined) {
    try {
      await probe.checkWhere(source, spec.where);
    } catch (e) {
      throw located(e, `tables.${spec.table}.where`, spec.whereLocation ?? spec.location);
    }
  }
  const used = new Set<string>();
  const columns: MappedColumn[] = [];
  const defaulted: string[] = [];
  const sourceColumn = (c: ColumnFacts, from: string, location?: SourceLocation) => {
    const s = srcCols.get(from);
    if (!s) throw invalid(`${name}.${c.name}: the source ${shown(source)} has no column "${from}"`, location);
    return s;
  };
  const hintPrefix = `column:${name}.`;
  const implicitSource = (c: ColumnFacts): { col: ColumnFacts; origin: PairOrigin } | undefined => {
    const hinted = columnHints.get(`${hintPrefix}${c.name}`);
    if (hinted?.startsWith(hintPrefix)) {
      const old = srcCols.get(hinted.slice(hintPrefix.length));
      if (old) return { col: old, origin: "hint" };
    }
    const same = srcCols.get(c.name);
    return same ? { col: same, origin: "name" } : undefined;
  };
  for (const c of target.columns) {
    if (c.generated !== "") continue;
    const s: ColumnSpec | undefined = specCols[c.name];
    if (s?.kind === "default") {
      defaulted.push(c.name);
      continue;
    }
    if (s?.kind === "column") {
      const src = sourceColumn(c, s.from, s.location);
      used.add(src.name);
      columns.push(columnOf(c, src, s.cast, "mapping"));
      continue;
    }
    if (s?.kind === "cast") {
      const imp = implicitSource(c);
      if (!imp) {
        throw invalid(
          `${name}.${c.name}: "cast" needs a source column, and ${shown(source)} has none of that name`,
          s.location,
          'add "from:"',
        );
      }
      used.add(imp.col.name);
      columns.push(columnOf(c, imp.col, s.cast, "mapping"));
      continue;
    }
    if (s?.kind === "expression") {
      let reads: string[] | "all";
      try {
        reads = await probe.columnsUsed(source, s.expression);
      } catch (e) {
        throw located(e, `tables.${spec!.table}.columns.${c.name}`, s.location);
      }
      for (const r of reads === "all" ? source.columns.map((x) => x.name) : reads) used.add(r);
      const sql = s.cast ? `((${s.expression}))::${s.cast}` : `(${s.expression})`;
      if (s.cast) {
        try {
          await probe.columnsUsed(source, sql);
        } catch (e) {
          throw located(e, `tables.${spec!.table}.columns.${c.name}.cast`, s.location);
        }
      }
      columns.push({
        target: c.name,
        targetType: c.type,
        sql,
        plain: false,
        origin: "mapping",
        shown: s.cast ? `(${s.expression})::${s.cast}` : s.expression,
      });
      continue;
    }
    const imp = implicitSource(c);
    if (!imp) {
      defaulted.push(c.name);
      continue;
    }
    used.add(imp.col.name);
    columns.push(columnOf(c, imp.col, undefined, imp.origin));
  }
  // Casts the mapping asks for are checked on the source (a typo in a type name fails here).
  for (const m of columns) {
    if (m.origin === "mapping" && m.sourceColumn !== undefined && !m.plain && m.sql !== quoteIdent(m.sourceColumn)) {
      try {
        await probe.columnsUsed(source, m.sql);
      } catch (e) {
        throw located(e, `tables.${spec!.table}.columns.${m.target}`, spec!.columns[m.target]?.location);
      }
    }
  }
  return {
    mapping: {
      ...base,
      source: { kind: "table", table: source, origin },
      columns,
      defaulted,
      dropped: [...(spec?.drop ?? [])],
      ...(spec?.where !== undefined ? { where: spec.where } : {}),
    },
    used,
  };
}

function columnOf(
  target: ColumnFacts,
  source: ColumnFacts,
  cast: string | undefined,
  origin: PairOrigin,
): MappedColumn {
  const ref = quoteIdent(source.name);
  return {
    target: target.name,
    targetType: target.type,
    sql: cast ? `(${ref})::${cast}` : ref,
    sourceColumn: source.name,
    sourceType: source.type,
    plain: !cast && source.type === target.type,
    origin,
    shown: cast ? `${source.name}::${cast}` : source.name,
  };
}
