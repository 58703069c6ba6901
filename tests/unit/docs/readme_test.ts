import { assert, assertEquals, assertStringIncludes } from "../../_helpers/assert.ts";
import { withGeneratedBlocks } from "../../../src/cli/reference.ts";
import { EXIT_CODES } from "../../../src/errors/mod.ts";

const readme = await Deno.readTextFile(new URL("../../../README.md", import.meta.url));

Deno.test("the README's exit-code and error-code tables are the generated ones (deno task docs)", () => {
  assertStringIncludes(readme, "<!-- exit-codes:start -->");
  assertStringIncludes(readme, "<!-- error-codes:start -->");
  assertEquals(withGeneratedBlocks(readme), readme);
});

Deno.test("the README documents every exit code", () => {
  for (const code of Object.values(EXIT_CODES)) assertStringIncludes(readme, `\n| ${code} | `);
});

Deno.test("the README gives exactly the two set-up commands", () => {
  assertStringIncludes(readme, "npx -y deno@2.9.6 task demo\nnpx -y deno@2.9.6 task test\n");
});

Deno.test("the README's command reference names every command and each of its flags", async () => {
  const { COMMANDS } = await import("../../../src/cli/commands/index.ts");
  const rows = readme.split("\n").filter((l) => l.startsWith("| `confiture "));
  for (const entry of COMMANDS) {
    const spec = await entry.load();
    const mine = rows.filter((r) =>
      r.startsWith(`| \`confiture ${spec.name} `) || r.startsWith(`| \`confiture ${spec.name}\``)
    );
    assert(mine.length > 0, `the README has no row for "confiture ${spec.name}"`);
    const text = mine.join("\n");
    for (const o of spec.options) {
      assertStringIncludes(text, `--${o.name}`, `README: "confiture ${spec.name}" does not mention --${o.name}`);
    }
  }
  for (const r of rows) {
    const name = /^\| `confiture ([a-z-]+(?: [a-z]+)?)/.exec(r)?.[1] ?? "";
    assert(
      COMMANDS.some((c) => c.name === name || c.name === name.split(" ")[0]),
      `the README documents "confiture ${name}", which does not exist`,
    );
  }
});

Deno.test("every relative link of the README leads to a file of the repository", async () => {
  const links = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]).filter((l) =>
    !/^[a-z]+:/.test(l)
  );
  assert(links.length > 0);
  for (const l of links) {
    const stat = await Deno.stat(new URL(`../../../${l}`, import.meta.url)).catch(() => undefined);
    assert(stat !== undefined, `README links to ${l}, which does not exist`);
  }
});

Deno.test("the README's dependency table names every import of deno.json", async () => {
  const denoJson = JSON.parse(await Deno.readTextFile(new URL("../../../deno.json", import.meta.url)));
  const section = readme.slice(readme.indexOf("## Dependencies"), readme.indexOf("## Development"));
  assert(section.length > 20, "no Dependencies section before Development");
  for (const name of Object.keys(denoJson.imports)) assertStringIncludes(section, `\`${name}\``);
});
