/**
 * PostgreSQL's COPY text format, one field at a time: fields are separated by a tab, `\N` is
 * NULL, a backslash escapes the next character (`\b \f \n \r \t \v` are control characters,
 * `\` followed by one to three octal digits or by `x` and one or two hex digits is a byte, any
 * other character stands for itself), and a newline ends a row.
 *
 * Decoding works on the bytes of one field (as found in a COPY stream) and gives the value
 * PostgreSQL would read; encoding writes a value the way `COPY … TO` writes it. Bytes are UTF-8.
 * @module
 */
import { ConfitureError } from "../errors/mod.ts";

const BACKSLASH = 0x5c;
const TAB = 0x09;
const LF = 0x0a;

const utf8 = new TextDecoder("utf-8", { fatal: true });
const scratchCodes: number[] = [];

/** Bytes after a backslash that stand for a control character (`\n` → 0x0a). */
const ESCAPED: Int16Array = (() => {
  const t = new Int16Array(256).fill(-1);
  t[0x62] = 0x08; // b
  t[0x66] = 0x0c; // f
  t[0x6e] = 0x0a; // n
  t[0x72] = 0x0d; // r
  t[0x74] = 0x09; // t
  t[0x76] = 0x0b; // v
  return t;
})();

/**
 * For each byte value below 0x80, the letter that follows a backslash when COPY writes it
 * (0 when the byte is written as it is).
 */
const ESCAPE_LETTER: Uint8Array = (() => {
  const t = new Uint8Array(128);
  t[0x08] = 0x62;
  t[0x0c] = 0x66;
  t[0x0a] = 0x6e;
  t[0x0d] = 0x72;
  t[0x09] = 0x74;
  t[0x0b] = 0x76;
  t[BACKSLASH] = BACKSLASH;
  return t;
})();

const hexValue = (c: number): number =>
  c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : -1;

/** True when the field `buf[start, end)` is `\N`, COPY's NULL. */
export function isCopyNull(buf: Uint8Array, start: number, end: number): boolean {
  return end - start === 2 && buf[start] === BACKSLASH && buf[start + 1] === 0x4e;
}

/**
 * The value of one COPY text field, `buf[start, end)` (without its delimiters): a string, or
 * null for `\N`. Throws a `COPY_FAILED` error (without the value) when the unescaped bytes are
 * not UTF-8.
 *
 * @example
 * ```ts
 * const bytes = new TextEncoder().encode("a\\tb");
 * decodeCopyField(bytes, 0, bytes.length); // "a\tb"
 * ```
 */
export function decodeCopyField(buf: Uint8Array, start: number, end: number): string | null {
  const n = end - start;
  if (n === 2 && buf[start] === BACKSLASH && buf[start + 1] === 0x4e) return null;
  // Short fields without escapes, the common case: decoded here, without a copy or a decoder call.
  if (n <= 64) {
    const s = decodeShort(buf, start, end);
    if (s !== undefined) return s;
  }
  let hasEscape = false;
  for (let i = start; i < end; i++) {
    if (buf[i] === BACKSLASH) {
      hasEscape = true;
      break;
    }
  }
  if (!hasEscape) return decodeUtf8(buf.subarray(start, end));
  const out = new Uint8Array(n);
  let o = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c !== BACKSLASH) {
      out[o++] = c;
      continue;
    }
    if (i + 1 >= end) break; // a lone backslash at the very end of the data is dropped, as the server does
    const e = buf[++i];
    if (e >= 0x30 && e <= 0x37) {
      let v = e - 0x30;
      if (i + 1 < end && buf[i + 1] >= 0x30 && buf[i + 1] <= 0x37) {
        v = (v << 3) + buf[++i] - 0x30;
        if (i + 1 < end && buf[i + 1] >= 0x30 && buf[i + 1] <= 0x37) v = (v << 3) + buf[++i] - 0x30;
      }
      out[o++] = v & 0xff;
    } else if (e === 0x78 && i + 1 < end && hexValue(buf[i + 1]) >= 0) {
      let v = hexValue(buf[++i]);
      if (i + 1 < end && hexValue(buf[i + 1]) >= 0) v = (v << 4) + hexValue(buf[++i]);
      out[o++] = v;
    } else {
      const ctl = ESCAPED[e];
      out[o++] = ctl >= 0 ? ctl : e;
    }
  }
  return decodeUtf8(out.subarray(0, o));
}

/**
 * `buf[start, end)` as UTF-8 when it holds no backslash and only well-formed sequences; else
 * undefined (the general path then unescapes, and reports malformed UTF-8).
 */
function decodeShort(buf: Uint8Array, start: number, end: number): string | undefined {
  const codes = scratchCodes;
  let k = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c < 0x80) {
      if (c === BACKSLASH) return undefined;
      codes[k++] = c;
    } else if (c >= 0xc2 && c <= 0xdf && i + 1 < end && (buf[i + 1] & 0xc0) === 0x80) {
      codes[k++] = ((c & 0x1f) << 6) | (buf[++i] & 0x3f);
    } else if (c >= 0xe0 && c <= 0xef && i + 2 < end) {
      const c1 = buf[i + 1], c2 = buf[i + 2];
      if ((c1 & 0xc0) !== 0x80 || (c2 & 0xc0) !== 0x80) return undefined;
      if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 >= 0xa0)) return undefined;
      codes[k++] = ((c & 0x0f) << 12) | ((c1 & 0x3f) << 6) | (c2 & 0x3f);
      i += 2;
    } else if (c >= 0xf0 && c <= 0xf4 && i + 3 < end) {
      const c1 = buf[i + 1], c2 = buf[i + 2], c3 = buf[i + 3];
      if ((c1 & 0xc0) !== 0x80 || (c2 & 0xc0) !== 0x80 || (c3 & 0xc0) !== 0x80) return undefined;
      if ((c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 >= 0x90)) return undefined;
      const cp = ((c & 0x07) << 18) | ((c1 & 0x3f) << 12) | ((c2 & 0x3f) << 6) | (c3 & 0x3f);
      codes[k++] = 0xd800 + ((cp - 0x10000) >> 10);
      codes[k++] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
      i += 3;
    } else return undefined;
  }
  codes.length = k;
  return String.fromCharCode.apply(null, codes);
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch (e) {
    throw new ConfitureError("COPY_FAILED", "COPY field is not valid UTF-8", { cause: e });
  }
}

/** Bytes needed at most to encode `value` (3 per UTF-16 unit covers UTF-8 and escapes). */
export function maxEncodedLength(value: string | null): number {
  return value === null ? 2 : value.length * 3;
}

/**
 * Writes `value` as a COPY text field into `out` at `pos` and returns the position after it.
 * NULL is written as `\N`; backslash, tab, newline, carriage return, backspace, form feed and
 * vertical tab are escaped as `COPY … TO` does; the rest is UTF-8. `out` must have room for
 * {@link maxEncodedLength} bytes from `pos`. Unpaired surrogates become U+FFFD.
 */
export function encodeCopyFieldInto(value: string | null, out: Uint8Array, pos: number): number {
  if (value === null) {
    out[pos] = BACKSLASH;
    out[pos + 1] = 0x4e;
    return pos + 2;
  }
  const n = value.length;
  let o = pos;
  for (let i = 0; i < n; i++) {
    let c = value.charCodeAt(i);
    if (c < 0x80) {
      const letter = ESCAPE_LETTER[c];
      if (letter !== 0) {
        out[o++] = BACKSLASH;
        out[o++] = letter;
      } else out[o++] = c;
    } else if (c < 0x800) {
      out[o++] = 0xc0 | (c >> 6);
      out[o++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < n ? value.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
        out[o++] = 0xf0 | (c >> 18);
        out[o++] = 0x80 | ((c >> 12) & 0x3f);
        out[o++] = 0x80 | ((c >> 6) & 0x3f);
        out[o++] = 0x80 | (c & 0x3f);
      } else {
        out[o++] = 0xef;
        out[o++] = 0xbf;
        out[o++] = 0xbd;
      }
    } else {
      out[o++] = 0xe0 | (c >> 12);
      out[o++] = 0x80 | ((c >> 6) & 0x3f);
      out[o++] = 0x80 | (c & 0x3f);
    }
  }
  return o;
}

/**
 * A value as the bytes of one COPY text field.
 *
 * @example
 * ```ts
 * new TextDecoder().decode(encodeCopyField("a\tb")); // "a\\tb"
 * new TextDecoder().decode(encodeCopyField(null)); // "\\N"
 * ```
 */
export function encodeCopyField(value: string | null): Uint8Array {
  const out = new Uint8Array(maxEncodedLength(value));
  return out.slice(0, encodeCopyFieldInto(value, out, 0));
}

/**
 * The values of one COPY text row (without its newline), split at unescaped tabs.
 *
 * @example
 * ```ts
 * decodeCopyRow(new TextEncoder().encode("1\t\\N\tx\\ty")); // ["1", null, "x\ty"]
 * ```
 */
export function decodeCopyRow(buf: Uint8Array, start = 0, end: number = buf.length): (string | null)[] {
  const values: (string | null)[] = [];
  let from = start;
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c === BACKSLASH) i++;
    else if (c === TAB) {
      values.push(decodeCopyField(buf, from, i));
      from = i + 1;
    }
  }
  values.push(decodeCopyField(buf, from, end));
  return values;
}

/**
 * One COPY text row (with its newline) from values.
 *
 * @example
 * ```ts
 * new TextDecoder().decode(encodeCopyRow(["1", null, "x\ty"])); // "1\t\\N\tx\\ty\n"
 * ```
 */
export function encodeCopyRow(values: readonly (string | null)[]): Uint8Array {
  let size = values.length;
  for (const v of values) size += maxEncodedLength(v);
  const out = new Uint8Array(size);
  let o = 0;
  values.forEach((v, k) => {
    if (k > 0) out[o++] = TAB;
    o = encodeCopyFieldInto(v, out, o);
  });
  out[o++] = LF;
  return out.slice(0, o);
}
