/**
 * Applying a build to a database, in one transaction.
 *
 * The files' statements (found by the lexer, with exact offsets) are sent in
 * batches: consecutive statements joined into one simple-protocol query of up
 * to ~256 KiB, each batch inside a savepoint (`_batch.ts`). When a batch fails,
 * the batch is rolled back to its savepoint and replayed statement by statement
 * (`_segment.ts`), so the failing statement is known exactly and the server's
 * error position (1-based, in characters of the statement) is mapped back to
 * `file:line:col` of the source file (`_locate.ts`). The error then rolls back
 * the whole transaction: a failed apply leaves nothing behind.
 *
 * What a file may hold besides SQL statements, as psql would run it (`_plan.ts`):
 * - `COPY … FROM STDIN;` followed by inline data up to a `\.` line (pg_dump's
 *   format): the data is streamed to the server with the COPY; an error in a
 *   data row is reported at that row's line (`_copy_data.ts`);
 * - psql meta-commands that only affect psql's own display or variables
 *   (`\set`, `\echo`, `\pset`, `\timing`, `\restrict`, …) and transaction
 *   control (`BEGIN`, `COMMIT`, `END`, `ROLLBACK`, `START TRANSACTION`,
 *   `ABORT`): skipped, each with a warning (the build is one transaction);
 * - any other meta-command is an error at its line before anything is sent:
 *   `\i`/`\ir` (every file under `include_dirs` is already part of the build,
 *   in path order), `\connect` (the build applies to one database), `\copy`,
 *   `\if`, `\gexec`, `\q`, ….
 *
 * Files share one session, as psql on the built file: a `SET` in one file holds in the files
 * after it. With `resetSession` the session's settings are reset at each file boundary; without
 * it, a file that leaves `search_path` changed for the files after it is reported as a warning.
 *
 * Statements PostgreSQL refuses inside a transaction (`CREATE INDEX
 * CONCURRENTLY`, `CREATE DATABASE`, `VACUUM`, `ALTER SYSTEM`…) fail at their
 * location (SQLSTATE 25001) and the build is rolled back.
 *
 * New enum values: PostgreSQL refuses a value added by `ALTER TYPE … ADD VALUE`
 * in the transaction that added it (SQLSTATE 55P04). So the transaction
 * commits after each run of such statements that later statements follow, and
 * the apply continues in a new one: a tree that adds enum values is applied in
 * several transactions. A failure then rolls back only the current one; the
 * error's detail names the last committed statement.
 * @module
 */
import { type SourceLocation, toConfitureError } from "../errors/mod.ts";
import { offsetToLineCol } from "../sql/mod.ts";
import type { Session } from "../db/mod.ts";
import type { BuildFile } from "./build.ts";
import { type Batch, batches, markEnumValues } from "./_batch.ts";
import { planApply, type PlannedStatement, type SearchPathProbe } from "./_plan.ts";
import { applySegment, replayMismatch } from "./_segment.ts";

export { charPositionToIndex, doBlockLineIndex } from "../sql/mod.ts";
export { copyRowIndex } from "./_copy_data.ts";
export { SESSION_RESET_SQL } from "./_plan.ts";

/** What an {@link ApplyWarning} is about. */
export type ApplyWarningKind =
  /** A psql meta-command that only matters to psql (`\set`, `\echo`, `\restrict`, …) was not sent. */
  | "skipped_meta_command"
  /** `BEGIN`, `COMMIT`, `END`, `ROLLBACK`, `START TRANSACTION`, `ABORT` were not sent. */
  | "skipped_transaction_control"
  /** A file left `search_path` changed for the files after it. */
  | "search_path_changed";

/** A warning of an apply, structured; `message` is the whole line as a human reads it. */
export interface ApplyWarning {
  /** What kind of warning it is. */
  kind: ApplyWarningKind;
  /** `file:line:col: …`, one line. */
  message: string;
  /** The file, line and column it is about. */
  location: SourceLocation;
  /** What it is about: `\set`, `BEGIN`, … or, for `search_path_changed`, `search_path`. */
  name: string;
  /** The statement's first line (skips), or the value left (`search_path_changed`). */
  statement?: string;
}

/** Options of {@link applyBuild}. */
export interface ApplyOptions {
  /** Progress after each batch: statements done of total. */
  onProgress?: (e: { phase: string; done: number; total: number; item?: string }) => void;
  /**
   * Receives a line for each skipped statement, and the warning itself, before anything is sent.
   * The result's `warnings` holds them too, with the warnings known only once the apply has
   * succeeded (a file that left `search_path` changed).
   */
  onWarning?: (message: string, warning: ApplyWarning) => void;
  /** Stops between batches (the transaction is rolled back). */
  signal?: AbortSignal;
  /** Characters per batch. Default 262144; 0 sends statements one by one. */
  batchChars?: number;
  /**
   * Reset the session at each file boundary (`reset_session_per_file` in the environment file):
   * settings, role and session user go back to the session's defaults ({@link SESSION_RESET_SQL}),
   * so a `SET` in one file does not hold in the next. Default false: the files share one session,
   * as psql does with the built file.
   */
  resetSession?: boolean;
  /**
   * Called when a statement fails after the commits that new enum values need, before the error
   * is thrown: it may undo what was committed (`--fresh` recreates the database) and return a
   * sentence saying so, which replaces the note that those statements stay committed.
   */
  onFailureAfterCommit?: () => Promise<string>;
}

/** What {@link applyBuild} did. */
export interface ApplyResult {
  /** Statements executed. */
  statements: number;
  /** Statements skipped (psql meta-commands, transaction control). */
  skipped: number;
  /** Round trips used for the statements (batches). */
  batches: number;
  /** Transactions used: 1, plus one per commit after new enum values (`ALTER TYPE … ADD VALUE`). */
  transactions: number;
  /** The warnings, in order: skipped statements, then files that left `search_path` changed. */
  warnings: ApplyWarning[];
}

/**
 * Checks, without a database, what {@link applyBuild} refuses before sending anything
 * (`\i`, `\connect`, `\gexec` and other psql meta-commands, `SAVEPOINT`, a `COPY … FROM STDIN`
 * without its `;`): throws that BUILD_UNSUPPORTED_STATEMENT. Meant to run before `--fresh`
 * drops the database, so that such a tree leaves the database as it was.
 */
export function checkApply(files: BuildFile[]): void {
  planApply(files);
}

/**
 * Applies the files of a build to `db` in one transaction (one more after each
 * `ALTER TYPE … ADD VALUE` that later statements follow: see the module docs).
 * A failure raises BUILD_STATEMENT_FAILED (SQL_SYNTAX_ERROR for a syntax error) at
 * `file:line:col` of the original file, with the statement's first line in `detail`;
 * the transaction is rolled back.
 *
 * @example
 * ```ts
 * import { applyBuild, buildSchema, connect, loadConfig } from "./mod.ts";
 * const cfg = await loadConfig({ root: ".", vars: Deno.env.toObject() });
 * const result = await buildSchema(cfg);
 * const db = await connect({ url: "embedded:memory", source: "flag" });
 * const applied = await applyBuild(db, result.files);
 * await db.close();
 * for (const w of applied.warnings) console.warn(w.message);
 * ```
 */
export async function applyBuild(db: Session, files: BuildFile[], opts: ApplyOptions = {}): Promise<ApplyResult> {
  const plan = planApply(files, { resetSession: opts.resetSession });
  const warnings = [...plan.warnings];
  for (const w of warnings) opts.onWarning?.(w.message, w);
  const { list, probes } = plan;
  await markEnumValues(list);
  const groups = batches(list, opts.batchChars ?? 262_144);
  const total = plan.statements;
  let done = 0;
  // One transaction, or one per segment ending with new enum values that later statements may use.
  const segments: Batch[][] = [[]];
  for (const b of groups) {
    segments[segments.length - 1].push(b);
    if (b.commitAfter) segments.push([]);
  }
  // search_path before the first file that may change it
  const initialPath = probes.length ? await showSearchPath(db) : "";
  const probeValues = new Map<string, string>();
  let committed = 0;
  let committedAt: PlannedStatement | undefined;
  for (const segment of segments) {
    const before = done;
    const progress = (b: Batch) => {
      for (const st of b.statements) if (!st.internal) done++;
      const last = b.statements[b.statements.length - 1];
      opts.onProgress?.({ phase: "applying", done, total, item: last.file.relPath });
    };
    const probeSettings = segment.flatMap((b) => b.statements.flatMap((s) => s.probe ? [s.probe] : []));
    try {
      let values: Map<string, string>;
      try {
        values = await applySegment(db, segment, { signal: opts.signal, progress, probeSettings });
      } catch (e) {
        const rerun = replayMismatch(e);
        if (!rerun) throw e;
        done = before;
        values = await applySegment(db, segment, { signal: opts.signal, progress, probeSettings, rerun });
      }
      for (const [k, v] of values) probeValues.set(k, v);
    } catch (e) {
      if (committed === 0 || !committedAt) throw e;
      throw await afterCommitFailure(e, committed, committedAt, opts);
    }
    committed = done;
    const lastBatch = segment[segment.length - 1];
    committedAt = lastBatch?.statements.findLast((s) => !s.internal) ?? committedAt;
  }
  warnings.push(...searchPathWarnings(probes, probeValues, initialPath));
  return { statements: total, skipped: plan.skipped, batches: groups.length, transactions: segments.length, warnings };
}

async function showSearchPath(db: Session): Promise<string> {
  const [row] = await db.query<{ value: string }>("SELECT pg_catalog.current_setting('search_path') AS value");
  return row?.value ?? "";
}

/** The error of a statement that failed after the commits of new enum values, saying what stays. */
async function afterCommitFailure(
  e: unknown,
  committed: number,
  committedAt: PlannedStatement,
  opts: ApplyOptions,
): Promise<unknown> {
  const err = toConfitureError(e);
  const lc = offsetToLineCol(committedAt.file.text, committedAt.start);
  const upTo = `the ${committed} statement(s) up to ${committedAt.file.relPath}:${lc.line}:${lc.col} ` +
    "(ALTER TYPE … ADD VALUE)";
  let note = `${upTo} stay committed: the build commits after new enum values, which later statements can ` +
    "use only then";
  if (opts.onFailureAfterCommit) {
    try {
      note = `${upTo} had been committed (the build commits after new enum values); ` +
        await opts.onFailureAfterCommit();
    } catch (undo) {
      note += `; undoing them failed: ${toConfitureError(undo).message}`;
    }
  }
  err.detail = (err.detail ? err.detail + "\n" : "") + note;
  return err;
}

/** A warning for each probed file after which `search_path` differs from what it was before the file. */
function searchPathWarnings(
  probes: SearchPathProbe[],
  values: Map<string, string>,
  initial: string,
): ApplyWarning[] {
  const out: ApplyWarning[] = [];
  let before = initial;
  for (const p of probes) {
    const stored = values.get(p.setting) ?? "";
    // not read back (a later RESET ALL cleared it): unknown, no warning
    if (!stored.startsWith("v:")) continue;
    const after = stored.slice(2);
    if (after !== before) {
      const lc = offsetToLineCol(p.file.text, p.at);
      out.push({
        kind: "search_path_changed",
        name: "search_path",
        statement: after,
        location: { file: p.file.relPath, line: lc.line, col: lc.col },
        message: `${p.file.relPath}:${lc.line}:${lc.col}: leaves search_path changed for the files after it ` +
          `(${JSON.stringify(after)}, was ${JSON.stringify(before)}); set reset_session_per_file: true in the ` +
          "environment file to reset session settings at each file",
      });
    }
    before = after;
  }
  return out;
}
