/**
 * `ip`: IP addresses replaced one-to-one within their family.
 * @module
 */
import { FormatPreservingPermutation } from "../_fpe.ts";
import { type FitProblem, type Strategy, valueError } from "../strategy.ts";

/** An address as bytes, with its mask text (e.g. "/24") kept as written. */
interface Address {
  bytes: Uint8Array;
  /** Mask length, or -1 when none is written. */
  mask: number;
  suffix: string;
}

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function parseV4(s: string, out: Uint8Array, at: number): boolean {
  const m = V4.exec(s);
  if (m === null) return false;
  for (let i = 0; i < 4; i++) {
    const n = Number(m[i + 1]);
    if (n > 255) return false;
    out[at + i] = n;
  }
  return true;
}

function parseV6(s: string): Uint8Array | undefined {
  const out = new Uint8Array(16);
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const groups = (part: string): string[] => part === "" ? [] : part.split(":");
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const words: number[] = [];
  const read = (list: string[], isLast: boolean): boolean => {
    for (let i = 0; i < list.length; i++) {
      const g = list[i];
      if (isLast && i === list.length - 1 && g.includes(".")) {
        const v4 = new Uint8Array(4);
        if (!parseV4(g, v4, 0)) return false;
        words.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return false;
        words.push(parseInt(g, 16));
      }
    }
    return true;
  };
  if (!read(head, halves.length === 1)) return undefined;
  const headWords = words.length;
  if (!read(tail, true)) return undefined;
  const tailWords = words.length - headWords;
  if (halves.length === 1 ? words.length !== 8 : words.length > 7) return undefined;
  const gap = 8 - headWords - tailWords;
  const all = [
    ...words.slice(0, headWords),
    ...new Array(halves.length === 2 ? gap : 0).fill(0),
    ...words.slice(headWords),
  ];
  all.forEach((w, i) => {
    out[2 * i] = w >> 8;
    out[2 * i + 1] = w & 0xff;
  });
  return out;
}

function parse(v: string): Address | undefined {
  const slash = v.indexOf("/");
  const addr = slash < 0 ? v : v.slice(0, slash);
  const suffix = slash < 0 ? "" : v.slice(slash);
  let bytes: Uint8Array | undefined;
  if (addr.includes(":")) bytes = parseV6(addr);
  else {
    bytes = new Uint8Array(4);
    if (!parseV4(addr, bytes, 0)) bytes = undefined;
  }
  if (bytes === undefined) return undefined;
  let mask = -1;
  if (slash >= 0) {
    if (!/^\/\d{1,3}$/.test(suffix)) return undefined;
    mask = Number(suffix.slice(1));
    if (mask > bytes.length * 8) return undefined;
  }
  return { bytes, mask, suffix };
}

/** IPv6 text as PostgreSQL writes it: lowercase, no leading zeros, the longest run of zero groups as "::". */
export function formatV6(b: Uint8Array): string {
  const w = Array.from({ length: 8 }, (_, i) => (b[2 * i] << 8) | b[2 * i + 1]);
  let best = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    if (w[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = (list: number[]) => list.map((x) => x.toString(16)).join(":");
  return best < 0 ? hex(w) : `${hex(w.slice(0, best))}::${hex(w.slice(best + bestLen))}`;
}

/** Fewest characters a text column needs for any output (an IPv6 address with a mask). */
const TEXT_NEEDS = 43;

const sym = new Int32Array(32);
const radix = new Int32Array(32);

/** The `ip` strategy. */
export const ip: Strategy = {
  name: "ip",
  summary: "IPv4 stays IPv4 and IPv6 stays IPv6: the address bits are permuted by a keyed bijection; a mask is " +
    "kept, and a cidr network keeps its host bits zero.",
  example: { rule: { strategy: "ip", keep_prefix: 8 }, input: "192.168.12.34" },
  options: {
    keep_prefix: {
      type: "integer",
      min: 0,
      max: 128,
      default: 0,
      description: "Leading bits kept as they are (the network part, e.g. 16).",
    },
  },
  families: ["inet", "cidr", "text"],
  keyed: true,
  injectivity: "Injective: the replaced bits go through a keyed Feistel permutation over all bit strings of " +
    "that length, and the family, mask and kept prefix do not change.",
  notInjective: () => undefined,
  check(_options, column): FitProblem[] {
    return column.family === "text" && column.maxLength !== null && column.maxLength < TEXT_NEEDS
      ? [{
        option: "",
        message: `${column.type} may be too short: an IPv6 address with a mask needs ${TEXT_NEEDS} characters`,
      }]
      : [];
  },
  create({ key, options, column }) {
    const fpe = new FormatPreservingPermutation(key.sip);
    const keep = options.keep_prefix as number;
    const cidr = column.family === "cidr";
    return (v) => {
      if (v === null) return null;
      const a = parse(v.trim());
      if (a === undefined) throw valueError("ip", "an IP address");
      const bits = a.bytes.length * 8;
      const lo = Math.min(keep, bits);
      const hi = cidr && a.mask >= 0 ? a.mask : bits;
      // Bits [lo, hi) as symbols of up to 8 bits, cut at byte boundaries.
      let n = 0;
      for (let p = lo; p < hi;) {
        const width = Math.min(8 - (p & 7), hi - p);
        const shift = 8 - (p & 7) - width;
        sym[n] = (a.bytes[p >> 3] >> shift) & ((1 << width) - 1);
        radix[n++] = 1 << width;
        p += width;
      }
      if (n > 0) fpe.encrypt(sym, radix, n, bits + 256 * (hi - lo));
      for (let p = lo, k = 0; p < hi; k++) {
        const width = Math.min(8 - (p & 7), hi - p);
        const shift = 8 - (p & 7) - width;
        const mask = ((1 << width) - 1) << shift;
        a.bytes[p >> 3] = (a.bytes[p >> 3] & ~mask) | (sym[k] << shift);
        p += width;
      }
      return (bits === 32 ? a.bytes.join(".") : formatV6(a.bytes)) + a.suffix;
    };
  },
};
