/**
 * Check digits and checksums used by the strategies and by PII detection.
 * @module
 */

/** The Luhn check digit for `digits` (the number without its check digit). */
export function luhnCheckDigit(digits: readonly number[]): number {
  let sum = 0;
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits[i];
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * Whether a digit string (spaces and dashes allowed) passes the Luhn check.
 *
 * @example
 * ```ts
 * luhnValid("4539 1488 0343 6467"); // true
 * ```
 */
export function luhnValid(s: string): boolean {
  const digits = s.replace(/[\s-]/g, "");
  if (!/^\d{2,}$/.test(digits)) return false;
  const body = Array.from(digits.slice(0, -1), Number);
  return luhnCheckDigit(body) === Number(digits[digits.length - 1]);
}

/**
 * Whether `s` is an IBAN: country code, check digits, 11 to 30 letters or digits, and the
 * ISO 7064 mod-97 check equal to 1 (spaces allowed).
 *
 * @example
 * ```ts
 * ibanValid("GB82 WEST 1234 5698 7654 32"); // true
 * ```
 */
export function ibanValid(s: string): boolean {
  const iban = s.replace(/\s/g, "").toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const c = ch.charCodeAt(0);
    const v = c >= 65 ? c - 55 : c - 48;
    rest = v >= 10 ? (rest * 100 + v) % 97 : (rest * 10 + v) % 97;
  }
  return rest === 1;
}
