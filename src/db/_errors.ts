import { ConfitureError, type ServerErrorFields, toConfitureError } from "../errors/mod.ts";
import { parseCopyContext, safeContext, safeDetail, safeHint, safeMessage } from "./_data_safe.ts";

/**
 * The fields PostgreSQL error responses carry. postgres.js names them `table_name`, … (and the
 * data type `data type_name`), PGlite `table`, `dataType`, ….
 */
interface ServerErrorResponse {
  code?: string;
  message?: string;
  detail?: string;
  hint?: string;
  position?: string | number;
  where?: string;
  severity?: string;
  schema_name?: string;
  table_name?: string;
  column_name?: string;
  constraint_name?: string;
  "data type_name"?: string;
  datatype_name?: string;
  schema?: string;
  table?: string;
  column?: string;
  constraint?: string;
  dataType?: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** True when `e` looks like an ErrorResponse from a PostgreSQL backend. */
export function isServerError(e: unknown): e is ServerErrorResponse & Error {
  if (!(e instanceof Error)) return false;
  const f = e as ServerErrorResponse;
  return typeof f.code === "string" && SQLSTATE.test(f.code) && typeof f.severity === "string";
}

/** Options of {@link fromServerError}. */
export interface ServerErrorOptions {
  /**
   * Remove every row value from the message, detail, context and hint, keeping names; a text
   * of no known shape is withheld. The driver's error is not kept as `cause` (it holds the
   * values). Default false: the server's texts as they are.
   */
  dataSafe?: boolean;
}

function text(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** The structured fields of a server error; COPY's context fills in the table, column and line. */
function serverFields(e: ServerErrorResponse, position: number | undefined, dataSafe: boolean): ServerErrorFields {
  const copy = parseCopyContext(text(e.where));
  const f: ServerErrorFields = { sqlstate: e.code as string };
  const schema = text(e.schema_name) ?? text(e.schema);
  const table = text(e.table_name) ?? text(e.table) ?? copy?.table;
  const column = text(e.column_name) ?? text(e.column) ?? copy?.column;
  const constraint = text(e.constraint_name) ?? text(e.constraint);
  const dataType = text(e["data type_name"]) ?? text(e.datatype_name) ?? text(e.dataType);
  if (schema !== undefined) f.schema = schema;
  if (table !== undefined) f.table = table;
  if (column !== undefined) f.column = column;
  if (constraint !== undefined) f.constraint = constraint;
  if (dataType !== undefined) f.dataType = dataType;
  if (position !== undefined) f.position = position;
  if (copy !== undefined) f.copyLine = copy.line;
  if (dataSafe) f.dataSafe = true;
  return f;
}

/**
 * Converts a server error into a ConfitureError(SQL_ERROR) carrying SQLSTATE, detail (with the
 * server's context), hint, the 1-based character position inside the statement, and the
 * structured fields in `server`. With `dataSafe`, the texts are stripped of row values.
 * Anything else is returned unchanged (already a ConfitureError) or wrapped.
 */
export function fromServerError(e: unknown, options: ServerErrorOptions = {}): ConfitureError {
  if (e instanceof ConfitureError) return e;
  if (isServerError(e)) {
    const sqlstate = e.code as string;
    const pos = e.position === undefined || e.position === "" ? undefined : Number(e.position);
    const position = Number.isFinite(pos) ? pos : undefined;
    const code = sqlstate === "28P01" || sqlstate === "28000"
      ? "CONNECTION_AUTH_FAILED"
      : sqlstate === "3D000"
      ? "CONNECTION_FAILED"
      : "SQL_ERROR";
    const safe = options.dataSafe === true;
    const message = safe ? safeMessage(sqlstate, e.message) : e.message;
    const detail = safe ? safeDetail(text(e.detail)) : text(e.detail);
    const where = safe ? safeContext(text(e.where)) : text(e.where);
    const details = [detail, where ? `context: ${where}` : undefined].filter((x) => x !== undefined);
    return new ConfitureError(code, message, {
      sqlstate,
      detail: details.length ? details.join("\n") : undefined,
      hint: safe ? safeHint(text(e.hint)) : text(e.hint),
      position,
      server: serverFields(e, position, safe),
      cause: safe ? undefined : e,
    });
  }
  return toConfitureError(e);
}
