/**
 * Transforming chosen columns of a COPY text stream on the fly: rows are found across chunk
 * boundaries, only the fields that have a transform are decoded, transformed and encoded again,
 * and every other byte is copied as it came. Memory stays bounded by a chunk (plus one row when
 * a row spans chunks), never by the table.
 * @module
 */
import { ConfitureError, isConfitureError } from "../errors/mod.ts";
import { decodeCopyField, encodeCopyFieldInto, maxEncodedLength } from "./text_codec.ts";
import { type CopyTally, createTally, tallyCopyText } from "./text_tally.ts";

/**
 * An optional fast path of a {@link FieldTransform} on the raw bytes of a field `buf[start, end)`:
 * writes the encoded output field into `out` at `at` and returns the position after it, or -1 to
 * let the string form handle the field. It writes at most `end - start + 512` bytes and must
 * produce exactly the encoding of the string form's result.
 */
export type ByteFieldTransform = (buf: Uint8Array, start: number, end: number, out: Uint8Array, at: number) => number;

/**
 * A transform of one column: the decoded value (null for NULL) in, the new value out; with a
 * `bytes` fast path, plain fields skip decoding and encoding.
 */
export type FieldTransform = ((value: string | null) => string | null) & { bytes?: ByteFieldTransform };

/** Options of {@link CopyTextTransformer} and {@link transformCopyText}. */
export interface CopyTextTransformOptions {
  /**
   * The number of fields every row must have. When given, each row is checked; otherwise only
   * rows too short to hold a transformed column are errors.
   */
  columns?: number;
  /** Updated in place as rows pass (rows, bytes read, bytes handed on). */
  tally?: CopyTally;
  /** Output is handed on in pieces of about this many bytes (default 64 KiB). */
  flushBytes?: number;
  /** Names the stream in error messages (a table name). */
  label?: string;
}

const BACKSLASH = 0x5c;
const TAB = 0x09;
const LF = 0x0a;
const DEFAULT_FLUSH = 64 * 1024;

/** Whether the byte at `q` is escaped: an odd run of backslashes right before it, from `lo` on. */
function escapedAt(buf: Uint8Array, q: number, lo: number): boolean {
  let i = q - 1;
  while (i >= lo && buf[i] === BACKSLASH) i--;
  return (q - 1 - i) % 2 === 1;
}

/**
 * The synchronous core of {@link transformCopyText}: feed chunks with {@link push}, then call
 * {@link end}; each returns output bytes when enough have gathered (or at the end).
 *
 * @example
 * ```ts
 * const t = new CopyTextTransformer(new Map([[1, (v) => v === null ? null : v.toUpperCase()]]));
 * const out = [t.push(new TextEncoder().encode("1\tab\n2\t")), t.push(new TextEncoder().encode("cd\n")), t.end()];
 * // "1\tAB\n2\tCD\n"
 * ```
 */
export class CopyTextTransformer {
  /** Rows seen so far. */
  rows = 0;
  readonly #columns: number[];
  readonly #fns: FieldTransform[];
  readonly #expected: number;
  readonly #tally: CopyTally;
  readonly #flush: number;
  readonly #label: string;
  #out: Uint8Array;
  #o = 0;
  #carry: Uint8Array = new Uint8Array(0);
  #carryLen = 0;

  constructor(transforms: ReadonlyMap<number, FieldTransform>, options: CopyTextTransformOptions = {}) {
    const entries = [...transforms].sort((a, b) => a[0] - b[0]);
    for (const [k] of entries) {
      if (!Number.isInteger(k) || k < 0) {
        throw new ConfitureError("INTERNAL_ERROR", `COPY transform column index ${k} is not a non-negative integer`);
      }
    }
    this.#columns = entries.map((e) => e[0]);
    this.#fns = entries.map((e) => e[1]);
    this.#expected = options.columns ?? -1;
    if (this.#expected >= 0 && this.#columns.length > 0 && this.#columns[this.#columns.length - 1] >= this.#expected) {
      throw new ConfitureError(
        "INTERNAL_ERROR",
        `COPY transform column index ${
          this.#columns[this.#columns.length - 1]
        } is beyond the ${this.#expected} columns`,
      );
    }
    this.#tally = options.tally ?? createTally();
    this.#flush = Math.max(1024, options.flushBytes ?? DEFAULT_FLUSH);
    this.#label = options.label === undefined ? "" : `${options.label}: `;
    this.#out = new Uint8Array(this.#flush * 2);
  }

  /** Processes `chunk`; returns output bytes once at least `flushBytes` have gathered. */
  push(chunk: Uint8Array): Uint8Array | undefined {
    const n = chunk.length;
    this.#tally.bytesIn += n;
    let pos = 0;
    if (this.#carryLen > 0) {
      // The open row continues: find its end, then process it from the carry buffer.
      let q = chunk.indexOf(LF);
      while (q >= 0 && this.#escapedAcross(chunk, q)) q = chunk.indexOf(LF, q + 1);
      const take = q < 0 ? n : q + 1;
      this.#appendCarry(chunk, 0, take);
      if (q < 0) return undefined;
      this.#row(this.#carry, 0, this.#carryLen - 1);
      this.#carryLen = 0;
      pos = take;
    }
    for (;;) {
      let q = chunk.indexOf(LF, pos);
      while (q > 0 && chunk[q - 1] === BACKSLASH && escapedAt(chunk, q, pos)) q = chunk.indexOf(LF, q + 1);
      if (q < 0) break;
      this.#row(chunk, pos, q);
      pos = q + 1;
    }
    if (pos < n) this.#appendCarry(chunk, pos, n);
    return this.#o >= this.#flush ? this.#take() : undefined;
  }

  /** Processes a last row without a newline, if any, and returns the remaining output. */
  end(): Uint8Array | undefined {
    if (this.#carryLen > 0) {
      this.#row(this.#carry, 0, this.#carryLen, false);
      this.#carryLen = 0;
    }
    return this.#o > 0 ? this.#take() : undefined;
  }

  #take(): Uint8Array {
    // A copy of what was written; the working buffer is kept (shrunk back after a huge row).
    const out = this.#out.slice(0, this.#o);
    this.#tally.bytesOut += this.#o;
    if (this.#out.length > this.#flush * 8) this.#out = new Uint8Array(this.#flush * 2);
    this.#o = 0;
    return out;
  }

  /** Whether the newline at `q` of `chunk` is escaped, counting backslashes into the carry. */
  #escapedAcross(chunk: Uint8Array, q: number): boolean {
    let run = 0;
    let i = q - 1;
    while (i >= 0 && chunk[i] === BACKSLASH) {
      run++;
      i--;
    }
    if (i < 0) {
      for (let k = this.#carryLen - 1; k >= 0 && this.#carry[k] === BACKSLASH; k--) run++;
    }
    return run % 2 === 1;
  }

  #appendCarry(chunk: Uint8Array, from: number, to: number): void {
    const need = this.#carryLen + (to - from);
    if (need > this.#carry.length) {
      const grown = new Uint8Array(Math.max(need, this.#carry.length * 2, 256));
      grown.set(this.#carry.subarray(0, this.#carryLen));
      this.#carry = grown;
    }
    this.#carry.set(chunk.subarray(from, to), this.#carryLen);
    this.#carryLen = need;
  }

  #ensure(extra: number): void {
    const need = this.#o + extra;
    if (need <= this.#out.length) return;
    const grown = new Uint8Array(Math.max(need, this.#out.length * 2));
    grown.set(this.#out.subarray(0, this.#o));
    this.#out = grown;
  }

  #copy(buf: Uint8Array, from: number, to: number): void {
    const len = to - from;
    if (len <= 0) return;
    this.#ensure(len);
    if (len <= 128) {
      // A loop beats a subarray (an allocation) for the short spans between fields.
      const out = this.#out;
      let o = this.#o;
      for (let i = from; i < to; i++) out[o++] = buf[i];
      this.#o = o;
    } else {
      this.#out.set(buf.subarray(from, to), this.#o);
      this.#o += len;
    }
  }

  /** The next unescaped tab in `buf[from, end)`, or -1 (never looks past `end`). */
  #tab(buf: Uint8Array, from: number, end: number): number {
    let t = from;
    for (;;) {
      if (end - t <= 128) {
        while (t < end && buf[t] !== TAB) t++;
        if (t >= end) return -1;
      } else {
        const k = buf.subarray(t, end).indexOf(TAB);
        if (k < 0) return -1;
        t += k;
      }
      if (t > from && buf[t - 1] === BACKSLASH && escapedAt(buf, t, from)) {
        t++;
        continue;
      }
      return t;
    }
  }

  /** Processes the row `buf[start, end)`; `newline` says whether a newline follows it at `end`. */
  #row(buf: Uint8Array, start: number, end: number, newline = true): void {
    const last = newline ? end + 1 : end;
    if (end - start === 2 && buf[start] === BACKSLASH && buf[start + 1] === 0x2e) {
      this.#copy(buf, start, last); // the end-of-data marker
      return;
    }
    const row = ++this.rows;
    this.#tally.rows++;
    const columns = this.#columns;
    let col = 0;
    let fieldStart = start;
    let copied = start;
    for (let k = 0; k < columns.length; k++) {
      const target = columns[k];
      while (col < target) {
        const t = this.#tab(buf, fieldStart, end);
        if (t < 0) throw this.#countError(row, col + 1);
        fieldStart = t + 1;
        col++;
      }
      let fieldEnd = this.#tab(buf, fieldStart, end);
      if (fieldEnd < 0) fieldEnd = end;
      this.#copy(buf, copied, fieldStart);
      copied = fieldEnd;
      const fn = this.#fns[k];
      try {
        let done = false;
        if (fn.bytes !== undefined) {
          this.#ensure(fieldEnd - fieldStart + 512);
          const at = fn.bytes(buf, fieldStart, fieldEnd, this.#out, this.#o);
          if (at >= 0) {
            this.#o = at;
            done = true;
          }
        }
        if (!done) {
          const value = fn(decodeCopyField(buf, fieldStart, fieldEnd));
          this.#ensure(maxEncodedLength(value));
          this.#o = encodeCopyFieldInto(value, this.#out, this.#o);
        }
      } catch (e) {
        throw this.#transformError(row, target, e);
      }
      fieldStart = fieldEnd;
    }
    if (this.#expected >= 0) {
      // fieldStart is at the tab after the last transformed field, or at the row end.
      let fields = col + 1;
      let p = fieldStart;
      while (p < end) {
        fields++;
        p = this.#tab(buf, p + 1, end);
        if (p < 0) break;
      }
      if (fields !== this.#expected) {
        throw this.#countError(row, fields < this.#expected ? fields : this.#expected, fields);
      }
    }
    this.#copy(buf, copied, last);
  }

  /** The error for a row without column index `column` (or, with `fields`, with the wrong number of columns). */
  #countError(row: number, column: number, fields?: number): ConfitureError {
    const expected = this.#expected >= 0 ? `, ${this.#expected} expected` : "";
    const message = fields === undefined
      ? `${this.#label}COPY row ${row} has no column index ${column}${expected}`
      : `${this.#label}COPY row ${row} has ${fields} columns${expected} (column index ${column} is ${
        fields < this.#expected ? "missing" : "extra"
      })`;
    return new ConfitureError("COPY_FAILED", message, {
      hint: "the COPY data does not match the column list (values are not shown)",
    });
  }

  #transformError(row: number, column: number, e: unknown): ConfitureError {
    // Only a ConfitureError's message is known to carry no value; anything else is named by its type.
    const why = isConfitureError(e) ? e.message : `${e instanceof Error ? e.name : typeof e} in the transform`;
    return new ConfitureError("COPY_FAILED", `${this.#label}COPY row ${row}, column index ${column}: ${why}`, {
      cause: isConfitureError(e) ? e : undefined,
    });
  }
}

/**
 * Transforms chosen columns of a COPY text stream. Column indexes count from 0 in the order of
 * the COPY column list. Only transformed fields are decoded; everything else passes byte for
 * byte. With no transform the stream passes through untouched (only counted).
 *
 * @example
 * ```ts
 * const transforms = new Map([[2, (v: string | null) => v === null ? null : "x"]]);
 * for await (const chunk of transformCopyText(source, transforms, { tally })) await sink.write(chunk);
 * ```
 */
export async function* transformCopyText(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  transforms: ReadonlyMap<number, FieldTransform>,
  options: CopyTextTransformOptions = {},
): AsyncGenerator<Uint8Array, CopyTally> {
  const tally = options.tally ?? createTally();
  if (transforms.size === 0) return yield* tallyCopyText(source, tally);
  const t = new CopyTextTransformer(transforms, { ...options, tally });
  for await (const chunk of source) {
    const out = t.push(chunk);
    if (out !== undefined) yield out;
  }
  const last = t.end();
  if (last !== undefined) yield last;
  return tally;
}

/**
 * {@link transformCopyText} as a `TransformStream`, for `readable.pipeThrough(…)`.
 *
 * @example
 * ```ts
 * await source.pipeThrough(copyTextTransformStream(transforms)).pipeTo(sink);
 * ```
 */
export function copyTextTransformStream(
  transforms: ReadonlyMap<number, FieldTransform>,
  options: CopyTextTransformOptions = {},
): TransformStream<Uint8Array, Uint8Array> {
  const t = new CopyTextTransformer(transforms, options);
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      const out = t.push(chunk);
      if (out !== undefined) controller.enqueue(out);
    },
    flush(controller) {
      const out = t.end();
      if (out !== undefined) controller.enqueue(out);
    },
  });
}
