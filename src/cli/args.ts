/**
 * Flag parsing on node:util's parseArgs (strict, no dependency), with
 * "did you mean" suggestions for unknown flags.
 */
import { parseArgs } from "node:util";
import { closest } from "../config/mod.ts";
import { ConfitureError } from "../errors/mod.ts";
import type { OptionSpec, OptionValues } from "./command.ts";

/** Flags every command accepts. */
export const GLOBAL_OPTIONS: OptionSpec[] = [
  { name: "help", short: "h", type: "boolean", description: "Show help for the command" },
  {
    name: "env",
    short: "e",
    type: "string",
    valueName: "ENV",
    description: "Environment: db/environments/ENV.yaml (default: local)",
  },
  {
    name: "database-url",
    type: "string",
    valueName: "URL",
    description: "Database to use: postgres://…, embedded:memory or embedded:DIR (overrides all other sources)",
  },
  {
    name: "project",
    short: "C",
    type: "string",
    valueName: "DIR",
    description: "Project folder (default: found from the current folder upwards)",
  },
  { name: "json", type: "boolean", description: "Machine-readable output: one JSON document on stdout" },
  {
    name: "verbose",
    short: "v",
    type: "boolean",
    description: "More detail: connection source, timings, stack traces",
  },
  { name: "quiet", short: "q", type: "boolean", description: "Only errors and warnings" },
  { name: "no-color", type: "boolean", description: "No ANSI colours (also: NO_COLOR=1)" },
];

/** Result of parsing a command line. */
export interface ParsedArgs {
  values: OptionValues;
  positionals: string[];
}

/**
 * Parses `args` against `specs` (command flags plus {@link GLOBAL_OPTIONS}).
 * Unknown flags are USAGE_UNKNOWN_OPTION errors with the closest known flag.
 */
export function parseCommandArgs(args: string[], specs: OptionSpec[], commandName: string): ParsedArgs {
  const options: Record<string, { type: "boolean" | "string"; short?: string; multiple?: boolean }> = {};
  for (const s of specs) {
    options[s.name] = {
      type: s.type,
      ...(s.short ? { short: s.short } : {}),
      ...(s.multiple ? { multiple: true } : {}),
    };
  }
  try {
    const r = parseArgs({ args, options, strict: true, allowPositionals: true, allowNegative: false });
    return { values: r.values as OptionValues, positionals: r.positionals };
  } catch (e) {
    const err = e as { code?: string; message?: string };
    const flag = /'([^']+)'/.exec(err.message ?? "")?.[1] ?? "";
    const known = specs.map((s) => `--${s.name}`);
    if (err.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      const bare = flag.replace(/^-+/, "").split("=")[0];
      const near = closest(`--${bare}`, known);
      throw new ConfitureError("USAGE_UNKNOWN_OPTION", `unknown flag ${flag} for "confiture ${commandName}"`, {
        hint: near
          ? `did you mean ${near}? See: confiture ${commandName} --help`
          : `see: confiture ${commandName} --help`,
      });
    }
    if (err.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      throw new ConfitureError("USAGE_INVALID_ARGUMENT", (err.message ?? "invalid flag value").split("\n")[0], {
        hint: `see: confiture ${commandName} --help`,
      });
    }
    throw new ConfitureError("USAGE_INVALID_ARGUMENT", err.message ?? String(e), { cause: e });
  }
}

/** Splits off the command words: the leading arguments that are not flags. */
export function leadingWords(args: string[], globalsWithValue: Set<string>): { words: string[]; rest: string[] } {
  const words: string[] = [];
  const rest: string[] = [];
  let i = 0;
  for (; i < args.length && words.length < 2; i++) {
    const a = args[i];
    if (a === "--") break;
    if (a.startsWith("-")) {
      rest.push(a);
      if (!a.includes("=") && globalsWithValue.has(a) && i + 1 < args.length) rest.push(args[++i]);
      continue;
    }
    words.push(a);
  }
  return { words, rest: [...rest, ...args.slice(i)] };
}

/** Reads a string flag, or undefined. */
export function stringOpt(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === "string" ? v : undefined;
}

/** Reads a boolean flag. */
export function boolOpt(values: OptionValues, name: string): boolean {
  return values[name] === true;
}

/** Reads a repeatable string flag. */
export function listOpt(values: OptionValues, name: string): string[] {
  const v = values[name];
  return Array.isArray(v) ? v : typeof v === "string" ? [v] : [];
}

/** Reads a non-negative integer flag, or undefined; a bad value is a usage error. */
export function intOpt(values: OptionValues, name: string): number | undefined {
  const v = stringOpt(values, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) {
    throw new ConfitureError("USAGE_INVALID_ARGUMENT", `--${name} must be a whole number, got "${v}"`);
  }
  return Number(v);
}
