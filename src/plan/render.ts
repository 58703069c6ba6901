/**
 * A plan as SQL text, and its hazards.
 * @module
 */
import { type Hazard, sortedHazards } from "../sql/mod.ts";
import type { Plan } from "./types.ts";

/**
 * The plan as SQL text that `psql -v ON_ERROR_STOP=1 -f` can apply: statements
 * separated by `;\n`, hazards as `--` comments. Empty plan → empty string.
 */
export function renderPlanSql(plan: Plan): string {
  if (plan.statements.length === 0) return "";
  const lines: string[] = ["SET check_function_bodies = false;", ""];
  for (const s of plan.statements) {
    if (s.hazards.length) lines.push(`-- hazards: ${[...new Set(s.hazards)].join(", ")}`);
    lines.push(s.sql.replace(/;\s*$/, "") + ";", "");
  }
  return lines.join("\n");
}

/** All hazard codes of a plan, sorted. */
export function planHazards(plan: Plan): Hazard[] {
  return sortedHazards(plan.statements.flatMap((s) => s.hazards));
}
