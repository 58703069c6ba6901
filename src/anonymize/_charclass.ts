/**
 * Character classes for format-preserving replacement: a character is replaced only by another
 * of its class, so length (in characters and in UTF-8 bytes), case and script are kept. Digits,
 * ASCII letters by case, and the letters of the common alphabets and syllabaries are classes;
 * every other character (punctuation, spaces, symbols, emoji, marks) is kept as it is.
 * @module
 */

/** `[first, last]` code points (inclusive) of each class; every range lies inside one UTF-8 length. */
const RANGES: readonly (readonly [number, number])[] = [
  [0x30, 0x39], // 0-9
  [0x41, 0x5a], // A-Z
  [0x61, 0x7a], // a-z
  [0xc0, 0xd6], // Latin-1 capitals À-Ö
  [0xd8, 0xde], // Ø-Þ
  [0xdf, 0xf6], // ß-ö
  [0xf8, 0xff], // ø-ÿ
  [0x100, 0x17f], // Latin Extended-A
  [0x391, 0x3a1], // Greek capitals Α-Ρ
  [0x3a3, 0x3a9], // Σ-Ω
  [0x3b1, 0x3c9], // Greek small α-ω
  [0x400, 0x40f], // Cyrillic Ѐ-Џ
  [0x410, 0x42f], // А-Я
  [0x430, 0x44f], // а-я
  [0x450, 0x45f], // ѐ-џ
  [0x5d0, 0x5ea], // Hebrew letters
  [0x621, 0x63a], // Arabic letters
  [0x641, 0x64a],
  [0x915, 0x939], // Devanagari consonants
  [0x3041, 0x3096], // Hiragana
  [0x30a1, 0x30fa], // Katakana
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xac00, 0xd7a3], // Hangul syllables
];

/** First code point of each class. */
export const CLASS_BASE: Int32Array = Int32Array.from(RANGES, (r) => r[0]);
/** Number of characters of each class. */
export const CLASS_RADIX: Int32Array = Int32Array.from(RANGES, (r) => r[1] - r[0] + 1);
/** The class of ASCII digits. */
export const DIGITS = 0;
/** The class of ASCII capitals. */
export const UPPER = 1;
/** The class of ASCII small letters. */
export const LOWER = 2;

const ASCII = new Int8Array(128).fill(-1);
for (let c = 0x30; c <= 0x39; c++) ASCII[c] = DIGITS;
for (let c = 0x41; c <= 0x5a; c++) ASCII[c] = UPPER;
for (let c = 0x61; c <= 0x7a; c++) ASCII[c] = LOWER;

/** The class of UTF-16 code unit `c` (a BMP character), or -1 when it is kept as it is. */
export function classOf(c: number): number {
  if (c < 0x80) return ASCII[c];
  if (c >= 0xd800 && c <= 0xdfff) return -1;
  for (let k = 3; k < RANGES.length; k++) {
    if (c < CLASS_BASE[k]) return -1;
    if (c < CLASS_BASE[k] + CLASS_RADIX[k]) return k;
  }
  return -1;
}
