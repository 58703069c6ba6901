import type { ErrorCode } from "./codes.ts";
import { redact } from "./redact.ts";

/** A position in a source file; `line` and `col` start at 1. */
export interface SourceLocation {
  /** The path, relative to the project root where there is one. */
  file: string;
  /** Line, from 1. */
  line: number;
  /** Column, from 1. */
  col: number;
}

/**
 * The structured fields of an error reported by PostgreSQL, as the server sent them. Only the
 * database layer (`src/db/`) sets them; an error that wraps another one (its `cause`) carries
 * them on. Every field is a name or a number, never a row value.
 */
export interface ServerErrorFields {
  /** SQLSTATE, e.g. `23505`. */
  sqlstate: string;
  /** Schema of the object involved. */
  schema?: string;
  /** Table (or view, sequence) involved; for a COPY row, the table of the COPY. */
  table?: string;
  /** Column involved; for a COPY row, the column being read when it failed. */
  column?: string;
  /** Constraint that was violated. */
  constraint?: string;
  /** Data type involved. */
  dataType?: string;
  /** 1-based character position inside the statement the server received. */
  position?: number;
  /** For a row rejected by `COPY … FROM`, the line of the COPY data the server counted. */
  copyLine?: number;
  /** True when values were removed from the message, detail, context and hint (data-safe mode). */
  dataSafe?: boolean;
}

/** Options of a {@link ConfitureError} besides its code and message. */
export interface ConfitureErrorOptions {
  /** Longer explanation: server detail, the objects involved. */
  detail?: string;
  /** What the user can do about it. */
  hint?: string;
  /** Where in a file the problem is. */
  location?: SourceLocation;
  /** SQLSTATE, when the error came from PostgreSQL. */
  sqlstate?: string;
  /** 1-based character position inside the statement that failed (server errors). */
  position?: number;
  /**
   * Structured fields of a server error (set by `src/db/` only). When omitted, those of a
   * ConfitureError given as `cause` are carried over.
   */
  server?: ServerErrorFields;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * The one error type of Confiture.
 *
 * @example
 * ```ts
 * import { ConfitureError } from "./mod.ts";
 * throw new ConfitureError("CONFIG_UNKNOWN_KEY", "unknown key \"databse_url\"", {
 *   location: { file: "db/environments/local.yaml", line: 3, col: 1 },
 *   hint: "did you mean \"database_url\"?",
 * });
 * ```
 */
export class ConfitureError extends Error {
  /** The stable error code (see {@link ERROR_CODES}). */
  readonly code: ErrorCode;
  /** Longer explanation: server detail, the objects involved. */
  detail?: string;
  /** What the user can do about it. */
  hint?: string;
  /** Where in a file the problem is. */
  location?: SourceLocation;
  /** SQLSTATE, when the error came from PostgreSQL. */
  sqlstate?: string;
  /** 1-based character position inside the statement that failed (server errors). */
  position?: number;
  /** Structured fields of the server error behind this one, when there is one. */
  server?: ServerErrorFields;

  /** An error with a code from {@link ERROR_CODES} and a message; secrets in the message are redacted. */
  constructor(code: ErrorCode, message: string, options: ConfitureErrorOptions = {}) {
    super(redact(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ConfitureError";
    this.code = code;
    if (options.detail !== undefined) this.detail = redact(options.detail);
    if (options.hint !== undefined) this.hint = redact(options.hint);
    if (options.location !== undefined) this.location = options.location;
    if (options.sqlstate !== undefined) this.sqlstate = options.sqlstate;
    if (options.position !== undefined) this.position = options.position;
    const server = options.server ?? (options.cause instanceof ConfitureError ? options.cause.server : undefined);
    if (server !== undefined) this.server = redactedFields(server);
  }

  /** The JSON shape used in `--json` envelopes. Secrets are already redacted. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { code: this.code, message: this.message };
    if (this.detail !== undefined) out.detail = this.detail;
    if (this.hint !== undefined) out.hint = this.hint;
    if (this.location !== undefined) out.location = this.location;
    if (this.sqlstate !== undefined) out.sqlstate = this.sqlstate;
    if (this.server !== undefined) out.server = { ...this.server };
    return out;
  }
}

/** The fields with secrets redacted from their names (undefined ones left out). */
function redactedFields(f: ServerErrorFields): ServerErrorFields {
  const out: ServerErrorFields = { sqlstate: f.sqlstate };
  for (const k of ["schema", "table", "column", "constraint", "dataType"] as const) {
    const v = f[k];
    if (v !== undefined) out[k] = redact(v);
  }
  if (f.position !== undefined) out.position = f.position;
  if (f.copyLine !== undefined) out.copyLine = f.copyLine;
  if (f.dataSafe) out.dataSafe = true;
  return out;
}

/**
 * True when `e` is a {@link ConfitureError}.
 *
 * @example
 * ```ts
 * import { isConfitureError, loadConfig } from "./mod.ts";
 * try {
 *   await loadConfig({ root: ".", env: "production", vars: Deno.env.toObject() });
 * } catch (e) {
 *   if (!isConfitureError(e)) throw e;
 *   console.error(`${e.code}: ${e.message}`, e.hint ?? "");
 * }
 * ```
 */
export function isConfitureError(e: unknown): e is ConfitureError {
  return e instanceof ConfitureError;
}

/**
 * True when `e` is the error of an aborted operation: a web API's `AbortError` (a
 * `DOMException`, or any error named so), as `signal.reason` is by default.
 */
export function isAbortError(e: unknown): boolean {
  return (e instanceof Error || e instanceof DOMException) && e.name === "AbortError";
}

/**
 * Wraps anything thrown into a {@link ConfitureError}; a ConfitureError found as
 * `e` or in its `cause` chain is returned as it is. An `AbortError` (an aborted signal)
 * becomes INTERRUPTED.
 */
export function toConfitureError(e: unknown, code: ErrorCode = "INTERNAL_ERROR"): ConfitureError {
  let cur: unknown = e;
  for (let i = 0; i < 8 && cur !== undefined && cur !== null; i++) {
    if (cur instanceof ConfitureError) return cur;
    cur = (cur as { cause?: unknown }).cause;
  }
  const message = e instanceof Error ? e.message : String(e);
  return new ConfitureError(isAbortError(e) ? "INTERRUPTED" : code, message, { cause: e });
}
