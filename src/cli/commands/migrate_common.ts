/**
 * Shared parts of the `migrate` subcommands: runner options from the context,
 * progress rendering, result and status rendering, JSON shapes.
 * @module
 */
import { parseDuration } from "../../config/mod.ts";
import { ConfitureError } from "../../errors/mod.ts";
import {
  type MigrationEvent,
  type MigrationResult,
  type PlannedMigration,
  type RunnerOptions,
  runnerOptions,
  type RunReport,
  type StatusEntry,
  TYPESCRIPT_LOADERS,
  type TypeScriptLoader,
} from "../../migrate/mod.ts";
import type { CommandContext, OptionSpec, Output } from "../command.ts";

/** The --lock-timeout flag. */
export const LOCK_TIMEOUT_OPTION: OptionSpec = {
  name: "lock-timeout",
  type: "string",
  valueName: "DURATION",
  description: "How long to wait for the migration lock held by another run",
  default: "lock_timeout of the environment, 60s",
};

/** Runner options from the configuration and the common flags. */
export async function optionsFor(ctx: CommandContext): Promise<RunnerOptions> {
  const cfg = await ctx.config();
  const o = runnerOptions(cfg, { signal: ctx.signal, onEvent: (e) => renderEvent(ctx.out, e) });
  const lt = ctx.options["lock-timeout"];
  if (typeof lt === "string") {
    try {
      o.lockTimeoutMs = parseDuration(lt, "--lock-timeout");
    } catch (e) {
      throw new ConfitureError("USAGE_INVALID_ARGUMENT", `--lock-timeout: invalid duration "${lt}"`, {
        hint: "e.g. 30s, 500ms, 2min",
        cause: e,
      });
    }
  }
  // internal switch (docs/compile.md): load TypeScript migrations as the compiled binary does
  const loader = ctx.vars["CONFITURE_TS_LOADER"];
  if (loader) {
    if (!(TYPESCRIPT_LOADERS as readonly string[]).includes(loader)) {
      throw new ConfitureError("USAGE_INVALID_ARGUMENT", `CONFITURE_TS_LOADER: unknown loader "${loader}"`, {
        hint: `one of: ${TYPESCRIPT_LOADERS.join(", ")}`,
      });
    }
    o.typeScriptLoader = loader as TypeScriptLoader;
  }
  return o;
}

function renderEvent(out: Output, e: MigrationEvent): void {
  switch (e.type) {
    case "lock-wait":
      out.debug("waiting for the migration lock");
      break;
    case "lock-acquired":
      out.debug("migration lock acquired");
      break;
    case "start":
      out.progress({
        phase: e.direction === "up" ? "applying" : "reverting",
        done: e.index,
        total: e.total,
        item: label({ ...e, repeatable: e.version.startsWith("R_") }),
      });
      break;
    case "retry":
      out.warn(`${e.version}: ${e.error}; retrying (attempt ${e.attempt + 1}) in ${e.delayMs} ms`);
      break;
    default:
      break;
  }
}

/** A status entry as JSON. */
export function entryJson(e: StatusEntry): Record<string, unknown> {
  return {
    version: e.version,
    name: e.name,
    kind: e.kind,
    state: e.state,
    file: e.file ?? null,
    type: e.type ?? null,
    hasDown: e.hasDown,
    appliedAt: e.appliedAt?.toISOString() ?? null,
    executionTimeMs: e.executionTimeMs ?? null,
    appliedBy: e.appliedBy ?? null,
    checksum: e.checksum ?? null,
    archivedInto: e.archivedInto ?? null,
    partial: e.partial ? { ...e.partial, at: e.partial.at.toISOString() } : null,
  };
}

/** A result as JSON. */
export function resultJson(r: MigrationResult): Record<string, unknown> {
  return {
    version: r.version,
    name: r.name,
    direction: r.direction,
    file: r.file,
    repeatable: r.repeatable === true,
    status: r.status,
    transactional: r.transactional,
    durationMs: Math.round(r.durationMs * 10) / 10,
    attempts: r.attempts,
    error: r.error ? r.error.toJSON() : undefined,
  };
}

/** How a migration is named in lines: `<version>_<name>`, or its file name for a repeatable one. */
export function label(m: { version: string; name: string; repeatable?: boolean }): string {
  return m.repeatable ? `${m.version}.sql (repeatable)` : `${m.version}_${m.name}`;
}

/** Prints the results of a run. */
export function renderResults(out: Output, results: MigrationResult[]): void {
  const s = out.style;
  for (const r of results) {
    const ms = r.durationMs >= 1 ? ` (${Math.round(r.durationMs)} ms)` : "";
    const mark = r.status === "failed"
      ? s.red("failed  ")
      : r.status === "skipped"
      ? s.dim("not run ")
      : r.status === "rolled_back"
      ? s.yellow("ran, rolled back")
      : s.green(r.status.padEnd(8));
    out.info(`  ${mark} ${label(r)}${r.transactional ? "" : " (no transaction)"}${ms}`);
  }
}

/** Prints a plan (dry run). */
export function renderPlan(out: Output, plan: PlannedMigration[]): void {
  const s = out.style;
  for (const m of plan) {
    const mode = m.transactional
      ? "in one transaction"
      : m.forcedNoTransaction
      ? "outside a transaction (-- confiture:no-transaction)"
      : "outside a transaction (statement by statement)";
    out.info(`  ${s.bold(m.file)}  ${m.direction === "down" ? "revert, " : m.repeatable ? "repeatable, " : ""}${mode}`);
    if (m.type === "ts") out.info(s.dim("    TypeScript migration: statements are not analysed"));
    for (const st of m.statements) {
      const facts: string[] = [];
      facts.push(st.lock ? `lock ${st.lock}${st.target ? ` on ${st.target}` : ""}` : "no table lock");
      if (st.rewrites) facts.push(s.yellow("rewrites the table"));
      if (st.deletesData) facts.push(s.red("deletes data"));
      if (st.nonTransactional) facts.push("cannot run in a transaction");
      out.info(`    ${String(st.line).padStart(4)}: ${st.summary}`);
      out.info(s.dim(`          ${facts.join("; ")}`));
    }
  }
}

/** Prints the warnings of a report. */
export function renderWarnings(out: Output, report: RunReport): void {
  for (const w of report.warnings) out.warn(w);
}

/** The JSON data of a report: every migration's result, also when the run stopped at a failure. */
export function reportJson(report: RunReport): Record<string, unknown> {
  return {
    ledgerTable: report.ledgerTable,
    results: report.results.map(resultJson),
    warnings: report.warnings,
  };
}
