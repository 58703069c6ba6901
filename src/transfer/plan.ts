/**
 * The plan of a schema-to-schema run (pure: no database): for each filled target table its
 * strategy (`fdw` or `copy`, `auto` decided from the **source's** size), its load unit, and the
 * target statements around the data — in foreign-key order of the target, the tables of a cycle
 * in one unit, large copied tables in ranges of the source's heap. The units are those of the
 * copy pipeline (`src/copy`), which runs them.
 * @module
 */
import type { LoadMode, LoadUnit, SequenceValue, TableCopy, TargetExtras } from "../copy/mod.ts";
import { loadStatements, loadTableOf, ownRows } from "../copy/mod.ts";
import { ConfitureError } from "../errors/mod.ts";
import type { TableFacts } from "../model/mod.ts";
import { quoteIdent, quoteLiteral } from "../sql/mod.ts";
import { Graph, stronglyConnectedComponents } from "../util/mod.ts";
import type { Mapping, PairOrigin, TableMapping } from "./mapping.ts";
import { insertSql, readSql, writeSql } from "./statements.ts";

/** Whether postgres_fdw can be used on the target, and why not. */
export interface FdwAvailability {
  /** Whether postgres_fdw can be used. */
  available: boolean;
  /** Why it cannot (shown when `auto` falls back to copy). */
  reason?: string;
}

/** What {@link planTransfer} reads besides the mapping. */
export interface TransferPlanInput {
  mapping: Mapping;
  /** Every table of the source (to see inheritance children). */
  source: TableFacts[];
  /** Every table of the target. */
  target: TableFacts[];
  /** By target table identity. */
  targetExtras: Record<string, TargetExtras>;
  /** By source table identity: heap pages of the tables larger than `splitLargerThan`. */
  heapPages: Record<string, number>;
  /** By source sequence identity: values read on the source. */
  sequences: Record<string, SequenceValue>;
  fdw: FdwAvailability;
  options: TransferPlanOptions;
  /** Measured throughput, for the estimated durations. */
  throughput?: { bytesPerSecond: number };
}

/** Options of the plan. */
export interface TransferPlanOptions {
  jobs: number;
  /** Copy a source table larger than this (bytes) in ranges of its heap, one per job. */
  splitLargerThan?: number;
  mode: LoadMode;
  /** `auto` uses fdw for source tables up to this size (bytes), copy above. */
  fdwMaxBytes: number;
  /** Plan every table with copy whatever it asks (for verification, which moves nothing). */
  copyOnly?: boolean;
}

/** The strategy a table is moved with. */
export type PlannedStrategy = "fdw" | "copy" | "none";

/** One target table in the plan. */
export interface PlannedTable {
  /** `schema.name` of the target table. */
  table: string;
  /** The source table (`schema.name`), `query`, or empty when nothing fills the table. */
  source: string;
  /** Whether a source table, a query or nothing fills it. */
  sourceKind: "table" | "query" | "none";
  /** How the source table was paired (tables only). */
  origin?: PairOrigin;
  /** How its rows move. */
  strategy: PlannedStrategy;
  /** Why this strategy (auto's reason, a fallback, a new or skipped table). */
  strategyNote: string;
  /** Filled columns: target column and where its value comes from. */
  columns: { target: string; from: string; origin: PairOrigin }[];
  /** Target columns left to their default or NULL. */
  defaulted: string[];
  /** Generated target columns: computed by the target. */
  generated: string[];
  /** Source columns deliberately not carried. */
  dropped: string[];
  /** The row filter of the mapping, when there is one. */
  where?: string;
  /** From the source's statistics (query: the planner's estimate). */
  estimatedRows: number;
  /** From the source's statistics (query: the planner's estimate). */
  estimatedBytes: number;
  /** At the measured throughput, when measured. */
  estimatedSeconds?: number;
  /** Ranges it is copied in (1: whole). */
  parts: number;
  /** The units loading it. */
  units: string[];
}

/** The plan. */
export interface TransferPlan {
  /** Filled tables in load order, then the tables left as built. */
  tables: PlannedTable[];
  /** The mappings of the filled tables, in load order. */
  filled: TableMapping[];
  /** The target transactions that load the tables. */
  units: LoadUnit[];
  /** Tables a new run empties first (the filled ones and the tables that reference them). */
  truncate: string[];
  /** The statement that empties `truncate`. */
  truncateSql: string;
  /** Source tables read through postgres_fdw: their foreign tables are made before the load. */
  foreignTables: TableFacts[];
  /** How the units load (one transaction for all, or one per unit). */
  mode: LoadMode;
  /** Foreign-key cycles loaded in one transaction each. */
  cycles: string[][];
  /** Source tables deliberately not carried. */
  droppedTables: string[];
  /** Remarks that did not stop the plan. */
  warnings: string[];
}

const shown = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;

/** Sizes as people read them (plan notes). */
function size(n: number): string {
  if (n < 1024 ** 2) return `${Math.round(n / 1024)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

function estimates(m: TableMapping): { rows: number; bytes: number } {
  if (m.source.kind === "table") {
    return { rows: Math.max(0, m.source.table.stats?.rowEstimate ?? 0), bytes: m.source.table.stats?.bytes ?? 0 };
  }
  if (m.source.kind === "query") return { rows: m.source.estimatedRows, bytes: m.source.estimatedBytes };
  return { rows: 0, bytes: 0 };
}

function chooseStrategy(
  m: TableMapping,
  input: TransferPlanInput,
  hasChildren: Set<string>,
): { strategy: PlannedStrategy; note: string } {
  if (m.source.kind === "none") {
    return { strategy: "none", note: m.source.reason === "skip" ? "skip: left as built" : "new table: left as built" };
  }
  if (m.source.kind === "query") return { strategy: "copy", note: "query: read on the source with copy" };
  if (input.options.copyOnly) return { strategy: "copy", note: "copy" };
  const src = m.source.table;
  const children = hasChildren.has(src.id);
  if (m.strategy === "copy") return { strategy: "copy", note: "copy (asked)" };
  if (m.strategy === "fdw") {
    if (!input.fdw.available) {
      throw new ConfitureError("S2S_FDW_UNAVAILABLE", `${m.table}: the fdw strategy cannot be used`, {
        detail: input.fdw.reason,
        location: m.location,
        hint: "use strategy copy (or auto, which falls back to copy)",
      });
    }
    if (children) {
      throw new ConfitureError("S2S_FDW_UNAVAILABLE", `${m.table}: ${shown(src)} has inheritance children`, {
        detail: "a foreign table reads the children's rows too; copy reads the table alone",
        location: m.location,
        hint: "use strategy copy",
      });
    }
    return { strategy: "fdw", note: "fdw (asked)" };
  }
  if (!input.fdw.available) {
    return { strategy: "copy", note: `auto: copy, postgres_fdw unavailable (${input.fdw.reason})` };
  }
  if (children) return { strategy: "copy", note: "auto: copy, the source table has inheritance children" };
  const bytes = src.stats?.bytes ?? 0;
  const limit = input.options.fdwMaxBytes;
  return bytes <= limit
    ? { strategy: "fdw", note: `auto: fdw, ${size(bytes)} ≤ ${size(limit)}` }
    : { strategy: "copy", note: `auto: copy, ${size(bytes)} > ${size(limit)}` };
}

/**
 * The statements that move the target's sequences past the loaded values: for each sequence a
 * filled column owns, `setval` to the larger of the column's maximum and the source sequence's
 * last value (when the column comes from a source column that owns a sequence already used);
 * nothing when the table is empty and the source sequence unused.
 */
function sequenceStatements(m: TableMapping, values: Record<string, SequenceValue>): string[] {
  const out: string[] = [];
  const from = ownRows(m.target);
  for (const s of m.target.ownedSequences) {
    const col = m.columns.find((c) => c.target === s.column);
    if (!col) continue;
    let srcLast: bigint | undefined;
    if (m.source.kind === "table" && col.sourceColumn !== undefined) {
      const owned = m.source.table.ownedSequences.find((o) => o.column === col.sourceColumn);
      const v = owned ? values[owned.sequence] : undefined;
      // A source sequence never used (is_called false) says nothing the column's values do not.
      if (v?.isCalled) srcLast = BigInt(v.lastValue);
    }
    const body = s.sequence.slice(s.sequence.indexOf(":") + 1);
    const at = body.indexOf(".");
    const seq = `${quoteIdent(body.slice(0, at))}.${quoteIdent(body.slice(at + 1))}`;
    const max = `max(t.${quoteIdent(s.column)})::bigint`;
    const value = srcLast !== undefined ? `GREATEST(${max}, ${srcLast}::bigint)` : max;
    out.push(
      `SELECT pg_catalog.setval(${quoteLiteral(seq)}, v, true) FROM (SELECT ${value} AS v FROM ${from} AS t) AS x ` +
        "WHERE v IS NOT NULL",
    );
  }
  return out;
}

/** Makes the plan (see the module documentation). */
export function planTransfer(input: TransferPlanInput): TransferPlan {
  const warnings = [...input.mapping.warnings];
  const hasChildren = new Set(input.source.flatMap((t) => t.inherits));
  const targetById = new Map(input.target.map((t) => [t.id, t]));
  const filled = input.mapping.tables.filter((m) => m.source.kind !== "none");
  const byId = new Map(filled.map((m) => [m.target.id, m]));
  const decided = new Map(input.mapping.tables.map((m) => [m.target.id, chooseStrategy(m, input, hasChildren)]));

  const graph = new Graph<string>();
  for (const m of filled) graph.addNode(m.target.id);
  for (const m of filled) {
    for (const fk of m.target.foreignKeys) if (byId.has(fk.references)) graph.addEdge(fk.references, m.target.id);
  }
  const components = stronglyConnectedComponents(graph);
  const cycles = components.filter((c) => c.length > 1 || graph.hasEdge(c[0], c[0])).map((c) =>
    c.map((id) => id.slice(6))
  );

  const units: LoadUnit[] = [];
  const unitsOf = new Map<string, string[]>();
  const parts = new Map<string, number>();
  const ordered: TableMapping[] = [];
  const nextId = () => `u${units.length + 1}`;
  for (const component of components) {
    const members = component.map((id) => byId.get(id)!);
    ordered.push(...members);
    const cyclic = component.length > 1 || graph.hasEdge(component[0], component[0]);
    const dependsOn = [
      ...new Set(
        component.flatMap((id) => graph.predecessors(id)).filter((p) => !component.includes(p)).flatMap((p) =>
          unitsOf.get(p)!
        ),
      ),
    ].sort();
    const extras = (id: string) => input.targetExtras[id] ?? { triggers: [], foreignKeys: {} };
    const loadTables = members.map((m) => loadTableOf(m.target, extras(m.target.id), targetById));
    const copies: TableCopy[] = members.map((m) => {
      const est = estimates(m);
      const fdw = decided.get(m.target.id)!.strategy === "fdw";
      return {
        table: m.table,
        read: fdw ? "" : readSql(m),
        write: fdw ? "" : writeSql(m),
        ...(fdw ? { insert: insertSql(m) } : {}),
        estimatedRows: m.where !== undefined ? 0 : est.rows,
        estimatedBytes: m.where !== undefined ? 0 : est.bytes,
        part: 0,
        parts: 1,
      };
    });
    const seqSql = members.flatMap((m) => sequenceStatements(m, input.sequences));
    const first = members[0];
    let split = 1;
    const splitAt = input.options.splitLargerThan;
    const firstSource = first.source.kind === "table" ? first.source.table : undefined;
    const pages = firstSource ? input.heapPages[firstSource.id] ?? 0 : 0;
    if (
      splitAt !== undefined && firstSource && members.length === 1 && !cyclic && input.options.jobs > 1 &&
      decided.get(first.target.id)!.strategy === "copy" && firstSource.relkind === "r" &&
      (firstSource.stats?.bytes ?? 0) > splitAt && pages >= 2 &&
      !loadTables[0].triggers.some((t) => t.enabled === "O" || t.enabled === "A")
    ) {
      split = Math.min(input.options.jobs, Math.ceil((firstSource.stats?.bytes ?? 0) / splitAt), pages);
    }
    const ids: string[] = [];
    if (split === 1) {
      const { before, after } = loadStatements(loadTables, input.options.mode);
      const id = nextId();
      units.push({ id, tables: copies, before, after: [...seqSql, ...after], dependsOn });
      ids.push(id);
    } else {
      // Ranges of the source's heap by page (TID range scans), each in its own transaction with
      // the target's foreign-key checks as they are (nothing to alter, so the parts run at once);
      // the sequences are set by a last unit once every part has committed.
      const step = Math.ceil(pages / split);
      for (let p = 0; p < split; p++) {
        const lo = p * step;
        const hi = p === split - 1 ? undefined : (p + 1) * step;
        const range = `ctid >= '(${lo},0)'::tid${hi === undefined ? "" : ` AND ctid < '(${hi},0)'::tid`}`;
        const id = nextId();
        units.push({
          id,
          tables: [{
            ...copies[0],
            read: readSql(first, range),
            estimatedRows: Math.round(copies[0].estimatedRows / split),
            estimatedBytes: Math.round(copies[0].estimatedBytes / split),
            part: p,
            parts: split,
          }],
          before: [],
          after: [],
          dependsOn,
        });
        ids.push(id);
      }
      if (seqSql.length) {
        const id = nextId();
        units.push({ id, tables: [], before: [], after: seqSql, dependsOn: [...ids] });
        ids.push(id);
      }
    }
    for (const m of members) {
      unitsOf.set(m.target.id, ids);
      parts.set(m.target.id, split);
    }
  }

  const planned = (m: TableMapping): PlannedTable => {
    const d = decided.get(m.target.id)!;
    const est = estimates(m);
    const seconds = input.throughput && input.throughput.bytesPerSecond > 0 && d.strategy !== "none"
      ? Math.round((est.bytes / input.throughput.bytesPerSecond) * 10) / 10
      : undefined;
    return {
      table: m.table,
      source: m.source.kind === "table" ? shown(m.source.table) : m.source.kind === "query" ? "query" : "",
      sourceKind: m.source.kind,
      ...(m.source.kind === "table" ? { origin: m.source.origin } : {}),
      strategy: d.strategy,
      strategyNote: d.note,
      columns: m.columns.map((c) => ({ target: c.target, from: c.shown, origin: c.origin })),
      defaulted: m.defaulted,
      generated: m.generated,
      dropped: m.dropped,
      ...(m.where !== undefined ? { where: m.where } : {}),
      estimatedRows: est.rows,
      estimatedBytes: est.bytes,
      ...(seconds !== undefined ? { estimatedSeconds: seconds } : {}),
      parts: parts.get(m.target.id) ?? 0,
      units: unitsOf.get(m.target.id) ?? [],
    };
  };

  // Emptied by a new run: the filled tables, and the target's tables that reference them (a
  // TRUNCATE of a referenced table must include its referencing tables).
  const emptied = new Map(filled.map((m) => [m.target.id, m.target]));
  for (let grew = true; grew;) {
    grew = false;
    for (const t of input.target) {
      if (emptied.has(t.id) || t.partitionOf) continue;
      if (t.foreignKeys.some((fk) => emptied.has(fk.references))) {
        emptied.set(t.id, t);
        grew = true;
        if (!byId.has(t.id)) warnings.push(`${shown(t)} is not filled but references filled tables: emptied too`);
      }
    }
  }
  const emptiedList = [...emptied.values()];
  const foreignTables = new Map<string, TableFacts>();
  for (const m of filled) {
    if (decided.get(m.target.id)!.strategy === "fdw" && m.source.kind === "table") {
      foreignTables.set(m.source.table.id, m.source.table);
    }
  }
  return {
    tables: [...ordered, ...input.mapping.tables.filter((m) => m.source.kind === "none")].map(planned),
    filled: ordered,
    units,
    truncate: emptiedList.map(shown),
    truncateSql: emptiedList.length ? `TRUNCATE ${emptiedList.map((t) => (ownRows(t))).join(", ")}` : "",
    foreignTables: [...foreignTables.values()],
    mode: input.options.mode,
    cycles,
    droppedTables: input.mapping.droppedTables,
    warnings,
  };
}
