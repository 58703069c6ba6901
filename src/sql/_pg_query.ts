/**
 * The PostgreSQL parser (libpg-query, WASM). ./split.ts loads this module on first use through
 * a specifier built at run time, so that commands which never parse (`build`) do not make
 * `deno run` prepare the npm package; `deno compile` embeds it through `--include`
 * (scripts/compile.ts).
 * @module
 */
export { loadModule, parseSync, scanSync } from "libpg-query";
