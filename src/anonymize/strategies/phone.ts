/**
 * `phone`: digits replaced one-to-one, shape and length kept.
 * @module
 */
import { FormatPreservingPermutation } from "../_fpe.ts";
import { permuteBytes, permuteText } from "../_permute_text.ts";
import { type Strategy, withBytes } from "../strategy.ts";

/** The `phone` strategy. */
export const phone: Strategy = {
  name: "phone",
  summary: "Digits replaced by a keyed format-preserving permutation; length, spaces, '+' and punctuation kept.",
  example: { rule: { strategy: "phone", keep_prefix: 2 }, input: "+33 6 12 34 56 78" },
  options: {
    keep_prefix: {
      type: "integer",
      min: 0,
      max: 15,
      default: 0,
      description: "Leading digits kept as they are (a country code).",
    },
  },
  families: ["text", "integer"],
  keyed: true,
  injectivity: "Injective: the replaced digits of a value are permuted as a whole by a keyed Feistel " +
    "permutation over all digit strings of that length, everything else is kept, so two different inputs " +
    "always differ in the output. On integer columns a leading digit 1-9 stays 1-9 (no leading zero appears).",
  notInjective: () => undefined,
  create({ key, options, column }) {
    const fpe = new FormatPreservingPermutation(key.sip);
    const opts = {
      classes: "digits",
      keepFirst: options.keep_prefix as number,
      nonZeroLead: column.family === "integer",
    } as const;
    return withBytes(
      (v) => v === null ? null : permuteText(fpe, v, opts),
      (buf, start, end, out, at) => permuteBytes(fpe, buf, start, end, out, at, opts),
    );
  },
};
