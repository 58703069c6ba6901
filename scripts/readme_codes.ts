/**
 * Kept for habit: the README's error-code and exit-code tables, and docs/cli.md, are written by
 * `deno task docs` (scripts/docs.ts) from src/cli/reference.ts. Arguments are passed on.
 */
if (import.meta.main) {
  const { code } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("./docs.ts", import.meta.url).pathname, ...Deno.args],
  }).output();
  Deno.exit(code);
}
