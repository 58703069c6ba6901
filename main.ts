/**
 * The `confiture` executable: hands the arguments to the CLI and exits with its code.
 * @module
 */
import { run } from "./src/cli/mod.ts";

if (import.meta.main) {
  Deno.exit(await run(Deno.args));
}
