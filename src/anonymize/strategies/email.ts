/**
 * `email`: a one-to-one replacement of e-mail addresses under a fixed domain.
 * @module
 */
import { classOf } from "../_charclass.ts";
import { FormatPreservingPermutation } from "../_fpe.ts";
import { hmacHex } from "../_hex.ts";
import { permuteBytes, permuteText } from "../_permute_text.ts";
import { type Strategy, TEXT, textBytes, withBytes } from "../strategy.ts";

const HOSTNAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
const ALNUM = { classes: "alnum" } as const;

/** Whether `s[from..]` can be a mail domain: letters, digits, dots and hyphens only. */
function hostLike(s: string, from: number): boolean {
  if (from >= s.length) return false;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x2e && c !== 0x2d && classOf(c) < 0) return false;
  }
  return true;
}

/** The `email` strategy. */
export const email: Strategy = {
  name: "email",
  summary: "Addresses replaced one-to-one under a fixed domain; letters and digits permuted by a keyed " +
    "format-preserving permutation, punctuation kept.",
  example: { rule: { strategy: "email", domain: "example.com" }, input: "jane.doe@mail.example.org" },
  options: {
    domain: {
      type: "string",
      default: "example.com",
      description:
        "Domain of every output address (keep a reserved one, such as example.com, so no mail reaches anyone).",
    },
  },
  families: TEXT,
  keyed: true,
  injectivity: "Injective: the whole address (local part and domain) goes through a keyed permutation that " +
    "keeps each character's class and every punctuation mark, the original '@' becomes '_' (a domain holds no " +
    "'_', so the last '_' marks it), and the configured domain is appended. Values that are not addresses get " +
    "the domain 'invalid.<domain>', so they cannot meet a real address's output. An output longer than the " +
    "column becomes a keyed hex digest under the domain instead (collision-resistant, as `hash`).",
  notInjective: () => undefined,
  check(options, column) {
    const domain = options.domain as string;
    const problems = [];
    if (!HOSTNAME.test(domain)) {
      problems.push({ option: "domain", message: "domain must be a host name (letters, digits, dots, hyphens)" });
    }
    if (column.maxLength !== null && column.maxLength < domain.length + 2) {
      problems.push({ option: "domain", message: `"x@${domain}" does not fit ${column.type}` });
    }
    return problems;
  },
  create({ key, options, column }) {
    const domain = options.domain as string;
    const suffix = "@" + domain;
    const invalid = "@invalid." + domain;
    const fpe = new FormatPreservingPermutation(key.sip);
    const max = column.maxLength;
    const hmac = key.hmac;
    const edit = { at: 0, unit: 0x5f, suffix, suffixBytes: textBytes(suffix) };
    const other = { at: -1, unit: 0, suffix: invalid, suffixBytes: textBytes(invalid) };
    const bytes = (buf: Uint8Array, start: number, end: number, out: Uint8Array, at: number): number => {
      if (end === start) return at;
      let sign = -1;
      for (let i = end - 1; i >= start; i--) {
        if (buf[i] === 0x40) {
          sign = i - start;
          break;
        }
      }
      let valid = sign > 0 && start + sign + 1 < end;
      for (let i = start + sign + 1; valid && i < end; i++) {
        const c = buf[i];
        valid = c === 0x2e || c === 0x2d || (c < 0x80 && classOf(c) >= 0);
      }
      const e = valid ? edit : other;
      if (max !== null && end - start + e.suffix.length > max) return -1; // the digest: string form
      if (valid) edit.at = sign;
      return permuteBytes(fpe, buf, start, end, out, at, ALNUM, e);
    };
    return withBytes((v) => {
      if (v === null || v === "") return v;
      const at = v.lastIndexOf("@");
      let out: string;
      if (at > 0 && hostLike(v, at + 1)) {
        // The original "@" becomes "_" and the configured domain follows.
        edit.at = at;
        out = permuteText(fpe, v, ALNUM, false, edit);
      } else out = permuteText(fpe, v, ALNUM, false, other);
      if (max === null || out.length <= max) return out;
      return hmacHex(hmac, v, Math.min(64, max - suffix.length)) + suffix;
    }, bytes);
  },
};
