/**
 * Transaction characteristics shared by both backends: the arguments of
 * `Session.transaction`, the modes of its `BEGIN`, the `SET TRANSACTION SNAPSHOT` statement.
 */
import { ConfitureError } from "../errors/mod.ts";
import { quoteLiteral } from "../sql/mod.ts";
import type { IsolationLevel, Session, TransactionOptions } from "./types.ts";

const LEVELS: readonly IsolationLevel[] = ["read committed", "repeatable read", "serializable"];

// pg_export_snapshot() ids: hexadecimal and decimal groups joined by "-" (0000000A-0000001B-1)
const SNAPSHOT_ID = /^[0-9A-Fa-f]+(?:-[0-9A-Fa-f]+)+$/;

/** The two call forms of `transaction`: `(fn)` and `(options, fn)`. */
export function transactionArgs<T>(
  a: TransactionOptions | ((tx: Session) => Promise<T>),
  b: ((tx: Session) => Promise<T>) | undefined,
): { options?: TransactionOptions; fn: (tx: Session) => Promise<T> } {
  if (typeof a === "function") return { fn: a };
  if (typeof b !== "function") {
    throw new ConfitureError("INTERNAL_ERROR", "transaction(options, fn) needs a function as its second argument");
  }
  return hasOptions(a) ? { options: a, fn: b } : { fn: b };
}

function hasOptions(o: TransactionOptions): boolean {
  return Object.values(o).some((v) => v !== undefined);
}

/** The error for options given to a nested transaction, which is a savepoint. */
export function nestedOptionsError(): ConfitureError {
  return new ConfitureError(
    "INTERNAL_ERROR",
    "transaction options apply to an outermost transaction only; a nested transaction is a savepoint",
    { hint: "give the options to the outermost transaction() call" },
  );
}

/**
 * The transaction modes for `BEGIN` (`isolation level repeatable read read only`), checked:
 * only letters and spaces, from a fixed vocabulary. A snapshot implies `repeatable read` when no
 * level is given and is refused with `read committed`.
 */
export function beginModes(o: TransactionOptions): string {
  const modes: string[] = [];
  let level = o.isolation;
  if (level !== undefined && !LEVELS.includes(level)) {
    throw new ConfitureError("INTERNAL_ERROR", `unknown isolation level "${String(level)}"`, {
      hint: `one of: ${LEVELS.join(", ")}`,
    });
  }
  if (o.snapshot !== undefined) {
    if (level === "read committed") {
      throw new ConfitureError(
        "INTERNAL_ERROR",
        "a transaction that imports a snapshot needs the repeatable read or serializable isolation level",
      );
    }
    level ??= "repeatable read";
  }
  if (level !== undefined) modes.push(`isolation level ${level}`);
  if (o.readOnly !== undefined) modes.push(o.readOnly ? "read only" : "read write");
  if (o.deferrable !== undefined) modes.push(o.deferrable ? "deferrable" : "not deferrable");
  return modes.join(" ");
}

/** `SET TRANSACTION SNAPSHOT '…'` for an exported snapshot id (its shape checked). */
export function snapshotStatement(id: string): string {
  if (typeof id !== "string" || !SNAPSHOT_ID.test(id)) {
    throw new ConfitureError("INTERNAL_ERROR", `"${String(id)}" is not a snapshot id from pg_export_snapshot()`);
  }
  return `SET TRANSACTION SNAPSHOT ${quoteLiteral(id)}`;
}
