/**
 * Counting rows and bytes of a COPY text stream as it passes, untouched, for progress.
 * @module
 */

/** Rows and bytes seen so far; updated in place while a stream runs, read by progress reporting. */
export interface CopyTally {
  /** Data rows seen (the `\.` end marker is not a row). */
  rows: number;
  /** Bytes read from the source stream. */
  bytesIn: number;
  /** Bytes handed on (equal to `bytesIn` when nothing is transformed). */
  bytesOut: number;
}

/** A tally at zero. */
export function createTally(): CopyTally {
  return { rows: 0, bytesIn: 0, bytesOut: 0 };
}

const BACKSLASH = 0x5c;
const LF = 0x0a;

/**
 * Counts the rows of a COPY text stream chunk by chunk: a row ends at a newline that no
 * backslash escapes, wherever the chunks are cut.
 *
 * @example
 * ```ts
 * const counter = new CopyTextCounter();
 * counter.push(new TextEncoder().encode("1\ta\n2\t"));
 * counter.push(new TextEncoder().encode("b\n"));
 * counter.end(); // 2
 * ```
 */
export class CopyTextCounter {
  /** Rows ended so far. */
  rows = 0;
  /** Length of the open row (the bytes after the last row end), capped at 3. */
  #openLen = 0;
  /** Whether the open row so far is a prefix of the end marker `\.`. */
  #openMarker = true;
  /** Whether the last chunk ended inside a run of an odd number of backslashes. */
  #oddRun = false;

  /** Counts the rows that end in `chunk`. */
  push(chunk: Uint8Array): void {
    const n = chunk.length;
    if (n === 0) return;
    let from = 0;
    for (;;) {
      const q = chunk.indexOf(LF, from);
      if (q < 0) break;
      if (q > 0 ? chunk[q - 1] === BACKSLASH && this.#escaped(chunk, q) : this.#oddRun) {
        this.#extend(chunk, from, q + 1);
        this.#oddRun = false;
        from = q + 1;
        continue;
      }
      this.#extend(chunk, from, q);
      if (!(this.#openMarker && this.#openLen === 2)) this.rows++;
      this.#openLen = 0;
      this.#openMarker = true;
      this.#oddRun = false;
      from = q + 1;
    }
    if (from < n) {
      this.#extend(chunk, from, n);
      let run = 0;
      for (let i = n - 1; i >= from && chunk[i] === BACKSLASH; i--) run++;
      this.#oddRun = run === n - from && from === 0 ? this.#oddRun !== (run % 2 === 1) : run % 2 === 1;
    }
  }

  /** The number of rows, counting a last row without a newline. */
  end(): number {
    if (this.#openLen > 0 && !(this.#openMarker && this.#openLen === 2)) this.rows++;
    this.#openLen = 0;
    this.#openMarker = true;
    this.#oddRun = false;
    return this.rows;
  }

  /** Whether the newline at `q` is escaped: an odd run of backslashes before it (maybe from earlier chunks). */
  #escaped(chunk: Uint8Array, q: number): boolean {
    let run = 0;
    let i = q - 1;
    while (i >= 0 && chunk[i] === BACKSLASH) {
      run++;
      i--;
    }
    const odd = run % 2 === 1;
    return i < 0 ? odd !== this.#oddRun : odd;
  }

  /** Adds `chunk[from, to)` to the open row's length and end-marker check. */
  #extend(chunk: Uint8Array, from: number, to: number): void {
    for (let i = from; i < to && this.#openLen < 3; i++) {
      const expect = this.#openLen === 0 ? BACKSLASH : 0x2e;
      if (this.#openLen >= 2 || chunk[i] !== expect) this.#openMarker = false;
      this.#openLen++;
    }
  }
}

/**
 * Passes a COPY text stream through untouched, counting rows and bytes into `tally`.
 *
 * @example
 * ```ts
 * const tally = createTally();
 * for await (const chunk of tallyCopyText(source, tally)) await sink.write(chunk);
 * console.log(tally.rows, tally.bytesIn);
 * ```
 */
export async function* tallyCopyText(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  tally: CopyTally = createTally(),
): AsyncGenerator<Uint8Array, CopyTally> {
  const counter = new CopyTextCounter();
  for await (const chunk of source) {
    counter.push(chunk);
    tally.rows += counter.rows;
    counter.rows = 0;
    tally.bytesIn += chunk.length;
    tally.bytesOut += chunk.length;
    yield chunk;
  }
  tally.rows += counter.end();
  return tally;
}
