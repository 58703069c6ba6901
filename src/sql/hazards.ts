/**
 * The hazard codes a statement can carry: one list, used by statement classification
 * (`migrate up --dry-run`), the diff, the plan, and the files `migrate generate` writes.
 * docs/diff.md documents the same list (a unit test keeps the two equal).
 * @module
 */

/** Every hazard code with its one-line meaning, in the order they are documented. */
export const HAZARDS = [
  { code: "DELETES_DATA", meaning: "drops a table, column, or other object holding data, or deletes rows" },
  {
    code: "TABLE_REWRITE",
    meaning: "rewrites the whole table (e.g. a column type change that is not binary-compatible)",
  },
  { code: "ACQUIRES_ACCESS_EXCLUSIVE_LOCK", meaning: "blocks reads and writes on the table while it runs" },
  {
    code: "ACQUIRES_SHARE_LOCK",
    meaning: "blocks writes, not reads, while it runs (a non-concurrent index build, a new foreign key or trigger)",
  },
  { code: "INDEX_BUILD", meaning: "builds an index: time proportional to the table" },
  { code: "VALIDATES_ALL_ROWS", meaning: "scans every row to validate a constraint or attach a partition" },
  { code: "NOT_TRANSACTIONAL", meaning: "cannot run inside a transaction block (`CONCURRENTLY`, `VACUUM`)" },
  { code: "RUNS_QUERY", meaning: "runs a query over data (a materialized view is populated)" },
  { code: "RESETS_SEQUENCE", meaning: "restarts a sequence whose current value falls outside its new bounds" },
] as const;

/** A hazard code: `DELETES_DATA`, `TABLE_REWRITE`, `NOT_TRANSACTIONAL`, … (see {@link HAZARDS}). */
export type Hazard = (typeof HAZARDS)[number]["code"];

/** The hazard codes, in documentation order. */
export const HAZARD_CODES: readonly Hazard[] = HAZARDS.map((h) => h.code);

const CODES = new Set<string>(HAZARD_CODES);

/** True when `code` is a hazard code of {@link HAZARDS}. */
export function isHazard(code: string): code is Hazard {
  return CODES.has(code);
}

/** The distinct hazards of `list`, sorted by name (as generated files and `--format json` print them). */
export function sortedHazards(list: Iterable<Hazard>): Hazard[] {
  return [...new Set(list)].sort();
}
