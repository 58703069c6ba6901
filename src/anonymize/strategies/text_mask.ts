/**
 * `text_mask`: letters and digits replaced, length and punctuation kept.
 * @module
 */
import { classOf } from "../_charclass.ts";
import { FormatPreservingPermutation } from "../_fpe.ts";
import { permuteBytes, permuteText } from "../_permute_text.ts";
import { type Strategy, TEXT, withBytes } from "../strategy.ts";

/** The `text_mask` strategy. */
export const textMask: Strategy = {
  name: "text_mask",
  summary: "Letters and digits replaced within their class (case and script kept), length and punctuation " +
    "kept; or all masked with one character.",
  example: { rule: { strategy: "text_mask", keep_last: 4 }, input: "AB-1234-XY-9876" },
  options: {
    keep_first: { type: "integer", min: 0, default: 0, description: "Leading characters kept as they are." },
    keep_last: { type: "integer", min: 0, default: 0, description: "Trailing characters kept as they are." },
    char: {
      type: "string",
      description: "Replace every letter and digit by this one character instead (not injective).",
    },
  },
  families: TEXT,
  keyed: true,
  injectivity: "Injective without `char`: the replaced characters are permuted together by a keyed Feistel " +
    "permutation within their classes, and kept characters stay, so different inputs give different outputs. " +
    "With `char` it is a plain mask and not injective.",
  notInjective: (options) =>
    options.char === undefined ? undefined : "text_mask with `char` masks every value of a shape to the same output",
  check(options) {
    const c = options.char;
    return typeof c === "string" && [...c].length !== 1
      ? [{ option: "char", message: "char must be exactly one character" }]
      : [];
  },
  create({ key, options }) {
    const keepFirstChars = options.keep_first as number;
    const keepLastChars = options.keep_last as number;
    const mask = options.char as string | undefined;
    if (mask !== undefined) {
      return (v) => {
        if (v === null) return null;
        let out = "";
        const last = v.length - keepLastChars;
        for (let i = 0; i < v.length; i++) {
          out += i >= keepFirstChars && i < last && classOf(v.charCodeAt(i)) >= 0 ? mask : v[i];
        }
        return out;
      };
    }
    const fpe = new FormatPreservingPermutation(key.sip);
    const opts = { classes: "alnum", keepFirstChars, keepLastChars } as const;
    return withBytes(
      (v) => v === null ? null : permuteText(fpe, v, opts),
      (buf, start, end, out, at) => permuteBytes(fpe, buf, start, end, out, at, opts),
    );
  },
};
