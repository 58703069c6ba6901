/**
 * The list of strategies, by name, with their descriptions for `--help` and the docs.
 * @module
 */
import type { OptionType, Strategy } from "./strategy.ts";
import { creditCard } from "./strategies/credit_card.ts";
import { nullify, preserve, redact, sql, value } from "./strategies/constant.ts";
import { dateShift } from "./strategies/date_shift.ts";
import { email } from "./strategies/email.ts";
import { hash } from "./strategies/hash.ts";
import { ip } from "./strategies/ip.ts";
import { json } from "./strategies/json.ts";
import { city, company, firstName, fullName, lastName, street } from "./strategies/names.ts";
import { noise } from "./strategies/noise.ts";
import { phone } from "./strategies/phone.ts";
import { textMask } from "./strategies/text_mask.ts";
import { uuid } from "./strategies/uuid.ts";

/** Every strategy, in the order the docs list them. */
export const STRATEGIES: readonly Strategy[] = [
  hash,
  email,
  phone,
  firstName,
  lastName,
  fullName,
  city,
  street,
  company,
  textMask,
  redact,
  nullify,
  value,
  dateShift,
  noise,
  ip,
  creditCard,
  uuid,
  json,
  sql,
  preserve,
];

const BY_NAME = new Map(STRATEGIES.map((s) => [s.name, s]));

/** The strategy called `name`, if there is one. */
export function strategyByName(name: string): Strategy | undefined {
  return BY_NAME.get(name);
}

/** The names of all strategies. */
export const STRATEGY_NAMES: readonly string[] = STRATEGIES.map((s) => s.name);

/** The option every keyed strategy accepts besides its own. */
export const SALT_OPTION = {
  type: "string" as OptionType,
  description: "Mixed into the key: the same value gets unrelated outputs under different salts " +
    "(leave it out where values must still match across tables).",
};

/** A strategy described for `--help` and the docs. */
export interface StrategyHelp {
  /** The name used in a rule (`strategy: email`). */
  name: string;
  /** One line on what it produces. */
  summary: string;
  /** Whether distinct inputs stay distinct (what keeps unique keys unique). */
  injectivity: string;
  /** Whether the pipeline evaluates it on the source (`sql`) rather than in the stream. */
  sourceSide: boolean;
  /** Its options: name, type, whether required, default and description. */
  options: {
    name: string;
    type: OptionType;
    required: boolean;
    default?: string | number | boolean;
    description: string;
  }[];
  /** A rule using it and an input it applies to. */
  example: { rule: Readonly<Record<string, unknown>>; input: string };
}

/**
 * Every strategy with its summary, options and an example, for `--help` and the docs.
 *
 * @example
 * ```ts
 * import { describeStrategies } from "./mod.ts";
 * for (const s of describeStrategies()) console.log(`${s.name}: ${s.summary}`);
 * ```
 */
export function describeStrategies(): StrategyHelp[] {
  return STRATEGIES.map((s) => ({
    name: s.name,
    summary: s.summary,
    injectivity: s.injectivity,
    sourceSide: s.name === "sql",
    options: [
      ...Object.entries(s.options).map(([name, o]) => ({
        name,
        type: o.type,
        required: o.required === true,
        ...(o.default !== undefined ? { default: o.default } : {}),
        description: o.description,
      })),
      ...(s.keyed
        ? [{ name: "salt", type: SALT_OPTION.type, required: false, description: SALT_OPTION.description }]
        : []),
    ],
    example: s.example,
  }));
}
