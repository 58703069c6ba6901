/**
 * The secret key of an anonymization run. Every strategy derives its own sub-key from it with
 * HMAC-SHA-256, so the same input gives the same output in every table and every run with the
 * same key, and nothing without the key maps outputs back to inputs.
 * @module
 */
import { ConfitureError } from "../errors/mod.ts";
import { HmacSha256, wordsToBytes } from "./_sha256.ts";
import { type SipKey, sipKey } from "./_siphash.ts";

/** The keys one strategy uses, derived from the run key and a label. */
export interface DerivedKey {
  /** The label it was derived for (the strategy name, plus a salt when one is given). */
  readonly label: string;
  /** SipHash-2-4 key (128 bits) for per-value pseudo-random choices and format-preserving permutations. */
  readonly sip: SipKey;
  /** HMAC-SHA-256 under the 256-bit sub-key, for digests shown as output (`hash`). */
  readonly hmac: HmacSha256;
}

/** Fewest bytes a secret must have. */
export const MIN_SECRET_BYTES = 16;

const encoder = new TextEncoder();

/**
 * The key of a run: built from a secret ({@link AnonymizeKey.fromSecret}) for repeatable
 * output, or drawn at random ({@link AnonymizeKey.generate}) for output that no later run
 * reproduces. Either way the output is consistent inside one run, so joins hold.
 *
 * @example
 * ```ts
 * const key = AnonymizeKey.fromSecret("a long random secret kept out of the repository");
 * key.fingerprint; // 16 hex digits, safe to store: tells whether two runs used the same key
 * ```
 */
export class AnonymizeKey {
  /** Whether the key was drawn at random for this run. */
  readonly isRandom: boolean;
  /** A short public fingerprint of the key (HMAC of a fixed label): equal fingerprints, same key. */
  readonly fingerprint: string;
  readonly #root: HmacSha256;
  readonly #derived = new Map<string, DerivedKey>();

  private constructor(secret: Uint8Array, isRandom: boolean) {
    this.isRandom = isRandom;
    this.#root = new HmacSha256(secret);
    const fp = this.#root.digest(encoder.encode("confiture/anonymize/v1/fingerprint"));
    this.fingerprint = Array.from(fp.subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  /**
   * The key made from a secret (a string is taken as its UTF-8 bytes, trimmed). A secret shorter
   * than {@link MIN_SECRET_BYTES} bytes is refused: short secrets can be guessed by trying them
   * against a known value. `random: true` marks a key made from {@link AnonymizeKey.randomSecret}
   * (how worker threads share the run's random key).
   */
  static fromSecret(secret: string | Uint8Array, options: { random?: boolean } = {}): AnonymizeKey {
    const bytes = typeof secret === "string" ? encoder.encode(secret.trim()) : secret;
    if (bytes.length < MIN_SECRET_BYTES) {
      throw new ConfitureError(
        "CONFIG_INVALID_VALUE",
        `the anonymization key has ${bytes.length} bytes, at least ${MIN_SECRET_BYTES} are needed`,
        { hint: "use a long random secret, e.g. the output of `openssl rand -hex 32`" },
      );
    }
    return new AnonymizeKey(bytes, options.random === true);
  }

  /** 32 random bytes: the secret of a random run, to pass to every worker of the run. */
  static randomSecret(): Uint8Array {
    return crypto.getRandomValues(new Uint8Array(32));
  }

  /** A fresh random key (256 bits): the output is consistent inside the run and unrelated to any other run's. */
  static generate(): AnonymizeKey {
    return new AnonymizeKey(AnonymizeKey.randomSecret(), true);
  }

  /** The sub-keys for `label` (computed once, then cached). */
  derive(label: string): DerivedKey {
    let d = this.#derived.get(label);
    if (d === undefined) {
      const words = this.#root.words(encoder.encode(`confiture/anonymize/v1/${label}`), undefined, new Int32Array(8));
      const bytes = wordsToBytes(words);
      d = { label, sip: sipKey(bytes.subarray(0, 16)), hmac: new HmacSha256(bytes) };
      this.#derived.set(label, d);
    }
    return d;
  }
}
