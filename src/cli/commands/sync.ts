/** `confiture sync --from SRC --to DST`: copy selected tables from one database into another. */
import { ConfitureError, registerSecret } from "../../errors/mod.ts";
import type { CommandContext, CommandSpec } from "../command.ts";
import { stringList } from "./diff.ts";
import type { ProgressSnapshot, TransformKey } from "../../copy/mod.ts";
import type { SyncEvent, SyncResult } from "../../sync/mod.ts";

/** The `sync` command. */
export const command: CommandSpec = {
  name: "sync",
  summary: "Copy selected tables from one database into another, consistent and resumable",
  description: `Copies the selected tables of SRC into DST: every table read in one snapshot of SRC (the
target equals the source at one instant, even while the source keeps changing), parents before
children, COPY streams end to end (memory stays flat whatever the table size), several tables at once
with --jobs. SRC is only ever read (a read-only transaction; a role with SELECT alone is enough).

Each side is an environment name, a database URL, or embedded:<folder>. An environment name means
the database_url of db/environments/<env>.yaml, else its embedded folder (.confiture/embedded/<env>);
--database-url, CONFITURE_DATABASE_URL and DATABASE_URL never redirect a side.
Tables come from --tables or the sync file (db/sync.yaml, or --config FILE): schema-qualified globs
such as public.* or audit.events, per-table "where:" filters and "columns:" lists.

A subset ("subset:" roots in the sync file, or --where 'schema.table=SQL') copies the chosen rows
and every row they reference, recursively through every foreign key, so every foreign key holds on
the target; tables referencing subsetted ones keep only the rows whose parents were copied. The plan
shows the rows of each table, counted in the snapshot.

Only the copied tables are emptied, in one statement. A table outside the selection that references
a copied one is refused by name: --include-dependents copies it too, --cascade empties it. Each
table's rows commit with its mark in the target's state table (confiture_sync_state): a run that
stops is continued by --resume; --atomic loads everything in one transaction instead. Triggers stay
silent during the load and every foreign key is checked before each commit; constraints, triggers
and indexes are exactly as before, also after a failure. Sequences end at the source's values.

Errors never show row values. --dry-run prints the plan and changes nothing.`,
  options: [
    {
      name: "from",
      type: "string",
      valueName: "SRC",
      description: "The source: environment name, database URL or embedded:<folder>",
    },
    {
      name: "to",
      type: "string",
      valueName: "DST",
      description: "The target: environment name, database URL or embedded:<folder>",
    },
    {
      name: "tables",
      type: "string",
      multiple: true,
      valueName: "PATTERNS",
      description: "Tables to copy, comma-separated schema.table globs (replaces the sync file's tables)",
    },
    {
      name: "exclude",
      type: "string",
      multiple: true,
      valueName: "PATTERNS",
      description: "Tables to leave out, comma-separated globs (added to the sync file's)",
    },
    {
      name: "where",
      type: "string",
      multiple: true,
      valueName: "FILTER",
      description: "Subset root schema.table=SQL: those rows and every row they reference (added to subset:)",
    },
    {
      name: "config",
      type: "string",
      valueName: "FILE",
      description: "Sync file",
      default: "db/sync.yaml when present",
    },
    { name: "dry-run", type: "boolean", description: "Print the plan: tables in load order, columns, estimates" },
    {
      name: "plan",
      type: "boolean",
      description: "As --dry-run, and list every copied column with its detected PII class and its rule",
    },
    {
      name: "anonymize-key-file",
      type: "string",
      valueName: "FILE",
      description: "The anonymization key (a secret of 16 bytes or more)",
      default: "CONFITURE_ANONYMIZE_KEY",
    },
    {
      name: "random",
      type: "boolean",
      description: "Anonymize with a key drawn for this run only: output no other run reproduces",
    },
    {
      name: "allow-pii",
      type: "boolean",
      description: "Copy columns that look like personal data and have no anonymization rule",
    },
    { name: "jobs", short: "j", type: "string", valueName: "N", description: "Tables copied at once", default: "1" },
    {
      name: "split-larger-than",
      type: "string",
      valueName: "SIZE",
      description: "Copy a table larger than SIZE (e.g. 1GB) in ranges, by several jobs at once",
    },
    { name: "include-dependents", type: "boolean", description: "Also copy tables that reference copied ones" },
    { name: "cascade", type: "boolean", description: "Empty tables outside the copy that reference copied ones" },
    { name: "resume", type: "boolean", description: "Continue the last stopped run (same selection and rules)" },
    { name: "atomic", type: "boolean", description: "Load everything in one target transaction: all or nothing" },
    { name: "verify", type: "boolean", description: "Compare counts and content hashes of both sides after the copy" },
    {
      name: "build-target",
      type: "boolean",
      description: "Build the target from this project's DDL tree first when it lacks the tables",
    },
    {
      name: "state-table",
      type: "string",
      valueName: "NAME",
      description: "The state table on the target",
      default: "public.confiture_sync_state",
    },
  ],
  examples: [
    {
      command: "confiture sync --from production --to local --tables 'public.*' --dry-run",
      description: "Show what a refresh of the local database from production would do",
    },
    {
      command: "confiture sync --from production --to staging --jobs 4 --verify",
      description: "Copy the tables of db/sync.yaml with four jobs, then compare content hashes",
    },
    {
      command: "confiture sync --from production --to local --where 'public.orders=id<1000' --plan",
      description: "Plan a subset: the first thousand orders, with their customers and products",
    },
    {
      command: "confiture sync --from production --to staging --resume",
      description: "Continue a run that was interrupted",
    },
  ],
  async run(ctx) {
    if (typeof ctx.options.from !== "string" || typeof ctx.options.to !== "string") {
      throw new ConfitureError("USAGE_INVALID_ARGUMENT", "sync needs --from SRC and --to DST", {
        hint: "confiture sync --from production --to local --dry-run",
      });
    }
    const [{ sync, parseWhereFlag }, config] = await Promise.all([
      import("../../sync/mod.ts"),
      import("../../config/mod.ts"),
    ]);
    const cfg = await ctx.config();
    const side = async (spec: string, role: "source" | "target") => {
      if (/^(postgres|postgresql):\/\//.test(spec) || spec.startsWith("embedded:")) return spec;
      const env = await config.loadConfig({ root: cfg.root, env: spec, vars: ctx.vars });
      const url = env.databaseUrl ?? `embedded:${config.paths.join(cfg.root, ".confiture", "embedded", spec)}`;
      ctx.out.debug(`${role}: environment ${spec}`);
      return url;
    };
    const source = await side(ctx.options.from, "source");
    const target = await side(ctx.options.to, "target");
    for (const [role, url] of [["source", source], ["target", target]] as const) {
      if (url.startsWith("embedded:")) {
        ctx.out.notice(`${ctx.out.style.yellow("note:")} the ${role} is the embedded PostgreSQL (${url.slice(9)})`);
      }
    }
    const configPath = typeof ctx.options.config === "string" ? ctx.options.config : undefined;
    let file;
    if (configPath) file = await config.loadSyncFile(config.paths.resolve(ctx.cwd, configPath), cfg.root);
    else {
      try {
        file = await config.loadSyncFile("db/sync.yaml", cfg.root);
      } catch (e) {
        if (!(e instanceof ConfitureError && e.code === "CONFIG_NOT_FOUND")) throw e;
      }
    }
    const jobs = positiveInt(ctx.options.jobs, "--jobs") ?? 1;
    const split = typeof ctx.options["split-larger-than"] === "string"
      ? config.parseSize(ctx.options["split-larger-than"], "--split-larger-than")
      : undefined;
    const board = new Board(ctx);
    const listColumns = ctx.options.plan === true;
    const anonymizeKey = await readAnonymizeKey(ctx, config.paths.resolve);
    const result = await sync({
      source,
      target,
      file,
      tables: stringList(ctx.options.tables),
      exclude: stringList(ctx.options.exclude),
      subset: (Array.isArray(ctx.options.where) ? ctx.options.where as string[] : []).map((w) => ({
        ...parseWhereFlag(w),
        includeChildren: false,
      })),
      dryRun: ctx.options["dry-run"] === true || listColumns,
      anonymizeKey,
      allowPii: ctx.options["allow-pii"] === true,
      jobs,
      splitLargerThan: split,
      includeDependents: ctx.options["include-dependents"] === true,
      cascade: ctx.options.cascade === true,
      resume: ctx.options.resume === true,
      atomic: ctx.options.atomic === true,
      verify: ctx.options.verify === true,
      stateTable: typeof ctx.options["state-table"] === "string" ? ctx.options["state-table"] : undefined,
      never: [cfg.trackingTable.includes(".") ? cfg.trackingTable : `public.${cfg.trackingTable}`],
      buildTarget: ctx.options["build-target"] === true
        ? async (db) => {
          const build = await import("../../build/mod.ts");
          const built = await build.buildSchema(cfg);
          for (const w of built.warnings) ctx.out.warn(w);
          await build.applyBuild(db, built.files, { onWarning: (w) => ctx.out.warn(w), signal: ctx.signal });
          ctx.out.info(`Built the target from ${built.files.length} file(s) of the DDL tree`);
        }
        : undefined,
      signal: ctx.signal,
      onEvent: (e) => board.event(e),
    });
    render(ctx, result, listColumns);
    const failed = result.verification?.filter((v) => !v.ok) ?? [];
    if (failed.length) {
      throw new ConfitureError(
        "SYNC_VERIFY_FAILED",
        `verification found differences in ${failed.map((v) => v.table).join(", ")}`,
        {
          detail: failed.map((v) =>
            `${v.table}: source ${v.sourceRows} rows, target ${v.targetRows} rows, content differs`
          )
            .join("\n"),
        },
      );
    }
    return { data: resultData(result) };
  },
};

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

/** Sizes as people read them. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

const int = (n: number) => Math.round(n).toLocaleString("en-US");

function duration(s: number): string {
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(Math.round(s % 60)).padStart(2, "0")}s` : `${s.toFixed(1)}s`;
}

/** The progress lines of a sync: one per active table and a total. */
export function progressLines(p: ProgressSnapshot): string[] {
  const active = p.tables.filter((t) => t.state === "running");
  const lines = active.map((t) => {
    const of = t.estimatedRows > 0 ? `/${int(t.estimatedRows)}` : "";
    return `  ${t.table}  ${int(t.rows)}${of} rows  ${formatBytes(t.bytes)}  ${int(t.rowsPerSecond)} rows/s`;
  });
  const done = p.tables.filter((t) => t.state === "done").length;
  const eta = p.etaSeconds !== undefined ? `  ETA ${duration(p.etaSeconds)}` : "";
  lines.push(
    `total: ${done}/${p.tables.length} tables  ${int(p.rows)} rows  ${formatBytes(p.bytes)}  ${
      formatBytes(p.bytesPerSecond)
    }/s${eta}`,
  );
  return lines;
}

class Board {
  constructor(private readonly ctx: CommandContext) {}

  event(e: SyncEvent): void {
    const out = this.ctx.out;
    if (e.type === "warning") out.warn(e.message);
    else if (e.type === "phase") {
      if (e.phase === "truncate") out.debug(`emptying ${e.detail}`);
      else out.debug(`${e.phase}${e.detail ? `: ${e.detail}` : ""}`);
      if (e.phase === "build-target") out.info("Building the target from the DDL tree");
    } else if (e.type === "plan") out.debug(`plan: ${e.plan.tables.length} table(s), ${e.plan.units.length} unit(s)`);
    else if (e.type === "progress") out.board(progressLines(e.progress));
    else if (e.type === "table-done") out.debug(`${e.table}: ${int(e.rows)} rows, ${formatBytes(e.bytes)}`);
  }
}

function render(ctx: CommandContext, r: SyncResult, listColumns: boolean): void {
  const out = ctx.out;
  if (r.dryRun) {
    renderPlan(ctx, r, listColumns);
    return;
  }
  const rows = r.tables.reduce((n, t) => n + t.rows, 0);
  const bytes = r.tables.reduce((n, t) => n + t.bytes, 0);
  out.info(
    `Synced ${r.tables.length} table(s): ${int(rows)} rows, ${formatBytes(bytes)}${r.resumed ? " (resumed run)" : ""}`,
  );
  for (const t of r.tables) {
    out.info(
      `  ${t.table.padEnd(32)} ${int(t.rows).padStart(12)} rows ${formatBytes(t.bytes).padStart(10)}  ${
        t.resumed ? "earlier run" : `${t.seconds.toFixed(1)}s`
      }`,
    );
  }
  for (const v of r.verification ?? []) {
    out.info(
      `  verify ${v.table}: ${v.ok ? "ok" : "DIFFERS"} (${int(v.targetRows)} rows${
        v.unhashed.length ? `; anonymized columns compared by count: ${v.unhashed.join(", ")}` : ""
      })`,
    );
  }
}

const subsetWhy = {
  root: "subset root",
  closure: "referenced by the subset",
  filtered: "rows whose parents are copied",
} as const;

function renderPlan(ctx: CommandContext, r: SyncResult, listColumns: boolean): void {
  const out = ctx.out;
  const plan = r.plan;
  out.info(`Plan: ${plan.tables.length} table(s) in load order (${plan.mode} mode):`);
  for (const [i, t] of plan.tables.entries()) {
    const est = t.subset
      ? `${int(t.subset.rows)} rows (${subsetWhy[t.subset.kind]}), ~${formatBytes(t.estimatedBytes)}`
      : `~${int(t.estimatedRows)} rows, ~${formatBytes(t.estimatedBytes)}`;
    out.info(`  ${String(i + 1).padStart(3)}. ${t.table}  (${est}${t.parts > 1 ? `, ${t.parts} ranges` : ""})`);
    out.info(`       columns: ${t.columns.join(", ")}`);
    if (t.where) out.info(`       where: ${t.where}`);
    for (const rule of t.rules) {
      out.info(
        `       ${rule.column}: ${rule.strategy}${rule.kind === "source" ? " (evaluated on the source)" : ""}${
          rule.followsFrom ? ` (follows ${rule.followsFrom})` : ""
        }`,
      );
    }
    if (t.defaultedColumns.length) out.info(`       left to their default: ${t.defaultedColumns.join(", ")}`);
    if (t.skippedColumns.length) out.info(`       not on the target (skipped): ${t.skippedColumns.join(", ")}`);
    if (t.generatedColumns.length) out.info(`       generated by the target: ${t.generatedColumns.join(", ")}`);
    if (t.splitNote) out.info(`       ${t.splitNote}`);
    if (t.dependent) out.info("       added: it references a copied table (--include-dependents)");
  }
  for (const c of plan.cycles) out.info(`  foreign-key cycle loaded in one transaction: ${c.join(", ")}`);
  if (listColumns) {
    out.info("Columns (PII class from name, type or sampled values; the rule covering it):");
    for (const c of r.pii) {
      out.info(
        `  ${`${c.table}.${c.column}`.padEnd(40)} ${(c.class ?? "-").padEnd(12)} ${
          c.class ? `${c.evidence.join("+")} ${c.confidence}`.padEnd(16) : "".padEnd(16)
        } ${c.rule ?? (c.class ? "NO RULE" : "")}`,
      );
    }
  }
  const missing = r.pii.filter((c) => c.class !== null && c.rule === undefined);
  if (missing.length) {
    out.info(
      `Refused without --allow-pii: ${missing.length} column(s) look like personal data and have no rule: ${
        missing.map((c) => `${c.table}.${c.column} (${c.class})`).join(", ")
      }`,
    );
  }
  out.info(`Emptied first, in one statement: ${plan.truncate.join(", ") || "(nothing)"}`);
  if (plan.cascaded.length) out.info(`  of which outside the copy (--cascade): ${plan.cascaded.join(", ")}`);
  out.info("Dry run: nothing was changed.");
}

/**
 * The anonymization key: `--random`, `--anonymize-key-file FILE`, else the
 * `CONFITURE_ANONYMIZE_KEY` variable; undefined when none is given (the engine refuses rules then).
 */
async function readAnonymizeKey(
  ctx: CommandContext,
  resolve: (...p: string[]) => string,
): Promise<TransformKey | undefined> {
  if (ctx.options.random === true) {
    const { AnonymizeKey } = await import("../../anonymize/mod.ts");
    return { secret: AnonymizeKey.randomSecret(), random: true };
  }
  const file = ctx.options["anonymize-key-file"];
  if (typeof file === "string") {
    let text: string;
    try {
      text = await Deno.readTextFile(resolve(ctx.cwd, file));
    } catch (e) {
      throw new ConfitureError("FILE_UNREADABLE", `cannot read the anonymization key file ${file}`, { cause: e });
    }
    registerSecret(text.trim());
    return { secret: new TextEncoder().encode(text.trim()), random: false };
  }
  const v = ctx.vars["CONFITURE_ANONYMIZE_KEY"];
  if (v) registerSecret(v);
  return v ? { secret: new TextEncoder().encode(v.trim()), random: false } : undefined;
}

function resultData(r: SyncResult): Record<string, unknown> {
  return {
    dryRun: r.dryRun,
    runId: r.runId || undefined,
    resumed: r.resumed,
    plan: {
      mode: r.plan.mode,
      tables: r.plan.tables.map((t) => ({
        table: t.table,
        columns: t.columns,
        where: t.where,
        ...(t.subset ? { subset: { kind: t.subset.kind, rows: t.subset.rows } } : {}),
        estimatedRows: t.estimatedRows,
        estimatedBytes: t.estimatedBytes,
        parts: t.parts,
        transformed: t.transformed,
        defaultedColumns: t.defaultedColumns,
        skippedColumns: t.skippedColumns,
        dependent: t.dependent,
      })),
      truncate: r.plan.truncate,
      cascaded: r.plan.cascaded,
      cycles: r.plan.cycles,
    },
    pii: r.pii,
    tables: r.tables,
    ...(r.verification ? { verification: r.verification } : {}),
  };
}
