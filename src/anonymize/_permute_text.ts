/**
 * Format-preserving replacement of the characters of a string: the characters of the chosen
 * classes (every letter and digit, or digits only) are permuted together by the keyed Feistel
 * permutation, each within its class; every other character stays in place. The result has the
 * same length, the same punctuation at the same places, and different inputs always give
 * different results.
 * @module
 */
import { CLASS_BASE, CLASS_RADIX, classOf, DIGITS } from "./_charclass.ts";
import type { FormatPreservingPermutation } from "./_fpe.ts";

/** Which characters are replaced. */
export interface PermuteOptions {
  /** `alnum`: letters and digits of every class; `digits`: ASCII digits only. */
  classes: "alnum" | "digits";
  /** Replaceable characters kept at the start (counted among replaceable characters). */
  keepFirst?: number;
  /** Characters kept at the end (counted among all characters). */
  keepLastChars?: number;
  /** Characters kept at the start (counted among all characters). */
  keepFirstChars?: number;
  /** The first replaced digit, when it is not 0, stays not 0 (integers must not gain a leading zero). */
  nonZeroLead?: boolean;
}

/** Edits of the result made while it is built (saves copies of the string). */
export interface PermuteEdit {
  /** Index of a character to replace (-1: none), and its replacement (a UTF-16 code unit). */
  at: number;
  unit: number;
  /** Appended to the result, as text and as (ASCII) bytes. */
  suffix: string;
  suffixBytes: Uint8Array;
}

const codes: number[] = [];
/** The class of each ASCII byte (-1: kept). */
const ASCII_CLASS: Int8Array = Int8Array.from({ length: 128 }, (_, c) => classOf(c));
let sym = new Int32Array(256);
let radix = new Int32Array(256);
let pos = new Int32Array(256);
let cls = new Int32Array(256);

function grow(n: number): void {
  if (sym.length >= n) return;
  const size = Math.max(n, sym.length * 2);
  sym = new Int32Array(size);
  radix = new Int32Array(size);
  pos = new Int32Array(size);
  cls = new Int32Array(size);
}

/** The string of UTF-16 code units `units` (its length must be set). */
export function unitsToString(units: number[]): string {
  const n = units.length;
  if (n <= 4096) return String.fromCharCode.apply(null, units);
  let out = "";
  for (let i = 0; i < n; i += 4096) out += String.fromCharCode.apply(null, units.slice(i, i + 4096));
  return out;
}

/**
 * Permutes the `m` symbols collected in the scratch arrays. An integer must not gain a leading
 * zero: with `nonZeroLead`, a first replaced digit 1-9 stays in 1-9 and a first digit 0 stays 0,
 * so the two groups map onto themselves and the whole stays one-to-one.
 */
function permuteCollected(fpe: FormatPreservingPermutation, m: number, nonZeroLead: boolean, decrypt: boolean): void {
  let from = 0;
  const lead = nonZeroLead && m > 0 && cls[0] === DIGITS;
  if (lead && sym[0] === 0) from = 1;
  else if (lead) {
    sym[0] -= 1;
    radix[0] = 9;
  }
  const count = m - from;
  if (count <= 0) return;
  const sv = from === 0 ? sym : sym.subarray(from);
  const rv = from === 0 ? radix : radix.subarray(from);
  if (decrypt) fpe.decrypt(sv, rv, count, count);
  else fpe.encrypt(sv, rv, count, count);
  if (lead && from === 0) sym[0] += 1;
}

/**
 * `s` with its replaceable characters permuted by `fpe` (the tweak is the count of replaced
 * characters), then `edit` applied. Also works backwards with `decrypt: true` (for tests).
 */
export function permuteText(
  fpe: FormatPreservingPermutation,
  s: string,
  options: PermuteOptions,
  decrypt = false,
  edit?: PermuteEdit,
): string {
  const n = s.length;
  grow(n);
  codes.length = n;
  const keepFirst = options.keepFirst ?? 0;
  const firstChars = options.keepFirstChars ?? 0;
  const lastFrom = n - (options.keepLastChars ?? 0);
  const digitsOnly = options.classes === "digits";
  let m = 0;
  let seen = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    codes[i] = c;
    if (i < firstChars || i >= lastFrom) continue;
    const k = digitsOnly ? (c >= 0x30 && c <= 0x39 ? DIGITS : -1) : classOf(c);
    if (k < 0) continue;
    if (seen++ < keepFirst) continue;
    sym[m] = c - CLASS_BASE[k];
    radix[m] = CLASS_RADIX[k];
    pos[m] = i;
    cls[m] = k;
    m++;
  }
  if (m === 0 && edit === undefined) return s;
  permuteCollected(fpe, m, options.nonZeroLead === true, decrypt);
  for (let j = 0; j < m; j++) codes[pos[j]] = CLASS_BASE[cls[j]] + sym[j];
  if (edit !== undefined) {
    if (edit.at >= 0) codes[edit.at] = edit.unit;
    for (let i = 0; i < edit.suffix.length; i++) codes[n + i] = edit.suffix.charCodeAt(i);
  }
  return unitsToString(codes);
}

/**
 * The same as {@link permuteText} on the bytes of a COPY field, written straight into `out` at
 * `at`: returns the position after the output, or -1 when the field is not plain printable
 * ASCII (escapes, control or non-ASCII bytes), which the string form then handles. `out` must
 * have room for the field plus the edit's suffix.
 */
export function permuteBytes(
  fpe: FormatPreservingPermutation,
  buf: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  at: number,
  options: PermuteOptions,
  edit?: PermuteEdit,
): number {
  const n = end - start;
  grow(n);
  const keepFirst = options.keepFirst ?? 0;
  const firstChars = options.keepFirstChars ?? 0;
  const lastFrom = n - (options.keepLastChars ?? 0);
  const digitsOnly = options.classes === "digits";
  let m = 0;
  let seen = 0;
  for (let i = 0; i < n; i++) {
    const c = buf[start + i];
    if (c < 0x20 || c >= 0x80 || c === 0x5c) return -1;
    out[at + i] = c;
    if (i < firstChars || i >= lastFrom) continue;
    const k = digitsOnly ? (c >= 0x30 && c <= 0x39 ? DIGITS : -1) : ASCII_CLASS[c];
    if (k < 0) continue;
    if (seen++ < keepFirst) continue;
    sym[m] = c - CLASS_BASE[k];
    radix[m] = CLASS_RADIX[k];
    pos[m] = i;
    cls[m] = k;
    m++;
  }
  permuteCollected(fpe, m, options.nonZeroLead === true, false);
  for (let j = 0; j < m; j++) out[at + pos[j]] = CLASS_BASE[cls[j]] + sym[j];
  let o = at + n;
  if (edit !== undefined) {
    if (edit.at >= 0) out[at + edit.at] = edit.unit;
    const suffix = edit.suffixBytes;
    out.set(suffix, o);
    o += suffix.length;
  }
  return o;
}
