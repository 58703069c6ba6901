/**
 * Row counting of COPY text streams: in the text format a row ends with a newline byte, and a
 * newline inside a value is written as `\n` (two bytes), so counting newline bytes counts rows.
 * @module
 */

const NEWLINE = 0x0a;

/** The number of rows (newline bytes) in a chunk of COPY text. */
export function countRows(chunk: Uint8Array): number {
  let n = 0;
  let at = chunk.indexOf(NEWLINE);
  while (at !== -1) {
    n++;
    at = chunk.indexOf(NEWLINE, at + 1);
  }
  return n;
}

/** Rows and bytes seen so far by a {@link tally} stream. */
export interface Tally {
  rows: number;
  bytes: number;
}

/**
 * Passes `source` through unchanged while counting its rows and bytes into `into`, and calls
 * `onChunk` after each chunk (progress).
 */
export async function* tally(
  source: AsyncIterable<Uint8Array>,
  into: Tally,
  onChunk?: (t: Tally) => void,
): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    into.rows += countRows(chunk);
    into.bytes += chunk.length;
    onChunk?.(into);
    yield chunk;
  }
}
