/**
 * Names: GraphQL names to SQL names (snake_case, plural, singular), identifiers as PostgreSQL
 * prints them, and the 63-byte limit of PostgreSQL identifiers.
 * @module
 */
import { sqlIdent } from "../sql/mod.ts";

export { sqlIdent };

/**
 * camelCase or PascalCase to snake_case; runs of capitals stay one word.
 *
 * @example
 * ```ts
 * snakeCase("createdAt"); // "created_at"
 * snakeCase("HTTPStatus"); // "http_status"
 * snakeCase("userID"); // "user_id"
 * ```
 */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}

const IRREGULAR_PLURALS: Readonly<Record<string, string>> = {
  person: "people",
  child: "children",
  man: "men",
  woman: "women",
  mouse: "mice",
  goose: "geese",
  foot: "feet",
  tooth: "teeth",
};

const IRREGULAR_SINGULARS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(IRREGULAR_PLURALS).map(([s, p]) => [p, s]),
);

/**
 * The plural of a snake_case name, by simple English rules on its last word: `category` →
 * `categories`, `address` → `addresses`, `box` → `boxes`, `person` → `people`, else `+s`.
 *
 * @example
 * ```ts
 * plural("order_item"); // "order_items"
 * plural("category"); // "categories"
 * ```
 */
export function plural(name: string): string {
  const cut = name.lastIndexOf("_") + 1;
  const head = name.slice(0, cut);
  const word = name.slice(cut);
  if (IRREGULAR_PLURALS[word]) return head + IRREGULAR_PLURALS[word];
  if (/[^aeiou]y$/.test(word)) return head + word.slice(0, -1) + "ies";
  if (/(s|x|z|ch|sh)$/.test(word)) return head + word + "es";
  return name + "s";
}

/**
 * The singular of a snake_case plural, the reverse of {@link plural} on its last word; a word
 * that does not look plural is returned as it is.
 *
 * @example
 * ```ts
 * singular("followers"); // "follower"
 * singular("categories"); // "category"
 * ```
 */
export function singular(name: string): string {
  const cut = name.lastIndexOf("_") + 1;
  const head = name.slice(0, cut);
  const word = name.slice(cut);
  if (IRREGULAR_SINGULARS[word]) return head + IRREGULAR_SINGULARS[word];
  if (/[^aeiou]ies$/.test(word)) return head + word.slice(0, -3) + "y";
  if (/(s|x|z|ch|sh)es$/.test(word)) return head + word.slice(0, -2);
  if (/[^s]s$/.test(word)) return head + word.slice(0, -1);
  return name;
}

/** `schema.name`, each part as {@link sqlIdent} prints it. */
export function sqlQualified(schema: string, name: string): string {
  return `${sqlIdent(schema)}.${sqlIdent(name)}`;
}

/** The longest identifier PostgreSQL keeps, in bytes (NAMEDATALEN - 1). */
export const MAX_IDENTIFIER_BYTES = 63;

/** A 32-bit FNV-1a hash of a string's UTF-8 bytes, as 8 hex digits. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(text)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/**
 * A name that fits PostgreSQL's 63 bytes: a longer one keeps its first 54 characters and
 * gets `_` and 8 hex digits of its hash, so two long names stay distinct and the result is
 * always the same for the same name.
 *
 * @example
 * ```ts
 * fitName("users_email_key"); // "users_email_key"
 * ```
 */
export function fitName(name: string): string {
  if (new TextEncoder().encode(name).length <= MAX_IDENTIFIER_BYTES) return name;
  return `${name.slice(0, 54)}_${fnv1a(name)}`;
}

/** Names given in directives (`@table(name:)`, `@index(name:)`, …): lowercase SQL names. */
export const SQL_NAME = /^[a-z_][a-z0-9_]*$/;
