/**
 * Anonymization (pure: no database): keyed deterministic strategies that keep joins and
 * uniqueness, rule validation against column metadata, and PII detection from column names,
 * types and sampled values.
 * @module
 */

export { AnonymizeKey, MIN_SECRET_BYTES } from "./key.ts";
export type { DerivedKey } from "./key.ts";
export { columnShape } from "./column.ts";
export type { ColumnInfo, ColumnShape, TypeFamily } from "./column.ts";
export type { OptionSpec, OptionType, Strategy, StrategyOptions, ValueTransform } from "./strategy.ts";
export { describeStrategies, STRATEGIES, STRATEGY_NAMES, strategyByName } from "./registry.ts";
export type { StrategyHelp } from "./registry.ts";
export { compileRule, ruleProblemCode, validateRule } from "./rule.ts";
export type { CompiledRule, RuleProblem, RuleProblemKind, RuleResult } from "./rule.ts";
export { ibanValid, luhnCheckDigit, luhnValid } from "./validators.ts";
export { detectPii, PII_CLASSES } from "./detect.ts";
export type { DetectOptions, PiiClass, PiiColumn, PiiEvidence, PiiFinding } from "./detect.ts";
