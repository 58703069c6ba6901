/**
 * Changes → ordered statements with hazards → SQL text. Pure: no database access.
 *
 * Drops (and the first half of two-step column changes) run first, dependents before
 * what they depend on (reverse topological order over the `from` catalog); renames
 * follow; then creates and in-place changes, dependencies first (topological order
 * over the `to` catalog). Indexes on existing tables are built `CONCURRENTLY`;
 * checks and foreign keys on existing tables are added `NOT VALID`, then validated.
 * @module
 */
export { planMigration } from "./plan.ts";
export { planHazards, renderPlanSql } from "./render.ts";
export type { Plan, PlannedStatement, PlanOptions } from "./types.ts";
