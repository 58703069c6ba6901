/**
 * Placeholders: `${name}` in a SQL migration replaced by a value declared in the environment
 * file (`placeholders:`). Only declared names are replaced, anywhere in the file; any other
 * `${…}` (a stray one in a function body, a psql variable) is left as written. A declared name
 * without a value is an error at its `file:line:col`. Checksums are taken over the file as
 * written, so changing a value does not change them.
 * @module
 */
import { ConfitureError } from "../errors/mod.ts";
import { offsetToLineCol } from "../sql/mod.ts";

/** Declared placeholders: name → value, or `null` for a name declared without a value. */
export type Placeholders = Readonly<Record<string, string | null>>;

/** A text with its placeholders replaced, and the way back to the file as written. */
export interface SubstitutedText {
  /** The text with every declared `${name}` replaced. */
  text: string;
  /** Maps an offset of `text` to the offset of the same character in the file as written. */
  toOriginal(offset: number): number;
  /** Number of replacements made. */
  count: number;
}

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Replaces the declared placeholders of `text`. `file` names the file in errors.
 *
 * @example
 * ```ts
 * substitutePlaceholders("create schema ${app};", "m.up.sql", { app: "shop" }).text; // "create schema shop;"
 * ```
 */
export function substitutePlaceholders(text: string, file: string, placeholders: Placeholders): SubstitutedText {
  // segments of the output that come from a replacement: [outStart, outEnd, originalStart, originalEnd]
  const spans: [number, number, number, number][] = [];
  let out = "";
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    const name = m[1];
    if (!Object.hasOwn(placeholders, name)) continue;
    const value = placeholders[name];
    const at = m.index!;
    if (value === null || value === undefined) {
      const { line, col } = offsetToLineCol(text, at);
      throw new ConfitureError(
        "MIGRATION_PLACEHOLDER_UNSET",
        `${file}:${line}:${col}: placeholder \${${name}} is declared without a value`,
        {
          location: { file, line, col },
          hint: `give it a value under "placeholders:" in the environment file (e.g. ${name}: \${SOME_VARIABLE}), ` +
            "or remove it from the list to leave the text as written",
        },
      );
    }
    out += text.slice(last, at);
    spans.push([out.length, out.length + value.length, at, at + m[0].length]);
    out += value;
    last = at + m[0].length;
  }
  if (spans.length === 0) return { text, toOriginal: (o) => o, count: 0 };
  out += text.slice(last);
  return {
    text: out,
    count: spans.length,
    toOriginal(offset: number): number {
      let delta = 0;
      for (const [os, oe, is, ie] of spans) {
        if (offset < os) break;
        if (offset < oe) return is; // inside a replacement: its `${`
        delta = ie - oe;
      }
      return offset + delta;
    },
  };
}
