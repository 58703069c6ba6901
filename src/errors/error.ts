import type { ErrorCode } from "./codes.ts";
import { redact } from "./redact.ts";

/** A position in a source file; `line` and `col` start at 1. */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
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
  /** The underlying error. */
  cause?: unknown;
}

/**
 * The one error type of Confiture.
 *
 * @example
 * ```ts
 * throw new ConfitureError("CONFIG_UNKNOWN_KEY", "unknown key \"databse_url\"", {
 *   location: { file: "db/environments/local.yaml", line: 3, col: 1 },
 *   hint: "did you mean \"database_url\"?",
 * });
 * ```
 */
export class ConfitureError extends Error {
  readonly code: ErrorCode;
  detail?: string;
  hint?: string;
  location?: SourceLocation;
  sqlstate?: string;
  position?: number;

  constructor(code: ErrorCode, message: string, options: ConfitureErrorOptions = {}) {
    super(redact(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ConfitureError";
    this.code = code;
    if (options.detail !== undefined) this.detail = redact(options.detail);
    if (options.hint !== undefined) this.hint = redact(options.hint);
    if (options.location !== undefined) this.location = options.location;
    if (options.sqlstate !== undefined) this.sqlstate = options.sqlstate;
    if (options.position !== undefined) this.position = options.position;
  }

  /** The JSON shape used in `--json` envelopes. Secrets are already redacted. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { code: this.code, message: this.message };
    if (this.detail !== undefined) out.detail = this.detail;
    if (this.hint !== undefined) out.hint = this.hint;
    if (this.location !== undefined) out.location = this.location;
    if (this.sqlstate !== undefined) out.sqlstate = this.sqlstate;
    return out;
  }
}

/** True when `e` is a {@link ConfitureError}. */
export function isConfitureError(e: unknown): e is ConfitureError {
  return e instanceof ConfitureError;
}

/**
 * Wraps anything thrown into a {@link ConfitureError}; a ConfitureError found as
 * `e` or in its `cause` chain is returned as it is.
 */
export function toConfitureError(e: unknown, code: ErrorCode = "INTERNAL_ERROR"): ConfitureError {
  let cur: unknown = e;
  for (let i = 0; i < 8 && cur !== undefined && cur !== null; i++) {
    if (cur instanceof ConfitureError) return cur;
    cur = (cur as { cause?: unknown }).cause;
  }
  const message = e instanceof Error ? e.message : String(e);
  return new ConfitureError(code, message, { cause: e });
}
