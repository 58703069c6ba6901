/**
 * The pristine data directory of the embedded engine: `initdb` runs once per PGlite
 * version (about 2.5 s); its data directory is kept as a tar file in the user's cache
 * folder (see {@link configureEmbedded}) and loaded into every new engine (about 0.4 s).
 */
import { homedir } from "node:os";
import type { PGlite } from "@electric-sql/pglite";

/** The PGlite version in deno.json; keys the cached data directory. A unit test keeps them equal. */
export const PGLITE_VERSION = "0.5.16";

let memo: Promise<Blob> | undefined;

/** Environment values {@link embeddedCacheDirFrom} reads (the caller passes them in). */
export interface CacheEnv {
  XDG_CACHE_HOME?: string;
  HOME?: string;
  LOCALAPPDATA?: string;
  USERPROFILE?: string;
}

/**
 * The conventional cache folder of Confiture for the given environment values:
 * `$XDG_CACHE_HOME/confiture`, else `$HOME/.cache/confiture` (`%LOCALAPPDATA%\confiture` on
 * Windows). Pure: the CLI passes the environment, this folder never reads it.
 *
 * @example
 * ```ts
 * embeddedCacheDirFrom({ HOME: "/home/ana" }); // "/home/ana/.cache/confiture"
 * ```
 */
export function embeddedCacheDirFrom(env: CacheEnv, os: string = Deno.build.os): string | undefined {
  if (env.XDG_CACHE_HOME) return `${env.XDG_CACHE_HOME}/confiture`;
  if (os === "windows" && env.LOCALAPPDATA) return `${env.LOCALAPPDATA}\\confiture`;
  const home = env.HOME ?? env.USERPROFILE;
  return home ? `${home}/.cache/confiture` : undefined;
}

let configured: { cacheDir: string | null } | undefined;

/**
 * Sets where the embedded engine keeps its pristine data directory: a folder, or `null` for no
 * disk cache (each process then runs initdb once). Without this call: `~/.cache/confiture`.
 */
export function configureEmbedded(options: { cacheDir: string | null }): void {
  if (configured && configured.cacheDir === options.cacheDir) return;
  configured = { cacheDir: options.cacheDir };
  memo = undefined;
}

/** The cache folder in use, when any. */
export function cacheDir(): string | undefined {
  if (configured) return configured.cacheDir ?? undefined;
  let home: string;
  try {
    home = homedir();
  } catch (e) {
    if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) return undefined;
    throw e;
  }
  return home ? `${home}/.cache/confiture` : undefined;
}

/** Path of the cached pristine data directory tar file, when a cache folder is known. */
export function pristinePath(): string | undefined {
  const dir = cacheDir();
  return dir ? `${dir}/pglite-${PGLITE_VERSION}-pgdata.tar` : undefined;
}

async function readCached(path: string): Promise<Blob | undefined> {
  try {
    const bytes = await Deno.readFile(path);
    return new Blob([bytes]);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.NotCapable) return undefined;
    throw e;
  }
}

async function writeAtomically(path: string, data: Uint8Array): Promise<void> {
  const dir = path.slice(0, path.lastIndexOf("/"));
  await Deno.mkdir(dir, { recursive: true });
  const tmp = `${path}.${Deno.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  try {
    await Deno.writeFile(tmp, data);
    await Deno.rename(tmp, path);
  } catch (e) {
    await Deno.remove(tmp).catch((re) => {
      if (!(re instanceof Deno.errors.NotFound)) throw re;
    });
    throw e;
  }
}

/** Makes a fresh data directory with initdb and returns it as a tar file. */
async function initialize(create: (opts: Record<string, unknown>) => Promise<PGlite>): Promise<Blob> {
  const pg = await create({});
  try {
    return await pg.dumpDataDir("none");
  } finally {
    await pg.close();
  }
}

/**
 * The pristine data directory as a tar Blob: from this process's memory, else from the cache
 * file, else made now (and written to the cache file atomically: a temporary file renamed into
 * place, so concurrent processes never read half a file). A cache folder that cannot be written
 * only costs time: the tar stays in memory for this process.
 */
export function pristineDataDir(create: (opts: Record<string, unknown>) => Promise<PGlite>): Promise<Blob> {
  memo ??= (async () => {
    const path = pristinePath();
    if (path) {
      const cached = await readCached(path);
      if (cached && cached.size > 0) return cached;
    }
    const blob = await initialize(create);
    if (path) {
      try {
        await writeAtomically(path, new Uint8Array(await blob.arrayBuffer()));
      } catch (e) {
        if (!(e instanceof Deno.errors.PermissionDenied || e instanceof Deno.errors.NotCapable)) throw e;
        // read-only or not permitted cache folder: keep the tar in memory only
      }
    }
    return blob;
  })();
  const p = memo;
  p.catch(() => {
    if (memo === p) memo = undefined; // a failed attempt is retried by the next caller
  });
  return p;
}

/** Forgets the in-memory copy and deletes the cache file (when a loaded copy turns out unusable). */
export async function discardPristine(): Promise<void> {
  memo = undefined;
  const path = pristinePath();
  if (!path) return;
  try {
    await Deno.remove(path);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
}
