/** `confiture build`: one schema file from the DDL tree, optionally applied to a database. */
import {
  applyBuild,
  applyFresh,
  type ApplyResult,
  type ApplyWarning,
  buildSchema,
  renderBuild,
  writeOutput,
} from "../../build/mod.ts";
import { paths, resolveConnection } from "../../config/mod.ts";
import { ConfitureError } from "../../errors/mod.ts";
import type { CommandContext, CommandSpec } from "../command.ts";

const { isAbsolute, join, relative, resolve } = paths;

/** What a kind of skipped statement is called in the summary, and why it was skipped. */
const SKIP_KINDS = {
  skipped_meta_command: ["psql meta-command", "they only matter to psql"],
  skipped_transaction_control: ["transaction control statement", "the build runs in one transaction"],
} as const;

/**
 * Prints the statements the apply skipped: each one with --verbose (or when it is the only one
 * of its kind), otherwise one line per kind with the count of each command.
 */
function reportSkipped(ctx: CommandContext, warnings: ApplyWarning[]): void {
  for (const [kind, [noun, why]] of Object.entries(SKIP_KINDS)) {
    const list = warnings.filter((w) => w.kind === kind);
    if (ctx.global.verbose || list.length === 1) {
      for (const w of list) ctx.out.warn(w.message);
      continue;
    }
    if (list.length === 0) continue;
    const counts = new Map<string, number>();
    for (const w of list) counts.set(w.name, (counts.get(w.name) ?? 0) + 1);
    const names = [...counts].map(([name, n]) => `${name} ×${n}`).join(", ");
    const first = list[0].location;
    ctx.out.warn(
      `skipped ${list.length} ${noun}s (${names}; the first at ${first.file}:${first.line}:${first.col}): ${why}; ` +
        "--verbose lists them",
    );
  }
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** The `build` command. */
export const command: CommandSpec = {
  name: "build",
  summary: "Build one schema file from db/schema (and apply it with --apply)",
  description: `Concatenates every .sql file under the environment's include_dirs into one schema file
(default db/generated/schema_<env>.sql): a header with the environment, the file count and the
schema hash (no timestamp: the same tree always gives the same bytes), then each file after a
"-- File: <path>" line. Files are ordered by path, segment by segment, byte-wise: 00_common/ before
10_tables/ before 20_views/.

The schema hash is a SHA-256 over each schema file's relative path and content in build order (seeds
do not enter it); it changes when a file's content or name changes, or a file is added or removed,
and not when a file is touched.

A file that ends inside a string, quoted identifier, dollar-quoted body or block comment is an error
at the place the token starts, since it would swallow the next file.

--apply runs the build on the database (the configured one, --database-url, or the embedded engine)
in one transaction: an error is reported at file:line:col of the source file and leaves nothing
behind. psql meta-commands and BEGIN/COMMIT in the files are skipped with a warning (one line per
kind; --verbose lists each); statements that cannot run in a transaction (CREATE INDEX
CONCURRENTLY, …) fail at their location. Files share one session, as psql on the built file does;
reset_session_per_file: true in the environment file resets it at each file.`,
  options: [
    {
      name: "output",
      short: "o",
      type: "string",
      valueName: "FILE|-",
      description: "Where to write the schema file; - for stdout",
      default: "db/generated/schema_<env>.sql",
    },
    { name: "show-hash", type: "boolean", description: "Print the schema hash" },
    {
      name: "with-seeds",
      type: "boolean",
      description: "Append db/seeds/common and db/seeds/<env> after the schema",
    },
    {
      name: "apply",
      type: "boolean",
      description: "Apply the build to the database, in one transaction (one more after each run of " +
        "ALTER TYPE … ADD VALUE that later statements follow)",
    },
    {
      name: "fresh",
      type: "boolean",
      description: "With --apply: drop and recreate the database first (a server needs --yes)",
    },
    { name: "yes", short: "y", type: "boolean", description: "Confirm --fresh on a server database" },
  ],
  examples: [
    { command: "confiture build", description: "Write db/generated/schema_local.sql" },
    { command: "confiture build --show-hash --output -", description: "Print the schema and its hash" },
    {
      command: "confiture build --apply --database-url embedded:memory",
      description: "Check that the schema applies cleanly, in memory",
    },
    {
      command: "confiture build --env test --apply --fresh --yes",
      description: "Recreate the test database from the schema",
    },
  ],
  offline: (options) => options.apply !== true,
  async run(ctx) {
    const apply = ctx.options.apply === true;
    const fresh = ctx.options.fresh === true;
    if (fresh && !apply) {
      throw new ConfitureError("USAGE_INVALID_ARGUMENT", "--fresh needs --apply", {
        hint: "confiture build --apply --fresh",
      });
    }
    const cfg = await ctx.config();
    const started = performance.now();
    const result = await buildSchema(cfg, {
      withSeeds: ctx.options["with-seeds"] === true,
      onProgress: (e) => ctx.out.progress(e),
    });
    for (const w of result.warnings) ctx.out.warn(w);
    const bytes = renderBuild(result);
    const outOpt = typeof ctx.options.output === "string" ? ctx.options.output : undefined;
    const toStdout = outOpt === "-";
    let outPath: string | undefined;
    let shownPath = "-";
    if (toStdout) ctx.out.write(new TextDecoder().decode(bytes));
    else {
      outPath = outOpt === undefined
        ? join(cfg.root, "db", "generated", `schema_${cfg.env}.sql`)
        : isAbsolute(outOpt)
        ? outOpt
        : resolve(ctx.cwd, outOpt);
      shownPath = relative(ctx.cwd, outPath) || outPath;
      try {
        writeOutput(outPath, bytes);
      } catch (e) {
        throw new ConfitureError("FILE_WRITE_FAILED", `cannot write ${shownPath}`, {
          detail: e instanceof Error ? e.message : String(e),
          cause: e,
        });
      }
    }
    const buildMs = performance.now() - started;
    const schemaFiles = result.files.filter((f) => f.role === "schema").length;
    const seedFiles = result.files.length - schemaFiles;
    const say = (line: string) => (toStdout ? ctx.out.notice(line) : ctx.out.info(line));
    if (!toStdout) {
      say(
        `Built ${schemaFiles} schema file${schemaFiles === 1 ? "" : "s"}` +
          (seedFiles > 0 ? ` and ${seedFiles} seed file${seedFiles === 1 ? "" : "s"}` : "") +
          ` (${formatBytes(result.bytes)}) into ${shownPath} in ${Math.round(buildMs)} ms`,
      );
    }
    if (ctx.options["show-hash"] === true) say(`Schema hash: ${result.hash}`);
    const data: Record<string, unknown> = {
      env: result.env,
      files: result.files.map((f) => f.relPath),
      schemaFiles,
      seedFiles,
      bytes: result.bytes,
      hash: result.hash,
      output: toStdout ? "-" : shownPath,
    };
    if (apply) {
      const skipped: ApplyWarning[] = [];
      const options = {
        onProgress: (e: { phase: string; done: number; total: number; item?: string }) => ctx.out.progress(e),
        onWarning: (_line: string, w: ApplyWarning) => skipped.push(w),
        signal: ctx.signal,
        resetSession: cfg.resetSessionPerFile === true,
      };
      let freshAction: string | undefined;
      let t0 = performance.now();
      let r: ApplyResult;
      try {
        if (fresh) {
          const target = resolveConnection({ flag: ctx.global.databaseUrl, vars: ctx.vars, config: cfg });
          r = await applyFresh(target.url, result.files, {
            ...options,
            yes: ctx.options.yes === true,
            open: () => ctx.database(),
            onFresh: (f) => {
              freshAction = f.action;
              ctx.out.info(`Fresh database: ${f.action}`);
              t0 = performance.now();
            },
          });
        } else {
          const target = await ctx.database();
          t0 = performance.now();
          r = await applyBuild(target, result.files, options);
        }
      } finally {
        reportSkipped(ctx, skipped);
      }
      for (const w of r.warnings) if (w.kind === "search_path_changed") ctx.out.warn(w.message);
      const ms = Math.round(performance.now() - t0);
      const db = await ctx.database();
      say(
        `Applied ${r.statements} statement${r.statements === 1 ? "" : "s"} from ${result.files.length} file${
          result.files.length === 1 ? "" : "s"
        } to ${db.info.display} in ${ms} ms (${
          r.transactions === 1 ? "one transaction" : `${r.transactions} transactions, committed after new enum values`
        })`,
      );
      data.applied = {
        statements: r.statements,
        skipped: r.skipped,
        batches: r.batches,
        transactions: r.transactions,
        ms,
        ...(freshAction ? { fresh: freshAction } : {}),
        warnings: r.warnings.map((w) => ({ kind: w.kind, name: w.name, location: w.location, message: w.message })),
      };
    }
    return { data };
  },
};
