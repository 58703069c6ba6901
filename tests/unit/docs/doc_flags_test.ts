/**
 * Every `--flag` the documentation writes after `confiture <command>` (in examples, inline code and
 * the README's command table) exists on that command or is global; every command named exists.
 */
import { assert, assertEquals } from "../../_helpers/assert.ts";
import { invocations } from "../../_helpers/doc_examples.ts";
import { GLOBAL_OPTIONS } from "../../../src/cli/args.ts";
import { COMMANDS, GROUPS } from "../../../src/cli/commands/index.ts";
import type { CommandSpec } from "../../../src/cli/command.ts";

const root = new URL("../../../", import.meta.url);
const docs = [
  "README.md",
  ...[...Deno.readDirSync(new URL("docs/", root))].filter((e) => e.name.endsWith(".md"))
    .map((e) => `docs/${e.name}`).sort(),
];
const specs = new Map<string, CommandSpec>();
for (const c of COMMANDS) specs.set(c.name, await c.load());
const globals = new Set([...GLOBAL_OPTIONS.map((o) => o.name), "version"]);

/** The command the words name (`migrate up`), or undefined for a placeholder such as `<command>`. */
function commandOf(words: string[]): { name?: string; problem?: string } {
  const [w1, w2] = words.filter((w) => !w.startsWith("-"));
  if (w1 === undefined || /^[<[]/.test(w1)) return {};
  if (GROUPS[w1] !== undefined) {
    if (w2 === undefined || /^[<[]/.test(w2)) return {};
    return specs.has(`${w1} ${w2}`) ? { name: `${w1} ${w2}` } : { problem: `no command "confiture ${w1} ${w2}"` };
  }
  return specs.has(w1) ? { name: w1 } : { problem: `no command "confiture ${w1}"` };
}

function unknownFlags(name: string | undefined, flags: string[]): string[] {
  const own = new Set(name ? specs.get(name)!.options.map((o) => o.name) : []);
  return flags.filter((f) => !globals.has(f) && !own.has(f));
}

Deno.test("every flag written after confiture <command> in README.md and docs/*.md exists on that command", async () => {
  const problems: string[] = [];
  let checked = 0;
  for (const doc of docs) {
    const text = await Deno.readTextFile(new URL(doc, root));
    for (const inv of invocations(text)) {
      const { name, problem } = commandOf(inv.words);
      if (problem) problems.push(`${doc}:${inv.line}: ${problem} (${inv.text})`);
      const flags = inv.words.filter((w) => /^--[a-z]/.test(w)).map((w) => w.slice(2).split("=")[0]);
      if (name === undefined && inv.words.some((w) => /^[<[]/.test(w))) continue;
      for (const f of unknownFlags(name, flags)) {
        problems.push(`${doc}:${inv.line}: --${f} is not a flag of "confiture ${name ?? ""}" (${inv.text})`);
      }
      checked++;
    }
  }
  assert(checked > 50, `only ${checked} invocations found`);
  assertEquals(problems, []);
});

Deno.test("every flag in a row of the README's command table exists on the command of the row", async () => {
  const readme = await Deno.readTextFile(new URL("README.md", root));
  const problems: string[] = [];
  for (const row of readme.split("\n").filter((l) => l.startsWith("| `confiture "))) {
    const first = /^\| `confiture ([^`]*)`/.exec(row)![1];
    const { name } = commandOf(first.split(/\s+/));
    assert(name, row);
    const flags = [...row.matchAll(/`--([a-z][a-z0-9-]*)/g)].map((m) => m[1]);
    for (const f of unknownFlags(name, flags)) problems.push(`confiture ${name}: --${f}`);
  }
  assertEquals(problems, []);
});

Deno.test("the flag check finds invocations in fences, after && and in inline code, and sees a wrong flag", () => {
  const md = [
    "Run `confiture build --aply` or:",
    "",
    "```sh",
    "cd app && confiture migrate up --dry-run   # exit 0",
    "confiture sync --from a \\",
    "  --to b --verify",
    "```",
  ].join("\n");
  const found = invocations(md);
  assertEquals(found.map((i) => [i.line, i.words.join(" ")]), [
    [4, "migrate up --dry-run"],
    [5, "sync --from a --to b --verify"],
    [1, "build --aply"],
  ]);
  assertEquals(unknownFlags("build", ["aply", "json"]), ["aply"]);
  assertEquals(commandOf(["migrate", "upp"]).problem, 'no command "confiture migrate upp"');
});
