/**
 * A server error of the apply as a build error at `file:line:col` of the source file (by the
 * one position mapping of `sql/`), with the statement's first line and a hint for what a build
 * meets most.
 * @module
 */
import { ConfitureError, type ErrorCode, toConfitureError } from "../errors/mod.ts";
import { charPositionToIndex, codePointCount, locateInStatement } from "../sql/mod.ts";
import type { Batch } from "./_batch.ts";
import { firstLine, type PlannedStatement } from "./_plan.ts";

/** The code of a failed statement: a syntax error (SQLSTATE 42601) is SQL_SYNTAX_ERROR, as in migrations. */
export function statementErrorCode(sqlstate: string | undefined): ErrorCode {
  return sqlstate === "42601" ? "SQL_SYNTAX_ERROR" : "BUILD_STATEMENT_FAILED";
}

function hintFor(err: ConfitureError): string | undefined {
  if (err.sqlstate === "25001") {
    return "this statement cannot run inside a transaction block, and the build applies everything in one " +
      "transaction; move it to a migration";
  }
  if (err.sqlstate === "55P04") {
    return "a new enum value can be used only once the transaction that added it has committed; the build commits " +
      "after each ALTER TYPE … ADD VALUE statement, but not after one run by a function or DO block: " +
      "write the ALTER TYPE as a statement of its own";
  }
  if (err.sqlstate === "0A000" && /^extension .* is not available/.test(err.message)) {
    return "the extension is not installed where this database runs (the embedded engine offers PGlite's contrib " +
      "extensions only): apply to a PostgreSQL server that has it, with --database-url postgres://…";
  }
  return err.hint;
}

/**
 * Maps a server error on `st` to a build error at `file:line:col` of the source file.
 * `position` is the 1-based character position in `st.text` (default: the error's own).
 */
export function located(st: PlannedStatement, e: unknown, position?: number): ConfitureError {
  const err = toConfitureError(e);
  if (err.code !== "SQL_ERROR") return err;
  const where = (err.cause as { where?: unknown } | undefined)?.where;
  const at = locateInStatement(st.file.text, st.start, position ?? err.position, {
    statementLength: st.text.length,
    where: typeof where === "string" ? where : undefined,
  });
  const detail = [
    st.internal
      ? `statement of the build's own after ${st.file.relPath}: ${firstLine(st.text)}`
      : `statement: ${firstLine(st.text)}`,
    err.detail,
  ].filter((x) => x !== undefined).join("\n");
  return new ConfitureError(statementErrorCode(err.sqlstate), err.message, {
    location: { file: st.file.relPath, line: at.line, col: at.col },
    sqlstate: err.sqlstate,
    position: err.position,
    detail,
    hint: hintFor(err),
    cause: err,
  });
}

/** Maps an error of a whole batch by its position, when a replay could not reproduce it. */
export function locatedInBatch(b: Batch, e: unknown): ConfitureError {
  const err = toConfitureError(e);
  if (err.code !== "SQL_ERROR") return err;
  const idx = err.position ? charPositionToIndex(b.text, err.position) : 0;
  let at = 0;
  for (const st of b.statements) {
    if (idx < at + st.text.length + 1) {
      return located(st, err, err.position ? codePointCount(b.text, at, idx) + 1 : undefined);
    }
    at += st.text.length + 1;
  }
  return located(b.statements[0], err);
}
