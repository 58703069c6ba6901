/**
 * Dictionary strategies: `first_name`, `last_name`, `full_name`, `city`, `street`, `company`.
 * The keyed hash of the value picks an entry, so equal inputs give equal outputs.
 * @module
 */
import { prf53, prf53Bytes } from "../_prf.ts";
import type { ColumnShape } from "../column.ts";
import { FIRST_NAMES } from "../dictionaries/first_names.ts";
import { LAST_NAMES } from "../dictionaries/last_names.ts";
import { CITIES, COMPANIES, STREETS } from "../dictionaries/places.ts";
import {
  type FitProblem,
  plainAscii,
  type Strategy,
  TEXT,
  textBytes,
  type ValueTransform,
  withBytes,
} from "../strategy.ts";

const shortest = (list: readonly string[]) => Math.min(...list.map((s) => s.length));
const fitting = (list: readonly string[], max: number | null) =>
  max === null ? list : list.filter((s) => s.length <= max);

function tooShort(column: ColumnShape, need: number, what: string): FitProblem[] {
  return column.maxLength !== null && column.maxLength < need
    ? [{ option: "", message: `${column.type} is too short for any ${what} (at least ${need} characters)` }]
    : [];
}

function dictionary(
  name: string,
  list: readonly string[],
  what: string,
  summary: string,
  input: string,
): Strategy {
  return {
    name,
    summary,
    example: { rule: { strategy: name }, input },
    options: {},
    families: TEXT,
    keyed: true,
    injectivity: `Not injective: ${list.length} ${what}s to choose from, so distinct inputs share outputs.`,
    notInjective: () => `${name} picks one of ${list.length} ${what}s, so distinct values share outputs`,
    check: (_options, column) => tooShort(column, shortest(list), what),
    create({ key, column }) {
      const choices = fitting(list, column.maxLength);
      const encoded = choices.map(textBytes);
      const sip = key.sip;
      return withBytes(
        (v) => v === null || v === "" ? v : choices[prf53(sip, v) % choices.length],
        (buf, start, end, out, at) => {
          if (end === start) return at;
          if (!plainAscii(buf, start, end)) return -1;
          const entry = encoded[prf53Bytes(sip, buf, start, end) % encoded.length];
          out.set(entry, at);
          return at + entry.length;
        },
      );
    },
  };
}

/** `first_name`. */
export const firstName: Strategy = dictionary(
  "first_name",
  FIRST_NAMES,
  "given name",
  "A given name from the bundled list, picked by the keyed hash of the value.",
  "Marguerite",
);

/** `last_name`. */
export const lastName: Strategy = dictionary(
  "last_name",
  LAST_NAMES,
  "family name",
  "A family name from the bundled list, picked by the keyed hash of the value.",
  "Delacroix-Whitman",
);

/** `city`. */
export const city: Strategy = dictionary(
  "city",
  CITIES,
  "town name",
  "An invented town name, picked by the keyed hash of the value.",
  "Springfield",
);

/** `company`. */
export const company: Strategy = dictionary(
  "company",
  COMPANIES,
  "company name",
  "An invented company name, picked by the keyed hash of the value.",
  "Initech Corporation",
);

/** `full_name`: "Given Family", both picked by the keyed hash; the family name is dropped if it cannot fit. */
export const fullName: Strategy = {
  name: "full_name",
  summary: '"Given Family" from the bundled lists, picked by the keyed hash of the value.',
  example: { rule: { strategy: "full_name" }, input: "Marguerite Delacroix-Whitman" },
  options: {},
  families: TEXT,
  keyed: true,
  injectivity: `Not injective: ${FIRST_NAMES.length} × ${LAST_NAMES.length} combinations.`,
  notInjective: () =>
    `full_name picks from ${FIRST_NAMES.length * LAST_NAMES.length} names, so distinct values share outputs`,
  check: (_options, column) => tooShort(column, shortest(FIRST_NAMES), "given name"),
  create({ key, column }): ValueTransform {
    const max = column.maxLength;
    const firsts = fitting(FIRST_NAMES, max);
    const lastsFor = new Map<number, readonly string[]>();
    const sip = key.sip;
    /** The given name and the family name (absent when it cannot fit) picked by `x`. */
    const pick = (x: number): [string, string | undefined] => {
      const first = firsts[x % firsts.length];
      const room = max === null ? Infinity : max - first.length - 1;
      let lasts = LAST_NAMES;
      if (room !== Infinity) {
        lasts = lastsFor.get(room) ?? fitting(LAST_NAMES, room);
        lastsFor.set(room, lasts);
        if (lasts.length === 0) return [first, undefined];
      }
      return [first, lasts[Math.floor(x / firsts.length) % lasts.length]];
    };
    const write = (s: string, out: Uint8Array, at: number): number => {
      for (let i = 0; i < s.length; i++) out[at + i] = s.charCodeAt(i);
      return at + s.length;
    };
    return withBytes(
      (v) => {
        if (v === null || v === "") return v;
        const [first, last] = pick(prf53(sip, v));
        return last === undefined ? first : first + " " + last;
      },
      (buf, start, end, out, at) => {
        if (end === start) return at;
        if (!plainAscii(buf, start, end)) return -1;
        const [first, last] = pick(prf53Bytes(sip, buf, start, end));
        let o = write(first, out, at);
        if (last !== undefined) {
          out[o++] = 0x20;
          o = write(last, out, o);
        }
        return o;
      },
    );
  },
};

/** `street`: "<number> <street name>", invented; the number shrinks if the column is short. */
export const street: Strategy = {
  name: "street",
  summary: '"<number> <street>" with an invented street name, picked by the keyed hash of the value.',
  example: { rule: { strategy: "street" }, input: "221B Baker Street" },
  options: {},
  families: TEXT,
  keyed: true,
  injectivity: `Not injective: ${STREETS.length} street names and numbers 1 to 9999.`,
  notInjective: () => "street picks from a finite list of streets and numbers, so distinct values share outputs",
  check: (_options, column) => tooShort(column, shortest(STREETS), "street name"),
  create({ key, column }) {
    const max = column.maxLength;
    const names = fitting(STREETS, max);
    const sip = key.sip;
    const pick = (x: number): string => {
      const name = names[x % names.length];
      const number = String(1 + Math.floor(x / names.length) % 9999);
      if (max === null || number.length + 1 + name.length <= max) return number + " " + name;
      const room = max - name.length - 1;
      return room >= 1 ? number.slice(0, room) + " " + name : name;
    };
    return withBytes(
      (v) => v === null || v === "" ? v : pick(prf53(sip, v)),
      (buf, start, end, out, at) => {
        if (end === start) return at;
        if (!plainAscii(buf, start, end)) return -1;
        const text = pick(prf53Bytes(sip, buf, start, end));
        for (let i = 0; i < text.length; i++) out[at + i] = text.charCodeAt(i);
        return at + text.length;
      },
    );
  },
};
