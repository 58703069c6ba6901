/**
 * The sync plan (pure: no database): which tables are copied and emptied, which columns, in
 * which order and units, with what target statements. Everything that would make the run lose
 * data or fail midway is refused here, before anything is touched: a selected table missing on
 * the target, a target column that cannot be left empty, a table outside the selection that
 * references a selected one.
 * @module
 */
import type {
  KeyedRead,
  LoadMode,
  LoadUnit,
  SequenceValue,
  TableCopy,
  TargetExtras,
  TransformSpec,
} from "../copy/mod.ts";
import {
  contentHashSql,
  loadStatements,
  loadTableOf as loadTable,
  ownRows,
  splitTableId as splitId,
  tableName,
} from "../copy/mod.ts";
import { ConfitureError, type SourceLocation } from "../errors/mod.ts";
import type { ColumnFacts, TableFacts } from "../model/mod.ts";
import { quoteIdent, quoteLiteral } from "../sql/mod.ts";
import { closest, Graph, stronglyConnectedComponents } from "../util/mod.ts";
import type { ResolvedRule, RuleMap } from "./rules.ts";
import { selectTables, type TableGlob } from "./select.ts";
import type { SubsetKind, TableSubset } from "./subset.ts";

export type { SequenceValue, TargetExtras } from "../copy/mod.ts";

/** Everything {@link planSync} reads. */
export interface PlanInput {
  /** The source's tables (user schemas). */
  source: TableFacts[];
  /** The target's tables (user schemas). */
  target: TableFacts[];
  /** By target table identity. */
  targetExtras: Record<string, TargetExtras>;
  /** By source sequence identity. */
  sequences: Record<string, SequenceValue>;
  /** By source table identity: heap pages (for key ranges of large tables). */
  heapPages: Record<string, number>;
  include: TableGlob[];
  exclude: TableGlob[];
  /** By table identity: a row filter (SQL), and where it is written. */
  where: Record<string, { sql: string; location?: SourceLocation }>;
  /** By table identity: the only columns to copy. */
  columns: Record<string, { columns: string[]; location?: SourceLocation }>;
  /** Anonymization rules, checked (see `resolveRules`). */
  rules: RuleMap;
  /** Tables never copied (the state table, the migration ledger), by identity. */
  never: string[];
  /** By table identity: the rows a subset keeps (see `computeSubset`); absent tables are copied whole. */
  subset?: Record<string, TableSubset>;
  /**
   * A streamed subset's tables (those of `subset` with `keyed`) in the order they load: one unit
   * holds them all, since each table's rows are chosen from the keys of those before it.
   */
  subsetOrder?: string[];
  options: PlanOptions;
}

/** Options of the plan. */
export interface PlanOptions {
  jobs: number;
  /** Copy a table larger than this (bytes, source estimate) in key ranges by several workers. */
  splitLargerThan?: number;
  /** Add the target's tables that reference selected ones to the copy. */
  includeDependents: boolean;
  /** Empty the target's tables that reference selected ones (named in the plan). */
  cascade: boolean;
  mode: LoadMode;
  /** Compute the source's content hash of each table in the snapshot. */
  verify: boolean;
}

/** One planned table. */
export interface PlannedTable {
  /** `schema.name`. */
  table: string;
  /** `table:<schema>.<name>`, the identity of its catalog object. */
  id: string;
  /** Schema name. */
  schema: string;
  /** Table name. */
  name: string;
  /** A partitioned table (copied with its partitions). */
  partitioned: boolean;
  /** Copied columns, by name, in target order. */
  columns: string[];
  /** The source's types of `columns` (as `format_type` prints them). */
  columnTypes: string[];
  /** Source columns the target lacks: not copied. */
  skippedColumns: string[];
  /** Target columns left to their default or NULL (absent from the source, or not listed). */
  defaultedColumns: string[];
  /** Generated target columns: computed by the target. */
  generatedColumns: string[];
  /** The `where:` filter of the sync file (or the subset's), when there is one. */
  where?: string;
  /**
   * The rows a subset keeps: why (a root, reached by the closure, or filtered because it references
   * subsetted tables), how many (exact, counted in the snapshot; for a streamed subset -1 until its
   * unit has copied them, then the count copied, as the run's result has it), and the read filter
   * (key values: never shown; empty when streamed: the keyed read of its unit is the filter).
   */
  subset?: { kind: SubsetKind; rows: number; filter: string };
  /** Rows expected, from the source's statistics. */
  estimatedRows: number;
  /** Bytes expected, from the source's statistics. */
  estimatedBytes: number;
  /** Ranges it is copied in (1: whole). */
  parts: number;
  /** Why a large table is copied whole. */
  splitNote?: string;
  /** Sequences set to the source's values. */
  sequences: string[];
  /** Columns anonymized (in the stream, or by a source-side expression). */
  transformed: string[];
  /** The rules of its columns, with the column a rule follows through a foreign key. */
  rules: { column: string; strategy: string; kind: ResolvedRule["kind"]; followsFrom?: string }[];
  /** The unit loading it. */
  unit: string;
  /** Added because it references a selected table (`--include-dependents`). */
  dependent: boolean;
}

/** The plan. */
export interface SyncPlan {
  /** In load order (parents before children). */
  tables: PlannedTable[];
  /** Every table the run empties first, in one statement: the copied ones and `cascaded`. */
  truncate: string[];
  /** That statement. */
  truncateSql: string;
  /** Tables outside the copy that are emptied (`--cascade`). */
  cascaded: string[];
  /** The target transactions that load the tables. */
  units: LoadUnit[];
  /** How the units load (one transaction for all, or one per unit). */
  mode: LoadMode;
  /** Foreign-key cycles loaded in one transaction each. */
  cycles: string[][];
  /** Remarks that did not stop the plan. */
  warnings: string[];
}

const shown = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;

/** Makes the plan (see the module documentation). Refusals are thrown as ConfitureErrors. */
export function planSync(input: PlanInput): SyncPlan {
  const never = new Set(input.never);
  const sourceById = new Map(input.source.map((t) => [t.id, t]));
  const targetById = new Map(input.target.map((t) => [t.id, t]));
  // Partitions are copied through their partitioned table.
  const candidates = input.source.filter((t) => !t.partitionOf && !never.has(t.id));
  const selected = new Map(selectTables(candidates, input.include, input.exclude).map((t) => [t.id, t]));
  for (const id of [...Object.keys(input.where), ...Object.keys(input.columns), ...Object.keys(input.rules)]) {
    if (!sourceById.has(id)) {
      const loc = input.where[id]?.location ?? input.columns[id]?.location;
      const near = closest(id.slice(6), input.source.map(shown));
      throw new ConfitureError("CONFIG_INVALID_VALUE", `${id.slice(6)} is not a table of the source`, {
        location: loc,
        ...(near ? { hint: `did you mean ${near}?` } : {}),
      });
    }
  }
  const warnings: string[] = [];

  // Tables of the target outside the copy that reference copied ones.
  const dependentsOf = (ids: Set<string>) =>
    input.target.filter((t) => !ids.has(t.id) && !t.partitionOf && t.foreignKeys.some((fk) => ids.has(fk.references)));
  const dependentIds = new Set<string>();
  const cascaded: TableFacts[] = [];
  for (;;) {
    const ids = new Set([...selected.keys(), ...cascaded.map((t) => t.id)]);
    const deps = dependentsOf(ids);
    if (deps.length === 0) break;
    if (input.options.includeDependents) {
      const missing = deps.filter((d) => !sourceById.has(d.id) || never.has(d.id));
      if (missing.length && !input.options.cascade) {
        throw new ConfitureError(
          "REFUSED_UNSAFE",
          `${missing.map(shown).join(", ")} reference${missing.length === 1 ? "s" : ""} copied tables but ${
            missing.length === 1 ? "is" : "are"
          } not in the source`,
          { hint: "add --cascade to empty them instead" },
        );
      }
      for (const d of deps) {
        if (sourceById.has(d.id) && !never.has(d.id)) {
          selected.set(d.id, sourceById.get(d.id)!);
          dependentIds.add(d.id);
        } else cascaded.push(d);
      }
    } else if (input.options.cascade) {
      cascaded.push(...deps);
    } else {
      const refs = deps.map((d) =>
        `${shown(d)} (${
          d.foreignKeys.filter((fk) => ids.has(fk.references)).map((fk) => `${fk.name} → ${fk.references.slice(6)}`)
            .join(", ")
        })`
      );
      throw new ConfitureError(
        "REFUSED_UNSAFE",
        `tables outside the selection reference selected tables: ${deps.map(shown).join(", ")}`,
        {
          detail: `emptying the selected tables would break: ${refs.join("; ")}. Nothing was changed.`,
          hint: "--include-dependents copies them too; --cascade empties them",
        },
      );
    }
  }

  // Every copied table exists on the target.
  const missing = [...selected.values()].filter((t) => !targetById.has(t.id));
  if (missing.length) {
    throw new ConfitureError(
      "REFUSED_UNSAFE",
      `the target has no table ${missing.map(shown).join(", ")}`,
      { hint: "build the target first (confiture build --apply), or add --build-target" },
    );
  }

  // Load order: the target's foreign keys between copied tables.
  const graph = new Graph<string>();
  for (const id of [...selected.keys()].sort()) graph.addNode(id);
  for (const id of [...selected.keys()].sort()) {
    for (const fk of targetById.get(id)!.foreignKeys) {
      if (selected.has(fk.references)) graph.addEdge(fk.references, id);
    }
  }
  const components = stronglyConnectedComponents(graph);
  const cycles = components.filter((c) => c.length > 1 || graph.hasEdge(c[0], c[0])).map((c) =>
    c.map((id) => id.slice(6))
  );

  // A streamed subset loads last, in one unit: no table outside it references one inside it
  // (such a table would be filtered, so inside).
  const streamed = (input.subsetOrder ?? []).filter((id) => selected.has(id));
  const inStream = new Set(streamed);
  const loadOrder = streamed.length
    ? [...components.map((c) => c.filter((id) => !inStream.has(id))).filter((c) => c.length), streamed]
    : components;

  const planned: PlannedTable[] = [];
  const units: LoadUnit[] = [];
  const unitOf = new Map<string, string[]>();
  for (const component of loadOrder) {
    const members = component.map((id) => ({ src: selected.get(id)!, dst: targetById.get(id)! }));
    const cyclic = component.length > 1 || graph.hasEdge(component[0], component[0]);
    const dependsOn = [
      ...new Set(
        component.flatMap((id) => graph.predecessors(id)).filter((p) => !component.includes(p)).flatMap((p) =>
          unitOf.get(p)!
        ),
      ),
    ].sort();
    const copies = members.map((m) => tableCopy(m.src, m.dst, input, warnings));
    const extras = (id: string) => input.targetExtras[id] ?? { triggers: [], foreignKeys: {} };
    const loadTables = members.map((m) => loadTable(m.dst, extras(m.dst.id), targetById));
    const seqSql = members.flatMap((m) => sequenceStatements(m.src, m.dst, input.sequences));
    const first = members[0];
    const pages = input.heapPages[first.src.id] ?? 0;
    const bytes = copies[0].copy.estimatedBytes || copies[0].planned.estimatedBytes;
    const splitAt = input.options.splitLargerThan;
    let parts = 1;
    let splitNote: string | undefined;
    if (splitAt !== undefined && members.length === 1 && bytes > splitAt && input.options.jobs > 1) {
      if (copies[0].copy.keyed) splitNote = "subset: copied whole";
      else if (cyclic) splitNote = "references itself: copied whole";
      else if (first.dst.relkind === "p") splitNote = "partitioned: copied whole";
      else if (loadTables[0].triggers.some((t) => t.enabled === "O" || t.enabled === "A")) {
        splitNote = "has triggers: copied whole";
      } else if (pages < 2) splitNote = "too few pages to split";
      else parts = Math.min(input.options.jobs, Math.ceil(bytes / splitAt), pages);
    }
    const ids: string[] = [];
    if (parts === 1) {
      const { before, after } = loadStatements(loadTables, input.options.mode);
      const id = `u${units.length + 1}`;
      units.push({
        id,
        tables: copies.map((c) => c.copy),
        before,
        after: [...seqSql, ...after],
        dependsOn,
      });
      ids.push(id);
    } else {
      // Ranges of the heap by page (TID range scans), each part in its own transaction with the
      // target's foreign-key checks and triggers as they are: nothing to alter, so parts run at once.
      const step = Math.ceil(pages / parts);
      for (let p = 0; p < parts; p++) {
        const lo = p * step;
        const hi = p === parts - 1 ? undefined : (p + 1) * step;
        const range = `ctid >= '(${lo},0)'::tid${hi === undefined ? "" : ` AND ctid < '(${hi},0)'::tid`}`;
        const id = `u${units.length + 1}`;
        const c = copies[0];
        units.push({
          id,
          tables: [{
            ...c.copy,
            read: readSql(c.columnsRead, first.src, c.where ? `(${c.where}) AND ${range}` : range),
            sourceHash: undefined,
            estimatedRows: Math.round(c.copy.estimatedRows / parts),
            estimatedBytes: Math.round(c.copy.estimatedBytes / parts),
            part: p,
            parts,
          }],
          before: [],
          after: p === parts - 1 ? seqSql : [],
          dependsOn,
        });
        ids.push(id);
      }
    }
    for (const id of component) unitOf.set(id, ids);
    for (const [i, m] of members.entries()) {
      planned.push({
        ...copies[i].planned,
        parts,
        ...(splitNote ? { splitNote } : {}),
        unit: ids.join(","),
        dependent: dependentIds.has(m.src.id),
        sequences: m.dst.ownedSequences.map((s) => s.sequence.slice(9)),
      });
    }
  }
  const emptied = [...planned.map((p) => targetById.get(p.id)!), ...cascaded];
  return {
    tables: planned,
    truncate: emptied.map(shown),
    // ONLY: an inheritance parent is emptied without its children (they are listed when copied);
    // a partitioned table is emptied with its partitions.
    truncateSql: `TRUNCATE ${emptied.map((t) => (ownRows(t))).join(", ")}`,
    cascaded: cascaded.map(shown),
    units,
    mode: input.options.mode,
    cycles,
    warnings,
  };
}

/** `character(n)` as `format_type` prints it (not `character varying`). */
const BLANK_PADDED = /^(character|bpchar)(\(\d+\))?$/;

function readSql(columns: string[], src: TableFacts, where?: string): string {
  const from = ownRows(src);
  const list = columns.length ? columns.join(", ") : "";
  return `COPY (SELECT ${list} FROM ${from}${where ? ` WHERE ${where}` : ""}) TO STDOUT`;
}

function tableCopy(
  src: TableFacts,
  dst: TableFacts,
  input: PlanInput,
  warnings: string[],
): {
  copy: TableCopy;
  planned: Omit<PlannedTable, "parts" | "unit" | "dependent" | "sequences">;
  columnsRead: string[];
  where?: string;
} {
  const name = shown(src);
  const srcCols = new Map(src.columns.map((c) => [c.name, c]));
  const listed = input.columns[src.id];
  if (listed) {
    const unknown = listed.columns.filter((c) => !srcCols.has(c) || !dst.columns.some((d) => d.name === c));
    if (unknown.length) {
      throw new ConfitureError(
        "CONFIG_INVALID_VALUE",
        `columns of ${name}: ${unknown.map((c) => JSON.stringify(c)).join(", ")} ${
          unknown.length === 1 ? "is" : "are"
        } not in both the source and the target`,
        { location: listed.location },
      );
    }
  }
  const generated = dst.columns.filter((c) => c.generated !== "").map((c) => c.name);
  const copied = dst.columns.filter((c) =>
    c.generated === "" && srcCols.has(c.name) && (!listed || listed.columns.includes(c.name))
  );
  const defaulted = dst.columns.filter((c) => c.generated === "" && !copied.includes(c));
  const cannot = defaulted.filter((c) => !canBeLeftOut(c));
  if (cannot.length) {
    throw new ConfitureError(
      "REFUSED_UNSAFE",
      `${name}: target column${cannot.length === 1 ? "" : "s"} ${cannot.map((c) => c.name).join(", ")} ${
        cannot.length === 1 ? "is" : "are"
      } NOT NULL without a default and not copied from the source`,
      { hint: "add the column to the source side, give it a default on the target, or list it under columns:" },
    );
  }
  const skipped = src.columns.filter((c) => !dst.columns.some((d) => d.name === c.name)).map((c) => c.name);
  if (skipped.length) warnings.push(`${name}: source column(s) ${skipped.join(", ")} are not on the target; skipped`);
  const rules = input.rules[src.id] ?? {};
  for (const [col, r] of Object.entries(rules)) {
    if (!copied.some((c) => c.name === col)) {
      throw new ConfitureError("CONFIG_INVALID_VALUE", `anonymize: ${name}.${col} is not copied to the target`, {
        location: r.location,
      });
    }
  }
  const transforms: TransformSpec[] = copied.flatMap((c, index) => {
    const r = rules[c.name];
    return r?.kind === "transform" ? [{ index, column: r.column, rule: r.rule }] : [];
  });
  const userWhere = input.where[src.id]?.sql;
  const subset = input.subset?.[src.id];
  const keyedSubset = subset?.keyed;
  const where = keyedSubset
    ? "false" // unused: the keyed read replaces it
    : subset
    ? (userWhere ? `(${userWhere}) AND (${subset.filter})` : subset.filter)
    : userWhere;
  const columnsRead = copied.map((c) => {
    const r = rules[c.name];
    return r?.kind === "source" ? `(${r.expression}) AS ${quoteIdent(c.name)}` : quoteIdent(c.name);
  });
  const allRows = Math.max(0, src.stats?.rowEstimate ?? 0);
  // A streamed subset's rows are known once copied: the whole table is the estimate's upper bound.
  const unknownRows = keyedSubset !== undefined || (subset !== undefined && subset.rows < 0);
  const estimatedRows = subset && !unknownRows ? subset.rows : allRows;
  const estimatedBytes = subset && !unknownRows
    ? Math.round((src.stats?.bytes ?? 0) * Math.min(1, allRows > 0 ? subset.rows / allRows : 1))
    : src.stats?.bytes ?? 0;
  const anonymized = copied.filter((c) => rules[c.name] && rules[c.name].kind !== "preserve").map((c) => c.name);
  const hashed = copied.filter((c) => !anonymized.includes(c.name)).map((c) => quoteIdent(c.name));
  const field = (col: string) => copied.findIndex((c) => c.name === col);
  const keyed: KeyedRead | undefined = keyedSubset && {
    select: `SELECT ${columnsRead.join(", ")} FROM ${ownRows(src)}`,
    ...(userWhere !== undefined ? { where: userWhere } : {}),
    roots: keyedSubset.roots,
    anyOf: keyedSubset.anyOf,
    allOf: keyedSubset.allOf,
    collect: keyedSubset.collect.map((c) => {
      const padded = c.columns.map((col) => BLANK_PADDED.test(srcCols.get(col)!.type));
      return { set: c.set, fields: c.columns.map(field), ...(padded.includes(true) ? { padded } : {}) };
    }),
    ...(input.options.verify ? { hash: { columns: hashed, from: ownRows(src) } } : {}),
  };
  return {
    copy: {
      table: name,
      read: readSql(columnsRead, src, where),
      ...(keyed ? { keyed } : {}),
      write: `COPY ${tableName(dst)} (${copied.map((c) => quoteIdent(c.name)).join(", ")}) FROM STDIN`,
      ...(transforms.length ? { transforms } : {}),
      ...(input.options.verify && !keyed ? { sourceHash: contentHashSql(hashed, ownRows(src), where) } : {}),
      estimatedRows: userWhere || unknownRows ? 0 : estimatedRows,
      estimatedBytes: userWhere || unknownRows ? 0 : estimatedBytes,
      ...(userWhere || unknownRows ? { estimateUnknown: true } : {}),
      part: 0,
      parts: 1,
    },
    planned: {
      table: name,
      id: src.id,
      schema: src.schema,
      name: src.name,
      partitioned: src.relkind === "p",
      columns: copied.map((c) => c.name),
      columnTypes: copied.map((c) => srcCols.get(c.name)!.type),
      skippedColumns: skipped,
      defaultedColumns: defaulted.map((c) => c.name),
      generatedColumns: generated,
      ...(userWhere ? { where: userWhere } : {}),
      ...(subset ? { subset: { kind: subset.kind, rows: subset.rows, filter: subset.filter } } : {}),
      estimatedRows,
      estimatedBytes,
      transformed: anonymized,
      rules: Object.entries(rules).map(([column, r]) => ({
        column,
        strategy: String(r.rule.strategy),
        kind: r.kind,
        ...(r.followsFrom ? { followsFrom: r.followsFrom } : {}),
      })),
    },
    columnsRead,
    where,
  };
}

function canBeLeftOut(c: ColumnFacts): boolean {
  return !c.notNull || c.default !== null || c.identity !== "";
}

function sequenceStatements(src: TableFacts, dst: TableFacts, values: Record<string, SequenceValue>): string[] {
  const out: string[] = [];
  for (const d of dst.ownedSequences) {
    const s = src.ownedSequences.find((o) => o.column === d.column);
    const v = s ? values[s.sequence] : undefined;
    if (!v) continue;
    const [schema, name] = splitId(d.sequence);
    out.push(
      `SELECT pg_catalog.setval(${quoteLiteral(`${quoteIdent(schema)}.${quoteIdent(name)}`)}, ${
        quoteLiteral(v.lastValue)
      }::bigint, ${v.isCalled})`,
    );
  }
  return out;
}
