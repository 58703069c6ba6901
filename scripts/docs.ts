/**
 * `deno task docs`: writes docs/cli.md and the generated blocks of README.md (exit codes, error
 * codes) from the command definitions and src/errors/codes.ts (src/cli/reference.ts).
 * `--check` changes nothing and exits 1 when a file is stale.
 */
import { loadCommandSpecs, renderCliReference, withGeneratedBlocks } from "../src/cli/reference.ts";

/** Each generated file and its expected content. */
export async function generatedFiles(): Promise<{ path: URL; text: string }[]> {
  const readme = new URL("../README.md", import.meta.url);
  return [
    { path: new URL("../docs/cli.md", import.meta.url), text: renderCliReference(await loadCommandSpecs()) },
    { path: readme, text: withGeneratedBlocks(await Deno.readTextFile(readme)) },
  ];
}

if (import.meta.main) {
  const check = Deno.args.includes("--check");
  let stale = 0;
  for (const f of await generatedFiles()) {
    const now = await Deno.readTextFile(f.path).catch(() => "");
    if (now === f.text) continue;
    if (check) {
      console.error(`${f.path.pathname} is stale: run deno task docs`);
      stale++;
    } else {
      await Deno.writeTextFile(f.path, f.text);
      console.log(`wrote ${f.path.pathname}`);
    }
  }
  if (stale) Deno.exit(1);
}
