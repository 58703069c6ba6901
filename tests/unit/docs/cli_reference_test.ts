/**
 * docs/cli.md is generated from the command definitions that print --help (src/cli/reference.ts):
 * the committed file must be what they produce now, and it must name every command and flag.
 */
import { assert, assertEquals, assertStringIncludes } from "../../_helpers/assert.ts";
import { loadCommandSpecs, renderCliReference } from "../../../src/cli/reference.ts";
import { GLOBAL_OPTIONS } from "../../../src/cli/args.ts";
import { ERROR_CODES, EXIT_CODES } from "../../../src/errors/mod.ts";

const committed = await Deno.readTextFile(new URL("../../../docs/cli.md", import.meta.url));

Deno.test("docs/cli.md is what the command definitions produce (run deno task docs after changing a command)", async () => {
  assertEquals(committed, renderCliReference(await loadCommandSpecs()));
});

Deno.test("docs/cli.md names every command, flag, default, exit code and error code", async () => {
  const specs = await loadCommandSpecs();
  const text = renderCliReference(specs);
  for (const s of specs) {
    assertStringIncludes(text, `confiture ${s.name}`);
    for (const o of [...s.options, ...GLOBAL_OPTIONS]) {
      assertStringIncludes(text, `--${o.name}`, `${s.name}: --${o.name}`);
      if (o.default !== undefined) assertStringIncludes(text, o.default.replace(/</g, "&lt;"));
    }
  }
  for (const n of Object.values(EXIT_CODES)) assertStringIncludes(text, `\n| ${n} | `);
  for (const c of Object.keys(ERROR_CODES)) assertStringIncludes(text, `| \`${c}\` |`);
});

Deno.test("a flag's default reaches both --help and docs/cli.md, and descriptions no longer carry it", async () => {
  const { commandHelp } = await import("../../../src/cli/help.ts");
  const { makeStyle } = await import("../../../src/cli/output.ts");
  const specs = await loadCommandSpecs();
  const withDefault = specs.flatMap((s) =>
    s.options.filter((o) => o.default !== undefined).map((o) => [s, o] as const)
  );
  assert(withDefault.length > 5, `${withDefault.length} flags with a default`);
  for (const [s, o] of withDefault) {
    assertStringIncludes(commandHelp(s, makeStyle(false)), `default: ${o.default}`);
    assert(!/\(default\b/.test(o.description), `${s.name} --${o.name}: the default is in the description`);
  }
});
