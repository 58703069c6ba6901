/**
 * Table facts for data movement (keys, foreign keys, column facts, owned sequences, estimates):
 * the rows of the shared fact queries mapped to the model. Pure; used by both `inspectCatalog`
 * (over every table) and `inspectTables` (over the tables asked for), so the two agree.
 * @module
 */
import type {
  ColumnFacts,
  ForeignKey,
  ForeignKeyAction,
  OwnedSequence,
  PrimaryKey,
  TableShape,
  TableStats,
  UniqueKey,
} from "../model/mod.ts";
import { type BuildContext, jsonValue } from "./_context.ts";

/** The column fields both `columns.sql` and `table_columns.sql` return. */
export interface ColumnFactsRow {
  relid: string;
  attnum: number;
  name: string;
  type: string;
  attnotnull: boolean;
  default_expr: string | null;
  attidentity: string;
  attgenerated: string;
  max_length: number | null;
}

/** A row of `queries/table_columns.sql`. */
export type TableColumnRow = ColumnFactsRow;

/** A row of `queries/keys.sql`: a unique index, with the constraint it implements if any. */
export interface KeyRow {
  relid: string;
  index_name: string;
  constraint_name: string | null;
  indisprimary: boolean;
  /** Valid, ready and live: the index enforces uniqueness. */
  valid: boolean;
  nulls_not_distinct: boolean;
  deferrable: boolean;
  predicate: string | null;
  /** Key parts as JSON: `[column name or null (expression), NOT NULL or null, part as printed]`. */
  parts: unknown;
}

/** A row of `queries/foreign_keys.sql`. */
export interface ForeignKeyRow {
  relid: string;
  name: string;
  /** Column names as JSON. */
  columns: unknown;
  ref_schema: string;
  ref_name: string;
  /** Referenced column names as JSON. */
  ref_columns: unknown;
  /** `a` no action, `r` restrict, `c` cascade, `n` set null, `d` set default. */
  on_delete: string;
  on_update: string;
  /** `s` simple, `f` full, `p` partial. */
  match: string;
  deferrable: boolean;
  initially_deferred: boolean;
  validated: boolean;
}

/** A row of `queries/owned_sequences.sql`. */
export interface OwnedSequenceRow {
  relid: string;
  attnum: number;
  column_name: string;
  schema: string;
  name: string;
  /** `i` identity, `a` OWNED BY. */
  deptype: string;
}

/** A row of `queries/table_stats.sql`. */
export interface TableStatsRow {
  relid: string;
  reltuples: number;
  /** `pg_table_size` as text (bigint); null when the table went away meanwhile. */
  bytes: string | null;
}

/** The table-level fields of a {@link TableShape}, with the table's oid. */
export interface TableHead {
  oid: string;
  schema: string;
  name: string;
  relkind: string;
  partitionOf: string | null;
  inherits: string[];
}

/** Keys, foreign keys and owned sequences by table oid. */
export interface KeyFacts {
  primaryKeys: Map<string, PrimaryKey>;
  uniques: Map<string, UniqueKey[]>;
  foreignKeys: Map<string, ForeignKey[]>;
  ownedSequences: Map<string, OwnedSequence[]>;
}

const ACTIONS: Record<string, ForeignKeyAction> = {
  a: "NO ACTION",
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT",
};
const MATCH: Record<string, ForeignKey["match"]> = { s: "SIMPLE", f: "FULL", p: "PARTIAL" };

/** The identity of table `name` of `schema`. */
export function tableId(schema: string, name: string): string {
  return `table:${schema}.${name}`;
}

/** A column row as {@link ColumnFacts}: a generated column's expression is not its default. */
export function columnFacts(r: ColumnFactsRow): ColumnFacts {
  const generated = r.attgenerated ?? "";
  return {
    name: r.name,
    position: Number(r.attnum),
    type: r.type,
    notNull: r.attnotnull,
    default: generated ? null : r.default_expr,
    identity: r.attidentity ?? "",
    generated,
    generationExpr: generated ? r.default_expr : null,
    maxLength: r.max_length == null ? null : Number(r.max_length),
  };
}

/** A key row as a primary key, or as a unique key. */
export function keyOf(r: KeyRow): { primary: PrimaryKey } | { unique: UniqueKey } {
  const parts = (jsonValue(r.parts) as [string | null, boolean | null, string][] | null) ?? [];
  const plain = parts.every(([column]) => column !== null);
  const columns = plain ? parts.map(([column]) => column!) : [];
  if (r.indisprimary) return { primary: { name: r.constraint_name ?? r.index_name, columns } };
  return {
    unique: {
      name: r.constraint_name ?? r.index_name,
      origin: r.constraint_name !== null ? "constraint" : "index",
      columns,
      expression: plain ? null : parts.map(([, , printed]) => printed).join(", "),
      predicate: r.predicate,
      nullsNotDistinct: r.nulls_not_distinct,
      deferrable: r.deferrable,
      rowIdentity: r.valid && plain && r.predicate === null && parts.length > 0 &&
        parts.every(([, notNull]) => notNull === true),
    },
  };
}

/** A foreign key row as a {@link ForeignKey}. */
export function foreignKeyOf(r: ForeignKeyRow): ForeignKey {
  return {
    name: r.name,
    columns: (jsonValue(r.columns) as string[] | null) ?? [],
    references: tableId(r.ref_schema, r.ref_name),
    referencedColumns: (jsonValue(r.ref_columns) as string[] | null) ?? [],
    onDelete: ACTIONS[r.on_delete] ?? "NO ACTION",
    onUpdate: ACTIONS[r.on_update] ?? "NO ACTION",
    match: MATCH[r.match] ?? "SIMPLE",
    deferrable: r.deferrable,
    initiallyDeferred: r.initially_deferred,
    validated: r.validated,
  };
}

/** An owned sequence row as an {@link OwnedSequence}. */
export function ownedSequenceOf(r: OwnedSequenceRow): OwnedSequence {
  return {
    sequence: `sequence:${r.schema}.${r.name}`,
    column: r.column_name,
    kind: r.deptype === "i" ? "identity" : "owned",
  };
}

/** A statistics row as {@link TableStats}: a negative `reltuples` (never analyzed) is no estimate. */
export function statsOf(r: TableStatsRow): TableStats {
  const tuples = Number(r.reltuples);
  return { rowEstimate: tuples < 0 ? null : Math.round(tuples), bytes: r.bytes == null ? 0 : Number(r.bytes) };
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const l = map.get(key);
  if (l) l.push(value);
  else map.set(key, [value]);
}

/** Groups the key, foreign key and owned sequence rows by table oid. */
export function groupKeyFacts(keys: KeyRow[], foreignKeys: ForeignKeyRow[], owned: OwnedSequenceRow[]): KeyFacts {
  const out: KeyFacts = {
    primaryKeys: new Map(),
    uniques: new Map(),
    foreignKeys: new Map(),
    ownedSequences: new Map(),
  };
  for (const r of keys) {
    const k = keyOf(r);
    if ("primary" in k) out.primaryKeys.set(r.relid, k.primary);
    else push(out.uniques, r.relid, k.unique);
  }
  for (const r of foreignKeys) push(out.foreignKeys, r.relid, foreignKeyOf(r));
  for (const r of owned) push(out.ownedSequences, r.relid, ownedSequenceOf(r));
  return out;
}

/** The {@link TableShape} of `head`, from its column rows and the grouped key facts. */
export function tableShape(head: TableHead, columns: readonly ColumnFactsRow[], facts: KeyFacts): TableShape {
  const positions = new Map(columns.map((c) => [c.name, Number(c.attnum)]));
  const position = (column: string) => positions.get(column) ?? 0;
  const byName = (a: { name: string }, b: { name: string }) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  return {
    id: tableId(head.schema, head.name),
    schema: head.schema,
    name: head.name,
    relkind: head.relkind,
    partitionOf: head.partitionOf,
    inherits: head.inherits,
    columns: columns.map(columnFacts).sort((a, b) => a.position - b.position),
    primaryKey: facts.primaryKeys.get(head.oid) ?? null,
    uniques: [...(facts.uniques.get(head.oid) ?? [])].sort(byName),
    foreignKeys: [...(facts.foreignKeys.get(head.oid) ?? [])].sort(byName),
    ownedSequences: [...(facts.ownedSequences.get(head.oid) ?? [])].sort((a, b) =>
      position(a.column) - position(b.column) || (a.sequence < b.sequence ? -1 : a.sequence > b.sequence ? 1 : 0)
    ),
  };
}

/**
 * The shapes of the wanted tables among the registered relations (ordinary, partitioned and typed
 * tables; foreign tables left out), and their statistics when read. Parents resolve through the
 * registered relations; owned sequences come from the sequence rows (their owning column), as
 * `owned_sequences.sql` reads them for `inspectTables`.
 */
export function catalogTableFacts(
  ctx: BuildContext,
  keys: KeyRow[],
  foreignKeys: ForeignKeyRow[],
  stats: TableStatsRow[],
): void {
  const owned: OwnedSequenceRow[] = [];
  for (const s of ctx.seqByOid.values()) {
    const seq = ctx.rels.get(s.oid);
    if (!s.owner || !seq) continue;
    const [relid, attnum, deptype] = s.owner.split(":");
    const column = (ctx.colsByRel.get(relid) ?? []).find((c) => String(c.attnum) === attnum);
    if (!column) continue;
    owned.push({
      relid,
      attnum: column.attnum,
      column_name: column.name,
      schema: seq.r.schema,
      name: seq.r.name,
      deptype,
    });
  }
  const facts = groupKeyFacts(keys, foreignKeys, owned);
  const parentId = (oid: string) => {
    const p = ctx.rels.get(oid);
    return p ? tableId(p.r.schema, p.r.name) : undefined;
  };
  const ids = new Map<string, string>();
  for (const [oid, rel] of ctx.rels) {
    const r = rel.r;
    if ((r.relkind !== "r" && r.relkind !== "p") || !ctx.wanted(r.schema)) continue;
    const parents = ((jsonValue(r.parent_oids) as string[] | null) ?? []).map(parentId).filter((x) => x !== undefined);
    const shape = tableShape(
      {
        oid,
        schema: r.schema,
        name: r.name,
        relkind: r.relkind,
        partitionOf: r.relispartition ? parents[0] ?? null : null,
        inherits: r.relispartition ? [] : parents,
      },
      ctx.colsByRel.get(oid) ?? [],
      facts,
    );
    ctx.tables[shape.id] = shape;
    ids.set(oid, shape.id);
  }
  for (const r of stats) {
    const id = ids.get(r.relid);
    if (id) ctx.stats[id] = statsOf(r);
  }
}
