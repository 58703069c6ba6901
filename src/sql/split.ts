/**
 * Statement splitting with exact offsets, by the real PostgreSQL parser
 * (libpg_query). libpg_query reports UTF-8 byte offsets; everything here is
 * converted to JavaScript string (UTF-16) offsets and 1-based line/column.
 * @module
 */
import { ConfitureError } from "../errors/mod.ts";
import { lineColMapper, offsetToLineCol } from "./locate.ts";

/** One statement of a SQL text. */
export interface SqlStatement {
  /** The statement text, without the terminating semicolon or surrounding comments. */
  text: string;
  /** Offset of the first character in the source text (string index). */
  start: number;
  /** Offset just after the last character (string index). */
  end: number;
  /** 1-based line of the first character. */
  line: number;
  /** 1-based column of the first character. */
  col: number;
  /** Parse node type, e.g. `CreateStmt`, `IndexStmt`. */
  kind: string;
  /** The parse node body (libpg_query JSON), e.g. the object under `IndexStmt`. */
  node: Record<string, unknown>;
}

/** A comment of a SQL text, with its position. */
export interface SqlComment {
  text: string;
  start: number;
  line: number;
  col: number;
}

/** Options of {@link splitSql}. */
export interface SplitOptions {
  /** File name used in error locations. */
  file?: string;
}

interface PgQuery {
  parseSync(q: string): { stmts?: { stmt: Record<string, unknown>; stmt_location?: number; stmt_len?: number }[] };
  scanSync(q: string): { tokens: { start: number; end: number; tokenName: string }[] };
}

let pgq: Promise<PgQuery> | undefined;

/** Loads the parser (WASM) once, on first use. */
function parser(): Promise<PgQuery> {
  pgq ??= (async () => {
    const m: typeof import("./_pg_query.ts") = await import(new URL("./_pg_query.ts", import.meta.url).href);
    await m.loadModule();
    return m as unknown as PgQuery;
  })();
  return pgq;
}

/**
 * Maps UTF-8 byte offsets of `text` to string indexes. Identity for ASCII text.
 */
export function byteToCharMapper(text: string): (byteOffset: number) => number {
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) return (b) => Math.min(b, text.length);
  const bytes = new TextEncoder().encode(text).length;
  const map = new Uint32Array(bytes + 1);
  let b = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    const n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let k = 0; k < n; k++) map[b + k] = i;
    b += n;
    if (cp >= 0x10000) i++;
  }
  map[bytes] = text.length;
  return (off) => map[Math.max(0, Math.min(off, bytes))];
}

/**
 * Splits SQL text into statements with exact positions, using the PostgreSQL
 * parser. A syntax error becomes `SQL_SYNTAX_ERROR` located at `file:line:col`.
 *
 * @example
 * ```ts
 * const stmts = await splitSql("create table t (a int);\nselect ';';", { file: "x.sql" });
 * stmts.map((s) => [s.kind, s.line]); // [["CreateStmt", 1], ["SelectStmt", 2]]
 * ```
 */
export async function splitSql(text: string, options: SplitOptions = {}): Promise<SqlStatement[]> {
  const pg = await parser();
  const file = options.file ?? "<sql>";
  if (text.trim() === "") return [];
  let parsed: ReturnType<PgQuery["parseSync"]>;
  try {
    parsed = pg.parseSync(text);
  } catch (e) {
    const d = (e as { sqlDetails?: { message: string; cursorPosition: number } }).sqlDetails;
    const pos = d ? Math.max(0, Math.min(d.cursorPosition, text.length)) : 0;
    const lc = offsetToLineCol(text, pos);
    throw new ConfitureError("SQL_SYNTAX_ERROR", d?.message ?? (e instanceof Error ? e.message : String(e)), {
      location: { file, line: lc.line, col: lc.col },
      cause: e,
    });
  }
  const stmts = parsed.stmts ?? [];
  if (stmts.length === 0) return [];
  const toChar = byteToCharMapper(text);
  const lineCol = lineColMapper(text);
  const out: SqlStatement[] = [];
  for (const raw of stmts) {
    const from = toChar(raw.stmt_location ?? 0);
    const to = raw.stmt_len ? toChar((raw.stmt_location ?? 0) + raw.stmt_len) : text.length;
    const start = skipSpaceAndComments(text, from, to);
    const end = trimEnd(text, start, to);
    const kind = Object.keys(raw.stmt)[0];
    const lc = lineCol(start);
    out.push({
      text: text.slice(start, end),
      start,
      end,
      line: lc.line,
      col: lc.col,
      kind,
      node: (raw.stmt[kind] ?? {}) as Record<string, unknown>,
    });
  }
  return out;
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Skips whitespace and comments from `i` (before `end`). */
function skipSpaceAndComments(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) i++;
    else if (c === 45 && text.charCodeAt(i + 1) === 45) {
      while (i < end && text.charCodeAt(i) !== 10) i++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
      let depth = 1;
      i += 2;
      while (i < end && depth > 0) {
        if (text.charCodeAt(i) === 47 && text.charCodeAt(i + 1) === 42) (depth++, i += 2);
        else if (text.charCodeAt(i) === 42 && text.charCodeAt(i + 1) === 47) (depth--, i += 2);
        else i++;
      }
    } else break;
  }
  return Math.min(i, end);
}

/**
 * The end of a statement: trailing whitespace and semicolons removed. Comments
 * inside the statement's range (and after the last statement) stay in its text.
 */
function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && (isSpace(text.charCodeAt(e - 1)) || text.charCodeAt(e - 1) === 59)) e--;
  return e;
}

/**
 * The comments of a SQL text (`-- …` and `/* … *\/`), in order, with positions.
 * Used for directives such as `-- confiture:no-transaction`.
 */
export async function sqlComments(text: string): Promise<SqlComment[]> {
  const pg = await parser();
  let tokens: { start: number; end: number; tokenName: string }[];
  if (text.trim() === "") return [];
  try {
    tokens = pg.scanSync(text).tokens;
  } catch (e) {
    throw new ConfitureError("SQL_SYNTAX_ERROR", e instanceof Error ? e.message : String(e), { cause: e });
  }
  const toChar = byteToCharMapper(text);
  const lineCol = lineColMapper(text);
  const out: SqlComment[] = [];
  for (const t of tokens) {
    if (t.tokenName !== "SQL_COMMENT" && t.tokenName !== "C_COMMENT") continue;
    const start = toChar(t.start);
    const lc = lineCol(start);
    out.push({ text: text.slice(start, toChar(t.end)), start, line: lc.line, col: lc.col });
  }
  return out;
}
