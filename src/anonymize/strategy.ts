/**
 * The shape of an anonymization strategy: its options, the column types it applies to, whether
 * it is injective, how it checks that its output fits the column, and how it makes the
 * transform of one column.
 * @module
 */
import { ConfitureError } from "../errors/mod.ts";
import type { ColumnShape, TypeFamily } from "./column.ts";
import type { DerivedKey } from "./key.ts";

/**
 * A transform's fast path on the bytes of a COPY field `buf[start, end)` (as they stand in the
 * stream, escapes included): writes the output field's bytes into `out` at `at` and returns the
 * position after them, or returns -1 to let the string form handle the field (escapes, non-ASCII,
 * NULL, anything unusual). It writes at most `end - start + 512` bytes, and its output is always
 * the COPY encoding of what the string form returns.
 */
export type ByteTransform = (buf: Uint8Array, start: number, end: number, out: Uint8Array, at: number) => number;

/**
 * The transform of one column's values, in COPY text representation: NULL is `null`. It may
 * carry a {@link ByteTransform} as `bytes`, which the COPY stream uses when it can.
 */
export type ValueTransform = ((value: string | null) => string | null) & { bytes?: ByteTransform };

/** `transform` with the fast path `bytes` attached. */
export function withBytes(
  transform: (value: string | null) => string | null,
  bytes: ByteTransform,
): ValueTransform {
  return Object.assign(transform, { bytes });
}

/** Value types of options. `scalar`: a string, number, boolean or null. `rules`: a map of JSON path to rule. */
export type OptionType = "string" | "integer" | "number" | "boolean" | "scalar" | "rules";

/** One option of a strategy. */
export interface OptionSpec {
  readonly type: OptionType;
  readonly description: string;
  /** The value used when the option is absent. */
  readonly default?: string | number | boolean;
  /** The option must be given. */
  readonly required?: boolean;
  /** Smallest and largest allowed numbers (inclusive). */
  readonly min?: number;
  readonly max?: number;
}

/** Options after validation: every declared option with a value or its default. */
export type StrategyOptions = Readonly<Record<string, unknown>>;

/** A problem of fit found by a strategy: the option it concerns (or "" for the rule) and what is wrong. */
export interface FitProblem {
  readonly option: string;
  readonly message: string;
  readonly hint?: string;
}

/** What {@link Strategy.create} receives. */
export interface StrategyContext {
  /** The strategy's sub-keys (derived from the run key, the strategy name and the rule's salt). */
  readonly key: DerivedKey;
  readonly options: StrategyOptions;
  readonly column: ColumnShape;
  /** Compiles a nested rule (the `json` strategy's paths) under the same run key. */
  readonly compileNested: (rule: unknown, path: string) => ValueTransform | undefined;
}

/** An anonymization strategy. */
export interface Strategy {
  readonly name: string;
  /** One line for `--help` and the docs. */
  readonly summary: string;
  /** A rule and an input value for the docs. */
  readonly example: { readonly rule: Readonly<Record<string, unknown>>; readonly input: string };
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Type families it applies to. */
  readonly families: readonly TypeFamily[];
  /** Whether it applies to array columns too. */
  readonly arrays?: boolean;
  /** Whether its output depends on the key (such strategies accept a `salt` option). */
  readonly keyed: boolean;
  /** Whether a NULL input gives a non-NULL output under these options. */
  readonly replacesNull?: (options: StrategyOptions) => boolean;
  /** Whether it can give NULL for a non-NULL input under these options. */
  readonly makesNull?: (options: StrategyOptions) => boolean;
  /** When and why it is injective (for the docs). */
  readonly injectivity: string;
  /** Why it is not injective on this column with these options; undefined when it is. */
  notInjective(options: StrategyOptions, column: ColumnShape): string | undefined;
  /** Problems of fit: output longer than the column, beyond its precision, wrong value for the type. */
  check?(options: StrategyOptions, column: ColumnShape): FitProblem[];
  /** The transform; absent for `preserve` and `sql`, which the pipeline handles. */
  create?(context: StrategyContext): ValueTransform;
}

/** Families whose COPY text is free text. */
export const TEXT: readonly TypeFamily[] = ["text"];

/** A problem when a constant `text` is longer than the column. */
export function lengthProblem(option: string, length: number, column: ColumnShape): FitProblem[] {
  return column.maxLength !== null && length > column.maxLength
    ? [{ option, message: `output of ${length} characters does not fit ${column.type}` }]
    : [];
}

/**
 * The error for a value a strategy cannot read (a date that is not ISO, text in a number
 * column). It names the strategy and the expected shape, never the value.
 */
export function valueError(strategy: string, expected: string): ConfitureError {
  return new ConfitureError("COPY_FAILED", `${strategy}: the value is not ${expected}`, {
    hint: "the value is not shown; check the rule against the column's data",
  });
}

/** Whether `buf[start, end)` is plain printable ASCII: no escape, control or non-ASCII byte (the fast paths' input). */
export function plainAscii(buf: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c < 0x20 || c >= 0x80 || c === 0x5c) return false;
  }
  return true;
}

const asciiEncoder = new TextEncoder();

/** The bytes of an ASCII (or any) string, for fast paths that write constants. */
export function textBytes(s: string): Uint8Array {
  return asciiEncoder.encode(s);
}
