/**
 * `COPY … FROM STDIN` with inline data (pg_dump's format): the data sent with the COPY, and a
 * rejected row located at its own line of the source file.
 * @module
 */
import { type ConfitureError, toConfitureError } from "../errors/mod.ts";
import { offsetToLineCol } from "../sql/mod.ts";
import { located } from "./_locate.ts";
import { firstLine, type PlannedStatement } from "./_plan.ts";

const enc = new TextEncoder();

/** The inline data of a planned COPY, as the byte stream the session's `copyFrom` takes. */
export async function* copyDataStream(st: PlannedStatement): AsyncIterable<Uint8Array> {
  yield enc.encode(st.copy?.data ?? "");
}

/**
 * String index in `data` of the start of the row the server means by `line N` in the context
 * of a rejected row of a `COPY … FROM STDIN` (`COPY t, line 3`). In text format that is data
 * line N. In CSV format a quoted value may hold line breaks, and the server counts them, as
 * physical lines, only once it has seen the first line ending outside quotes (which tells it
 * the line ending in use: `\n`, or `\r` for `\r\n`); it reports the count reached at the end
 * of the row. This replays that count and returns the start of the row that reaches `N`.
 */
export function copyRowIndex(copySql: string, data: string, line: number): number {
  const options = copySql.replace(/^[\s\S]*?\bfrom\s+stdin\b/i, "");
  const csv = /\bcsv\b/i.test(options);
  const quote = csv ? (/\bquote\s+(?:as\s+)?'((?:'')|[^'])'/i.exec(options)?.[1] ?? '"').slice(0, 1) : "";
  const escape = csv ? (/\bescape\s+(?:as\s+)?'((?:'')|[^'])'/i.exec(options)?.[1] ?? quote).slice(0, 1) : "";
  let i = 0;
  let count = 0;
  let eol = "";
  while (i < data.length) {
    const rowStart = i;
    count++;
    let inQuote = false;
    for (; i < data.length; i++) {
      const c = data[i];
      if (inQuote) {
        if (c === escape && escape !== quote && (data[i + 1] === quote || data[i + 1] === escape)) i++;
        else if (c === quote) inQuote = false;
        else if (eol !== "" && c === eol) count++;
      } else if (c === quote) inQuote = true;
      else if (c === "\n" || c === "\r") {
        if (eol === "") eol = c;
        if (c === "\r" && data[i + 1] === "\n") i++;
        i++;
        break;
      }
    }
    if (count >= line) return rowStart;
  }
  return data.length;
}

/**
 * Maps an error of a `COPY … FROM STDIN` with inline data: a row the server rejects (the
 * server's COPY line, read by the database layer) is located at that data line; anything else
 * at the COPY statement.
 */
export function locatedCopy(st: PlannedStatement, e: unknown): ConfitureError {
  const err = located(st, e);
  if (err.code !== "BUILD_STATEMENT_FAILED") return err;
  const line = toConfitureError(e).server?.copyLine;
  if (line !== undefined && st.copy) {
    const row = copyRowIndex(st.text, st.copy.data, line);
    const lc = offsetToLineCol(st.file.text, st.copy.start + row);
    err.location = { file: st.file.relPath, line: lc.line, col: 1 };
    err.detail = [`data row ${line} of: ${firstLine(st.text)}`, toConfitureError(e).detail].filter((x) =>
      x !== undefined
    ).join("\n");
  }
  return err;
}
