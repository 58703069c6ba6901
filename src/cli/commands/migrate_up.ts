/** `confiture migrate up`: applies pending migrations. */
import { writeOutput } from "../../build/mod.ts";
import { paths } from "../../config/mod.ts";
import { ConfitureError } from "../../errors/mod.ts";
import { dumpSchema, migrateUp } from "../../migrate/mod.ts";
import type { CommandSpec } from "../command.ts";
import {
  LOCK_TIMEOUT_OPTION,
  optionsFor,
  renderPlan,
  renderResults,
  renderWarnings,
  reportJson,
} from "./migrate_common.ts";

/** The `migrate up` command. */
export const command: CommandSpec = {
  name: "migrate up",
  summary: "Apply pending migrations",
  description: `Applies pending migrations in version order. Each migration and its ledger row commit in
one transaction; a migration holding a statement that cannot run in a transaction (CREATE INDEX
CONCURRENTLY, VACUUM, …, or the comment "-- confiture:no-transaction") runs statement by statement
and its ledger row is written after the last one.

One run at a time: the migration lock (a session advisory lock, shared with the reference Python
tool) is awaited up to --lock-timeout. Each statement runs with lock_timeout (statement_lock_timeout,
default 5s); a migration that times out on a busy table is rolled back and retried a few times.

Repeatable migrations (R_<name>.sql) run after the versioned ones, in name order, each time they
are new or changed (not with --target). \${name} placeholders declared under "placeholders:" in the
environment file are replaced in SQL migrations.

Refuses before changing anything when an applied migration was edited (see --on-checksum-mismatch),
when a pending migration is older than the newest applied one (see --allow-out-of-order), or when a
file holds BEGIN/COMMIT.

With --dump-schema FILE, a successful run writes the resulting schema to FILE (the ledger left
out), through Confiture's own inspection: the same schema gives the same bytes, and the file
applied to an empty database reproduces it.`,
  options: [
    { name: "target", type: "string", valueName: "VERSION", description: "Apply up to and including this version" },
    {
      name: "dry-run",
      type: "boolean",
      description: "Print the plan (files, transactional or not, locks, rewrites, data loss) and change nothing",
    },
    {
      name: "dry-run-execute",
      type: "boolean",
      description: "Run the transactional migrations, then roll everything back (ledger included)",
    },
    {
      name: "allow-out-of-order",
      type: "boolean",
      description: "Apply pending migrations older than the newest applied one",
    },
    {
      name: "on-checksum-mismatch",
      type: "string",
      valueName: "fail|warn",
      description: "What to do when an applied migration was edited",
      default: "fail",
    },
    {
      name: "dump-schema",
      type: "string",
      valueName: "FILE",
      description: "After a successful run, write the database schema to FILE (deterministic; no pg_dump)",
    },
    LOCK_TIMEOUT_OPTION,
  ],
  examples: [
    { command: "confiture migrate up", description: "Apply everything pending" },
    {
      command: "confiture migrate up --dump-schema db/schema.sql",
      description: "Apply, then write the resulting schema (commit it to review schema changes)",
    },
    { command: "confiture migrate up --target 20260115093000", description: "Apply up to a version" },
    { command: "confiture migrate up --dry-run", description: "Show what would run and the locks it takes" },
  ],
  async run(ctx) {
    const mismatch = ctx.options["on-checksum-mismatch"];
    if (mismatch !== undefined && mismatch !== "fail" && mismatch !== "warn") {
      throw new ConfitureError(
        "USAGE_INVALID_ARGUMENT",
        `--on-checksum-mismatch must be fail or warn, got "${mismatch}"`,
      );
    }
    if (ctx.options["dry-run"] && ctx.options["dry-run-execute"]) {
      throw new ConfitureError("USAGE_INVALID_ARGUMENT", "--dry-run and --dry-run-execute exclude each other");
    }
    const dryRun = ctx.options["dry-run"] ? "plan" : ctx.options["dry-run-execute"] ? "execute" : undefined;
    const dump = typeof ctx.options["dump-schema"] === "string" ? ctx.options["dump-schema"] : undefined;
    if (dump !== undefined && dryRun) {
      throw new ConfitureError("USAGE_INVALID_ARGUMENT", "--dump-schema writes the schema after a real run", {
        hint: "leave out --dry-run / --dry-run-execute",
      });
    }
    const o = await optionsFor(ctx);
    const db = await ctx.database();
    const report = await migrateUp(db, o, {
      target: typeof ctx.options.target === "string" ? ctx.options.target : undefined,
      allowOutOfOrder: Boolean(ctx.options["allow-out-of-order"]),
      onChecksumMismatch: mismatch as "fail" | "warn" | undefined,
      dryRun,
    });
    const out = ctx.out;
    renderWarnings(out, report);
    if (report.plan.length === 0) out.info("Nothing to apply: the database is up to date.");
    else if (dryRun === "plan") {
      out.info(`Dry run: ${report.plan.length} migration(s) would be applied:`);
      renderPlan(out, report.plan);
    } else {
      if (dryRun === "execute") out.info(`Dry run (executed, then rolled back):`);
      renderResults(out, report.results);
      const n = report.results.filter((r) => r.status === "applied").length;
      if (dryRun !== "execute") out.info(`${n} migration(s) applied.`);
    }
    const data: Record<string, unknown> = {
      ...reportJson(report),
      dryRun: dryRun ?? false,
      plan: dryRun === "plan" ? report.plan : undefined,
      applied: report.results.filter((r) => r.status === "applied").length,
    };
    // a failed run still says which migrations it applied before the failure
    if (report.error) return { data, error: report.error };
    if (dump !== undefined) {
      const cfg = await ctx.config();
      const path = paths.resolve(ctx.cwd, dump);
      const text = await dumpSchema(db, { trackingTable: cfg.trackingTable });
      writeOutput(path, new TextEncoder().encode(text));
      const shown = paths.relative(ctx.cwd, path) || path;
      out.info(`Schema written to ${shown}.`);
      data.schemaFile = shown;
    }
    return { data };
  },
};
