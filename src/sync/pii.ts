/**
 * PII detection before a sync: every copied column is classified from its name, its type and a
 * sample of its values read in the run's snapshot (the first rows of the table; the values stay in
 * memory and are never shown). A column found to hold personal data and covered by no rule is
 * refused unless the run allows it (`--allow-pii`); a `preserve` rule is a rule.
 * @module
 */
import { detectPii, type PiiClass, type PiiEvidence } from "../anonymize/mod.ts";
import type { Session } from "../db/mod.ts";
import { ConfitureError } from "../errors/mod.ts";
import { quoteIdent } from "../sql/mod.ts";
import type { PlannedTable } from "./plan.ts";

/** Values sampled per table. */
export const PII_SAMPLE_ROWS = 200;

/** The base type of each domain-typed column of the table `$1` (through domains over domains). */
const BASE_TYPES_SQL = `
WITH RECURSIVE chain(name, typ, depth) AS (
  SELECT a.attname::text, a.atttypid, 0 FROM pg_catalog.pg_attribute a
   WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
  SELECT c.name, t.typbasetype, c.depth + 1 FROM chain c JOIN pg_catalog.pg_type t ON t.oid = c.typ
   WHERE t.typtype = 'd'
)
SELECT DISTINCT ON (name) name, pg_catalog.format_type(typ, NULL) AS base FROM chain
 WHERE depth > 0 ORDER BY name, depth DESC`;

/** What detection says of one copied column. */
export interface ColumnPii {
  /** The table, `schema.table`. */
  table: string;
  /** The column's name. */
  column: string;
  /** The most likely class, or null when nothing reached the threshold. */
  class: PiiClass | null;
  /** Confidence of that class, 0 to 1 (0 when none). */
  confidence: number;
  /** How it was found: name, type, values (never a value). */
  evidence: PiiEvidence["kind"][];
  /** The rule covering it (a strategy name), if any. */
  rule?: string;
}

/**
 * Classifies every copied column of `tables`, sampling their values on `snap` (data-safe: an
 * error names no value).
 */
export async function detectColumns(snap: Session, tables: readonly PlannedTable[]): Promise<ColumnPii[]> {
  const out: ColumnPii[] = [];
  const safe = snap.dataSafe();
  for (const t of tables) {
    if (t.columns.length === 0) continue;
    const q = `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`;
    const list = t.columns.map((c, i) => `${quoteIdent(c)}::text AS c${i}`).join(", ");
    const rows = await safe.query<Record<string, string | null>>(
      `SELECT ${list} FROM ${t.partitioned ? q : `ONLY ${q}`} LIMIT ${PII_SAMPLE_ROWS}`,
    );
    const bases = new Map(
      (await snap.query<{ name: string; base: string }>(BASE_TYPES_SQL, [q])).map((r) => [r.name, r.base]),
    );
    const findings = detectPii(t.columns.map((name, i) => ({
      name,
      type: t.columnTypes[i],
      ...(bases.has(name) ? { baseType: bases.get(name) } : {}),
      samples: rows.map((r) => r[`c${i}`] ?? null),
    })));
    for (const f of findings) {
      const rule = t.rules.find((r) => r.column === f.column);
      out.push({
        table: t.table,
        column: f.column,
        class: f.class,
        confidence: Math.round(f.confidence * 100) / 100,
        evidence: [...new Set(f.evidence.filter((e) => e.class === f.class).map((e) => e.kind))],
        ...(rule ? { rule: rule.strategy } : {}),
      });
    }
  }
  return out;
}

/** The columns detected as personal data that no rule covers. */
export function uncovered(columns: readonly ColumnPii[]): ColumnPii[] {
  return columns.filter((c) => c.class !== null && c.rule === undefined);
}

/** Refuses the run when a detected column has no rule (see the module documentation). */
export function refuseUncovered(columns: readonly ColumnPii[]): void {
  const bad = uncovered(columns);
  if (bad.length === 0) return;
  throw new ConfitureError(
    "SYNC_PII_UNCOVERED",
    `${bad.length} column(s) look like personal data and have no anonymization rule: ${
      bad.map((c) => `${c.table}.${c.column}`).join(", ")
    }`,
    {
      detail: bad.map((c) => `${c.table}.${c.column}: ${c.class} (from its ${c.evidence.join(", ")})`).join("\n"),
      hint: "add a rule under anonymize: in the sync file (preserve keeps a column as it is), or --allow-pii",
    },
  );
}
