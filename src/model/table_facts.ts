/**
 * Facts about tables that moving data needs: columns with their types, defaults, identity and
 * generation; primary key, unique keys and foreign keys as column lists; the sequences the table
 * owns; row and size estimates. Inspection reads them next to the catalog objects and keeps them
 * apart (in {@link Catalog.tables} and {@link Catalog.stats}): the diff compares objects only, so
 * these facts, estimates above all, never make two catalogs differ.
 * @module
 */
import type { Catalog, ColumnInfo } from "./mod.ts";

/** A column as data movement sees it. Letter codes are those of {@link ColumnInfo}. */
export interface ColumnFacts {
  /** The column's name. */
  name: string;
  /** `attnum`: order in the table, with gaps where columns were dropped. */
  position: number;
  /** `format_type` text, schema-qualified when not in pg_catalog (`character varying(20)`, `"app"."status"`). */
  type: string;
  /** `NOT NULL`. */
  notNull: boolean;
  /** Default expression; null when there is none and for generated columns. */
  default: string | null;
  /** `a` (GENERATED ALWAYS AS IDENTITY), `d` (BY DEFAULT), or "". */
  identity: ColumnInfo["identity"];
  /** `s` (stored) or `v` (virtual) for generated columns, else "". */
  generated: ColumnInfo["generated"];
  /** Generation expression of a generated column, else null. */
  generationExpr: string | null;
  /** Declared maximum length of a character or bit type (`varchar(20)` → 20), through domains; else null. */
  maxLength: number | null;
}

/** The primary key of a table. */
export interface PrimaryKey {
  /** Constraint name. */
  name: string;
  /** Key columns, in key order. */
  columns: string[];
}

/** A unique constraint, or a unique index that no constraint owns. */
export interface UniqueKey {
  /** Constraint name (origin `constraint`) or index name (origin `index`). */
  name: string;
  /** Whether a constraint or an index makes the key. */
  origin: "constraint" | "index";
  /** Key columns in key order; empty when a key part is an expression (see `expression`). */
  columns: string[];
  /** The key parts as PostgreSQL prints them (`lower(email), tenant_id`), only when one is an expression. */
  expression: string | null;
  /** `WHERE` predicate of a partial unique index, else null. */
  predicate: string | null;
  /** `NULLS NOT DISTINCT`: two NULL keys conflict. */
  nullsNotDistinct: boolean;
  /** Checked at commit (`DEFERRABLE`) rather than at each row. */
  deferrable: boolean;
  /**
   * The key identifies a row: a valid, non-partial key made of columns only, every one NOT NULL.
   * Such a key can stand in for a missing primary key.
   */
  rowIdentity: boolean;
}

/** What a foreign key does when the referenced row is deleted or its key updated. */
export type ForeignKeyAction = "NO ACTION" | "RESTRICT" | "CASCADE" | "SET NULL" | "SET DEFAULT";

/** A foreign key, as (columns) → table (columns). */
export interface ForeignKey {
  /** Constraint name. */
  name: string;
  /** Referencing columns, in key order. */
  columns: string[];
  /** Identity of the referenced table (`table:public.users`). */
  references: string;
  /** Referenced columns, matching `columns` one to one. */
  referencedColumns: string[];
  /** `ON DELETE` action. */
  onDelete: ForeignKeyAction;
  /** `ON UPDATE` action. */
  onUpdate: ForeignKeyAction;
  /** `MATCH` type. */
  match: "SIMPLE" | "FULL" | "PARTIAL";
  /** `DEFERRABLE`. */
  deferrable: boolean;
  /** `INITIALLY DEFERRED`. */
  initiallyDeferred: boolean;
  /** False while the key was added `NOT VALID` and not validated since: old rows may break it. */
  validated: boolean;
}

/** A sequence owned by a column of the table. */
export interface OwnedSequence {
  /** Identity of the sequence (`sequence:public.users_id_seq`). */
  sequence: string;
  /** The owning column. */
  column: string;
  /** `identity`: the sequence of an identity column; `owned`: `OWNED BY` (serial columns and the like). */
  kind: "identity" | "owned";
}

/**
 * The structure of one ordinary or partitioned table (typed tables included; views, foreign tables
 * and extension members left out).
 */
export interface TableShape {
  /** `table:<schema>.<name>`, as the identity of its catalog object. */
  id: string;
  /** Schema name. */
  schema: string;
  /** Table name. */
  name: string;
  /** `r` ordinary, `p` partitioned. */
  relkind: string;
  /** Identity of the partitioned table this table is a partition of, else null. */
  partitionOf: string | null;
  /** Identities of the inheritance parents (`INHERITS`), in order; empty for partitions. */
  inherits: string[];
  /** Columns by position. */
  columns: ColumnFacts[];
  /** The primary key, or null when the table has none. */
  primaryKey: PrimaryKey | null;
  /** Unique constraints and unique indexes, by name. */
  uniques: UniqueKey[];
  /** Foreign keys of the table, by name. */
  foreignKeys: ForeignKey[];
  /** Sequences owned by its columns, by column position. */
  ownedSequences: OwnedSequence[];
}

/** Planner statistics of a table: estimates that change from run to run. */
export interface TableStats {
  /**
   * `pg_class.reltuples` rounded: the row count as of the last VACUUM or ANALYZE; null when the
   * table was never vacuumed or analyzed (and for a partitioned table until ANALYZE on it).
   */
  rowEstimate: number | null;
  /** `pg_table_size`: heap, TOAST, free space and visibility maps, without indexes (0 when partitioned). */
  bytes: number;
}

/** A table's structure with its statistics, as {@link tableFacts} and `inspectTables` return it. */
export interface TableFacts extends TableShape {
  /** Null when the statistics were not read. */
  stats: TableStats | null;
}

/**
 * The facts of one table of `catalog`, or undefined when it holds no such table (or was read
 * without table facts).
 *
 * @example
 * ```ts
 * const users = tableFacts(catalog, "table:public.users");
 * const key = users ? rowKey(users) : null; // ["id"]
 * ```
 */
export function tableFacts(catalog: Catalog, tableId: string): TableFacts | undefined {
  const shape = catalog.tables?.[tableId];
  return shape ? { ...shape, stats: catalog.stats?.[tableId] ?? null } : undefined;
}

/** The facts of every table of `catalog`, by identity. */
export function listTableFacts(catalog: Catalog): TableFacts[] {
  return Object.keys(catalog.tables ?? {}).sort().map((id) => tableFacts(catalog, id)!);
}

/**
 * The columns that identify a row of `table`: its primary key, else the row-identity unique key
 * with the fewest columns (then the first by name); null when it has neither.
 */
export function rowKey(table: TableShape): string[] | null {
  if (table.primaryKey) return [...table.primaryKey.columns];
  let best: UniqueKey | undefined;
  for (const u of table.uniques) {
    if (!u.rowIdentity) continue;
    if (
      !best || u.columns.length < best.columns.length ||
      (u.columns.length === best.columns.length && u.name < best.name)
    ) {
      best = u;
    }
  }
  return best ? [...best.columns] : null;
}
