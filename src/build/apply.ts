/**
 * Applying a build to a database, in one transaction.
 *
 * The files' statements (found by the lexer, with exact offsets) are sent in
 * batches: consecutive statements joined into one simple-protocol query of up
 * to ~256 KiB, each batch inside a savepoint. When a batch fails, the batch is
 * rolled back to its savepoint and replayed statement by statement, so the
 * failing statement is known exactly and the server's error position (1-based,
 * in characters of the statement) is mapped back to `file:line:col` of the
 * source file. The error then rolls back the whole transaction: a failed apply
 * leaves nothing behind.
 *
 * What a file may hold besides SQL statements, as psql would run it:
 * - `COPY … FROM STDIN;` followed by inline data up to a `\.` line (pg_dump's
 *   format): the data is streamed to the server with the COPY; an error in a
 *   data row is reported at that row's line;
 * - psql meta-commands that only affect psql's own display or variables
 *   (`\set`, `\echo`, `\pset`, `\timing`, `\restrict`, …) and transaction
 *   control (`BEGIN`, `COMMIT`, `END`, `ROLLBACK`, `START TRANSACTION`,
 *   `ABORT`): skipped, each with a warning (the build is one transaction);
 * - any other meta-command is an error at its line before anything is sent:
 *   `\i`/`\ir` (every file under `include_dirs` is already part of the build,
 *   in path order), `\connect` (the build applies to one database), `\copy`,
 *   `\if`, `\gexec`, `\q`, ….
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
import { ConfitureError, toConfitureError } from "../errors/mod.ts";
import { classifyStatement, offsetToLineCol, splitSql, splitStatements } from "../sql/mod.ts";
import type { Session } from "../db/mod.ts";
import type { BuildFile } from "./build.ts";

/** One statement to send, with where it comes from. */
interface PlannedStatement {
  file: BuildFile;
  /** String index of the statement in `file.text`. */
  start: number;
  /** The text sent (the statement, with its `;`). */
  text: string;
  /** For `COPY … FROM STDIN`: its inline data and the string index where it starts in `file.text`. */
  copy?: { data: string; start: number };
  /** The statement's first keyword is ALTER. */
  alter?: boolean;
  /** `ALTER TYPE … ADD VALUE`: the transaction commits after it (see {@link applyBuild}). */
  addsEnumValue?: boolean;
}

interface Batch {
  statements: PlannedStatement[];
  text: string;
  /** The transaction commits after this batch (it ends with new enum values that later statements may use). */
  commitAfter?: boolean;
}

/** Options of {@link applyBuild}. */
export interface ApplyOptions {
  /** Progress after each batch: statements done of total. */
  onProgress?: (e: { phase: string; done: number; total: number; item?: string }) => void;
  /** Receives a line for each skipped statement. */
  onWarning?: (message: string) => void;
  /** Stops between batches (the transaction is rolled back). */
  signal?: AbortSignal;
  /** Characters per batch. Default 262144; 0 sends statements one by one. */
  batchChars?: number;
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
}

const TRANSACTION_CONTROL = new Set(["begin", "start", "commit", "end", "rollback", "abort"]);

/** psql meta-commands that only change psql's display, output or variables: skipped. */
const HARMLESS_META = new Set([
  "set",
  "unset",
  "echo",
  "qecho",
  "warn",
  "pset",
  "timing",
  "encoding",
  "restrict",
  "unrestrict",
  "conninfo",
  "a",
  "t",
  "x",
  "f",
  "H",
  "C",
  "T",
  "o",
  "out",
  "errverbose",
]);

const INCLUDE_META = new Set(["i", "ir", "include", "include_relative"]);

function firstLine(text: string): string {
  const line = text.split("\n", 1)[0].trimEnd();
  return line.length > 160 ? line.slice(0, 157) + "..." : line;
}

/** Why a psql meta-command cannot be part of a build, and what to do instead. */
function unsupportedMeta(name: string): { message: string; hint: string } {
  if (INCLUDE_META.has(name)) {
    return {
      message: `psql include \\${name} is not supported in a build`,
      hint: "every .sql file under include_dirs is already part of the build, in path order: remove the line " +
        "and name the files so that they sort in the order they must run (e.g. 10_tables/, 20_views/)",
    };
  }
  if (name === "c" || name === "connect") {
    return {
      message: `psql \\${name} is not supported in a build`,
      hint: "a build applies to one database: choose it with --env or --database-url, and remove the line",
    };
  }
  if (name === "copy") {
    return {
      message: "psql \\copy is not supported in a build",
      hint: "write COPY … FROM STDIN; followed by the rows and a line holding only \\. (as pg_dump does), " +
        "or INSERT statements",
    };
  }
  return {
    message: `psql meta-command \\${name} is not supported in a build`,
    hint: "a build runs SQL statements only (display commands such as \\set or \\echo are skipped); remove the line",
  };
}

/** The statements to send, in order; skipped ones are reported through `onWarning`. */
function plan(files: BuildFile[], onWarning?: (m: string) => void): { list: PlannedStatement[]; skipped: number } {
  const list: PlannedStatement[] = [];
  let skipped = 0;
  for (const file of files) {
    for (const s of splitStatements(file.text).statements) {
      const raw = file.text.slice(s.start, s.end);
      const where = () => {
        const lc = offsetToLineCol(file.text, s.start);
        return { file: file.relPath, line: lc.line, col: lc.col };
      };
      if (s.metaCommand) {
        const name = /^\\([A-Za-z_]+|.?)/.exec(raw)?.[1] ?? "";
        if (!HARMLESS_META.has(name)) {
          const why = unsupportedMeta(name);
          throw new ConfitureError("BUILD_UNSUPPORTED_STATEMENT", why.message, {
            location: where(),
            detail: `line: ${firstLine(raw)}`,
            hint: why.hint,
          });
        }
      }
      if (s.metaInside !== undefined) {
        // psql runs a meta-command that follows a statement's text (`SELECT … \gexec`) instead of sending it
        const meta = file.text.slice(s.metaInside, file.text.indexOf("\n", s.metaInside) >>> 0);
        const name = /^\\([A-Za-z_]+|.?)/.exec(meta)?.[1] ?? "";
        const why = HARMLESS_META.has(name)
          ? {
            message: `psql meta-command \\${name} inside a statement is not supported in a build`,
            hint: "move the line out of the statement, or remove it (display commands only matter to psql)",
          }
          : unsupportedMeta(name);
        const lc = offsetToLineCol(file.text, s.metaInside);
        throw new ConfitureError("BUILD_UNSUPPORTED_STATEMENT", why.message, {
          location: { file: file.relPath, line: lc.line, col: lc.col },
          detail: `statement: ${firstLine(raw)}\nline: ${firstLine(meta)}`,
          hint: why.hint,
        });
      }
      if (
        s.keyword === "savepoint" || s.keyword === "release" ||
        (s.keyword === "rollback" && /^rollback(?:\s+(?:work|transaction))?\s+to\b/i.test(raw))
      ) {
        // Skipping ROLLBACK TO would keep what psql undoes; sending it would depend on where batches end
        // (each batch's own savepoint is released after it, and the savepoints made in it with it).
        throw new ConfitureError(
          "BUILD_UNSUPPORTED_STATEMENT",
          `${s.keyword.toUpperCase()} is not supported in a build`,
          {
            location: where(),
            detail: `statement: ${firstLine(raw)}`,
            hint:
              "the build is one transaction that a failure rolls back as a whole: remove the savepoint statements " +
              "and the statements they undo",
          },
        );
      }
      if (s.metaCommand || TRANSACTION_CONTROL.has(s.keyword)) {
        const at = where();
        skipped++;
        onWarning?.(
          `${file.relPath}:${at.line}:${at.col}: skipped ${
            s.metaCommand ? "psql meta-command" : "transaction control"
          } "${firstLine(raw)}" (${s.metaCommand ? "it only matters to psql" : "the build runs in one transaction"})`,
        );
        continue;
      }
      if (s.copyData) {
        list.push({
          file,
          start: s.start,
          text: raw,
          copy: { data: file.text.slice(s.copyData.start, s.copyData.end), start: s.copyData.start },
        });
        continue;
      }
      if (s.keyword === "copy" && /\bfrom\s+stdin\b/i.test(raw)) {
        throw new ConfitureError("BUILD_UNSUPPORTED_STATEMENT", "COPY … FROM STDIN without a terminating ';'", {
          location: where(),
          detail: `statement: ${firstLine(raw)}`,
          hint: "end the statement with ';', then the rows, then a line holding only \\.",
        });
      }
      list.push({ file, start: s.start, text: s.terminated ? raw : raw + ";", alter: s.keyword === "alter" });
    }
  }
  return { list, skipped };
}

function batches(list: PlannedStatement[], maxChars: number): Batch[] {
  const out: Batch[] = [];
  let cur: PlannedStatement[] = [];
  let size = 0;
  const flush = () => {
    if (cur.length === 0) return;
    out.push({ statements: cur, text: cur.length === 1 ? cur[0].text : cur.map((s) => s.text).join("\n") });
    cur = [];
    size = 0;
  };
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    if (s.copy) {
      // a COPY and its data travel alone
      flush();
      out.push({ statements: [s], text: s.text });
      continue;
    }
    if (cur.length > 0 && size + s.text.length > maxChars) flush();
    cur.push(s);
    size += s.text.length + 1;
    const next = list[i + 1];
    if (s.addsEnumValue && next && !next.addsEnumValue) {
      flush();
      out[out.length - 1].commitAfter = true;
    }
  }
  flush();
  return out;
}

/**
 * Marks the statements that add an enum value (`ALTER TYPE … ADD VALUE`), from their parse tree;
 * only statements that may be one (an ALTER naming ADD VALUE) are parsed.
 */
async function markEnumValues(list: PlannedStatement[]): Promise<void> {
  for (const st of list) {
    if (!st.alter || !/\badd\s+value\b/i.test(st.text)) continue;
    const parsed = await splitSql(st.text, { file: st.file.relPath });
    st.addsEnumValue = parsed.some((p) => classifyStatement(p).addsEnumValue);
  }
}

/** String index of the 1-based character (code point) position `pos` of `text`. */
export function charPositionToIndex(text: string, pos: number): number {
  let i = 0;
  for (let k = 1; k < pos && i < text.length; k++) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
  }
  return i;
}

/**
 * For an error raised while a `DO` block runs (no position; the context names
 * `PL/pgSQL function inline_code_block line N`): the string index in `text` of the first
 * token of line N of the block's body, counted as PL/pgSQL counts it (line 1 is the line
 * where the body's opening quote stands). Undefined for anything else.
 */
export function doBlockLineIndex(text: string, where: string): number | undefined {
  const lines = [...where.matchAll(/\bPL\/pgSQL function inline_code_block line (\d+)\b/g)];
  if (lines.length === 0) return undefined;
  const open = /^do\s+(?:language\s+(?:\w+|"[^"]*"|'[^']*')\s+)?(\$[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*\$|\$\$|')/i
    .exec(text);
  if (!open) return undefined;
  let i = open.index + open[0].length;
  // the outermost block's line: the last inline_code_block of the context
  for (let n = Number(lines[lines.length - 1][1]); n > 1; n--) {
    const nl = text.indexOf("\n", i);
    if (nl < 0) return undefined;
    i = nl + 1;
  }
  while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\r")) i++;
  return i;
}

/** Maps a server error on `st` to a ConfitureError at `file:line:col` of the source file. */
function located(st: PlannedStatement, e: unknown): ConfitureError {
  const err = toConfitureError(e);
  if (err.code !== "SQL_ERROR") return err;
  const where = (err.cause as { where?: unknown } | undefined)?.where;
  const idx = err.position
    ? charPositionToIndex(st.text, err.position)
    : (typeof where === "string" ? doBlockLineIndex(st.text, where) : undefined) ?? 0;
  const lc = offsetToLineCol(st.file.text, st.start + idx);
  const detail = [`statement: ${firstLine(st.text)}`, err.detail].filter((x) => x !== undefined).join("\n");
  const hint = err.sqlstate === "25001"
    ? "this statement cannot run inside a transaction block, and the build applies everything in one transaction; " +
      "move it to a migration"
    : err.sqlstate === "55P04"
    ? "a new enum value can be used only once the transaction that added it has committed; the build commits " +
      "after each ALTER TYPE … ADD VALUE statement, but not after one run by a function or DO block: " +
      "write the ALTER TYPE as a statement of its own"
    : err.sqlstate === "0A000" && /^extension .* is not available/.test(err.message)
    ? "the extension is not installed where this database runs (the embedded engine offers PGlite's contrib " +
      "extensions only): apply to a PostgreSQL server that has it, with --database-url postgres://…"
    : err.hint;
  return new ConfitureError("BUILD_STATEMENT_FAILED", err.message, {
    location: { file: st.file.relPath, line: lc.line, col: lc.col },
    sqlstate: err.sqlstate,
    position: err.position,
    detail,
    hint,
    cause: err,
  });
}

/** Maps a batch error by its position, when a replay could not reproduce it. */
function locatedInBatch(b: Batch, e: unknown): ConfitureError {
  const err = toConfitureError(e);
  if (err.code !== "SQL_ERROR") return err;
  const idx = err.position ? charPositionToIndex(b.text, err.position) : 0;
  let at = 0;
  for (const st of b.statements) {
    if (idx < at + st.text.length + 1) {
      const inner = Object.assign(Object.create(Object.getPrototypeOf(err)), err) as ConfitureError;
      inner.position = err.position ? idx - at + 1 : undefined;
      return located(st, inner);
    }
    at += st.text.length + 1;
  }
  return located(b.statements[0], err);
}

const enc = new TextEncoder();

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

/**
 * String index in `data` of the start of the row the server means by `line N` in the context
 * of a rejected row of a `COPY … FROM STDIN` (`COPY t, line 3`). In text format that is data
 * line N. In CSV format a quoted value may hold line breaks, and the server counts them, as
 * physical lines, only once it has seen the first line ending outside quotes (which tells it
 * the line ending in use: `\n`, or `\r` for `\r\n`); it reports the count reached at the end
 * of the row. This replays that count and returns the start of the row that reaches `N`.
 */
export function copyRowIndex(copySql: string, data: string, line: number): number {
  const options = copySql.replace(/^[\s\S]*?\bfrom\s+stdin\b/i, "");
  const csv = /\bcsv\b/i.test(options);
  const quote = csv ? (/\bquote\s+(?:as\s+)?'((?:'')|[^'])'/i.exec(options)?.[1] ?? '"').slice(0, 1) : "";
  const escape = csv ? (/\bescape\s+(?:as\s+)?'((?:'')|[^'])'/i.exec(options)?.[1] ?? quote).slice(0, 1) : "";
  let i = 0;
  let count = 0;
  let eol = "";
  while (i < data.length) {
    const rowStart = i;
    count++;
    let inQuote = false;
    for (; i < data.length; i++) {
      const c = data[i];
      if (inQuote) {
        if (c === escape && escape !== quote && (data[i + 1] === quote || data[i + 1] === escape)) i++;
        else if (c === quote) inQuote = false;
        else if (eol !== "" && c === eol) count++;
      } else if (c === quote) inQuote = true;
      else if (c === "\n" || c === "\r") {
        if (eol === "") eol = c;
        if (c === "\r" && data[i + 1] === "\n") i++;
        i++;
        break;
      }
    }
    if (count >= line) return rowStart;
  }
  return data.length;
}

/**
 * Maps an error of a `COPY … FROM STDIN` with inline data: a row the server rejects
 * (its context reads `COPY t, line N…`) is located at that data line; anything else at
 * the COPY statement.
 */
function locatedCopy(st: PlannedStatement, e: unknown): ConfitureError {
  const err = located(st, e);
  if (err.code !== "BUILD_STATEMENT_FAILED") return err;
  const line = toConfitureError(e).server?.copyLine;
  if (line !== undefined && st.copy) {
    const row = copyRowIndex(st.text, st.copy.data, line);
    const lc = offsetToLineCol(st.file.text, st.copy.start + row);
    err.location = { file: st.file.relPath, line: lc.line, col: 1 };
    err.detail = [`data row ${line} of: ${firstLine(st.text)}`, toConfitureError(e).detail].filter((x) =>
      x !== undefined
    ).join("\n");
  }
  return err;
}

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
class ReplayMismatch extends Error {
  constructor(readonly batch: number, readonly error: unknown) {
    super("replay mismatch");
  }
}

/** The ReplayMismatch `e` is or wraps (a driver's transaction may wrap what its callback throws). */
function replayMismatch(e: unknown): ReplayMismatch | undefined {
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

/**
 * Checks, without a database, what {@link applyBuild} refuses before sending anything
 * (`\i`, `\connect`, `\gexec` and other psql meta-commands, `SAVEPOINT`, a `COPY … FROM STDIN`
 * without its `;`): throws that BUILD_UNSUPPORTED_STATEMENT. Meant to run before `--fresh`
 * drops the database, so that such a tree leaves the database as it was.
 */
export function checkApply(files: BuildFile[]): void {
  plan(files);
}

/**
 * Applies the files of a build to `db` in one transaction (one more after each
 * `ALTER TYPE … ADD VALUE` that later statements follow: see the module docs).
 * A failure raises BUILD_STATEMENT_FAILED at `file:line:col` of the original
 * file, with the statement's first line in `detail`; the transaction is rolled back.
 *
 * @example
 * ```ts
 * const result = await buildSchema(cfg);
 * const db = await connect({ url: "embedded:memory", source: "flag" });
 * await applyBuild(db, result.files);
 * ```
 */
export async function applyBuild(db: Session, files: BuildFile[], opts: ApplyOptions = {}): Promise<ApplyResult> {
  const { list, skipped } = plan(files, opts.onWarning);
  await markEnumValues(list);
  const maxChars = opts.batchChars ?? 262_144;
  const groups = batches(list, maxChars);
  const total = list.length;
  let done = 0;
  // One transaction, or one per segment ending with new enum values that later statements may use.
  const segments: Batch[][] = [[]];
  for (const b of groups) {
    segments[segments.length - 1].push(b);
    if (b.commitAfter) segments.push([]);
  }
  let committed = 0;
  let committedAt: PlannedStatement | undefined;
  for (const segment of segments) {
    const before = done;
    const progress = (n: number, last: PlannedStatement) => {
      done += n;
      opts.onProgress?.({ phase: "applying", done, total, item: last.file.relPath });
    };
    try {
      try {
        await applySegment(db, segment, opts, progress);
      } catch (e) {
        const mismatch = replayMismatch(e);
        if (!mismatch) throw e;
        done = before;
        await applySegment(db, segment, opts, progress, mismatch);
      }
    } catch (e) {
      if (committed === 0 || !committedAt) throw e;
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
      throw err;
    }
    committed = done;
    const lastBatch = segment[segment.length - 1];
    committedAt = lastBatch?.statements[lastBatch.statements.length - 1];
  }
  return { statements: total, skipped, batches: groups.length, transactions: segments.length };
}

/** Applies batches in one transaction; `progress` after each batch. */
async function applySegment(
  db: Session,
  groups: Batch[],
  opts: ApplyOptions,
  progress: (n: number, last: PlannedStatement) => void,
  rerun?: ReplayMismatch,
): Promise<void> {
  await db.transaction(async (tx) => {
    for (const [index, b] of groups.entries()) {
      if (opts.signal?.aborted) {
        throw new ConfitureError("INTERRUPTED", "interrupted; the build was rolled back", {
          cause: opts.signal.reason,
        });
      }
      const copy = b.statements[0].copy;
      if (copy) {
        try {
          await tx.copyFrom(b.text, once(enc.encode(copy.data)));
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
      progress(b.statements.length, b.statements[b.statements.length - 1]);
    }
    // Deferred constraints are checked at COMMIT, where nothing tells which statement failed:
    // check them here, as a statement of their own, to report the violation as a build failure.
    try {
      await tx.exec("SET CONSTRAINTS ALL IMMEDIATE");
    } catch (e) {
      throw deferredFailure(e);
    }
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
  return new ConfitureError("BUILD_STATEMENT_FAILED", err.message, {
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
