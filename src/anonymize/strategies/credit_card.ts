/**
 * `credit_card`: card numbers replaced one-to-one by Luhn-valid numbers of the same shape.
 * @module
 */
import { FormatPreservingPermutation } from "../_fpe.ts";
import { permuteText } from "../_permute_text.ts";
import type { Strategy } from "../strategy.ts";
import { luhnCheckDigit } from "../validators.ts";

/** The `credit_card` strategy. */
export const creditCard: Strategy = {
  name: "credit_card",
  summary: "Card numbers replaced by numbers of the same length and layout that pass the Luhn check.",
  example: { rule: { strategy: "credit_card", keep_prefix: 6 }, input: "4539 1488 0343 6467" },
  options: {
    keep_prefix: {
      type: "integer",
      min: 0,
      max: 12,
      default: 0,
      description: "Leading digits kept (6 keeps the issuer number).",
    },
  },
  families: ["text", "integer", "numeric"],
  keyed: true,
  injectivity: "Injective: all digits but the last are permuted by a keyed Feistel permutation, and the last " +
    "digit is set so that the Luhn check gives the same result as for the input (a valid number stays valid). " +
    "The map is one-to-one on every digit string of a length.",
  notInjective: () => undefined,
  create({ key, options, column }) {
    const fpe = new FormatPreservingPermutation(key.sip);
    const keepFirst = options.keep_prefix as number;
    const nonZeroLead = column.family !== "text" && keepFirst === 0;
    const digits: number[] = [];
    return (v) => {
      if (v === null) return null;
      let last = -1;
      for (let i = v.length - 1; i >= 0; i--) {
        const c = v.charCodeAt(i);
        if (c >= 0x30 && c <= 0x39) {
          last = i;
          break;
        }
      }
      if (last < 0) return v;
      const body = permuteText(fpe, v, { classes: "digits", keepFirst, keepLastChars: v.length - last, nonZeroLead });
      // The check digit keeps its distance to the Luhn digit: valid stays valid, and the whole stays one-to-one.
      const collect = (s: string) => {
        digits.length = 0;
        for (let i = 0; i < last; i++) {
          const c = s.charCodeAt(i);
          if (c >= 0x30 && c <= 0x39) digits.push(c - 0x30);
        }
        return luhnCheckDigit(digits);
      };
      const offset = (v.charCodeAt(last) - 0x30 - collect(v) + 10) % 10;
      const check = (collect(body) + offset) % 10;
      return body.slice(0, last) + String.fromCharCode(0x30 + check) + body.slice(last + 1);
    };
  },
};
