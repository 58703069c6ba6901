/**
 * One transaction of an apply: its batches, each under a savepoint; a failed batch replayed
 * statement by statement to find the statement that fails; deferred constraints checked before
 * the commit; the `search_path` probes read back.
 * @module
 */
import { ConfitureError, toConfitureError } from "../errors/mod.ts";
import { quoteLiteral } from "../sql/mod.ts";
import type { Session } from "../db/mod.ts";
import type { Batch } from "./_batch.ts";
import { copyDataStream, locatedCopy } from "./_copy_data.ts";
import { located, locatedInBatch, statementErrorCode } from "./_locate.ts";
import type { PlannedStatement } from "./_plan.ts";

class StatementFailure extends Error {
  constructor(readonly statement: PlannedStatement, readonly error: unknown) {
    super("statement failed");
  }
}

/**
 * The replay of a failed batch did not fail as the batch did: rolling back to the batch's
 * savepoint does not undo everything (sequences advanced by earlier statements of the batch
 * keep their values), so the replay ran from another state. The segment is then run again
 * from its start, in a new transaction, with this batch sent one statement at a time.
 */
export class ReplayMismatch extends Error {
  constructor(readonly batch: number, readonly error: unknown) {
    super("replay mismatch");
  }
}

/** The ReplayMismatch `e` is or wraps (a driver's transaction may wrap what its callback throws). */
export function replayMismatch(e: unknown): ReplayMismatch | undefined {
  for (let x = e, depth = 0; x instanceof Error && depth < 5; x = x.cause, depth++) {
    if (x instanceof ReplayMismatch) return x;
  }
  return undefined;
}

/** Same SQLSTATE, message and detail (a duplicate key names the key): the replay met the error the batch met. */
function sameError(a: unknown, b: unknown): boolean {
  const x = toConfitureError(a);
  const y = toConfitureError(b);
  return x.sqlstate === y.sqlstate && x.message === y.message && x.detail === y.detail;
}

/** What {@link applySegment} needs besides the batches. */
export interface SegmentOptions {
  signal?: AbortSignal;
  /** After each batch that went through: its statements. */
  progress: (batch: Batch) => void;
  /** Custom settings written by the segment's probes, read back before the commit. */
  probeSettings?: string[];
  /** Set when this is the run again after a {@link ReplayMismatch}. */
  rerun?: ReplayMismatch;
}

/**
 * Applies `groups` in one transaction. Returns the values of `probeSettings` (an empty string
 * when a setting was not written, or was reset by a later statement).
 */
export async function applySegment(
  db: Session,
  groups: Batch[],
  opts: SegmentOptions,
): Promise<Map<string, string>> {
  const { rerun } = opts;
  return await db.transaction(async (tx) => {
    for (const [index, b] of groups.entries()) {
      if (opts.signal?.aborted) {
        throw new ConfitureError("INTERRUPTED", "interrupted; the build was rolled back", {
          cause: opts.signal.reason,
        });
      }
      if (b.statements[0].copy) {
        try {
          await tx.copyFrom(b.text, copyDataStream(b.statements[0]));
        } catch (e) {
          throw locatedCopy(b.statements[0], e);
        }
      } else if (b.statements.length === 1) {
        try {
          await tx.exec(b.text);
        } catch (e) {
          throw located(b.statements[0], e);
        }
      } else if (rerun?.batch === index) {
        // one statement at a time, from the same state as the batch that failed
        for (const st of b.statements) {
          try {
            await tx.exec(st.text);
          } catch (e) {
            throw located(st, e);
          }
        }
        // it did not fail this time: report the batch's error where its position points
        throw locatedInBatch(b, rerun.error);
      } else {
        let failure: unknown;
        try {
          await tx.transaction((sp) => sp.exec(b.text));
        } catch (e) {
          failure = e;
        }
        if (failure !== undefined) {
          const err = toConfitureError(failure);
          // Not replayed when interrupted: a cancelled statement (57014) would run again.
          if (err.code !== "SQL_ERROR" || err.sqlstate === "57014" || opts.signal?.aborted) throw failure;
          // Replay one by one to find the statement that fails.
          try {
            for (const st of b.statements) {
              try {
                await tx.exec(st.text);
              } catch (e) {
                throw new StatementFailure(st, e);
              }
            }
          } catch (e) {
            if (!(e instanceof StatementFailure)) throw e;
            if (sameError(e.error, failure) || rerun) throw located(e.statement, e.error);
            throw new ReplayMismatch(index, failure);
          }
          if (rerun) throw locatedInBatch(b, failure);
          throw new ReplayMismatch(index, failure);
        }
      }
      opts.progress(b);
    }
    const probes = new Map<string, string>();
    if (opts.probeSettings?.length) {
      const rows = await tx.query<{ name: string; value: string | null }>(
        "SELECT s.name, pg_catalog.current_setting(s.name, true) AS value FROM (VALUES " +
          opts.probeSettings.map((s) => `(${quoteLiteral(s)})`).join(", ") + ") AS s(name)",
      );
      for (const r of rows) probes.set(r.name, r.value ?? "");
    }
    // Deferred constraints are checked at COMMIT, where nothing tells which statement failed:
    // check them here, as a statement of their own, to report the violation as a build failure.
    try {
      await tx.exec("SET CONSTRAINTS ALL IMMEDIATE");
    } catch (e) {
      throw deferredFailure(e);
    }
    return probes;
  });
}

/** A deferred constraint (or constraint trigger) that fails at the end of the build. */
function deferredFailure(e: unknown): ConfitureError {
  const err = toConfitureError(e);
  if (err.code !== "SQL_ERROR") return err;
  // postgres.js names the fields table_name…, PGlite table…
  const f = (err.cause ?? {}) as Record<string, unknown>;
  const field = (a: string, b: string) => typeof f[a] === "string" ? f[a] as string : f[b] as string | undefined;
  const [tbl, schema, constraint] = [
    field("table_name", "table"),
    field("schema_name", "schema"),
    field("constraint_name", "constraint"),
  ];
  const table = tbl ? (schema ? `${schema}.${tbl}` : tbl) : undefined;
  const what = constraint ? `deferred constraint "${constraint}"` : "a deferred constraint";
  return new ConfitureError(statementErrorCode(err.sqlstate), err.message, {
    sqlstate: err.sqlstate,
    detail: [
      `raised at the end of the build by ${what}${table ? ` on ${table}` : ""}, which is checked at COMMIT: ` +
      "no single statement failed, the row was written by one of the statements that change that table",
      err.detail,
    ].filter((x) => x !== undefined).join("\n"),
    hint: err.hint ??
      "fix the data so that the constraint holds when the build ends, or check it earlier with SET CONSTRAINTS … IMMEDIATE",
    cause: err,
  });
}
