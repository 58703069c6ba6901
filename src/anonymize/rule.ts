/**
 * Rules from the sync file, checked against their column and turned into transforms:
 * `{ strategy: email, domain: example.com }` plus the column's metadata gives either a ready
 * transform or the list of everything wrong with the rule (unknown strategy or option with the
 * closest name, wrong option type, a non-injective strategy on a unique column and why, output
 * that cannot fit the column type).
 * @module
 */
import { ConfitureError, type ErrorCode } from "../errors/mod.ts";
import { closest as closestName } from "../util/mod.ts";
import { parseJsonPath } from "./_json_path.ts";
import { type ColumnInfo, type ColumnShape, columnShape } from "./column.ts";
import type { AnonymizeKey } from "./key.ts";
import { SALT_OPTION, STRATEGIES, STRATEGY_NAMES, strategyByName } from "./registry.ts";
import type { OptionSpec, Strategy, StrategyOptions, ValueTransform } from "./strategy.ts";

/** What is wrong with a rule. */
export type RuleProblemKind =
  | "invalid_rule"
  | "unknown_strategy"
  | "unknown_option"
  | "invalid_option"
  | "missing_option"
  | "wrong_type"
  | "not_nullable"
  | "not_injective"
  | "cannot_fit";

/** One problem of a rule. */
export interface RuleProblem {
  kind: RuleProblemKind;
  /**
   * Where in the rule, as keys from the rule object: `strategy`, `domain`,
   * `paths.$.email.strategy`; empty for the rule as a whole.
   */
  path: string[];
  /** A short message naming the strategy, option or column. Never contains a row value. */
  message: string;
  /** The closest known strategy or option name, for unknown ones. */
  suggestion?: string;
  hint?: string;
}

/**
 * The error code a problem maps to when the sync configuration reports it: unknown names are
 * `CONFIG_UNKNOWN_KEY`, everything else `CONFIG_INVALID_VALUE`.
 */
export function ruleProblemCode(kind: RuleProblemKind): ErrorCode {
  return kind === "unknown_strategy" || kind === "unknown_option" ? "CONFIG_UNKNOWN_KEY" : "CONFIG_INVALID_VALUE";
}

/** A rule ready for the pipeline. */
export type CompiledRule =
  /** Transform the column's values in the COPY stream. */
  | { kind: "transform"; strategy: string; options: StrategyOptions; injective: boolean; transform: ValueTransform }
  /** Copy the column as it is (`preserve`). */
  | { kind: "preserve"; strategy: "preserve"; options: StrategyOptions; injective: true }
  /** Select `expression` on the source instead of the column (`sql`). */
  | { kind: "source"; strategy: "sql"; options: StrategyOptions; injective: boolean; expression: string };

/** The outcome of {@link compileRule}. */
export type RuleResult = { ok: true; rule: CompiledRule } | { ok: false; problems: RuleProblem[] };

const describeType = (v: unknown): string =>
  v === null ? "null" : Array.isArray(v) ? "a list" : typeof v === "object" ? "a map" : `a ${typeof v}`;

const TYPE_WORDS: Record<OptionSpec["type"], string> = {
  string: "a string",
  integer: "an integer",
  number: "a number",
  boolean: "true or false",
  scalar: "a string, number, boolean or null",
  rules: "a map of JSON path to rule",
};

function typeOk(spec: OptionSpec, v: unknown): boolean {
  switch (spec.type) {
    case "string":
      return typeof v === "string";
    case "integer":
      return typeof v === "number" && Number.isInteger(v);
    case "number":
      return typeof v === "number" && Number.isFinite(v);
    case "boolean":
      return typeof v === "boolean";
    case "scalar":
      return v === null || ["string", "number", "boolean"].includes(typeof v);
    case "rules":
      return typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length > 0;
  }
}

/** The rule as an object (a bare string is a strategy without options), or undefined. */
function asObject(rule: unknown): Record<string, unknown> | undefined {
  if (typeof rule === "string") return { strategy: rule };
  return typeof rule === "object" && rule !== null && !Array.isArray(rule)
    ? rule as Record<string, unknown>
    : undefined;
}

/** Strategies that apply to a column shape (for hints). */
function applicable(column: ColumnShape): string[] {
  return STRATEGIES.filter((s) => fits(s, column)).map((s) => s.name);
}

function fits(s: Strategy, column: ColumnShape): boolean {
  return s.families.includes(column.family) && (!column.array || s.arrays === true);
}

interface Checked {
  strategy?: Strategy;
  options: Record<string, unknown>;
  problems: RuleProblem[];
}

const NESTED_COLUMN: ColumnInfo = { type: "text", nullable: true, unique: false };

function check(rule: unknown, column: ColumnShape, at: string[], nested: boolean): Checked {
  const problems: RuleProblem[] = [];
  const obj = asObject(rule);
  if (obj === undefined) {
    problems.push({
      kind: "invalid_rule",
      path: at,
      message: `a rule must be a strategy name or a map with "strategy", not ${describeType(rule)}`,
    });
    return { options: {}, problems };
  }
  const name = obj.strategy;
  if (typeof name !== "string") {
    problems.push({
      kind: name === undefined ? "missing_option" : "invalid_option",
      path: [...at, "strategy"],
      message: name === undefined ? "the rule has no strategy" : `strategy must be a name, not ${describeType(name)}`,
      hint: `strategies: ${STRATEGY_NAMES.join(", ")}`,
    });
    return { options: {}, problems };
  }
  const strategy = strategyByName(name);
  if (strategy === undefined) {
    const suggestion = closestName(name, STRATEGY_NAMES);
    problems.push({
      kind: "unknown_strategy",
      path: [...at, "strategy"],
      message: `unknown strategy "${name}"`,
      ...(suggestion !== undefined ? { suggestion } : {}),
      hint: suggestion !== undefined ? `did you mean "${suggestion}"?` : `strategies: ${STRATEGY_NAMES.join(", ")}`,
    });
    return { options: {}, problems };
  }
  const specs: Record<string, OptionSpec> = { ...strategy.options, ...(strategy.keyed ? { salt: SALT_OPTION } : {}) };
  const known = Object.keys(specs);
  const options: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(obj)) {
    if (key === "strategy") continue;
    const spec = specs[key];
    if (spec === undefined) {
      const suggestion = closestName(key, known);
      problems.push({
        kind: "unknown_option",
        path: [...at, key],
        message: `unknown option "${key}" for strategy ${name}`,
        ...(suggestion !== undefined ? { suggestion } : {}),
        hint: suggestion !== undefined
          ? `did you mean "${suggestion}"?`
          : known.length === 0
          ? `${name} takes no options`
          : known.length === 1 && known[0] === "salt"
          ? `${name} takes no options besides salt`
          : `options of ${name}: ${known.join(", ")}`,
      });
      continue;
    }
    if (!typeOk(spec, v)) {
      problems.push({
        kind: "invalid_option",
        path: [...at, key],
        message: `option "${key}" of ${name} must be ${TYPE_WORDS[spec.type]}, not ${describeType(v)}`,
      });
      continue;
    }
    if (
      typeof v === "number" && ((spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max))
    ) {
      problems.push({
        kind: "invalid_option",
        path: [...at, key],
        message: `option "${key}" of ${name} must be ${
          spec.max === undefined ? `at least ${spec.min}` : `between ${spec.min ?? "-∞"} and ${spec.max}`
        }`,
      });
      continue;
    }
    options[key] = v;
  }
  for (const [key, spec] of Object.entries(specs)) {
    if (key in options || problems.some((p) => p.path[at.length] === key)) continue;
    if (spec.required) {
      problems.push({ kind: "missing_option", path: [...at, key], message: `strategy ${name} needs option "${key}"` });
    } else if (spec.default !== undefined) options[key] = spec.default;
  }
  if (problems.length > 0) return { strategy, options, problems };
  if (nested && strategy.name === "sql") {
    problems.push({
      kind: "invalid_rule",
      path: [...at, "strategy"],
      message: "sql runs on the source and cannot apply inside a JSON document",
    });
  }
  // Inside JSON a value may be text, a number or a boolean: any strategy may apply (it fails on values it cannot read).
  if (!nested && !fits(strategy, column)) {
    const type = column.array ? `${column.family} arrays` : `${column.family} columns`;
    problems.push({
      kind: "wrong_type",
      path: [...at, "strategy"],
      message: `strategy ${name} does not apply to ${type} (${column.type})`,
      hint: `strategies for this column: ${applicable(column).join(", ")}`,
    });
    return { strategy, options, problems };
  }
  if (strategy.makesNull?.(options) === true && !column.nullable) {
    problems.push({
      kind: "not_nullable",
      path: at,
      message: `${name} writes NULL but the column${column.name ? ` ${column.name}` : ""} is NOT NULL`,
    });
  }
  if (column.unique) {
    const reason = strategy.notInjective(options, column);
    if (reason !== undefined) {
      problems.push({
        kind: "not_injective",
        path: at,
        message: `the column${column.name ? ` ${column.name}` : ""} is unique (primary key or unique constraint), ` +
          `but ${reason}`,
        hint: `injective strategies for this column: ${
          STRATEGIES.filter((s) => fits(s, column) && s.notInjective(defaults(s), column) === undefined)
            .map((s) => s.name).join(", ")
        }`,
      });
    }
  }
  for (const p of strategy.check?.(options, column) ?? []) {
    problems.push({
      kind: "cannot_fit",
      path: p.option === "" ? at : [...at, p.option],
      message: p.message,
      ...(p.hint !== undefined ? { hint: p.hint } : {}),
    });
  }
  if (strategy.name === "json") {
    for (const [path, inner] of Object.entries(options.paths as Record<string, unknown>)) {
      const steps = parseJsonPath(path);
      if (typeof steps === "string") {
        problems.push({ kind: "invalid_option", path: [...at, "paths", path], message: `invalid JSON path ${steps}` });
        continue;
      }
      problems.push(...check(inner, columnShape(NESTED_COLUMN), [...at, "paths", path], true).problems);
    }
  }
  return { strategy, options, problems };
}

function defaults(s: Strategy): StrategyOptions {
  const o: Record<string, unknown> = {};
  for (const [k, spec] of Object.entries(s.options)) if (spec.default !== undefined) o[k] = spec.default;
  return o;
}

/**
 * Everything wrong with `rule` for `column` (empty when the rule is good). Needs no key, so
 * `--plan` and dry runs can check rules before a key is given.
 *
 * @example
 * ```ts
 * validateRule({ strategy: "emial" }, { type: "text" });
 * // [{ kind: "unknown_strategy", path: ["strategy"], message: 'unknown strategy "emial"', suggestion: "email", … }]
 * ```
 */
export function validateRule(rule: unknown, column: ColumnInfo): RuleProblem[] {
  return check(rule, columnShape(column), [], false).problems;
}

/**
 * Checks `rule` for `column` and, when it is good, makes it ready under `key`: a transform for
 * the COPY stream, a `preserve` marker, or a source-side `sql` expression.
 *
 * @example
 * ```ts
 * const key = AnonymizeKey.fromSecret(secret);
 * const r = compileRule({ strategy: "email", domain: "example.com" }, { type: "text", unique: true }, key);
 * if (r.ok && r.rule.kind === "transform") r.rule.transform("jane@corp.example"); // "…@example.com"
 * ```
 */
export function compileRule(rule: unknown, column: ColumnInfo, key: AnonymizeKey): RuleResult {
  const shape = columnShape(column);
  const checked = check(rule, shape, [], false);
  if (checked.problems.length > 0 || checked.strategy === undefined) {
    return { ok: false, problems: checked.problems };
  }
  return { ok: true, rule: build(checked.strategy, checked.options, shape, key) };
}

function build(
  strategy: Strategy,
  options: Record<string, unknown>,
  column: ColumnShape,
  key: AnonymizeKey,
): CompiledRule {
  const injective = strategy.notInjective(options, column) === undefined;
  if (strategy.name === "preserve") return { kind: "preserve", strategy: "preserve", options, injective: true };
  if (strategy.name === "sql") {
    return { kind: "source", strategy: "sql", options, injective, expression: options.expression as string };
  }
  const salt = options.salt as string | undefined;
  const transform = strategy.create!({
    key: key.derive(salt === undefined ? strategy.name : `${strategy.name}/salt/${salt}`),
    options,
    column,
    compileNested(inner) {
      const shape = columnShape(NESTED_COLUMN);
      const c = check(inner, shape, [], true);
      if (c.strategy === undefined || c.problems.length > 0) {
        // unreachable: nested rules are validated with the outer rule
        throw new ConfitureError("INTERNAL_ERROR", "a nested anonymization rule was used without validation");
      }
      const built = build(c.strategy, c.options, shape, key);
      return built.kind === "transform" ? built.transform : undefined;
    },
  });
  return { kind: "transform", strategy: strategy.name, options, injective, transform };
}
