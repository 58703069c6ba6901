/**
 * Writes the error-code table of README.md from src/errors/codes.ts.
 * `deno run -A scripts/readme_codes.ts` rewrites it; `--check` exits 1 when it is stale.
 */
import { ERROR_CODES, EXIT_CODES } from "../src/errors/mod.ts";

/** The Markdown table of every error code. */
export function errorCodeTable(): string {
  const rows = Object.entries(ERROR_CODES)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([code, info]) => `| \`${code}\` | ${EXIT_CODES[info.exit]} | ${info.description} |`);
  return ["| code | exit | meaning |", "|---|---|---|", ...rows].join("\n");
}

const START = "<!-- error-codes:start -->";
const END = "<!-- error-codes:end -->";

/** README text with the table replaced. */
export function withTable(readme: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error("README.md lacks the error-codes markers");
  return readme.slice(0, a + START.length) + "\n" + errorCodeTable() + "\n" + readme.slice(b);
}

if (import.meta.main) {
  const path = new URL("../README.md", import.meta.url);
  const text = await Deno.readTextFile(path);
  const next = withTable(text);
  if (Deno.args.includes("--check")) {
    if (next !== text) {
      console.error("README.md error codes are stale: run deno run -A scripts/readme_codes.ts");
      Deno.exit(1);
    }
  } else await Deno.writeTextFile(path, next);
}
