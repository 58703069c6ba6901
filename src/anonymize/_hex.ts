/**
 * Hex digits of a keyed digest.
 * @module
 */
import type { HmacSha256 } from "./_sha256.ts";
import { utf8Scratch } from "./_prf.ts";

const HEX = "0123456789abcdef";
const units: number[] = [];

/** The first `length` (at most 64) lowercase hex digits of the HMAC of `value`. */
export function hmacHex(hmac: HmacSha256, value: string, length: number): string {
  const bytes = utf8Scratch(value);
  const words = hmac.words(bytes, bytes.length);
  units.length = length;
  for (let i = 0; i < length; i++) units[i] = HEX.charCodeAt((words[i >> 3] >>> (28 - 4 * (i & 7))) & 15);
  return String.fromCharCode.apply(null, units);
}

/** Writes the first `length` hex digits of the HMAC of `buf[start, end)` into `out` at `at`; returns the position after. */
export function hmacHexInto(
  hmac: HmacSha256,
  buf: Uint8Array,
  start: number,
  end: number,
  length: number,
  out: Uint8Array,
  at: number,
): number {
  const words = hmac.words(buf.subarray(start, end), end - start);
  for (let i = 0; i < length; i++) out[at + i] = HEX.charCodeAt((words[i >> 3] >>> (28 - 4 * (i & 7))) & 15);
  return at + length;
}
