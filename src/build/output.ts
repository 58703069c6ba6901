/**
 * Writing the built schema file so that it is never seen half-written.
 * @module
 */
import { paths } from "../config/mod.ts";

/**
 * Writes `bytes` to `path`, creating its folder. A regular file (or a new one) is replaced
 * atomically: the bytes go to a temporary file beside it, renamed over it once complete, so a
 * crash or a full disk leaves the previous build whole and a reader never sees part of the new
 * one. Anything else that already exists at `path` (`/dev/stdout`, a named pipe, a symbolic
 * link) is written in place, so that it is not replaced by a file.
 *
 * @example
 * ```ts
 * writeOutput("db/generated/schema_local.sql", new TextEncoder().encode("select 1;\n"));
 * ```
 */
export function writeOutput(path: string, bytes: Uint8Array): void {
  let existing: Deno.FileInfo | undefined;
  try {
    existing = Deno.lstatSync(path);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  if (existing && !existing.isFile) {
    Deno.writeFileSync(path, bytes);
    return;
  }
  Deno.mkdirSync(paths.dirname(path), { recursive: true });
  const tmp = `${path}.${Deno.pid}.tmp`;
  try {
    Deno.writeFileSync(tmp, bytes, existing ? { mode: existing.mode ?? undefined } : {});
    Deno.renameSync(tmp, path);
  } catch (e) {
    try {
      Deno.removeSync(tmp);
    } catch {
      // already gone, or never created
    }
    throw e;
  }
}
