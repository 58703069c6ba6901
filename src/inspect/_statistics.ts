/**
 * Extended statistics objects (`CREATE STATISTICS`).
 * @module
 */
import { quoteQualified as qq } from "../sql/mod.ts";
import { type BuildContext, CLS } from "./_context.ts";

/** A row of `queries/statistics.sql`. */
export interface StatisticsRow {
  oid: string;
  schema: string;
  name: string;
  /** Quoted role name. */
  owner: string;
  relid: string;
  /** `pg_get_statisticsobjdef`. */
  def: string;
  comment: string | null;
}

/** Adds the statistics objects. */
export function buildStatistics(ctx: BuildContext, rows: StatisticsRow[]): void {
  for (const r of rows) {
    const rel = ctx.rels.get(r.relid);
    const name = qq(r.schema, r.name);
    const o = ctx.add({
      id: `statistics:${r.schema}.${r.name}`,
      kind: "statistics",
      schema: r.schema,
      name: r.name,
      parent: rel?.id,
      target: `STATISTICS ${name}`,
      owner: r.owner,
      definition: r.def,
      create: [r.def],
      drop: [`DROP STATISTICS IF EXISTS ${name}`],
      comment: r.comment,
    }, `${CLS.statistic}:${r.oid}`);
    if (rel) o.deps.push(rel.id);
  }
}
