/**
 * The {@link SourceProbe} of a live source: PostgreSQL itself says which columns an expression
 * reads and which tables a query reads (`EXPLAIN (VERBOSE, FORMAT JSON)`, whose output names
 * every column as `alias.column` when the query has two relations), and which columns a query returns. Nothing runs over rows
 * (`EXPLAIN` plans, `LIMIT 0` reads nothing); errors are data-safe.
 * @module
 */
import type { Session } from "../db/mod.ts";
import type { TableFacts } from "../model/mod.ts";
import { ownRows, probeCondition } from "../copy/mod.ts";
import { sqlTokens } from "../sql/mod.ts";
import type { SourceProbe } from "./mapping.ts";

/** The alias of the source row in probed expressions: an unlikely name, so that it is unambiguous. */
const ROW_ALIAS = "confiture_source_row";

/** `FROM` of a source table: `ONLY` unless it is partitioned (its partitions are read through it). */
export function sourceFrom(t: TableFacts): string {
  return ownRows(t);
}

type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };

function walk(node: PlanNode, visit: (n: PlanNode) => void): void {
  visit(node);
  for (const child of node.Plans ?? []) walk(child, visit);
}

async function explain(db: Session, sql: string): Promise<PlanNode> {
  const [row] = await db.dataSafe().query<Record<string, unknown>>(`EXPLAIN (VERBOSE, FORMAT JSON) ${sql}`);
  const value = row["QUERY PLAN"];
  const doc = typeof value === "string" ? JSON.parse(value) : value;
  return (doc as { Plan: PlanNode }[])[0].Plan;
}

/**
 * The column names that follow `alias.` in deparsed SQL (`alias.*`, or the alias alone: the whole
 * row). String literals are skipped by the lexer.
 */
export function aliasColumns(texts: string[], alias: string): string[] | "all" {
  const out = new Set<string>();
  for (const text of texts) {
    const toks = [...sqlTokens(text)].map((t) => ({ kind: t.kind, text: text.slice(t.start, t.end) }));
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i];
      if (t.kind !== "word" || t.text.toLowerCase() !== alias) continue;
      const dot = toks[i + 1];
      const next = toks[i + 2];
      if (dot?.kind !== "punct" || dot.text !== "." || !next) return "all";
      if (next.kind === "punct" && next.text === "*") return "all";
      if (next.kind === "quoted_identifier") out.add(next.text.slice(1, -1).replaceAll('""', '"'));
      else if (next.kind === "word") out.add(next.text);
      i += 2;
    }
  }
  return [...out].sort();
}

/** The probe of the source behind `db` (see the module documentation). */
export function sessionProbe(db: Session): SourceProbe {
  return {
    async columnsUsed(table, expression) {
      // A second (empty) relation makes EXPLAIN qualify every column with its relation's alias.
      const plan = await explain(
        db,
        `SELECT ${expression} FROM ${sourceFrom(table)} AS ${ROW_ALIAS} CROSS JOIN (SELECT) AS confiture_none`,
      );
      // Outputs, filters and conditions of every node (subqueries refer to the row in filters).
      const texts: string[] = [];
      walk(plan, (n) => {
        for (const [k, v] of Object.entries(n)) {
          if (k === "Alias") continue;
          if (typeof v === "string") texts.push(v);
          else if (Array.isArray(v)) texts.push(...v.filter((x): x is string => typeof x === "string"));
        }
      });
      return aliasColumns(texts, ROW_ALIAS);
    },
    async checkWhere(table, where) {
      await probeCondition(db, table, where);
    },
    async queryColumns(sql) {
      const rows = await db.dataSafe().query<{ name: string }>(
        `SELECT k.key AS name
           FROM (SELECT q.* FROM (SELECT 1) AS one
                 LEFT JOIN (SELECT * FROM (${sql}) AS s LIMIT 0) AS q ON true) AS x,
                pg_catalog.json_each(pg_catalog.to_json(x)) WITH ORDINALITY AS k(key, value, n)
          ORDER BY k.n`,
      );
      return rows.map((r) => r.name);
    },
    async queryReads(sql) {
      const plan = await explain(db, sql);
      const rows = Math.round(Number(plan["Plan Rows"] ?? 0));
      const bytes = rows * Number(plan["Plan Width"] ?? 0);
      const ids = new Set<string>();
      walk(plan, (n) => {
        if (typeof n["Relation Name"] === "string" && typeof n.Schema === "string") {
          ids.add(`table:${n.Schema}.${n["Relation Name"]}`);
        }
      });
      return { tables: [...ids].sort(), rows, bytes };
    },
  };
}
