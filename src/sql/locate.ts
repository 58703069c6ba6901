/**
 * Positions in SQL text: string indexes to 1-based `line:col`, and a server error's position
 * inside a statement to the place in the file the statement came from.
 *
 * PostgreSQL reports an error's position as a 1-based count of characters (Unicode code points)
 * of the query text it received, and a run-time error inside a `DO` block as a line of the
 * block's body (`PL/pgSQL function inline_code_block line N` in the error's context). JavaScript
 * strings count UTF-16 code units, so a character outside the Basic Multilingual Plane (an emoji)
 * is one position for the server and two string indexes here. Every conversion between the two
 * lives in this file.
 *
 * Lines end at `\n` (a `\r` before it belongs to the line); columns count code points from the
 * start of the line, as the server counts positions.
 * @module
 */

/** A place in a text: its string index, and its 1-based line and column (in code points). */
export interface TextPosition {
  /** String (UTF-16) index. */
  offset: number;
  /** 1-based line. */
  line: number;
  /** 1-based column, in Unicode code points. */
  col: number;
}

/** The number of Unicode code points of `text` between string indexes `from` and `to`. */
export function codePointCount(text: string, from: number, to: number): number {
  let n = to - from;
  for (let i = from; i < to - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/**
 * The string index reached after `count` code points of `text` from index `from` (at most
 * `text.length`).
 *
 * @example
 * ```ts
 * codePointOffset("a😀b", 0, 2); // 3: "a" is one index, the emoji two
 * ```
 */
export function codePointOffset(text: string, from: number, count: number): number {
  let i = from;
  for (let k = 0; k < count && i < text.length; k++) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
  }
  return Math.min(i, text.length);
}

/**
 * The string index of the 1-based character (code point) position `pos` of `text`, as the
 * server counts positions; a position past the end gives `text.length`.
 */
export function charPositionToIndex(text: string, pos: number): number {
  return codePointOffset(text, 0, pos - 1);
}

function lineColFrom(text: string, lineStart: number, line: number, offset: number): { line: number; col: number } {
  return { line, col: codePointCount(text, lineStart, Math.min(offset, text.length)) + 1 };
}

/**
 * The 1-based line and column of string index `offset` in `text` (columns in Unicode code
 * points, as PostgreSQL counts error positions; lines end at `\n`). For many look-ups in the
 * same text, {@link lineColMapper} indexes the lines once.
 *
 * @example
 * ```ts
 * offsetToLineCol("a\nbc", 3); // { line: 2, col: 2 }
 * ```
 */
export function offsetToLineCol(text: string, offset: number): { line: number; col: number } {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < end; i = text.indexOf("\n", lineStart)) {
    line++;
    lineStart = i + 1;
  }
  return lineColFrom(text, lineStart, line, end);
}

/**
 * A function giving the 1-based line and column of a string index of `text` (as
 * {@link offsetToLineCol}), with the line starts found once: for many look-ups in one text.
 *
 * @example
 * ```ts
 * const at = lineColMapper("x\naé🍓b");
 * at(6); // { line: 2, col: 4 }
 * ```
 */
export function lineColMapper(text: string): (offset: number) => { line: number; col: number } {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return (offset) => {
    const end = Math.max(0, Math.min(offset, text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= end) lo = mid;
      else hi = mid - 1;
    }
    return lineColFrom(text, starts[lo], lo + 1, end);
  };
}

const DO_OPEN =
  /do\s+(?:language\s+(?:\w+|"[^"]*"|'[^']*')\s+)?(\$[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*\$|\$\$|')/iy;

/**
 * For an error raised while a `DO` block runs (no position; the context names `PL/pgSQL
 * function inline_code_block line N`): the string index in `text` of the first token of line N
 * of the body of the `DO` statement that starts at `start`, counted as PL/pgSQL counts it (line 1
 * is the line where the body's opening quote stands). Undefined for anything else.
 */
export function doBlockLineIndex(text: string, where: string, start = 0): number | undefined {
  const lines = [...where.matchAll(/\bPL\/pgSQL function inline_code_block line (\d+)\b/g)];
  if (lines.length === 0) return undefined;
  DO_OPEN.lastIndex = start;
  const open = DO_OPEN.exec(text);
  if (!open) return undefined;
  let i = start + open[0].length;
  // the outermost block's line: the last inline_code_block of the context
  for (let n = Number(lines[lines.length - 1][1]); n > 1; n--) {
    const nl = text.indexOf("\n", i);
    if (nl < 0) return undefined;
    i = nl + 1;
  }
  while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\r")) i++;
  return i;
}

/** Options of {@link locateInStatement}. */
export interface LocateOptions {
  /**
   * The length (in string indexes) of the statement text the server received. A position past
   * its end (plus one, for "at end of input") does not belong to this statement: the result is
   * then the statement's start. Without it, positions are only bounded by the text.
   */
  statementLength?: number;
  /** The error's context (`where`): locates a run-time error inside a `DO` block at its body's line. */
  where?: string;
  /** A mapper of `fileText` from {@link lineColMapper}, when many errors are located in one text. */
  lineCol?: (offset: number) => { line: number; col: number };
}

/**
 * Where in a file a server error points: the statement starts at string index `statementStart`
 * of `fileText` and was sent as it stands there (a `;` added after it does not matter), and the
 * server gave the 1-based character `serverPosition` in it. Without a position, a run-time error
 * of a `DO` block is placed at the line of its body that failed (see `options.where`), and
 * anything else at the statement's start.
 *
 * @example
 * ```ts
 * const file = "select 1;\nselect '😀', nope;";
 * locateInStatement(file, 10, 13); // { offset: 23, line: 2, col: 13 }
 * ```
 */
export function locateInStatement(
  fileText: string,
  statementStart: number,
  serverPosition: number | undefined,
  options: LocateOptions = {},
): TextPosition {
  let offset = statementStart;
  const len = options.statementLength;
  if (serverPosition !== undefined && serverPosition >= 1) {
    if (len === undefined || serverPosition <= codePointCount(fileText, statementStart, statementStart + len) + 1) {
      offset = codePointOffset(fileText, statementStart, serverPosition - 1);
    }
  } else if (options.where !== undefined) {
    offset = doBlockLineIndex(fileText, options.where, statementStart) ?? statementStart;
  }
  const lc = options.lineCol ? options.lineCol(offset) : offsetToLineCol(fileText, offset);
  return { offset, line: lc.line, col: lc.col };
}
