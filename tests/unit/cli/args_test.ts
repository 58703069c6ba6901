/**
 * Our flag parser against `node:util`'s `parseArgs`, whose semantics it replicates without
 * starting Deno's Node layer: on a corpus of command lines both must give the same values and
 * positionals, or both must fail (node's error code mapped to ours).
 */
import { parseArgs } from "node:util";
import { assert, assertEquals, assertStringIncludes, assertThrows } from "../../_helpers/assert.ts";
import { GLOBAL_OPTIONS, parseCommandArgs } from "../../../src/cli/args.ts";
import type { OptionSpec } from "../../../src/cli/command.ts";
import { COMMANDS } from "../../../src/cli/commands/index.ts";
import { ConfitureError } from "../../../src/errors/mod.ts";

const d = "test flag";

/** A command's flags (strings, shorts, repeatable) plus the global ones. */
const SPECS: OptionSpec[] = [
  { name: "output", short: "o", type: "string", valueName: "FILE", description: d },
  { name: "schema", short: "s", type: "string", multiple: true, valueName: "NAME", description: d },
  { name: "exclude", type: "string", multiple: true, description: d },
  { name: "format", type: "string", description: d },
  { name: "apply", short: "a", type: "boolean", description: d },
  { name: "yes", short: "y", type: "boolean", description: d },
  { name: "x", type: "boolean", description: d }, // a one-letter long name: `-x` means it (node's rule)
  ...GLOBAL_OPTIONS,
];

/** Command lines: options, values, positionals, shorts, `--`, repeats, and every kind of error. */
const CORPUS: string[][] = [
  [],
  ["pos"],
  ["a", "b", "c"],
  ["--json"],
  ["--json", "--quiet", "--verbose"],
  ["--output", "out.sql"],
  ["--output=out.sql"],
  ["--output="],
  ["--output", ""],
  ["--output", "-"],
  ["--output=-"],
  ["--output=--json"],
  ["--output=a=b=c"],
  ["--format", "k=v"],
  ["--output", "schéma/ünïcødé 🍓.sql"],
  ["--output=日本語"],
  ["-o", "out.sql"],
  ["-oout.sql"],
  ["-o=out.sql"],
  ["-o", "-"],
  ["-o-x"],
  ["-qv"],
  ["-qvo", "file"],
  ["-qvofile"],
  ["-qo"],
  ["-ay", "pos"],
  ["-x"],
  ["-xq"],
  ["-h"],
  ["-e", "prod", "-C", "/tmp/p"],
  ["-Cdir"],
  ["--schema", "a", "-s", "b", "--schema=c", "-sd"],
  ["--exclude", "x", "--exclude", "x"],
  ["--format", "a", "--format", "b"],
  ["--json", "--json"],
  ["-o", "a", "--output=b"],
  ["--", "--json", "-o", "x"],
  ["pos", "--", "--"],
  ["--json", "--"],
  ["--output", "--", "x"],
  ["-"],
  ["", "--json", ""],
  ["--no-color"],
  ["--env", "staging", "migrate", "up"],
  ["--database-url", "postgres://u@h:5432/db?sslmode=require"],
  ["--database-url=embedded:memory"],
  ["pos", "--json", "pos2", "-q", "pos3"],
  // errors: unknown flags
  ["--outpt", "x"],
  ["--outpt=x"],
  ["--jsno"],
  ["--no-json"],
  ["--bogus", "--json"],
  ["-z"],
  ["-qz"],
  ["-zq"],
  ["--=x"],
  ["---json"],
  ["--constructor"],
  ["--__proto__"],
  ["--toString=1"],
  ["pos", "--", "ok", "--json"],
  // errors: missing values, values given to booleans, ambiguous values
  ["--output"],
  ["-o"],
  ["-q", "-o"],
  ["--json=x"],
  ["--json="],
  ["--quiet=true"],
  ["--output", "--json"],
  ["--output", "-q"],
  ["--output", "--"],
  ["-o", "-x"],
  ["--schema", "a", "--schema", "-b"],
  ["--format", "-1"],
  ["--json", "--outpt", "--output"],
  ["--output", "--json", "--bogus"],
];

const NODE_TO_OURS: Record<string, string> = {
  ERR_PARSE_ARGS_UNKNOWN_OPTION: "USAGE_UNKNOWN_OPTION",
  ERR_PARSE_ARGS_INVALID_OPTION_VALUE: "USAGE_INVALID_ARGUMENT",
};

type Outcome =
  | { ok: true; values: Record<string, unknown>; positionals: string[] }
  | { ok: false; code: string; message: string };

function nodeParse(args: string[], specs: OptionSpec[]): Outcome {
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
    // node's values object has no prototype: compare its contents
    return { ok: true, values: { ...r.values }, positionals: r.positionals };
  } catch (e) {
    const err = e as { code?: string; message?: string };
    return { ok: false, code: err.code ?? "?", message: err.message ?? "" };
  }
}

function ourParse(args: string[], specs: OptionSpec[]): Outcome {
  try {
    const r = parseCommandArgs(args, specs, "test");
    return { ok: true, values: { ...r.values }, positionals: r.positionals };
  } catch (e) {
    if (!(e instanceof ConfitureError)) throw e;
    return { ok: false, code: e.code, message: e.message };
  }
}

/** Compares the two parsers on one command line; returns node's outcome. */
function crossCheck(args: string[], specs: OptionSpec[], label: string): Outcome {
  const node = nodeParse(args, specs);
  const ours = ourParse(args, specs);
  const what = `${label} ${JSON.stringify(args)}: node ${JSON.stringify(node)}, ours ${JSON.stringify(ours)}`;
  if (node.ok) {
    assert(ours.ok, what);
    assertEquals(ours.values, node.values, what);
    assertEquals(ours.positionals, node.positionals, what);
  } else {
    assert(!ours.ok, what);
    assertEquals(ours.code, NODE_TO_OURS[node.code] ?? `unmapped ${node.code}`, what);
    if (node.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      // the same flag, named as typed
      const flag = /'([^']+)'/.exec(node.message)![1];
      assertStringIncludes(ours.message, `unknown flag ${flag} `, what);
    }
  }
  return node;
}

Deno.test("args: the corpus parses exactly as node's parseArgs", () => {
  assert(CORPUS.length >= 40, `${CORPUS.length} command lines`);
  const outcomes = CORPUS.map((args) => crossCheck(args, SPECS, "corpus"));
  // the corpus covers successes and both kinds of error
  const count = (p: (o: Outcome) => boolean) => outcomes.filter(p).length;
  assert(count((o) => o.ok) >= 40, "successes");
  assert(count((o) => !o.ok && o.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") >= 10, "unknown flags");
  assert(count((o) => !o.ok && o.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") >= 10, "invalid values");
});

Deno.test("args: the corpus parses as node's parseArgs with every real command's flags", async () => {
  for (const entry of COMMANDS) {
    const spec = await entry.load();
    const specs = [...spec.options, ...GLOBAL_OPTIONS];
    for (const args of CORPUS) crossCheck(args, specs, spec.name);
  }
});

Deno.test("args: generated command lines parse as node's parseArgs", () => {
  // every sequence of up to 3 tokens from a small alphabet of tricky arguments
  const alphabet = ["--output", "-o", "-qo", "-qv", "--json", "--json=", "--schema=a", "-s", "--", "-", "x", "-z"];
  let lines = 0;
  const walk = (prefix: string[]) => {
    crossCheck(prefix, SPECS, "generated");
    lines++;
    if (prefix.length < 3) { for (const a of alphabet) walk([...prefix, a]); }
  };
  walk([]);
  assertEquals(lines, 1 + 12 + 144 + 1728);
});

function usageError(args: string[], specs: OptionSpec[] = SPECS): ConfitureError {
  const e = assertThrows(() => parseCommandArgs(args, specs, "build"));
  assert(e instanceof ConfitureError, String(e));
  return e;
}

Deno.test("args: an unknown flag is named as typed, with the closest known flag", () => {
  const e = usageError(["--outpt=x.sql"]);
  assertEquals(e.code, "USAGE_UNKNOWN_OPTION");
  assertEquals(e.message, 'unknown flag --outpt for "confiture build"');
  assertEquals(e.hint, "did you mean --output? See: confiture build --help");
  const far = usageError(["--zzzzzzzzzzzz"]);
  assertEquals(far.hint, "see: confiture build --help");
  assertEquals(usageError(["-qz"]).message, 'unknown flag -z for "confiture build"');
});

Deno.test("args: missing values, values of booleans and ambiguous values are USAGE_INVALID_ARGUMENT", () => {
  const missing = usageError(["-o"]);
  assertEquals(missing.code, "USAGE_INVALID_ARGUMENT");
  assertStringIncludes(missing.message, "flag -o argument missing");
  assertStringIncludes(missing.message, "-o FILE");
  assertEquals(missing.hint, "see: confiture build --help");

  const bool = usageError(["--json=yes"]);
  assertEquals(bool.code, "USAGE_INVALID_ARGUMENT");
  assertEquals(bool.message, "flag --json does not take an argument (got --json=yes)");

  const ambiguous = usageError(["--output", "--json"]);
  assertEquals(ambiguous.code, "USAGE_INVALID_ARGUMENT");
  assertStringIncludes(ambiguous.message, "flag --output argument is ambiguous");
  assertStringIncludes(ambiguous.message, "write --output=--json");
  const short = usageError(["-o", "-x"]);
  assertStringIncludes(short.message, "flag -o argument is ambiguous");
  assertStringIncludes(short.message, "write --output=-x");
});

Deno.test("args: values and positionals, directly", () => {
  assertEquals(parseCommandArgs(["--output", "-", "-qs", "a", "--schema=b", "--", "-v"], SPECS, "build"), {
    values: { output: "-", quiet: true, schema: ["a", "b"] },
    positionals: ["-v"],
  });
  assertEquals(parseCommandArgs(["--format=k=v", "--format", "last", "-"], SPECS, "build"), {
    values: { format: "last" },
    positionals: ["-"],
  });
  assertEquals(parseCommandArgs([], SPECS, "build"), { values: {}, positionals: [] });
});

Deno.test("args: the parser does not import node: modules (the CLI start stays off the Node layer)", async () => {
  const source = await Deno.readTextFile(new URL("../../../src/cli/args.ts", import.meta.url));
  assert(!/from\s+["']node:/.test(source), "src/cli/args.ts imports a node: module");
});
