/**
 * SHA-256 and HMAC-SHA-256 in plain TypeScript, for many short messages: the key's inner and
 * outer states are computed once, so a message of up to 55 bytes costs two compressions and no
 * allocation. (WebCrypto is asynchronous and `node:crypto` pays a native call per message; both
 * are an order of magnitude slower for millions of short values.)
 * @module
 */

const K = new Int32Array([
  0x428a2f98,
  0x71374491,
  0xb5c0fbcf,
  0xe9b5dba5,
  0x3956c25b,
  0x59f111f1,
  0x923f82a4,
  0xab1c5ed5,
  0xd807aa98,
  0x12835b01,
  0x243185be,
  0x550c7dc3,
  0x72be5d74,
  0x80deb1fe,
  0x9bdc06a7,
  0xc19bf174,
  0xe49b69c1,
  0xefbe4786,
  0x0fc19dc6,
  0x240ca1cc,
  0x2de92c6f,
  0x4a7484aa,
  0x5cb0a9dc,
  0x76f988da,
  0x983e5152,
  0xa831c66d,
  0xb00327c8,
  0xbf597fc7,
  0xc6e00bf3,
  0xd5a79147,
  0x06ca6351,
  0x14292967,
  0x27b70a85,
  0x2e1b2138,
  0x4d2c6dfc,
  0x53380d13,
  0x650a7354,
  0x766a0abb,
  0x81c2c92e,
  0x92722c85,
  0xa2bfe8a1,
  0xa81a664b,
  0xc24b8b70,
  0xc76c51a3,
  0xd192e819,
  0xd6990624,
  0xf40e3585,
  0x106aa070,
  0x19a4c116,
  0x1e376c08,
  0x2748774c,
  0x34b0bcb5,
  0x391c0cb3,
  0x4ed8aa4a,
  0x5b9cca4f,
  0x682e6ff3,
  0x748f82ee,
  0x78a5636f,
  0x84c87814,
  0x8cc70208,
  0x90befffa,
  0xa4506ceb,
  0xbef9a3f7,
  0xc67178f2,
]);
const IV = new Int32Array([
  0x6a09e667,
  0xbb67ae85,
  0x3c6ef372,
  0xa54ff53a,
  0x510e527f,
  0x9b05688c,
  0x1f83d9ab,
  0x5be0cd19,
]);
const W = new Int32Array(64);

/** One SHA-256 compression of the 16 big-endian words `block` into `state`. */
function compress(state: Int32Array, block: Int32Array): void {
  const w = W;
  for (let i = 0; i < 16; i++) w[i] = block[i];
  for (let i = 16; i < 64; i++) {
    const a = w[i - 15], b = w[i - 2];
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
  }
  let a = state[0], b = state[1], c = state[2], d = state[3];
  let e = state[4], f = state[5], g = state[6], h = state[7];
  for (let i = 0; i < 64; i++) {
    const t1 = (h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) +
      ((e & f) ^ (~e & g)) + K[i] + w[i]) | 0;
    const t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) +
      ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0] + a) | 0;
  state[1] = (state[1] + b) | 0;
  state[2] = (state[2] + c) | 0;
  state[3] = (state[3] + d) | 0;
  state[4] = (state[4] + e) | 0;
  state[5] = (state[5] + f) | 0;
  state[6] = (state[6] + g) | 0;
  state[7] = (state[7] + h) | 0;
}

const block = new Int32Array(16);

/**
 * Hashes `msg[0, len)` into `state`, which holds the state after `prefixBlocks` 64-byte blocks
 * already absorbed (0: a fresh hash).
 */
function absorb(state: Int32Array, prefixBlocks: number, msg: Uint8Array, len: number): void {
  let p = 0;
  while (len - p >= 64) {
    for (let i = 0; i < 16; i++, p += 4) {
      block[i] = (msg[p] << 24) | (msg[p + 1] << 16) | (msg[p + 2] << 8) | msg[p + 3];
    }
    compress(state, block);
  }
  block.fill(0);
  const rest = len - p;
  for (let i = 0; i < rest; i++) block[i >> 2] |= msg[p + i] << (24 - 8 * (i & 3));
  block[rest >> 2] |= 0x80 << (24 - 8 * (rest & 3));
  const bits = (prefixBlocks * 64 + len) * 8;
  if (rest >= 56) {
    compress(state, block);
    block.fill(0);
  }
  block[14] = Math.floor(bits / 4294967296);
  block[15] = bits | 0;
  compress(state, block);
}

/** SHA-256 of `msg`. */
export function sha256(msg: Uint8Array): Uint8Array {
  const state = IV.slice();
  absorb(state, 0, msg, msg.length);
  return wordsToBytes(state);
}

/** The 32 bytes of eight big-endian words. */
export function wordsToBytes(words: Int32Array): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 8; i++) {
    out[4 * i] = words[i] >>> 24;
    out[4 * i + 1] = words[i] >>> 16;
    out[4 * i + 2] = words[i] >>> 8;
    out[4 * i + 3] = words[i];
  }
  return out;
}

/** HMAC-SHA-256 under one key, with the key's inner and outer states computed once. */
export class HmacSha256 {
  readonly #inner = new Int32Array(8);
  readonly #outer = new Int32Array(8);
  readonly #state = new Int32Array(8);
  readonly #mac = new Uint8Array(32);

  constructor(key: Uint8Array) {
    const k = new Uint8Array(64);
    k.set(key.length > 64 ? sha256(key) : key);
    const pad = new Int32Array(16);
    for (const [state, x] of [[this.#inner, 0x36], [this.#outer, 0x5c]] as const) {
      for (let i = 0; i < 16; i++) {
        pad[i] = ((k[4 * i] ^ x) << 24) | ((k[4 * i + 1] ^ x) << 16) | ((k[4 * i + 2] ^ x) << 8) | (k[4 * i + 3] ^ x);
      }
      state.set(IV);
      compress(state, pad);
    }
  }

  /**
   * The MAC of `msg[0, len)` as eight big-endian words, written into `out` (which is returned).
   * `out` is a shared buffer unless one is given: read it before the next call.
   */
  words(msg: Uint8Array, len: number = msg.length, out: Int32Array = this.#state): Int32Array {
    const s = out;
    s.set(this.#inner);
    absorb(s, 1, msg, len);
    for (let i = 0; i < 8; i++) {
      this.#mac[4 * i] = s[i] >>> 24;
      this.#mac[4 * i + 1] = s[i] >>> 16;
      this.#mac[4 * i + 2] = s[i] >>> 8;
      this.#mac[4 * i + 3] = s[i];
    }
    s.set(this.#outer);
    absorb(s, 1, this.#mac, 32);
    return s;
  }

  /** The MAC of `msg` as 32 new bytes. */
  digest(msg: Uint8Array): Uint8Array {
    return wordsToBytes(this.words(msg, msg.length, new Int32Array(8)));
  }
}
