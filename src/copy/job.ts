/**
 * The units of work of a data copy. A load unit is what one target transaction loads: a table,
 * a part of a large table (a range of its rows), or the tables of a foreign-key cycle together.
 * Units are plain data (they cross to worker threads): the SQL to read on the source, the SQL to
 * write on the target, and the target statements around the data. The planner (sync,
 * schema-to-schema) makes them; {@link executeUnit} runs them.
 * @module
 */
import type { KeyedRead } from "./keyed.ts";

/** A column of the read side, as transforms need to know it. */
export interface ColumnMeta {
  /** The column's name. */
  name: string;
  /** The type as `format_type` prints it: `character varying(40)`, `numeric(10,2)`, `jsonb`. */
  type: string;
  /** Whether it accepts NULL. */
  nullable: boolean;
  /** Under a primary key or a unique constraint (transforms must then be injective). */
  unique: boolean;
}

/** A per-column transform: the rule (plain data, rebuilt where it runs) for the field at `index`. */
export interface TransformSpec {
  /** 0-based field index in the rows the read side produces. */
  index: number;
  /** The column the field belongs to. */
  column: ColumnMeta;
  /** The rule as configured (`{ strategy: "email", domain: "example.com" }`). */
  rule: Record<string, unknown>;
}

/** One table's rows moved within a unit. */
export interface TableCopy {
  /** The table as shown to users: `public.orders`. */
  table: string;
  /** `COPY (SELECT …) TO STDOUT`, run on the source in the run's snapshot. */
  read: string;
  /** `COPY t (…) FROM STDIN`, run on the target. */
  write: string;
  /**
   * Instead of the `read`/`write` pair: one target statement that moves the rows itself, an
   * `INSERT … SELECT` (from a foreign table that reads the source, for instance). Its row count is
   * taken from the statement; progress is reported when it ends. `read` and `write` are unused.
   */
  insert?: string;
  /**
   * A read made when the unit reaches this table, from the key values of the tables copied
   * before it in the unit (a subset; see `keyed.ts`): replaces `read` and `sourceHash`.
   */
  keyed?: KeyedRead;
  /** Transforms of fields between the two; none means the bytes pass through untouched. */
  transforms?: TransformSpec[];
  /** A query returning `{ rows, hash }` of what `read` reads, run on the source in the same snapshot. */
  sourceHash?: string;
  /** Estimated rows and bytes (from the source's statistics), for progress. */
  estimatedRows: number;
  /** Estimated bytes (from the source's statistics), for progress. */
  estimatedBytes: number;
  /** The rows are chosen by a filter: no estimate (the two above are 0), so no ETA while it runs. */
  estimateUnknown?: boolean;
  /** Part `index` of `count` when a large table is copied in ranges (0 of 1 otherwise). */
  part: number;
  /** How many parts the table is copied in. */
  parts: number;
}

/** What one target transaction loads. */
export interface LoadUnit {
  /** Unique within a run. */
  id: string;
  /** The tables (or table parts) it loads. */
  tables: TableCopy[];
  /** Target statements run first in the unit's transaction (disable triggers, drop foreign keys…). */
  before: string[];
  /** Target statements run after the data, before the commit (sequences, foreign keys, triggers…). */
  after: string[];
  /** Units that must have committed before this one starts (their tables are referenced here). */
  dependsOn: string[];
}

/** What copying one table (or part) did. */
export interface TableResult {
  table: string;
  part: number;
  parts: number;
  rows: number;
  bytes: number;
  /** Wall time of this table's stream, milliseconds. */
  ms: number;
  /** The source's content hash (`--verify`), when the unit asked for it. */
  sourceHash?: { rows: number; hash: string };
}

/** What running a unit did. */
export interface UnitResult {
  unit: string;
  tables: TableResult[];
  ms: number;
}

/** Progress of one table inside a running unit (cumulative for its part). */
export interface TableProgress {
  unit: string;
  table: string;
  part: number;
  rows: number;
  bytes: number;
}
