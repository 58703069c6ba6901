/**
 * Locating the failure of a migration sent as a block (`begin; …; <ledger row>; commit;`): from
 * the server's error position when it falls inside the migration's statements, by running them
 * one by one in a transaction that is always rolled back when the server gives none, and as a
 * failure of the runner's own statements when it falls outside them.
 * @module
 */
import type { Database } from "../db/mod.ts";
import { ConfitureError, toConfitureError } from "../errors/mod.ts";
import { codePointCount, codePointOffset } from "../sql/mod.ts";
import { type SqlScript, statementError } from "./script.ts";

/** The SQL block of a transactional SQL migration, and where its body is in it. */
export interface MigrationBlock {
  sql: string;
  /** Offset of the migration's first statement in `sql`. */
  bodyStart: number;
  /** Length of the body (first statement to last). */
  bodyLength: number;
}

/** Thrown inside a transaction to roll it back on purpose. */
export class DryRunRollback extends Error {}

/** True when `e` (or one of its causes) is a {@link DryRunRollback}. */
export function isDryRunRollback(e: unknown): boolean {
  let cur: unknown = e;
  for (let i = 0; i < 8 && cur !== undefined && cur !== null; i++) {
    if (cur instanceof DryRunRollback) return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}

/** Number of Unicode code points of a string (the server's character count). */
export function codePoints(s: string): number {
  return codePointCount(s, 0, s.length);
}

/**
 * Maps the error of a migration's block (starting at character `blockOffset` of the message) to its
 * file: from the server's position, or, when the server gives none, by running the statements
 * one by one in a transaction that is always rolled back. An error positioned in the runner's
 * own statements (its ledger row) is `MIGRATION_LEDGER_FAILED`. Lock timeouts and errors outside
 * SQL are returned as they are.
 */
export async function locateBlockError(
  db: Database,
  script: SqlScript,
  block: MigrationBlock,
  e: unknown,
  blockOffset: number,
): Promise<unknown> {
  const st = script.statements;
  const ce = toConfitureError(e);
  // not replayed when cancelled (57014, Ctrl-C): the replay would run the cancelled statement again
  if (ce.code !== "SQL_ERROR" || ce.sqlstate === "55P03" || ce.sqlstate === "57014") return e;
  if (ce.position !== undefined) {
    // the server counts characters; the block's prefix is ASCII
    const cp = ce.position - 1 - blockOffset - block.bodyStart;
    const off = cp >= 0 && st.length ? codePointOffset(script.text, st[0].start, cp) - st[0].start : -1;
    if (off >= 0 && off < block.bodyLength) {
      const at = st[0].start + off;
      let i = st.length - 1;
      while (i > 0 && st[i].start > at) i--;
      return statementError(e, { ...script, statements: [{ ...st[i], start: at, text: "" }] }, 0, true, script);
    }
    return ledgerError(script, e);
  }
  if (st.length === 0) return ledgerError(script, e);
  return await locateFailure(db, script, e);
}

/** A failure of the runner's own statements around a migration (its ledger row). */
export function ledgerError(script: Pick<SqlScript, "file">, e: unknown): ConfitureError {
  const ce = toConfitureError(e);
  return new ConfitureError(
    "MIGRATION_LEDGER_FAILED",
    `${script.file}: recording the migration in the ledger failed: ${ce.message}; the migration was rolled back`,
    {
      location: { file: script.file, line: 1, col: 1 },
      sqlstate: ce.sqlstate,
      detail: ce.detail,
      hint: "the migration's statements ran; check the ledger table (tracking_table) and its privileges",
      cause: e,
    },
  );
}

/** Finds the failing statement by running them one by one in a transaction that is rolled back. */
async function locateFailure(db: Database, script: SqlScript, original: unknown): Promise<ConfitureError> {
  let located: ConfitureError | undefined;
  try {
    await db.transaction(async (tx) => {
      for (let i = 0; i < script.statements.length; i++) {
        try {
          await tx.exec(script.statements[i].text);
        } catch (e) {
          located = statementError(e, script, i);
          throw e;
        }
      }
      throw new DryRunRollback();
    });
  } catch (e) {
    if (located === undefined && !isDryRunRollback(e)) located = statementError(e, script, 0);
  }
  if (located) return located;
  // every statement ran alone: the failure came at the end of the migration (a deferred constraint
  // checked at commit, or the runner's ledger row)
  const err = statementError(original, script, script.statements.length - 1);
  err.detail = (err.detail ? err.detail + "\n" : "") +
    "each statement runs without error on its own: the failure comes at the end of the migration " +
    "(a deferred constraint or trigger checked at commit, or the ledger row)";
  return err;
}
