/**
 * Flag parsing for every command, with "did you mean" suggestions for unknown flags.
 *
 * The parser is our own, with the semantics of `node:util`'s `parseArgs` in the configuration
 * `strict: true, allowPositionals: true, allowNegative: false` (tests/unit/cli/args_test.ts
 * cross-checks the two): importing any `node:` module would start Deno's Node compatibility
 * layer, a few milliseconds at every CLI start.
 */
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
    description: "Environment: db/environments/ENV.yaml",
    default: "local",
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
    description: "Project folder",
    default: "found from the current folder upwards",
  },
  { name: "json", type: "boolean", description: "Machine-readable output: one JSON document on stdout" },
  {
    name: "verbose",
    short: "v",
    type: "boolean",
    description: "More detail: connection source, timings, stack traces",
  },
  { name: "quiet", short: "q", type: "boolean", description: "Only errors and warnings" },
  {
    name: "wait",
    type: "string",
    valueName: "DURATION",
    description: "Wait up to DURATION (e.g. 30s) for the database to accept connections (a server starting up)",
  },
  { name: "no-color", type: "boolean", description: "No ANSI colours (also: NO_COLOR=1)" },
];

/** Result of parsing a command line. */
export interface ParsedArgs {
  values: OptionValues;
  positionals: string[];
}

/**
 * Parses `args` against `specs` (command flags plus {@link GLOBAL_OPTIONS}), like node's
 * `parseArgs` in strict mode with positionals allowed and no `--no-` negation:
 *
 * - `--name` (boolean); `--name=value` or `--name value` (string; `--name=` is the empty string);
 * - `-n value`, `-nvalue` (string short), `-qv` (grouped boolean shorts, the last may take a value);
 * - `--` ends the flags: every later argument is positional; a lone `-` is positional;
 * - a `multiple` flag collects its values in order; otherwise the last one given wins;
 * - only the flags given appear in `values`, booleans as `true`.
 *
 * Unknown flags are USAGE_UNKNOWN_OPTION errors with the closest known flag. A missing value, a
 * value given to a boolean flag, or a separate value starting with a dash (`--output --json`,
 * ambiguous: write `--output=--json`) are USAGE_INVALID_ARGUMENT errors. Flags are named in
 * messages as they were typed.
 */
export function parseCommandArgs(args: string[], specs: OptionSpec[], commandName: string): ParsedArgs {
  const byName = new Map<string, OptionSpec>();
  for (const s of specs) byName.set(s.name, s);
  const byShort = new Map<string, string>();
  for (const [name, s] of byName) if (s.short && !byShort.has(s.short)) byShort.set(s.short, name);
  // node's findLongOptionForShort: an unknown short letter stands for the long name of that letter
  const longFor = (letter: string) => byShort.get(letter) ?? letter;
  const isString = (name: string) => byName.get(name)?.type === "string";
  const help = `see: confiture ${commandName} --help`;

  const values: OptionValues = {};
  const positionals: string[] = [];

  /** Checks one option occurrence (in command-line order, so the first error wins) and stores it. */
  const option = (name: string, raw: string, value: string | undefined, inline: boolean) => {
    const spec = byName.get(name);
    if (!spec) {
      const near = closest(`--${raw.replace(/^-+/, "").split("=")[0]}`, specs.map((s) => `--${s.name}`));
      throw new ConfitureError("USAGE_UNKNOWN_OPTION", `unknown flag ${raw} for "confiture ${commandName}"`, {
        hint: near ? `did you mean ${near}? See: confiture ${commandName} --help` : help,
      });
    }
    if (spec.type === "string" && value === undefined) {
      throw new ConfitureError(
        "USAGE_INVALID_ARGUMENT",
        `flag ${raw} argument missing: it takes a value, as in ${raw} ${spec.valueName ?? "VALUE"}`,
        { hint: help },
      );
    }
    if (spec.type === "boolean" && value !== undefined) {
      throw new ConfitureError(
        "USAGE_INVALID_ARGUMENT",
        `flag ${raw} does not take an argument (got ${raw}=${value})`,
        { hint: help },
      );
    }
    if (!inline && value !== undefined && value.length > 1 && value[0] === "-") {
      throw new ConfitureError(
        "USAGE_INVALID_ARGUMENT",
        `flag ${raw} argument is ambiguous: the next argument "${value}" looks like a flag; ` +
          `if it is the value, write --${name}=${value}`,
        { hint: `otherwise give ${raw} a value. ${help[0].toUpperCase()}${help.slice(1)}` },
      );
    }
    if (name === "__proto__") return;
    const v = value ?? true;
    if (spec.multiple) {
      const list = values[name];
      if (Array.isArray(list)) (list as unknown[]).push(v);
      else values[name] = [v] as string[];
    } else {
      values[name] = v;
    }
  };

  const queue = args.slice();
  while (queue.length > 0) {
    const arg = queue.shift()!;
    if (arg === "--") {
      positionals.push(...queue);
      break;
    }
    if (arg.length < 2 || arg[0] !== "-") {
      positionals.push(arg); // includes "" and a lone "-"
      continue;
    }
    if (arg[1] !== "-") {
      const name = longFor(arg[1]);
      if (arg.length === 2) {
        // -o [value]
        const value = isString(name) && queue.length > 0 ? queue.shift() : undefined;
        option(name, arg, value, false);
      } else if (isString(name)) {
        // -ovalue
        option(name, `-${arg[1]}`, arg.slice(2), true);
      } else {
        // -qvo: expanded to -q -v -o; a string short in the middle takes the rest (-qoFILE)
        const expanded: string[] = [];
        for (let i = 1; i < arg.length; i++) {
          if (!isString(longFor(arg[i])) || i === arg.length - 1) expanded.push(`-${arg[i]}`);
          else {
            expanded.push(`-${arg.slice(i)}`);
            break;
          }
        }
        queue.unshift(...expanded);
      }
      continue;
    }
    const eq = arg.indexOf("=", 3);
    if (eq === -1) {
      // --name [value]
      const name = arg.slice(2);
      const value = isString(name) && queue.length > 0 ? queue.shift() : undefined;
      option(name, arg, value, false);
    } else {
      // --name=value
      const name = arg.slice(2, eq);
      option(name, `--${name}`, arg.slice(eq + 1), true);
    }
  }
  return { values, positionals };
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
