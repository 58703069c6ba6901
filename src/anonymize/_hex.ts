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
