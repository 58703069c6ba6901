/**
 * Executing a planned run: migrations in order, consecutive transactional SQL ones sent
 * together, each other one on its own; the run stops at the first failure and reports a result
 * for every migration (the ones not reached as `skipped`). A dry run executes the transactional
 * migrations inside one transaction that is rolled back.
 * @module
 */
import { ConfitureError, toConfitureError } from "../errors/mod.ts";
import { ensureLedger } from "./ledger.ts";
import { DryRunRollback, isDryRunRollback } from "./_locate.ts";
import type { Step } from "./_plan.ts";
import { type RunContext, skippedResult } from "./_context.ts";
import { applyChunk, applyTransactional, batchable } from "./_transactional.ts";
import { applyNonTransactional } from "./_non_transactional.ts";
import type { MigrationResult, RunReport } from "./_types.ts";

/** Most migrations sent in one message (see `applyChunk`). */
const CHUNK_MIGRATIONS = 50;
/** Most SQL text sent in one message, in UTF-16 code units (the last migration may pass it). */
const CHUNK_BYTES = 1 << 20;

/** Runs `steps` for real, then makes the commits durable. */
export async function execute(ctx: RunContext, steps: Step[], report: RunReport): Promise<void> {
  await executeSteps(ctx, steps, report);
  if (!report.results.some((r) => r.status === "applied" || r.status === "reverted")) return;
  try {
    await flushCommits(ctx);
  } catch (e) {
    const err = toConfitureError(e);
    if (report.error) report.warnings.push(`could not confirm the applied migrations are on disk: ${err.message}`);
    else report.error = err;
  }
}

/**
 * Waits until every commit of this session is on disk: a transaction that has an
 * xid commits with the session's synchronous_commit, and its WAL flush covers
 * every earlier commit record.
 */
async function flushCommits(ctx: RunContext): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await tx.query("select pg_catalog.txid_current()");
  });
}

async function executeSteps(ctx: RunContext, steps: Step[], report: RunReport): Promise<void> {
  for (let i = 0; i < steps.length;) {
    if (ctx.o.signal?.aborted) {
      report.error = new ConfitureError("INTERRUPTED", "interrupted: the remaining migrations were not run");
      for (const rest of steps.slice(i)) report.results.push(skippedResult(rest));
      return;
    }
    let end = i;
    let bytes = 0;
    while (end < steps.length && batchable(steps[end]) && end - i < CHUNK_MIGRATIONS && bytes < CHUNK_BYTES) {
      bytes += steps[end].script!.text.length;
      end++;
    }
    let results: MigrationResult[];
    if (end - i > 1) results = await applyChunk(ctx, steps, i, end);
    else {
      const step = steps[i];
      results = [
        step.script && !step.script.transactional
          ? await applyNonTransactional(ctx, step, i)
          : await applyTransactional(ctx, ctx.db, step, i, { top: true }),
      ];
    }
    report.results.push(...results);
    i += results.length;
    const last = results[results.length - 1];
    if (last.status === "failed") {
      report.error = last.error;
      for (const rest of steps.slice(i)) report.results.push(skippedResult(rest));
      return;
    }
  }
}

/**
 * `--dry-run-execute`: runs the transactional migrations in one transaction, each in a
 * savepoint with its ledger row, then rolls everything back; stops before a migration that
 * cannot run in a transaction.
 */
export async function dryRunExecute(ctx: RunContext, steps: Step[], report: RunReport): Promise<void> {
  try {
    await ctx.db.transaction(async (tx) => {
      await ensureLedger(tx, ctx.table);
      for (let i = 0; i < steps.length; i++) {
        const step = steps[i];
        if (step.script && !step.script.transactional) {
          report.warnings.push(`--dry-run-execute stops before ${step.shown}: it cannot run in a transaction`);
          for (const rest of steps.slice(i)) report.results.push(skippedResult(rest));
          break;
        }
        const r = await applyTransactional(ctx, tx, step, i);
        if (r.status === "failed") {
          report.results.push(r);
          report.error = r.error;
          break;
        }
        r.status = "rolled_back";
        report.results.push(r);
      }
      throw new DryRunRollback();
    });
  } catch (e) {
    if (!isDryRunRollback(e)) throw e;
  }
}
