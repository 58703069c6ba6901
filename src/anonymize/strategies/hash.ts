/**
 * `hash`: the hex digest of a keyed HMAC-SHA-256 of the value.
 * @module
 */
import { hmacHex, hmacHexInto } from "../_hex.ts";
import type { ColumnShape } from "../column.ts";
import { plainAscii, type Strategy, type StrategyOptions, TEXT, withBytes } from "../strategy.ts";

/** Hex digits unique columns need at least (96 bits). */
export const UNIQUE_HEX_DIGITS = 24;

function outputLength(options: StrategyOptions, column: ColumnShape): number {
  const asked = options.length as number | undefined;
  return Math.min(asked ?? 64, column.maxLength ?? 64, 64);
}

/** The `hash` strategy. */
export const hash: Strategy = {
  name: "hash",
  summary: "Hex digest of a keyed HMAC-SHA-256 of the value, as long as the column allows (at most 64).",
  example: { rule: { strategy: "hash", length: 16 }, input: "alice@example.org" },
  options: {
    length: {
      type: "integer",
      min: 1,
      max: 64,
      description: "Hex digits to keep (default 64, or the column's length when shorter).",
    },
  },
  families: TEXT,
  keyed: true,
  injectivity: `Collision-resistant rather than a bijection: with ${UNIQUE_HEX_DIGITS} or more hex digits (96 bits) ` +
    "two of a billion distinct values share an output with a probability below 10^-11, so it is accepted on " +
    "unique columns; shorter outputs are refused there.",
  notInjective(options, column) {
    const len = outputLength(options, column);
    return len < UNIQUE_HEX_DIGITS
      ? `hash keeps ${len} hex digits (${len * 4} bits); a unique column needs at least ${UNIQUE_HEX_DIGITS}`
      : undefined;
  },
  check(options, column) {
    const asked = options.length as number | undefined;
    return asked !== undefined && column.maxLength !== null && asked > column.maxLength
      ? [{ option: "length", message: `length ${asked} does not fit ${column.type}` }]
      : [];
  },
  create({ key, options, column }) {
    const len = outputLength(options, column);
    const hmac = key.hmac;
    return withBytes(
      (v) => v === null ? null : hmacHex(hmac, v, len),
      (buf, start, end, out, at) => plainAscii(buf, start, end) ? hmacHexInto(hmac, buf, start, end, len, out, at) : -1,
    );
  },
};
