/**
 * A small, fast SQL lexer for PostgreSQL text. It tracks only the states that
 * decide where a token ends: string literals (`'…'`, `E'…'` with backslash
 * escapes, quote continuation across newlines), quoted identifiers (`"…"`),
 * dollar-quoted bodies (`$tag$…$tag$`, nested tags are opaque) and comments
 * (`-- …` and nested `/* /* *\/ *\/`). It does not parse: it answers "does this
 * text end inside a token?", "where are the top-level statements?" and "what is
 * this text without comments and redundant whitespace?" in one linear pass.
 *
 * Offsets are string (UTF-16) indexes; lines and columns are 1-based, columns
 * counted in Unicode code points (see ./locate.ts).
 * @module
 */
import { offsetToLineCol } from "./locate.ts";

export { offsetToLineCol };

/** The kind of token a text can end inside. */
export type UnterminatedKind = "string" | "quoted_identifier" | "dollar_quote" | "block_comment" | "copy_data";

/** Where an unterminated token starts. */
export interface Unterminated {
  kind: UnterminatedKind;
  /** String index of the token's first character. */
  offset: number;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  col: number;
}

/** Options of the lexer. */
export interface LexOptions {
  /**
   * `standard_conforming_strings` (default true): when false, backslashes escape
   * in plain `'…'` strings too, as in PostgreSQL before 9.1.
   */
  standardConformingStrings?: boolean;
}

/** One top-level statement found by {@link splitStatements}. */
export interface LexStatement {
  /** String index of the statement's first token (comments before it are skipped). */
  start: number;
  /** String index just after the statement: after its `;`, or after its last token. */
  end: number;
  /** True when the statement ends with a `;` (false for a trailing statement without one). */
  terminated: boolean;
  /** The first word of the statement, lowercased (`create`, `begin`, …); "" when it starts otherwise. */
  keyword: string;
  /** True when the statement is a psql meta-command line (`\connect …`), not SQL. */
  metaCommand: boolean;
  /**
   * String index of a psql meta-command inside the statement (a backslash outside quotes and
   * comments, as in `SELECT … \gexec`): psql would run it, not send it to the server.
   */
  metaInside?: number;
  /**
   * For `COPY … FROM STDIN`: the inline data that follows it, as psql reads it (the lines after
   * the statement's line, up to a line holding only `\.`, not included, or the end of the text).
   */
  copyData?: CopyData;
}

/** The inline data of a `COPY … FROM STDIN` statement. */
export interface CopyData {
  /** String index of the first data line. */
  start: number;
  /** String index just after the last data line (the start of the `\.` line, or the text's end). */
  end: number;
  /** True when a `\.` line ends the data; false when the text ends first. */
  terminated: boolean;
}

/** The result of {@link splitStatements}. */
export interface SplitResult {
  statements: LexStatement[];
  /** Set when the text ends inside a token. */
  unterminated?: Unterminated;
}

const C_NL = 10;
const C_CR = 13;
const C_SPACE = 32;
const C_TAB = 9;
const C_FF = 12;
const C_VT = 11;
const C_QUOTE = 39; // '
const C_DQUOTE = 34; // "
const C_DOLLAR = 36;
const C_DASH = 45;
const C_SLASH = 47;
const C_STAR = 42;
const C_BACKSLASH = 92;
const C_SEMI = 59;
const C_LPAREN = 40;
const C_RPAREN = 41;

function isSpace(c: number): boolean {
  return c === C_SPACE || c === C_NL || c === C_TAB || c === C_CR || c === C_FF || c === C_VT;
}

/** Identifier start: letters, `_`, and any non-ASCII character (PostgreSQL's `\200-\377` bytes). */
function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
}

/** Identifier continuation: identifier start, digits and `$`. */
function isIdentCont(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === C_DOLLAR;
}

/**
 * If a dollar-quote delimiter (`$$` or `$tag$`) starts at `i`, returns its length, else 0.
 * The caller checks that `i` is not inside an identifier.
 */
function dollarTagLength(text: string, i: number): number {
  const n = text.length;
  let j = i + 1;
  if (j < n && text.charCodeAt(j) === C_DOLLAR) return 2;
  if (j >= n || !isIdentStart(text.charCodeAt(j))) return 0;
  j++;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === C_DOLLAR) return j - i + 1;
    if (!isIdentStart(c) && !(c >= 48 && c <= 57)) return 0;
    j++;
  }
  return 0;
}

/**
 * After a closing quote at `i - 1`, returns the index of the `'` that continues
 * the literal (whitespace holding a newline, then another quote: SQL's
 * continuation), or -1.
 */
function quoteContinuation(text: string, i: number): number {
  const n = text.length;
  let j = i;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === C_SPACE || c === C_TAB || c === C_FF) j++;
    else break;
  }
  if (j >= n) return -1;
  let c = text.charCodeAt(j);
  if (c !== C_NL && c !== C_CR) return -1;
  j++;
  while (j < n) {
    c = text.charCodeAt(j);
    if (isSpace(c)) j++;
    else if (c === C_DASH && text.charCodeAt(j + 1) === C_DASH) {
      while (j < n && text.charCodeAt(j) !== C_NL && text.charCodeAt(j) !== C_CR) j++;
    } else break;
  }
  return j < n && text.charCodeAt(j) === C_QUOTE ? j : -1;
}

/**
 * Scans a quoted literal whose opening `'` is at `q`; `escapes` when backslashes
 * escape (E'' strings). Returns the index after the closing quote (including
 * continued parts), or -1 when the text ends inside it.
 */
function scanString(text: string, q: number, escapes: boolean): number {
  const n = text.length;
  let i = q + 1;
  for (;;) {
    if (i >= n) return -1;
    const c = text.charCodeAt(i);
    if (c === C_QUOTE) {
      if (text.charCodeAt(i + 1) === C_QUOTE) {
        i += 2;
        continue;
      }
      const next = quoteContinuation(text, i + 1);
      if (next < 0) return i + 1;
      i = next + 1;
    } else if (escapes && c === C_BACKSLASH) i += 2;
    else i++;
  }
}

/** Scans a `"…"` identifier opening at `q`; index after it, or -1. */
function scanQuotedIdent(text: string, q: number): number {
  const n = text.length;
  let i = q + 1;
  for (;;) {
    const j = text.indexOf('"', i);
    if (j < 0) return -1;
    if (j + 1 < n && text.charCodeAt(j + 1) === C_DQUOTE) i = j + 2;
    else return j + 1;
  }
}

/** Scans a block comment opening at `i`; index after it, or -1. Nested comments count. */
function scanBlockComment(text: string, i: number): number {
  const n = text.length;
  let depth = 1;
  i += 2;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === C_SLASH && text.charCodeAt(i + 1) === C_STAR) {
      depth++;
      i += 2;
    } else if (c === C_STAR && text.charCodeAt(i + 1) === C_SLASH) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return -1;
}

/** Scans a line comment starting at `i`; index of the line end (or text end). */
function scanLineComment(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === C_NL || c === C_CR) return i;
    i++;
  }
  return n;
}

/** True when `E`/`e` at `i` starts an escape string (`E'…'`) rather than ending an identifier. */
function isEscapeStringStart(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return (c === 69 || c === 101) && text.charCodeAt(i + 1) === C_QUOTE &&
    (i === 0 || !isIdentCont(text.charCodeAt(i - 1)));
}

/**
 * Whether the statement in `text[start, end)` is `COPY … FROM STDIN`: it starts with the word
 * `copy` and has the words `from stdin` outside parentheses, literals and comments.
 */
function isCopyFromStdin(text: string, start: number, end: number): boolean {
  if (
    end - start < 14 || (text.charCodeAt(start) | 32) !== 99 || text.slice(start, start + 4).toLowerCase() !== "copy"
  ) {
    return false;
  }
  let i = start;
  let parens = 0;
  let prevFrom = false;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) i++;
    else if (c === C_DASH && text.charCodeAt(i + 1) === C_DASH) i = scanLineComment(text, i);
    else if (c === C_SLASH && text.charCodeAt(i + 1) === C_STAR) {
      const e = scanBlockComment(text, i);
      i = e < 0 ? end : e;
    } else if (c === C_QUOTE || c === C_DQUOTE || c === C_DOLLAR) {
      // a literal or quoted name: `FROM 'file'` is not STDIN
      const e = c === C_QUOTE
        ? scanString(text, i, false)
        : c === C_DQUOTE
        ? scanQuotedIdent(text, i)
        : i + Math.max(1, dollarTagLength(text, i));
      i = e < 0 ? end : e;
      prevFrom = false;
    } else if (isIdentStart(c)) {
      const e = skipWord(text, i);
      const w = e - i === 4 || e - i === 5 ? text.slice(i, e).toLowerCase() : "";
      if (parens === 0 && prevFrom && w === "stdin") return true;
      prevFrom = parens === 0 && w === "from";
      i = e;
    } else {
      if (c === C_LPAREN) parens++;
      else if (c === C_RPAREN && parens > 0) parens--;
      prevFrom = false;
      i++;
    }
  }
  return false;
}

/**
 * The inline data of a `COPY … FROM STDIN` whose `;` ends at `afterSemi`, as psql reads it:
 * from the next line up to a line holding only `\.` (or the end of the text). `next` is where
 * SQL resumes (after the `\.` line).
 */
function copyDataAt(text: string, afterSemi: number): CopyData & { next: number } {
  const n = text.length;
  const nl = text.indexOf("\n", afterSemi);
  const start = nl < 0 ? n : nl + 1;
  let line = start;
  while (line < n) {
    let eol = text.indexOf("\n", line);
    if (eol < 0) eol = n;
    if (text.charCodeAt(line) === C_BACKSLASH && text.charCodeAt(line + 1) === 46) {
      const rest = eol - (line + 2);
      if (rest === 0 || (rest === 1 && text.charCodeAt(line + 2) === C_CR)) {
        return { start, end: line, terminated: true, next: Math.min(n, eol + 1) };
      }
    }
    line = eol + 1;
  }
  return { start, end: n, terminated: false, next: n };
}

function unterminated(text: string, kind: UnterminatedKind, offset: number): Unterminated {
  const { line, col } = offsetToLineCol(text, offset);
  return { kind, offset, line, col };
}

/** What {@link lexSummary} finds in one pass. */
export interface LexSummary {
  /** Set when the text ends inside a token. */
  unterminated?: Unterminated;
  /** True when the text has a token after its last top-level `;` (its last statement is not terminated). */
  openStatement: boolean;
  /** String index of the first token after the last `;`, when `openStatement`. */
  openStatementAt?: number;
}

/**
 * One fast pass over a text: does it end inside a token, and does it end with
 * a statement that has no `;`? A psql meta-command line (`\…` where a
 * statement would start) is skipped whole.
 *
 * @example
 * ```ts
 * lexSummary("select 1;\nselect 2"); // { openStatement: true, openStatementAt: 10 }
 * ```
 */
export function lexSummary(text: string, options: LexOptions = {}): LexSummary {
  const scs = options.standardConformingStrings ?? true;
  const n = text.length;
  // Jump from one character that can start or end a token to the next: natively, by a regex,
  // which is much faster than a character loop for the plain DDL between them.
  const re = /['"$;\\]|--|\/\*/g;
  let blankFrom = 0; // from here to the current match, only whitespace, comments and `;` since the last `;`
  let i = 0;
  while (i < n) {
    re.lastIndex = i;
    const m = re.exec(text);
    if (m === null) break;
    const at = m.index;
    const c = text.charCodeAt(at);
    if (c === C_DASH) {
      i = scanLineComment(text, at);
      continue;
    }
    if (c === C_SLASH) {
      const e = scanBlockComment(text, at);
      if (e < 0) return { unterminated: unterminated(text, "block_comment", at), ...openSince(text, blankFrom, at) };
      i = e;
      continue;
    }
    if (c === C_SEMI) {
      const st = firstToken(text, blankFrom, at);
      if (st >= 0 && isCopyFromStdin(text, st, at)) {
        // psql reads the lines after `COPY … FROM STDIN;` as data, up to `\.`
        const data = copyDataAt(text, at + 1);
        if (!data.terminated) return { unterminated: unterminated(text, "copy_data", st), openStatement: false };
        blankFrom = i = data.next;
        continue;
      }
      blankFrom = at + 1;
      i = at + 1;
      continue;
    }
    if (c === C_BACKSLASH) {
      // a psql meta-command where a statement would start: skip the line
      if (firstToken(text, blankFrom, at) < 0) {
        i = scanLineComment(text, at);
        blankFrom = i;
      } else i = at + 1;
      continue;
    }
    if (c === C_QUOTE) {
      const escape = at > 0 && (text.charCodeAt(at - 1) === 69 || text.charCodeAt(at - 1) === 101) &&
        isEscapeStringStart(text, at - 1);
      const e = scanString(text, at, escape || !scs);
      if (e < 0) return { unterminated: unterminated(text, "string", escape ? at - 1 : at), openStatement: true };
      i = e;
    } else if (c === C_DQUOTE) {
      const e = scanQuotedIdent(text, at);
      if (e < 0) return { unterminated: unterminated(text, "quoted_identifier", at), openStatement: true };
      i = e;
    } else {
      // `$`: a dollar quote unless it continues an identifier (`a$b`) or is a parameter (`$1`)
      const len = at > 0 && isIdentCont(text.charCodeAt(at - 1)) ? 0 : dollarTagLength(text, at);
      if (len === 0) i = at + 1;
      else {
        const close = text.indexOf(text.slice(at, at + len), at + len);
        if (close < 0) return { unterminated: unterminated(text, "dollar_quote", at), openStatement: true };
        i = close + len;
      }
    }
  }
  return openSince(text, blankFrom, n);
}

/** Whether a token starts in `text[from, to)` outside comments, and where. */
function openSince(text: string, from: number, to: number): { openStatement: boolean; openStatementAt?: number } {
  const at = firstToken(text, from, to);
  return at < 0 ? { openStatement: false } : { openStatement: true, openStatementAt: at };
}

/** String index of the first character of `text[from, to)` that is not whitespace, a comment or `;`; -1 if none. */
function firstToken(text: string, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (isSpace(c) || c === C_SEMI) i++;
    else if (c === C_DASH && text.charCodeAt(i + 1) === C_DASH) i = scanLineComment(text, i);
    else if (c === C_SLASH && text.charCodeAt(i + 1) === C_STAR) {
      const e = scanBlockComment(text, i);
      i = e < 0 ? to : e;
    } else return i;
  }
  return -1;
}

/**
 * Where a text ends inside a string, quoted identifier, dollar-quoted body or
 * block comment: the kind and position of the token that never ends.
 * `undefined` when every token is terminated. A psql meta-command line
 * (`\…` where a statement would start) is skipped whole.
 *
 * @example
 * ```ts
 * findUnterminated("select 1;\nselect 'oops;"); // { kind: "string", offset: 17, line: 2, col: 8 }
 * ```
 */
export function findUnterminated(text: string, options: LexOptions = {}): Unterminated | undefined {
  return lexSummary(text, options).unterminated;
}

/**
 * Skips an identifier, keyword or number starting at `i` (so that `$` and `E`
 * inside it are not taken for a dollar quote or an escape string).
 */
function skipWord(text: string, i: number): number {
  const n = text.length;
  i++;
  while (i < n && isIdentCont(text.charCodeAt(i))) i++;
  return i;
}

/**
 * Splits SQL text into top-level statements at `;`, as psql does: semicolons
 * inside literals, comments, parentheses and the `BEGIN … END` body of a
 * `CREATE [OR REPLACE] FUNCTION|PROCEDURE` (SQL-standard `BEGIN ATOMIC`, with
 * `CASE … END` counted inside it) do not split. A line starting with `\` where
 * a statement would start is a psql meta-command and becomes its own entry.
 * Empty statements (`;;`) are dropped.
 *
 * @example
 * ```ts
 * const { statements } = splitStatements("create table t (a text default ';');\nselect 1");
 * statements.map((s) => [s.keyword, s.terminated]); // [["create", true], ["select", false]]
 * ```
 */
export function splitStatements(text: string, options: LexOptions = {}): SplitResult {
  const scs = options.standardConformingStrings ?? true;
  const n = text.length;
  const statements: LexStatement[] = [];
  let i = 0;
  let start = -1; // first token of the current statement
  let lastEnd = 0; // end of the current statement's last token
  let keyword = "";
  let parens = 0;
  let begins = 0;
  let metaInside = -1;
  // psql's heuristic: the first words of the statement, to recognize CREATE [OR REPLACE] FUNCTION|PROCEDURE
  let words = 0;
  let w0 = "";
  let w1 = "";
  let w2 = "";
  let w3 = "";
  const begin = (at: number) => {
    if (start < 0) {
      start = at;
      keyword = "";
      parens = 0;
      begins = 0;
      metaInside = -1;
      words = 0;
      w0 =
        w1 =
        w2 =
        w3 =
          "";
    }
  };
  const finish = (end: number, terminated: boolean): CopyData | undefined => {
    let copyData: CopyData | undefined;
    if (start >= 0) {
      const st: LexStatement = { start, end, terminated, keyword, metaCommand: false };
      if (metaInside >= 0) st.metaInside = metaInside;
      if (terminated && keyword === "copy" && isCopyFromStdin(text, start, end)) {
        const { next: _, ...data } = copyDataAt(text, end);
        st.copyData = copyData = data;
      }
      statements.push(st);
    }
    start = -1;
    return copyData;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === C_DASH && text.charCodeAt(i + 1) === C_DASH) {
      i = scanLineComment(text, i);
      continue;
    }
    if (c === C_SLASH && text.charCodeAt(i + 1) === C_STAR) {
      const e = scanBlockComment(text, i);
      if (e < 0) return { statements, unterminated: unterminated(text, "block_comment", i) };
      i = e;
      continue;
    }
    if (c === C_BACKSLASH && start < 0) {
      // psql meta-command: the rest of the line
      const e = scanLineComment(text, i);
      statements.push({ start: i, end: e, terminated: true, keyword: "", metaCommand: true });
      i = e;
      continue;
    }
    if (c === C_SEMI) {
      if (start >= 0 && parens <= 0 && begins <= 0) {
        const copyStart = start;
        const data = finish(i + 1, true);
        if (data) {
          if (!data.terminated) return { statements, unterminated: unterminated(text, "copy_data", copyStart) };
          i = copyDataAt(text, i + 1).next;
          continue;
        }
      } else if (start >= 0) lastEnd = i + 1;
      i++;
      continue;
    }
    begin(i);
    if (c === C_QUOTE) {
      const e = scanString(text, i, !scs);
      if (e < 0) return { statements, unterminated: unterminated(text, "string", i) };
      i = e;
    } else if (c === C_DQUOTE) {
      const e = scanQuotedIdent(text, i);
      if (e < 0) return { statements, unterminated: unterminated(text, "quoted_identifier", i) };
      i = e;
    } else if (c === C_DOLLAR) {
      const len = dollarTagLength(text, i);
      if (len === 0) i++;
      else {
        const close = text.indexOf(text.slice(i, i + len), i + len);
        if (close < 0) return { statements, unterminated: unterminated(text, "dollar_quote", i) };
        i = close + len;
      }
    } else if (isIdentStart(c)) {
      if ((c === 69 || c === 101) && isEscapeStringStart(text, i)) {
        const e = scanString(text, i + 1, true);
        if (e < 0) return { statements, unterminated: unterminated(text, "string", i) };
        i = e;
      } else {
        const e = skipWord(text, i);
        const len = e - i;
        if (words === 0) keyword = text.slice(i, e).toLowerCase();
        // Only the first four words and, in a CREATE FUNCTION|PROCEDURE, BEGIN/CASE/END matter.
        if (words < 4 && len <= 9) {
          const w = words === 0 ? keyword : text.slice(i, e).toLowerCase();
          if (w === "create" || w === "or" || w === "replace" || w === "function" || w === "procedure") {
            if (words === 0) w0 = w;
            else if (words === 1) w1 = w;
            else if (words === 2) w2 = w;
            else w3 = w;
          }
        } else if (
          parens === 0 && (len === 3 || len === 4 || len === 5) && w0 === "create" &&
          (w1 === "function" || w1 === "procedure" ||
            (w1 === "or" && w2 === "replace" && (w3 === "function" || w3 === "procedure")))
        ) {
          const w = text.slice(i, e).toLowerCase();
          if (w === "begin") begins++;
          else if (w === "case") {
            if (begins >= 1) begins++;
          } else if (w === "end" && begins > 0) begins--;
        }
        words++;
        i = e;
      }
    } else if (c >= 48 && c <= 57) {
      i = skipWord(text, i);
    } else {
      if (c === C_LPAREN) parens++;
      else if (c === C_RPAREN && parens > 0) parens--;
      else if (c === C_BACKSLASH && metaInside < 0) metaInside = i;
      i++;
    }
    lastEnd = i;
  }
  if (start >= 0) {
    const st: LexStatement = { start, end: lastEnd, terminated: false, keyword, metaCommand: false };
    if (metaInside >= 0) st.metaInside = metaInside;
    statements.push(st);
  }
  return { statements };
}

/**
 * Normalizes SQL text for checksums: comments removed, every run of whitespace
 * (and comments) outside literals collapsed to one space, leading and trailing
 * whitespace removed. String literals (including `E''` escapes and continued
 * literals), dollar-quoted bodies and quoted identifiers are kept byte-exact.
 * A text ending inside a token keeps that token's remainder as it is.
 *
 * @example
 * ```ts
 * normalizeForChecksum("select  1 -- one\n ,  'a  b'"); // "select 1 , 'a  b'"
 * ```
 */
export function normalizeForChecksum(text: string, options: LexOptions = {}): string {
  const scs = options.standardConformingStrings ?? true;
  const n = text.length;
  const parts: string[] = [];
  let gap = false; // whitespace or a comment was seen since the last token
  let runStart = -1; // start of the run of adjacent tokens being copied
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    let skip = -1;
    if (isSpace(c)) skip = i + 1;
    else if (c === C_DASH && text.charCodeAt(i + 1) === C_DASH) skip = scanLineComment(text, i);
    else if (c === C_SLASH && text.charCodeAt(i + 1) === C_STAR) {
      const e = scanBlockComment(text, i);
      skip = e < 0 ? n : e;
    }
    if (skip >= 0) {
      if (runStart >= 0) parts.push(text.slice(runStart, i));
      runStart = -1;
      gap = true;
      i = skip;
      continue;
    }
    let e: number;
    if (c === C_QUOTE) e = scanString(text, i, !scs);
    else if ((c === 69 || c === 101) && isEscapeStringStart(text, i)) e = scanString(text, i + 1, true);
    else if (c === C_DQUOTE) e = scanQuotedIdent(text, i);
    else if (c === C_DOLLAR) {
      const len = dollarTagLength(text, i);
      if (len === 0) e = i + 1;
      else {
        const close = text.indexOf(text.slice(i, i + len), i + len);
        e = close < 0 ? n : close + len;
      }
    } else if (isIdentStart(c) || (c >= 48 && c <= 57)) e = skipWord(text, i);
    else e = i + 1;
    if (e < 0) e = n;
    if (runStart < 0) {
      if (gap && parts.length > 0) parts.push(" ");
      runStart = i;
    }
    gap = false;
    i = e;
  }
  if (runStart >= 0) parts.push(text.slice(runStart, n));
  return parts.join("");
}

/** The kind of a {@link SqlToken}. */
export type SqlTokenKind = "word" | "string" | "quoted_identifier" | "dollar_quoted" | "punct";

/** One token of {@link sqlTokens}: `text.slice(start, end)` is its text. */
export interface SqlToken {
  /**
   * `word`: a keyword, identifier or number; `string`: a literal with its prefix (`E'…'`);
   * `quoted_identifier`: `"…"`; `dollar_quoted`: `$tag$…$tag$`; `punct`: any other character.
   */
  kind: SqlTokenKind;
  start: number;
  end: number;
}

/**
 * The tokens of a SQL text, in order, without whitespace and comments. Literals (also `E'…'`
 * with backslash escapes and continued literals), quoted identifiers and dollar-quoted bodies
 * are one token each; a token the text ends inside runs to its end.
 *
 * @example
 * ```ts
 * const sql = "copy (select E'it\\'s') to stdout";
 * [...sqlTokens(sql)].filter((t) => t.kind === "word").map((t) => sql.slice(t.start, t.end));
 * // ["copy", "select", "to", "stdout"]
 * ```
 */
export function* sqlTokens(text: string, options: LexOptions = {}): Generator<SqlToken> {
  const scs = options.standardConformingStrings ?? true;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
    } else if (c === C_DASH && text.charCodeAt(i + 1) === C_DASH) {
      i = scanLineComment(text, i);
    } else if (c === C_SLASH && text.charCodeAt(i + 1) === C_STAR) {
      const e = scanBlockComment(text, i);
      i = e < 0 ? n : e;
    } else if (isEscapeStringStart(text, i)) {
      const e = scanString(text, i + 1, true);
      yield { kind: "string", start: i, end: i = e < 0 ? n : e };
    } else if (c === C_QUOTE) {
      const e = scanString(text, i, !scs);
      yield { kind: "string", start: i, end: i = e < 0 ? n : e };
    } else if (c === C_DQUOTE) {
      const e = scanQuotedIdent(text, i);
      yield { kind: "quoted_identifier", start: i, end: i = e < 0 ? n : e };
    } else if (c === C_DOLLAR && dollarTagLength(text, i) > 0) {
      const len = dollarTagLength(text, i);
      const close = text.indexOf(text.slice(i, i + len), i + len);
      yield { kind: "dollar_quoted", start: i, end: i = close < 0 ? n : close + len };
    } else if (isIdentStart(c) || (c >= 48 && c <= 57)) {
      yield { kind: "word", start: i, end: i = skipWord(text, i) };
    } else {
      yield { kind: "punct", start: i, end: ++i };
    }
  }
}
