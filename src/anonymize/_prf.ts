/**
 * Keyed pseudo-random values from strings: a string is written as UTF-8 straight into the
 * 32-bit word buffer SipHash reads (little-endian, as on every platform Deno runs on) and hashed
 * with SipHash-2-4 under a strategy's sub-key.
 * @module
 */
import { SIP_OUT, sipHash, type SipKey } from "./_siphash.ts";

let words = new Int32Array(64);
let bytes = new Uint8Array(words.buffer);

if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) {
  throw new Error("anonymization needs a little-endian platform");
}

/**
 * Writes `prefix` (4 bytes) then `s` as UTF-8 into the shared buffer; returns the byte length.
 * Unpaired surrogates are written as the three bytes of their code unit (deterministic; they
 * cannot come from a valid UTF-8 COPY stream).
 */
function pack(s: string, prefix: number): number {
  const n = s.length;
  if (bytes.length < n * 3 + 8) {
    words = new Int32Array(Math.ceil((n * 3 + 8) / 4) * 2);
    bytes = new Uint8Array(words.buffer);
  }
  const b = bytes;
  words[0] = prefix;
  let p = 4;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) b[p++] = c;
    else if (c < 0x800) {
      b[p++] = 0xc0 | (c >> 6);
      b[p++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
          b[p++] = 0xf0 | (c >> 18);
          b[p++] = 0x80 | ((c >> 12) & 0x3f);
          b[p++] = 0x80 | ((c >> 6) & 0x3f);
          b[p++] = 0x80 | (c & 0x3f);
          continue;
        }
      }
      b[p++] = 0xe0 | (c >> 12);
      b[p++] = 0x80 | ((c >> 6) & 0x3f);
      b[p++] = 0x80 | (c & 0x3f);
    }
  }
  for (let q = p; (q & 3) !== 0; q++) b[q] = 0;
  return p;
}

/**
 * A keyed pseudo-random integer in [0, 2^53) for `s`; `purpose` (a small number) makes
 * independent values from one string.
 */
export function prf53(key: SipKey, s: string, purpose = 0): number {
  const hi = sipHash(key, words, pack(s, purpose));
  return (hi >>> 11) * 4294967296 + (SIP_OUT[0] >>> 0);
}

/**
 * {@link prf53} of the text whose UTF-8 bytes are `buf[start, end)` (the same value as for the
 * decoded string).
 */
export function prf53Bytes(key: SipKey, buf: Uint8Array, start: number, end: number, purpose = 0): number {
  const n = end - start;
  if (bytes.length < n + 8) {
    words = new Int32Array(Math.ceil((n + 8) / 4) * 2);
    bytes = new Uint8Array(words.buffer);
  }
  words[0] = purpose;
  const b = bytes;
  for (let i = 0; i < n; i++) b[4 + i] = buf[start + i];
  let p = 4 + n;
  for (; (p & 3) !== 0; p++) b[p] = 0;
  const hi = sipHash(key, words, 4 + n);
  return (hi >>> 11) * 4294967296 + (SIP_OUT[0] >>> 0);
}

/** The UTF-8 bytes of `s` in a shared buffer (valid until the next call of this module). */
export function utf8Scratch(s: string): Uint8Array {
  const len = pack(s, 0);
  return bytes.subarray(4, len);
}
