/**
 * A keyed format-preserving permutation of symbol strings: each position holds a symbol in
 * `[0, radix)` with its own radix, and the whole string is permuted by a balanced Feistel
 * network. Each half is read as a vector of limbs (runs of consecutive symbols taken as one
 * mixed-radix number below 2^20), and each round adds to every limb of one half, modulo that
 * limb's size, a pseudo-random offset computed from the other half by SipHash-2-4 under the
 * strategy's key, with a tweak (the caller's format number) and the round number. Adding in a
 * product of cyclic groups is undone by subtracting the same offsets, so the map is a bijection
 * of the strings with the same radices: different inputs always give different outputs.
 * @module
 */
import { SIP_OUT, sipHash, type SipKey } from "./_siphash.ts";

/** Feistel rounds for small domains (as FF3-1). */
export const FPE_ROUNDS = 8;
/** Feistel rounds when each half has at least 2^48 values (secure far beyond any table's size). */
export const FPE_ROUNDS_LARGE = 6;
const LARGE_HALF = 2 ** 48;
/** Largest limb size: 32 random bits per offset keep the bias below 2^-12, and the product exact. */
const LIMB = 1 << 20;
const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

/** 1 / radix for every radix up to 2^16. */
const INVERSE = new Float64Array(65537);
for (let r = 1; r <= 65536; r++) INVERSE[r] = 1 / r;

let limbs = new Int32Array(64);
let sizes = new Int32Array(64);
let msg = new Int32Array(64);

/**
 * The keyed permutation. `sym` and `radix` are read from index 0 to `n - 1`; `sym` is changed
 * in place.
 *
 * @example
 * ```ts
 * const fpe = new FormatPreservingPermutation(key);
 * const sym = Int32Array.of(4, 1, 5, 9), radix = Int32Array.of(10, 10, 10, 10);
 * fpe.encrypt(sym, radix, 4, 4); // sym now holds four other digits
 * fpe.decrypt(sym, radix, 4, 4); // back to 4 1 5 9
 * ```
 */
export class FormatPreservingPermutation {
  readonly #key: SipKey;

  constructor(key: SipKey) {
    this.#key = key;
  }

  /** Permutes `sym[0, n)` forwards under `tweak` (an 8-bit number that the output lets one recover, such as `n`). */
  encrypt(sym: Int32Array, radix: Int32Array, n: number, tweak: number): void {
    this.#run(sym, radix, n, tweak, 1);
  }

  /** Undoes {@link encrypt}. */
  decrypt(sym: Int32Array, radix: Int32Array, n: number, tweak: number): void {
    this.#run(sym, radix, n, tweak, -1);
  }

  #run(sym: Int32Array, radix: Int32Array, n: number, tweak: number, sign: number): void {
    if (n === 0) return;
    if (limbs.length < n + 2) {
      limbs = new Int32Array(2 * n + 2);
      sizes = new Int32Array(2 * n + 2);
      msg = new Int32Array(2 * n + 8);
    }
    const a = n >> 1;
    // Limbs of the first half are [0, la), of the second [la, lb).
    const la = toLimbs(sym, radix, 0, a, 0);
    const lb = toLimbs(sym, radix, a, n, la);
    let size = 1;
    for (let i = 0; i < a && size < LARGE_HALF; i++) size *= radix[i];
    const rounds = size >= LARGE_HALF ? FPE_ROUNDS_LARGE : FPE_ROUNDS;
    const key = this.#key;
    for (let k = 0; k < rounds; k++) {
      const r = sign === 1 ? k : rounds - 1 - k;
      if ((r & 1) === 0) round(key, 0, la, la, lb, tweak, r, sign);
      else round(key, la, lb, 0, la, tweak, r, sign);
    }
    fromLimbs(sym, radix, 0, a, 0);
    fromLimbs(sym, radix, a, n, la);
  }
}

/** Groups `sym[from, to)` into limbs starting at `limbs[at]`; returns the index after the last one. */
function toLimbs(sym: Int32Array, radix: Int32Array, from: number, to: number, at: number): number {
  let k = at;
  let acc = 0;
  let scale = 1;
  for (let i = from; i < to; i++) {
    const rad = radix[i];
    if (scale * rad > LIMB) {
      limbs[k] = acc;
      sizes[k++] = scale;
      acc = 0;
      scale = 1;
    }
    acc += sym[i] * scale;
    scale *= rad;
  }
  if (scale > 1 || from === to) {
    limbs[k] = acc;
    sizes[k++] = scale;
  }
  return k;
}

/** Writes the limbs starting at `limbs[at]` back into `sym[from, to)` (inverse of {@link toLimbs}). */
function fromLimbs(sym: Int32Array, radix: Int32Array, from: number, to: number, at: number): void {
  let k = at;
  let acc = limbs[k];
  let scale = 1;
  for (let i = from; i < to; i++) {
    const rad = radix[i];
    if (scale * rad > LIMB) {
      acc = limbs[++k];
      scale = 1;
    }
    // acc / rad by a reciprocal (no division), corrected when rounding lands one below.
    let q = Math.floor(acc * INVERSE[rad]);
    let rest = acc - q * rad;
    if (rest >= rad) {
      q++;
      rest -= rad;
    }
    sym[i] = rest;
    acc = q;
    scale *= rad;
  }
}

/** Adds (sign 1) or subtracts (sign -1), limb by limb, offsets derived from limbs [s0, s1) to limbs [d0, d1). */
function round(
  key: SipKey,
  s0: number,
  s1: number,
  d0: number,
  d1: number,
  tweak: number,
  r: number,
  sign: number,
): void {
  if (d1 <= d0) return;
  // The message: the source limbs (below 2^20) three bytes each, then the tweak and the round.
  const m = msg;
  let w = 0;
  let bits = 0;
  let k = 0;
  for (let i = s0; i < s1; i++) {
    const v = limbs[i];
    w |= v << bits;
    bits += 24;
    if (bits >= 32) {
      m[k++] = w;
      bits -= 32;
      w = bits === 0 ? 0 : v >>> (24 - bits);
    }
  }
  w |= ((tweak & 0xff) | ((r & 0xff) << 8)) << bits;
  m[k] = w;
  if (bits > 16) m[k + 1] = ((tweak & 0xff) | ((r & 0xff) << 8)) >>> (32 - bits);
  const len = 4 * k + (bits >> 3) + 2;
  // One 32-bit word of output per destination limb: the 64-bit output for up to two limbs, the
  // 128-bit one beyond, chained on the last output when more are needed.
  const wide = d1 - d0 > 2;
  const available = wide ? 4 : 2;
  sipHash(key, m, len, wide);
  const out = SIP_OUT;
  let next = 0;
  let refill = 0;
  for (let i = d0; i < d1; i++) {
    if (next === available) {
      m[0] = out[0];
      m[1] = out[1];
      m[2] = (r & 0xff) | (++refill << 8) | 0x80000000;
      sipHash(key, m, 12, wide);
      next = 0;
    }
    const size = sizes[i];
    let off = Math.floor((out[next++] >>> 0) * size * TWO_POW_MINUS_32);
    if (off >= size) off = size - 1;
    let v = limbs[i] + sign * off;
    if (v >= size) v -= size;
    else if (v < 0) v += size;
    limbs[i] = v;
  }
}
