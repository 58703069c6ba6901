/**
 * The permissions of the `confiture` binary, defined once.
 *
 * Two lists:
 *
 * - {@link PERMISSION_FLAGS}: what `deno compile` bakes into the binaries, and what the
 *   benchmarks run `main.ts` with: `--allow-all`.
 * - {@link MINIMUM_FLAGS}: everything the program actually uses. `tests/e2e/permissions_test.ts`
 *   runs `main.ts` with exactly these (and `--no-prompt`) through a realistic flow, and removes
 *   each in turn to show it is needed; so the code stays within them, and narrowing the binary
 *   again is a one-line change here.
 *
 * Why the binary does not run with {@link MINIMUM_FLAGS}: when not every permission is granted,
 * Deno checks each file it opens against special files (`/proc/self/environ`, `/dev/ptmx`, …) by
 * resolving the path one component at a time (a `readlink` per folder level). On a schema tree
 * of 1,000 files ten folders deep that is 15–20 ms of a ~80 ms `confiture build` — the
 * difference between 2.4× and 2.0× the `find | xargs cat | sha256sum` floor (docs/benchmarks.md).
 * What the wider grant adds is small: the minimum already reads and writes any file, opens any
 * network connection and reads any environment variable (a project can live anywhere and a
 * server can be anywhere); `--allow-all` adds subprocesses, FFI and the `/proc`/`/dev` special
 * files, which the code never uses (the test above proves it) — the same trust users give
 * every other migration tool's native binary.
 *
 * The minimum, and why each is needed:
 * - `--allow-read`: the project (schema, migrations, environment files) can be anywhere; the
 *   embedded engine's data and its cache (`~/.cache/confiture`); npm packages' wasm/data files.
 * - `--allow-write`: `init`, `build` output, `migrate new`, the embedded engine's data folder.
 * - `--allow-net`: PostgreSQL servers, at any host and port the user names.
 * - `--allow-env`: `${VAR}` in environment files may name any variable; `CONFITURE_DATABASE_URL`,
 *   `DATABASE_URL`, `PG*` defaults of the driver; the YAML parser reads `LOG_TOKENS`.
 * - `--allow-sys=uid,gid,userInfo`: postgres.js takes the operating-system user name (Node's
 *   `os.userInfo()`) when a URL names no user, as libpq does. Nothing else of `sys` is used.
 * @module
 */

/** The `sys` interfaces the program uses. */
export const SYS_INTERFACES = ["uid", "gid", "userInfo"] as const;

/** The permissions the program uses: see the module documentation. */
export const MINIMUM_FLAGS: readonly string[] = [
  "--allow-read",
  "--allow-write",
  "--allow-net",
  "--allow-env",
  `--allow-sys=${SYS_INTERFACES.join(",")}`,
];

/** Permission flags of the `confiture` binary, for `deno compile` and the benchmarks. */
export const PERMISSION_FLAGS: readonly string[] = ["--allow-all"];

/** {@link PERMISSION_FLAGS} plus `--no-prompt`: how the binary runs, as a `deno run` command line. */
export const RUN_FLAGS: readonly string[] = [...PERMISSION_FLAGS, "--no-prompt"];

/** {@link MINIMUM_FLAGS} plus `--no-prompt`: a missing permission fails instead of asking. */
export const MINIMUM_RUN_FLAGS: readonly string[] = [...MINIMUM_FLAGS, "--no-prompt"];

if (import.meta.main) console.log(RUN_FLAGS.join(" "));
