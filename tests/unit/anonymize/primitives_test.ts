import { createHmac } from "node:crypto";
import { FormatPreservingPermutation } from "../../../src/anonymize/_fpe.ts";
import { HmacSha256, sha256 } from "../../../src/anonymize/_sha256.ts";
import { SIP_OUT, sipHash, sipKey } from "../../../src/anonymize/_siphash.ts";
import { AnonymizeKey } from "../../../src/anonymize/mod.ts";
import { ConfitureError } from "../../../src/errors/mod.ts";
import { assert, assertEquals, assertNotEquals, assertThrows } from "../../_helpers/assert.ts";

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

/** Little-endian words of bytes 0, 1, …, n-1 (the reference test message). */
function referenceMessage(n: number): Int32Array {
  const w = new Int32Array(8);
  for (let i = 0; i < n; i++) w[i >> 2] |= i << (8 * (i & 3));
  return w;
}

Deno.test("SipHash-2-4 matches the reference vectors, 64- and 128-bit", () => {
  // vectors_sip64 / vectors_sip128 of the reference implementation: key 00..0f, message 00..n-1
  const sip64 = [
    "726fdb47dd0e0e31",
    "74f839c593dc67fd",
    "0d6c8009d9a94f5a",
    "85676696d7fb7e2d",
    "cf2794e0277187b7",
    "18765564cd99a68d",
    "cbc9466e58fee3ce",
    "ab0200f58b01d137",
    "93f5f5799a932462",
    "9e0082df0ba9e4b0",
    "7a5dbbc594ddb9f3",
    "f4b32f46226bada7",
    "751e8fbc860ee5fb",
    "14ea5627c0843d90",
    "f723ca908e7af2ee",
    "a129ca6149be45e5",
    "3f2acc7f57c29bdb",
  ];
  const sip128 = [
    "a3817f04ba25a8e66df67214c7550293",
    "da87c1d86b99af44347659119b22fc45",
    "8177228da4a45dc7fca38bdef60affe4",
    "9c70b60c5267a94e5f33b6b02985ed51",
    "f88164c12d9c8faf7d0f6e7c7bcd5579",
  ];
  const key = sipKey(Uint8Array.from({ length: 16 }, (_, i) => i));
  const le = (x: number) => Array.from({ length: 4 }, (_, i) => ((x >>> (8 * i)) & 255).toString(16).padStart(2, "0"));
  sip64.forEach((want, n) => {
    sipHash(key, referenceMessage(n), n);
    const got = (SIP_OUT[1] >>> 0).toString(16).padStart(8, "0") + (SIP_OUT[0] >>> 0).toString(16).padStart(8, "0");
    assertEquals(got, want, `length ${n}`);
  });
  sip128.forEach((want, n) => {
    sipHash(key, referenceMessage(n), n, true);
    assertEquals([...SIP_OUT].flatMap(le).join(""), want, `length ${n}`);
  });
});

Deno.test("SHA-256 and HMAC-SHA-256 agree with node:crypto for every length around the block edges", () => {
  assertEquals(
    hex(sha256(new TextEncoder().encode("abc"))),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
  for (const keyLength of [0, 16, 64, 100]) {
    const key = Uint8Array.from({ length: keyLength }, (_, i) => (i * 31 + 7) & 255);
    const mac = new HmacSha256(key);
    for (let n = 0; n <= 200; n += n < 70 ? 1 : 13) {
      const msg = Uint8Array.from({ length: n }, (_, i) => (i * 7 + n) & 255);
      assertEquals(
        hex(mac.digest(msg)),
        createHmac("sha256", key).update(msg).digest("hex"),
        `key ${keyLength}, length ${n}`,
      );
    }
  }
});

Deno.test("the format-preserving permutation is a bijection that stays in range, and decrypt undoes it", () => {
  const fpe = new FormatPreservingPermutation(sipKey(new Uint8Array(16).fill(9)));
  for (const radices of [[10], [10, 10], [10, 10, 10], [26, 10, 26], [2, 3, 5, 7], [10, 10, 10, 10, 10], [20992, 2]]) {
    const n = radices.length;
    const radix = Int32Array.from(radices);
    const total = radices.reduce((a, b) => a * b, 1);
    const seen = new Set<string>();
    const sym = new Int32Array(n);
    for (let x = 0; x < total; x++) {
      let y = x;
      for (let i = 0; i < n; i++) {
        sym[i] = y % radices[i];
        y = Math.floor(y / radices[i]);
      }
      const before = sym.join(",");
      fpe.encrypt(sym, radix, n, n);
      assert(sym.every((v, i) => i >= n || (v >= 0 && v < radices[i])), `${radices}: out of range`);
      seen.add(sym.join(","));
      fpe.decrypt(sym, radix, n, n);
      assertEquals(sym.join(","), before);
    }
    assertEquals(seen.size, total, `${radices.join("x")}: not a bijection`);
  }
  // long strings of mixed radices: decrypt(encrypt(x)) = x, and the output differs from the input
  let changed = 0;
  for (let t = 0; t < 500; t++) {
    const n = 1 + (t % 70);
    const radix = Int32Array.from(
      { length: n },
      (_, i) => [10, 26, 26, 2, 256, 20992, 11172, 16, 4, 9][(t * 7 + i * 3) % 10],
    );
    const sym = Int32Array.from({ length: n }, (_, i) => (t * 31 + i * 17) % radix[i]);
    const before = sym.join(",");
    fpe.encrypt(sym, radix, n, n);
    if (sym.join(",") !== before) changed++;
    fpe.decrypt(sym, radix, n, n);
    assertEquals(sym.join(","), before);
  }
  assert(changed > 490, `${changed} of 500 changed`);
});

Deno.test("keys: short secrets are refused, fingerprints and sub-keys depend only on the secret", () => {
  const e = confitureError(() => AnonymizeKey.fromSecret("too short"));
  assertEquals(e.code, "CONFIG_INVALID_VALUE");
  assert(!e.message.includes("too short"));
  const a = AnonymizeKey.fromSecret("a secret that is long enough");
  const b = AnonymizeKey.fromSecret("a secret that is long enough");
  const c = AnonymizeKey.fromSecret("another secret, long enough too");
  assertEquals(a.fingerprint, b.fingerprint);
  assertNotEquals(a.fingerprint, c.fingerprint);
  assertEquals(a.fingerprint.length, 16);
  assertEquals([...a.derive("email").sip], [...b.derive("email").sip]);
  assertNotEquals([...a.derive("email").sip], [...a.derive("phone").sip]);
  assertNotEquals([...a.derive("email").sip], [...c.derive("email").sip]);
  const r1 = AnonymizeKey.generate(), r2 = AnonymizeKey.generate();
  assert(r1.isRandom && !a.isRandom);
  assertNotEquals(r1.fingerprint, r2.fingerprint);
  // a random run's secret, passed to workers, gives the same key in each
  const secret = AnonymizeKey.randomSecret();
  const w1 = AnonymizeKey.fromSecret(secret, { random: true }),
    w2 = AnonymizeKey.fromSecret(secret.slice(), { random: true });
  assert(w1.isRandom);
  assertEquals(w1.fingerprint, w2.fingerprint);
});

/** The ConfitureError `fn` throws. */
function confitureError(fn: () => unknown): ConfitureError {
  const e = assertThrows(fn);
  assert(e instanceof ConfitureError, String(e));
  return e;
}
