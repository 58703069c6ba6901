/**
 * Invalid indexes. A `CREATE INDEX CONCURRENTLY` (or `REINDEX … CONCURRENTLY`) that fails leaves
 * an INVALID index behind: never used by queries, enforcing no uniqueness, yet updated by every
 * write; and a later `CREATE INDEX … IF NOT EXISTS` of the same name silently skips it. The
 * runner names such an index when a statement leaves one, and refuses to record a migration as
 * applied while an index it creates with `IF NOT EXISTS` is invalid.
 * @module
 */
import type { Session } from "../db/mod.ts";
import { ConfitureError } from "../errors/mod.ts";
import { quoteIdent } from "../sql/mod.ts";
import { scriptLineCol, type SqlScript } from "./script.ts";

/** An index a migration statement creates by name with `IF NOT EXISTS`. */
export interface IndexRef {
  /** The table as written in the statement, quoted (resolved with the migration's `search_path`). */
  table: string;
  /** The index name. */
  name: string;
  /** Index of the statement in its script. */
  statement: number;
}

/** An invalid index found after a statement, with the statement that created (or skipped) it. */
export interface InvalidIndex {
  /** Schema-qualified, quoted. */
  name: string;
  statement?: number;
}

type Node = Record<string, unknown>;

/** The indexes `script` creates by name with `IF NOT EXISTS` (the ones a re-run may skip while invalid). */
export function indexRefs(script: SqlScript): IndexRef[] {
  const out: IndexRef[] = [];
  script.statements.forEach((st, i) => {
    if (st.kind !== "IndexStmt") return;
    const n = st.node;
    const rel = ((n.relation as Node | undefined)?.RangeVar ?? n.relation) as Node | undefined;
    if (!n.if_not_exists || typeof n.idxname !== "string" || typeof rel?.relname !== "string") return;
    const table = (typeof rel.schemaname === "string" ? quoteIdent(rel.schemaname) + "." : "") +
      quoteIdent(rel.relname);
    out.push({ table, name: n.idxname, statement: i });
  });
  return out;
}

/** True for a statement that can leave an invalid index behind when it fails. */
export function buildsIndexConcurrently(script: SqlScript, i: number): boolean {
  const st = script.statements[i];
  return (st.kind === "IndexStmt" || st.kind === "ReindexStmt") && script.classes[i].nonTransactional;
}

/** The invalid indexes among `refs`, in statement order (run with the migration's `search_path`). */
export async function invalidIndexes(s: Session, refs: readonly IndexRef[]): Promise<InvalidIndex[]> {
  if (refs.length === 0) return [];
  const rows = await s.query<{ name: string; statement: number }>(
    `select pg_catalog.format('%I.%I', n.nspname, c.relname) as name, x.i as statement
       from pg_catalog.json_to_recordset($1::pg_catalog.text::pg_catalog.json) as x(tbl pg_catalog.text, idx pg_catalog.text, i pg_catalog.int4)
       join pg_catalog.pg_index ix on ix.indrelid = pg_catalog.to_regclass(x.tbl)
       join pg_catalog.pg_class c on c.oid = ix.indexrelid and c.relname = x.idx
       join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where not ix.indisvalid
      order by x.i`,
    [JSON.stringify(refs.map((r) => ({ tbl: r.table, idx: r.name, i: r.statement })))],
  );
  return rows.map((r) => ({ name: r.name, statement: Number(r.statement) }));
}

/** The OIDs of the invalid indexes of the database now (before a statement that may leave one). */
export async function invalidIndexOids(s: Session): Promise<string[]> {
  const rows = await s.query<{ oid: string }>(
    "select indexrelid::pg_catalog.text as oid from pg_catalog.pg_index where not indisvalid order by 1",
  );
  return rows.map((r) => r.oid);
}

/** The invalid indexes that are not in `before` (left by the statement that just failed). */
export async function newInvalidIndexes(s: Session, before: readonly string[]): Promise<string[]> {
  const rows = await s.query<{ name: string }>(
    `select pg_catalog.format('%I.%I', n.nspname, c.relname) as name
       from pg_catalog.pg_index ix
       join pg_catalog.pg_class c on c.oid = ix.indexrelid
       join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where not ix.indisvalid
        and ix.indexrelid::pg_catalog.text not in (select pg_catalog.json_array_elements_text($1::pg_catalog.text::pg_catalog.json))
      order by 1`,
    [JSON.stringify(before)],
  );
  return rows.map((r) => r.name);
}

/** How to get rid of invalid indexes before running the migration again. */
export function dropInvalidHint(names: readonly string[]): string {
  return `drop ${names.length === 1 ? "it" : "them"} (${
    names.map((n) => `DROP INDEX CONCURRENTLY IF EXISTS ${n};`).join(" ")
  }), fix the cause, then run the migration again: CREATE INDEX … IF NOT EXISTS would skip an invalid index, ` +
    "so Confiture does not record the migration as applied while it exists";
}

/** The refusal to record a migration whose `IF NOT EXISTS` index is invalid. */
export function invalidIndexError(script: SqlScript, found: readonly InvalidIndex[], cause?: unknown): ConfitureError {
  const names = found.map((f) => f.name);
  const st = script.statements[found[0].statement ?? 0];
  const where = st ? scriptLineCol(script, st.start) : { line: 1, col: 1 };
  return new ConfitureError(
    "MIGRATION_INVALID_INDEX",
    `${script.file}: index ${names.join(", ")} ${names.length === 1 ? "is" : "are"} invalid; ` +
      "the migration was not recorded as applied",
    {
      location: { file: script.file, ...where },
      detail: "an earlier CREATE INDEX CONCURRENTLY (or REINDEX CONCURRENTLY) failed and left it; IF NOT EXISTS " +
        "skipped it, so it is not used by queries and enforces no uniqueness",
      hint: dropInvalidHint(names),
      cause,
    },
  );
}
