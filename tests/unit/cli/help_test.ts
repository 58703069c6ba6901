/**
 * Every registered command documents itself: a summary, a description, described options and
 * at least one example, and its examples parse with the command's own flags (so an example
 * never goes stale when a flag is renamed).
 */
import { assert, assertEquals, assertStringIncludes } from "../../_helpers/assert.ts";
import { GLOBAL_OPTIONS, parseCommandArgs } from "../../../src/cli/args.ts";
import { COMMANDS, GROUPS } from "../../../src/cli/commands/index.ts";
import { commandHelp, groupHelp, rootHelp } from "../../../src/cli/help.ts";
import { makeStyle } from "../../../src/cli/output.ts";

const plain = makeStyle(false);

Deno.test("every command has a summary, a description, described options and examples in --help", async () => {
  assert(COMMANDS.length >= 11, `${COMMANDS.length} commands`);
  for (const entry of COMMANDS) {
    const spec = await entry.load();
    assertEquals(spec.name, entry.name, "the registry and the spec agree on the name");
    assert(spec.summary.trim().length > 10, `${spec.name}: summary`);
    assert((spec.description ?? "").trim().length > 20, `${spec.name}: description`);
    assert(spec.examples.length >= 1, `${spec.name}: no example`);
    const help = commandHelp(spec, plain);
    assert(help.startsWith(`Usage: confiture ${spec.name}`), help);
    assertStringIncludes(help, spec.description!.trim().split("\n")[0]);
    assertStringIncludes(help, "Global options:");
    assertStringIncludes(help, "Examples:");
    if (spec.options.length) assertStringIncludes(help, "\nOptions:\n");
    for (const o of [...spec.options, ...GLOBAL_OPTIONS]) {
      assert(o.description.trim().length > 3, `${spec.name} --${o.name}: no description`);
      assertStringIncludes(help, `--${o.name}`, `${spec.name}: --${o.name} is not in --help`);
    }
    for (const p of spec.positionals ?? []) assertStringIncludes(help, p.name);
    for (const ex of spec.examples) {
      assertStringIncludes(help, ex.command);
      assert(ex.description.trim().length > 3, `${spec.name}: example without a description`);
    }
  }
});

Deno.test("every example runs the command it documents with flags the command accepts", async () => {
  for (const entry of COMMANDS) {
    const spec = await entry.load();
    const specs = [...spec.options, ...GLOBAL_OPTIONS];
    for (const ex of spec.examples) {
      const words = ex.command.split(/\s+/);
      assertEquals(words.slice(0, 1 + spec.name.split(" ").length).join(" "), `confiture ${spec.name}`, ex.command);
      // throws USAGE_UNKNOWN_OPTION / USAGE_INVALID_ARGUMENT on a stale example
      const parsed = parseCommandArgs(words.slice(1 + spec.name.split(" ").length), specs, spec.name);
      const max = spec.positionals?.length ?? 0;
      assert(parsed.positionals.length <= max, `${ex.command}: ${parsed.positionals.length} arguments, at most ${max}`);
    }
  }
});

Deno.test("group and root help list every command", () => {
  const root = rootHelp("9.9.9", COMMANDS, GROUPS, plain);
  assertStringIncludes(root, "confiture 9.9.9");
  for (const c of COMMANDS) {
    const [first] = c.name.split(" ");
    assertStringIncludes(root, `\n  ${first} `);
  }
  for (const group of Object.keys(GROUPS)) {
    const entries = COMMANDS.filter((c) => c.name.startsWith(group + " "));
    const text = groupHelp(group, GROUPS[group], entries, plain);
    for (const e of entries) assertStringIncludes(text, `  ${e.name} `);
  }
});

Deno.test("a flag longer than the flag column never runs into its description", async () => {
  for (const entry of COMMANDS) {
    const help = commandHelp(await entry.load(), plain);
    for (const line of help.split("\n")) {
      const m = /^ {2}(?:-\w, | {4})--([\w-]+)(?: ([A-Z][A-Z|_.-]*|[a-z|]+))?(.*)$/.exec(line);
      if (!m) continue;
      // After the flag and its value name: nothing, or at least two spaces before the description.
      assert(m[3] === "" || m[3].startsWith("  "), `${entry.name}: "${line.trim()}"`);
    }
  }
});
