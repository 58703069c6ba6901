/**
 * Errors raised by Confiture. Every failure inside `src/` is a {@link ConfitureError}
 * (or carries one as `cause`), with a stable `code` from {@link ERROR_CODES}.
 *
 * This folder is a leaf: it imports nothing from the project.
 * @module
 */

export { ConfitureError, isAbortError, isConfitureError, toConfitureError } from "./error.ts";
export type { ConfitureErrorOptions, ServerErrorFields, SourceLocation } from "./error.ts";
export { ERROR_CODES, EXIT_CODE_MEANINGS, EXIT_CODES, exitCodeFor } from "./codes.ts";
export type { ErrorCode, ExitCategory } from "./codes.ts";
export { redact, registerSecret } from "./redact.ts";
