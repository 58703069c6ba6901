/**
 * The permissions the `confiture` binary runs with, defined once: `deno compile` bakes them
 * into the binaries and `tests/e2e/permissions_test.ts` runs `main.ts` with exactly these flags,
 * so a missing one fails a test.
 *
 * Why each is needed:
 * - `--allow-read`: the project (schema, migrations, environment files) can be anywhere; the
 *   embedded engine's data and its cache (`~/.cache/confiture`); npm packages' wasm/data files.
 * - `--allow-write`: `init`, `build` output, `migrate new`, the embedded engine's data folder.
 * - `--allow-net`: PostgreSQL servers, at any host and port the user names.
 * - `--allow-env`: `${VAR}` in environment files may name any variable; `CONFITURE_DATABASE_URL`,
 *   `DATABASE_URL`, `PG*` defaults of the driver; the YAML parser reads `LOG_TOKENS`.
 * - `--allow-sys=uid,gid,userInfo`: postgres.js takes the operating-system user name (Node's
 *   `os.userInfo()`) when a URL names no user, as libpq does. Nothing else of `sys` is used.
 *
 * Not granted: `run` (no subprocess), `ffi`, `import` of remote modules, the rest of `sys`.
 * @module
 */

/** The `sys` interfaces the binary uses. */
export const SYS_INTERFACES = ["uid", "gid", "userInfo"] as const;

/** Permission flags of the `confiture` binary, for `deno run` and `deno compile`. */
export const PERMISSION_FLAGS: readonly string[] = [
  "--allow-read",
  "--allow-write",
  "--allow-net",
  "--allow-env",
  `--allow-sys=${SYS_INTERFACES.join(",")}`,
];

/** {@link PERMISSION_FLAGS} plus `--no-prompt`: a missing permission fails instead of asking. */
export const RUN_FLAGS: readonly string[] = [...PERMISSION_FLAGS, "--no-prompt"];

if (import.meta.main) console.log(RUN_FLAGS.join(" "));
