/**
 * PII hints from sampled values: shapes (regular expressions) confirmed by validators where
 * one exists (Luhn for card numbers, mod 97 for IBANs and French social security numbers, the
 * control letter of Spanish DNIs), dictionary hits for person names, and entropy for secrets.
 * @module
 */
import type { PiiClass } from "./detect.ts";
import { FIRST_NAMES } from "./dictionaries/first_names.ts";
import { LAST_NAMES } from "./dictionaries/last_names.ts";
import { ibanValid, luhnValid } from "./validators.ts";

/** A value rule: the class, how sure a matching column makes us, the share of values needed, and the test. */
export interface ValueRule {
  readonly class: PiiClass;
  readonly confidence: number;
  /** Share of the non-empty samples that must match. */
  readonly share: number;
  readonly label: string;
  readonly test: (value: string) => boolean;
}

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:".]{2,}$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(\/\d{1,2})?$/;
const IPV6 = /^(?=.*:.*:)[0-9a-f:.]{2,45}(\/\d{1,3})?$/i;
const MAC = /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$|^([0-9a-f]{4}\.){2}[0-9a-f]{4}$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PHONE_SHAPE = /^\+?[\d\s().\-/]{7,24}$/;
const STREET = new RegExp(
  "^\\d+\\s*[a-z]?\\s*,?\\s+.*\\b(street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|place|pl|" +
    "way|square|sq|terrace|row|rue|chemin|allée|allee|impasse|quai|calle|avenida|via|viale|piazza|plaza|rua|" +
    "travessa|straat|laan|gracht)\\b",
  "i",
);
const STREET_AFTER = /\b\p{L}*(strasse|straße|str\.|weg|platz|gasse|allee|straat|laan|gatan|vägen|vej|gade)\s*\d+/iu;
const SECRET_FORMATS = [
  /^\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}$/, // bcrypt
  /^\$argon2(id|i|d)\$/, // argon2
  /^\$[56]\$/, // SHA-crypt
  /^(pbkdf2_sha\d+|scrypt|bcrypt_sha256)\$/, // framework password hashes
  /^eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*$/, // JSON web token
  /^-----BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE)-----/, // PEM
  /^(AKIA|ASIA)[0-9A-Z]{16}$/, // AWS access key id
  /^gh[pousr]_[A-Za-z0-9]{36,}$/, // GitHub token
  /^xox[abprs]-[A-Za-z0-9-]{10,}$/, // Slack token
  /^(sk|rk|pk)_(live|test)_[A-Za-z0-9]{16,}$/, // payment API keys
  /^AIza[0-9A-Za-z_-]{35}$/, // Google API key
];

const NAMES = new Set([...FIRST_NAMES, ...LAST_NAMES].map((n) => n.toLowerCase()));

/** Shannon entropy of `s`, in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Calendar dates (year first, or day and month first) with one separator repeated. */
const DATE_SHAPES = [
  /^\d{4}([-/.])(0?[1-9]|1[0-2])\1(0?[1-9]|[12]\d|3[01])$/,
  /^(0?[1-9]|[12]\d|3[01])([-/.])(0?[1-9]|1[0-2])\2\d{4}$/,
  /^(0?[1-9]|1[0-2])([-/.])(0?[1-9]|[12]\d|3[01])\2\d{4}$/,
];

function phoneLike(v: string): boolean {
  if (!PHONE_SHAPE.test(v) || DATE_SHAPES.some((re) => re.test(v))) return false;
  const digits = v.replace(/\D/g, "").length;
  if (digits < 7 || digits > 15) return false;
  // Plain digit strings are too often identifiers: a phone shows a "+" or separators.
  return v.startsWith("+") || /[\s().\-/]/.test(v.trim());
}

function cardLike(v: string): boolean {
  const d = v.replace(/[\s-]/g, "");
  return /^[2-6]\d{12,18}$/.test(d) && luhnValid(d);
}

/** US social security number: area not 000, 666 or 9xx, group not 00, serial not 0000. */
function ssn(v: string): boolean {
  const m = /^(\d{3})-(\d{2})-(\d{4})$/.exec(v);
  return m !== null && m[1] !== "000" && m[1] !== "666" && m[1][0] !== "9" && m[2] !== "00" && m[3] !== "0000";
}

/** French social security number (NIR): 13 digits and the key 97 - (number mod 97). */
function nir(v: string): boolean {
  const d = v.replace(/\s/g, "").toUpperCase().replace(/^(\d{5})2A/, "$119").replace(/^(\d{5})2B/, "$118");
  if (!/^[12]\d{2}(0[1-9]|1[0-2]|[2-9]\d)\d{10}$/.test(d)) return false;
  return 97 - Number(BigInt(d.slice(0, 13)) % 97n) === Number(d.slice(13));
}

/** UK National Insurance number. */
function nino(v: string): boolean {
  return /^(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]$/i.test(v);
}

/** Spanish DNI: eight digits and their control letter. */
function dni(v: string): boolean {
  const m = /^(\d{8})-?([A-Z])$/i.exec(v);
  return m !== null && "TRWAGMYFPDXBNJZSQVHLCKE"[Number(m[1]) % 23] === m[2].toUpperCase();
}

function nameLike(v: string): boolean {
  if (!/^\p{L}[\p{L}'’\-. ]{0,60}$/u.test(v)) return false;
  const words = v.split(/[\s\-.]+/).filter((w) => w !== "");
  return words.length <= 4 && words.some((w) => NAMES.has(w.toLowerCase()));
}

function secretLike(v: string): boolean {
  if (SECRET_FORMATS.some((re) => re.test(v))) return true;
  if (v.length < 20 || v.length > 512 || /\s/.test(v) || UUID.test(v)) return false;
  if (!/^[A-Za-z0-9+/=_\-.~]+$/.test(v) || !/[A-Za-z]/.test(v) || !/\d/.test(v)) return false;
  // Random base64 or base62 has about 5 to 6 bits per character; hex digests stay at or under 4.
  return !/^[0-9a-f]+$/i.test(v) && entropy(v) >= 4.2;
}

/** Value rules; a column is classed by those its samples match often enough. */
export const VALUE_RULES: readonly ValueRule[] = [
  {
    class: "email",
    confidence: 0.95,
    share: 0.6,
    label: "values shaped like e-mail addresses",
    test: (v) => EMAIL.test(v),
  },
  { class: "iban", confidence: 0.98, share: 0.6, label: "values that pass the IBAN mod-97 check", test: ibanValid },
  { class: "card", confidence: 0.95, share: 0.6, label: "card numbers that pass the Luhn check", test: cardLike },
  {
    class: "ip",
    confidence: 0.9,
    share: 0.8,
    label: "values shaped like IP addresses",
    test: (v) => IPV4.test(v) || (IPV6.test(v) && v.includes(":")),
  },
  { class: "mac", confidence: 0.9, share: 0.8, label: "values shaped like MAC addresses", test: (v) => MAC.test(v) },
  { class: "phone", confidence: 0.8, share: 0.6, label: "values shaped like phone numbers", test: phoneLike },
  {
    class: "national_id",
    confidence: 0.9,
    share: 0.6,
    label: "national identifier numbers (US SSN, French NIR, UK NINO, Spanish DNI)",
    test: (v) => ssn(v) || nir(v) || nino(v) || dni(v),
  },
  {
    class: "person_name",
    confidence: 0.75,
    share: 0.3,
    label: "values found in the name dictionaries",
    test: nameLike,
  },
  {
    class: "address",
    confidence: 0.8,
    share: 0.5,
    label: "values shaped like street addresses",
    test: (v) => STREET.test(v) || STREET_AFTER.test(v),
  },
  {
    class: "secret",
    confidence: 0.85,
    share: 0.6,
    label: "password hashes, keys or high-entropy tokens",
    test: secretLike,
  },
];
