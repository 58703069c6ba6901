import { ConfitureError } from "../errors/mod.ts";

/** The fields PostgreSQL error responses carry (postgres.js and PGlite use these names). */
interface ServerErrorFields {
  code?: string;
  message?: string;
  detail?: string;
  hint?: string;
  position?: string | number;
  where?: string;
  schema_name?: string;
  table_name?: string;
  column_name?: string;
  constraint_name?: string;
  severity?: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** True when `e` looks like an ErrorResponse from a PostgreSQL backend. */
export function isServerError(e: unknown): e is ServerErrorFields & Error {
  if (!(e instanceof Error)) return false;
  const f = e as ServerErrorFields;
  return typeof f.code === "string" && SQLSTATE.test(f.code) && typeof f.severity === "string";
}

/**
 * Converts a server error into a ConfitureError(SQL_ERROR) carrying SQLSTATE,
 * detail, hint and the 1-based character position inside the statement.
 * Anything else is returned unchanged (already a ConfitureError) or wrapped.
 */
export function fromServerError(e: unknown): ConfitureError {
  if (e instanceof ConfitureError) return e;
  if (isServerError(e)) {
    const pos = e.position === undefined || e.position === "" ? undefined : Number(e.position);
    const code = e.code === "28P01" || e.code === "28000"
      ? "CONNECTION_AUTH_FAILED"
      : e.code === "3D000"
      ? "CONNECTION_FAILED"
      : "SQL_ERROR";
    const details = [e.detail, e.where ? `context: ${e.where}` : undefined].filter(Boolean);
    return new ConfitureError(code, e.message, {
      sqlstate: e.code,
      detail: details.length ? details.join("\n") : undefined,
      hint: e.hint,
      position: Number.isFinite(pos) ? pos : undefined,
      cause: e,
    });
  }
  return new ConfitureError("INTERNAL_ERROR", e instanceof Error ? e.message : String(e), { cause: e });
}
