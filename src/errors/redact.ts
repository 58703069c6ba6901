/**
 * Secret redaction. Every message, detail, hint and log line passes through
 * {@link redact} before it can reach a terminal, a JSON document or a file.
 */

const secrets = new Set<string>();

/**
 * Remembers a secret (a password) so that {@link redact} removes it wherever it
 * appears, even outside a URL. Empty and one-character values are ignored.
 */
export function registerSecret(secret: string | undefined | null): void {
  if (secret && secret.length > 1) {
    secrets.add(secret);
    try {
      const enc = encodeURIComponent(secret);
      if (enc !== secret) secrets.add(enc);
    } catch {
      // an unpaired surrogate cannot be URI-encoded; the raw form is registered already
    }
  }
}

// scheme://user:password@host  -> scheme://user:***@host; the password runs to the last "@" of
// the authority, as in URL parsing (an unencoded "@" in it must not leak the rest).
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:)([^\s/?#]*)(@)/gi;
// password=secret (keyword/value connection strings, query parameters); an unquoted value ends at
// a blank, at "&", or before a ":" that ends the text or is followed by a blank (a URL in a
// message is followed by ": reason"), so that the text after it stays intact.
const KV_PASSWORD = /(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|(?:[^\s&:]|:(?=[^\s]))+)/gi;

/**
 * Removes passwords from `text`: those inside connection URLs, `password=` pairs,
 * and every secret given to {@link registerSecret}.
 *
 * @example
 * ```ts
 * redact("postgres://app:s3cret@db/app"); // "postgres://app:***@db/app"
 * ```
 */
export function redact(text: string): string {
  let out = text.replace(URL_PASSWORD, "$1***$3").replace(KV_PASSWORD, "$1***");
  // Longest first: a secret that contains another must not leave its remainder behind.
  for (const s of [...secrets].sort((x, y) => y.length - x.length)) {
    if (out.includes(s)) out = out.split(s).join("***");
  }
  return out;
}
