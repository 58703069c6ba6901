/**
 * Shared parts of the `schema-to-schema` subcommands: the two sides (environment names or URLs),
 * the DDL tree and the mapping file, the flags, the progress board and the plan's rendering.
 * @module
 */
import { ConfitureError } from "../../errors/mod.ts";
import type { ProgressSnapshot } from "../../copy/mod.ts";
import type { PlannedTable, Strategy, TransferEvent, TransferOptions, TransferPlan } from "../../transfer/mod.ts";
import type { CommandContext, OptionSpec } from "../command.ts";
import { formatBytes, progressLines } from "./sync.ts";

/** --source and --target. */
export const SIDE_OPTIONS: OptionSpec[] = [
  {
    name: "source",
    type: "string",
    valueName: "SRC",
    description:
      "The old database: environment name (its database_url, else its embedded folder), database URL or embedded:<folder>",
  },
  {
    name: "target",
    type: "string",
    valueName: "DST",
    description:
      "The new database: environment name (its database_url, else its embedded folder), database URL or embedded:<folder>",
  },
];

/** The flags of the commands that plan: mapping file and strategies. */
export const PLAN_OPTIONS: OptionSpec[] = [
  ...SIDE_OPTIONS,
  {
    name: "mapping",
    type: "string",
    valueName: "FILE",
    description: "The mapping file",
    default: "db/schema_to_schema.yaml when present",
  },
  {
    name: "strategy",
    type: "string",
    valueName: "fdw|copy|auto",
    description: "The strategy of tables the mapping file gives none",
    default: "auto",
  },
  {
    name: "fdw-max-size",
    type: "string",
    valueName: "SIZE",
    description: "auto: fdw for source tables up to SIZE, copy above",
    default: "4MiB",
  },
  {
    name: "jobs",
    short: "j",
    type: "string",
    valueName: "N",
    description: "Tables moved at once",
    default: "1",
  },
  {
    name: "split-larger-than",
    type: "string",
    valueName: "SIZE",
    description: "Copy a source table larger than SIZE in ranges, by several jobs at once",
  },
];

function positiveInt(v: unknown, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) {
    throw new ConfitureError("USAGE_INVALID_ARGUMENT", `${flag} must be a whole number of at least 1`, {
      detail: `got ${JSON.stringify(v)}`,
    });
  }
  return n;
}

/** The two sides as URLs (an environment name gives its database URL, or its embedded folder). */
export async function sides(ctx: CommandContext, what: string): Promise<{ source: string; target: string }> {
  if (typeof ctx.options.source !== "string" || typeof ctx.options.target !== "string") {
    throw new ConfitureError("USAGE_INVALID_ARGUMENT", `schema-to-schema ${what} needs --source SRC and --target DST`, {
      hint: `confiture schema-to-schema ${what} --source production --target postgres://…/app_next`,
    });
  }
  const config = await import("../../config/mod.ts");
  const cfg = await ctx.config();
  const side = async (spec: string, role: "source" | "target") => {
    if (/^(postgres|postgresql):\/\//.test(spec) || spec.startsWith("embedded:")) return spec;
    const env = await config.loadConfig({ root: cfg.root, env: spec, vars: ctx.vars });
    ctx.out.debug(`${role}: environment ${spec}`);
    return env.databaseUrl ?? `embedded:${config.paths.join(cfg.root, ".confiture", "embedded", spec)}`;
  };
  const source = await side(ctx.options.source, "source");
  const target = await side(ctx.options.target, "target");
  for (const [role, url] of [["source", source], ["target", target]] as const) {
    if (url.startsWith("embedded:")) {
      ctx.out.notice(`${ctx.out.style.yellow("note:")} the ${role} is the embedded PostgreSQL (${url.slice(9)})`);
    }
  }
  return { source, target };
}

/** Everything the planning commands need: sides, DDL tree, mapping file, strategies. */
export async function transferOptions(ctx: CommandContext, what: string, board?: Board): Promise<TransferOptions> {
  const { source, target } = await sides(ctx, what);
  const [config, build, transfer] = await Promise.all([
    import("../../config/mod.ts"),
    import("../../build/mod.ts"),
    import("../../transfer/mod.ts"),
  ]);
  const cfg = await ctx.config();
  const built = await build.buildSchema(cfg);
  for (const w of built.warnings) ctx.out.warn(w);
  const mappingPath = typeof ctx.options.mapping === "string" ? ctx.options.mapping : undefined;
  let mapping;
  if (mappingPath) mapping = await transfer.loadMappingFile(config.paths.resolve(ctx.cwd, mappingPath), cfg.root);
  else {
    try {
      mapping = await transfer.loadMappingFile(transfer.DEFAULT_MAPPING_FILE, cfg.root);
    } catch (e) {
      if (!(e instanceof ConfitureError && e.code === "CONFIG_NOT_FOUND")) throw e;
    }
  }
  const strategy = ctx.options.strategy;
  if (strategy !== undefined && !(transfer.STRATEGIES as readonly unknown[]).includes(strategy)) {
    throw new ConfitureError("USAGE_INVALID_ARGUMENT", `--strategy must be one of ${transfer.STRATEGIES.join(", ")}`, {
      detail: `got ${JSON.stringify(strategy)}`,
    });
  }
  const size = (flag: string) =>
    typeof ctx.options[flag] === "string" ? config.parseSize(ctx.options[flag], `--${flag}`) : undefined;
  return {
    source,
    target,
    tree: built.files,
    mapping,
    strategy: strategy as Strategy | undefined,
    fdwMaxBytes: size("fdw-max-size"),
    jobs: positiveInt(ctx.options.jobs, "--jobs"),
    splitLargerThan: size("split-larger-than"),
    never: [cfg.trackingTable.includes(".") ? cfg.trackingTable : `public.${cfg.trackingTable}`],
    signal: ctx.signal,
    onEvent: board ? (e) => board.event(e) : undefined,
  };
}

const int = (n: number) => Math.round(n).toLocaleString("en-US");

/** Renders the engine's events: warnings, phases (with --verbose), the progress board. */
export class Board {
  constructor(private readonly ctx: CommandContext) {}

  event(e: TransferEvent): void {
    const out = this.ctx.out;
    if (e.type === "warning") out.warn(e.message);
    else if (e.type === "phase") out.debug(`${e.phase}${e.detail ? `: ${e.detail}` : ""}`);
    else if (e.type === "built") out.info(`Built the target from ${e.files} file(s) of the DDL tree`);
    else if (e.type === "progress") out.board(progressLines(e.progress as ProgressSnapshot));
    else if (e.type === "table-done") out.debug(`${e.table}: ${int(e.rows)} rows`);
  }
}

function seconds(s: number | undefined): string {
  if (s === undefined) return "";
  return s < 60 ? `~${s.toFixed(1)}s` : `~${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, "0")}s`;
}

function tableLines(t: PlannedTable, index: number): string[] {
  const lines: string[] = [];
  if (t.strategy === "none") {
    lines.push(`  ${t.table}  (${t.strategyNote})`);
    return lines;
  }
  const from = t.sourceKind === "query" ? "a query" : `${t.source}${t.origin === "name" ? "" : ` (${t.origin})`}`;
  const est = `~${int(t.estimatedRows)} rows, ~${formatBytes(t.estimatedBytes)}${
    t.estimatedSeconds !== undefined ? `, ${seconds(t.estimatedSeconds)}` : ""
  }`;
  lines.push(`  ${String(index).padStart(3)}. ${t.table} ← ${from}  [${t.strategy}]  (${est})`);
  lines.push(`       ${t.strategyNote}${t.parts > 1 ? `; ${t.parts} ranges` : ""}`);
  const renamed = t.columns.filter((c) => c.from !== c.target);
  const same = t.columns.filter((c) => c.from === c.target).map((c) => c.target);
  if (same.length) lines.push(`       same name: ${same.join(", ")}`);
  for (const c of renamed) lines.push(`       ${c.target} ← ${c.from}${c.origin === "hint" ? " (hint)" : ""}`);
  if (t.where) lines.push(`       where: ${t.where}`);
  if (t.defaulted.length) lines.push(`       left to their default: ${t.defaulted.join(", ")}`);
  if (t.generated.length) lines.push(`       generated by the target: ${t.generated.join(", ")}`);
  if (t.dropped.length) lines.push(`       dropped (listed): ${t.dropped.join(", ")}`);
  return lines;
}

/** The plan as lines. */
export function planLines(plan: TransferPlan): string[] {
  const filled = plan.tables.filter((t) => t.strategy !== "none");
  const lines = [`Plan: ${filled.length} table(s) filled, in load order (${plan.mode} mode):`];
  filled.forEach((t, i) => lines.push(...tableLines(t, i + 1)));
  const left = plan.tables.filter((t) => t.strategy === "none");
  if (left.length) {
    lines.push("Left as built:");
    for (const t of left) lines.push(...tableLines(t, 0));
  }
  for (const c of plan.cycles) lines.push(`  foreign-key cycle loaded in one transaction: ${c.join(", ")}`);
  if (plan.droppedTables.length) lines.push(`Source tables dropped (listed): ${plan.droppedTables.join(", ")}`);
  lines.push(`A new run empties first: ${plan.truncate.join(", ") || "(nothing)"}`);
  return lines;
}

/** The plan as JSON. */
export function planJson(plan: TransferPlan): Record<string, unknown> {
  return {
    mode: plan.mode,
    tables: plan.tables,
    truncate: plan.truncate,
    cycles: plan.cycles,
    droppedTables: plan.droppedTables,
    foreignTables: plan.foreignTables.map((t) => `${t.schema}.${t.name}`),
  };
}
