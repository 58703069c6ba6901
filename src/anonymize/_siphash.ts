/**
 * SipHash-2-4 (Aumasson and Bernstein), a keyed pseudo-random function for short inputs with a
 * 128-bit key and a 64-bit output, on 32-bit halves so that it runs on plain integer
 * arithmetic. Messages are given as little-endian 32-bit words (`words`) plus a byte length.
 * @module
 */

/**
 * The result of the last {@link sipHash} call: `[low 32 bits, high 32 bits]` of the 64-bit
 * output, followed by the second 64 bits when the 128-bit output was asked for.
 */
export const SIP_OUT: Int32Array = new Int32Array(4);

/** A 128-bit SipHash key as four little-endian 32-bit words (k0 low, k0 high, k1 low, k1 high). */
export type SipKey = Int32Array;

/** The key of 16 bytes (read little-endian, as the reference implementation does). */
export function sipKey(bytes: Uint8Array): SipKey {
  const k = new Int32Array(4);
  for (let i = 0; i < 4; i++) {
    k[i] = bytes[4 * i] | (bytes[4 * i + 1] << 8) | (bytes[4 * i + 2] << 16) | (bytes[4 * i + 3] << 24);
  }
  return k;
}

/**
 * SipHash-2-4 of a message of `len` bytes held in `words` (little-endian, bytes past `len` in
 * the last word must be zero); with `wide`, SipHash-2-4-128 (the same function with a 128-bit
 * output). The result goes to {@link SIP_OUT}; the high 32 bits of the first 64 are also
 * returned.
 */
export function sipHash(key: SipKey, words: Int32Array, len: number, wide = false): number {
  const k0l = key[0], k0h = key[1], k1l = key[2], k1h = key[3];
  let v0l = k0l ^ 0x70736575, v0h = k0h ^ 0x736f6d65;
  let v1l = k1l ^ (wide ? 0x6e646f83 : 0x6e646f6d), v1h = k1h ^ 0x646f7261;
  let v2l = k0l ^ 0x6e657261, v2h = k0h ^ 0x6c796765;
  let v3l = k1l ^ 0x79746573, v3h = k1h ^ 0x74656462;
  const full = len >> 3;
  const blocks = full + 1;
  let t: number, u: number, lo: number;
  for (let b = 0; b < blocks; b++) {
    let ml: number, mh: number;
    if (b < full) {
      ml = words[2 * b];
      mh = words[2 * b + 1];
    } else {
      const rest = len & 7;
      ml = rest > 0 ? words[2 * b] : 0;
      mh = (rest > 4 ? words[2 * b + 1] : 0) | (len << 24);
    }
    v3l ^= ml;
    v3h ^= mh;
    for (let r = 0; r < 2; r++) {
      // v0 += v1; v1 <<<= 13; v1 ^= v0; v0 <<<= 32
      lo = (v0l + v1l) | 0;
      v0h = (v0h + v1h + (((v0l & v1l) | ((v0l | v1l) & ~lo)) >>> 31)) | 0;
      v0l = lo;
      t = (v1h << 13) | (v1l >>> 19);
      u = (v1l << 13) | (v1h >>> 19);
      v1h = t ^ v0h;
      v1l = u ^ v0l;
      t = v0h;
      v0h = v0l;
      v0l = t;
      // v2 += v3; v3 <<<= 16; v3 ^= v2
      lo = (v2l + v3l) | 0;
      v2h = (v2h + v3h + (((v2l & v3l) | ((v2l | v3l) & ~lo)) >>> 31)) | 0;
      v2l = lo;
      t = (v3h << 16) | (v3l >>> 16);
      u = (v3l << 16) | (v3h >>> 16);
      v3h = t ^ v2h;
      v3l = u ^ v2l;
      // v0 += v3; v3 <<<= 21; v3 ^= v0
      lo = (v0l + v3l) | 0;
      v0h = (v0h + v3h + (((v0l & v3l) | ((v0l | v3l) & ~lo)) >>> 31)) | 0;
      v0l = lo;
      t = (v3h << 21) | (v3l >>> 11);
      u = (v3l << 21) | (v3h >>> 11);
      v3h = t ^ v0h;
      v3l = u ^ v0l;
      // v2 += v1; v1 <<<= 17; v1 ^= v2; v2 <<<= 32
      lo = (v2l + v1l) | 0;
      v2h = (v2h + v1h + (((v2l & v1l) | ((v2l | v1l) & ~lo)) >>> 31)) | 0;
      v2l = lo;
      t = (v1h << 17) | (v1l >>> 15);
      u = (v1l << 17) | (v1h >>> 15);
      v1h = t ^ v2h;
      v1l = u ^ v2l;
      t = v2h;
      v2h = v2l;
      v2l = t;
    }
    v0l ^= ml;
    v0h ^= mh;
  }
  v2l ^= wide ? 0xee : 0xff;
  for (let r = 0; r < 8; r++) {
    if (r === 4) {
      if (!wide) break;
      SIP_OUT[0] = v0l ^ v1l ^ v2l ^ v3l;
      SIP_OUT[1] = v0h ^ v1h ^ v2h ^ v3h;
      v1l ^= 0xdd;
    }
    lo = (v0l + v1l) | 0;
    v0h = (v0h + v1h + (((v0l & v1l) | ((v0l | v1l) & ~lo)) >>> 31)) | 0;
    v0l = lo;
    t = (v1h << 13) | (v1l >>> 19);
    u = (v1l << 13) | (v1h >>> 19);
    v1h = t ^ v0h;
    v1l = u ^ v0l;
    t = v0h;
    v0h = v0l;
    v0l = t;
    lo = (v2l + v3l) | 0;
    v2h = (v2h + v3h + (((v2l & v3l) | ((v2l | v3l) & ~lo)) >>> 31)) | 0;
    v2l = lo;
    t = (v3h << 16) | (v3l >>> 16);
    u = (v3l << 16) | (v3h >>> 16);
    v3h = t ^ v2h;
    v3l = u ^ v2l;
    lo = (v0l + v3l) | 0;
    v0h = (v0h + v3h + (((v0l & v3l) | ((v0l | v3l) & ~lo)) >>> 31)) | 0;
    v0l = lo;
    t = (v3h << 21) | (v3l >>> 11);
    u = (v3l << 21) | (v3h >>> 11);
    v3h = t ^ v0h;
    v3l = u ^ v0l;
    lo = (v2l + v1l) | 0;
    v2h = (v2h + v1h + (((v2l & v1l) | ((v2l | v1l) & ~lo)) >>> 31)) | 0;
    v2l = lo;
    t = (v1h << 17) | (v1l >>> 15);
    u = (v1l << 17) | (v1h >>> 15);
    v1h = t ^ v2h;
    v1l = u ^ v2l;
    t = v2h;
    v2h = v2l;
    v2l = t;
  }
  if (wide) {
    SIP_OUT[2] = v0l ^ v1l ^ v2l ^ v3l;
    SIP_OUT[3] = v0h ^ v1h ^ v2h ^ v3h;
    return SIP_OUT[1];
  }
  SIP_OUT[0] = v0l ^ v1l ^ v2l ^ v3l;
  const hi = v0h ^ v1h ^ v2h ^ v3h;
  SIP_OUT[1] = hi;
  return hi;
}
