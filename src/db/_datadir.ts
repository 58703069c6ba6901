import { dirname } from "node:path";
import { ConfitureError } from "../errors/mod.ts";

/** What a folder named as an embedded data directory holds. */
export type DataDirState = "missing" | "empty" | "pgdata" | "other";

/**
 * Classifies `dir`: `missing`, `empty`, `pgdata` (holds `PG_VERSION`: a PostgreSQL data
 * directory) or `other` (a folder with other files, which Confiture never writes into or removes).
 */
export async function dataDirState(dir: string): Promise<DataDirState> {
  try {
    await Deno.stat(`${dir}/PG_VERSION`);
    return "pgdata";
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound || e instanceof Deno.errors.NotADirectory)) throw e;
  }
  try {
    const info = await Deno.stat(dir);
    if (!info.isDirectory) return "other";
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return "missing";
    throw e;
  }
  for await (const _ of Deno.readDir(dir)) return "other";
  return "empty";
}

/** A held lock on an embedded data directory (see {@link lockDataDir}). */
export interface DataDirLock {
  /** The lock file: the data directory's path followed by `.lock`. */
  path: string;
  /** Releases the lock (the file stays: removing it could let two processes hold two locks). */
  release(): void;
}

/** Options of {@link lockDataDir}. */
export interface LockDataDirOptions {
  /** How long to wait for another process to release the folder, in milliseconds. Default 60000. */
  waitMs?: number;
  /** Called once when the folder is in use and the call starts waiting, with the holder's pid. */
  onWait?: (pid: number | undefined) => void;
}

const readPid = async (path: string): Promise<number | undefined> => {
  try {
    const n = Number.parseInt((await Deno.readTextFile(path)).trim(), 10);
    return Number.isFinite(n) && n > 0 ? n : undefined;
  } catch (e) {
    // The pid is only for the message: a file being written, or locked against reading (Windows
    // locks are mandatory), leaves it unknown.
    if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.PermissionDenied) return undefined;
    if (e instanceof Deno.errors.Busy || (e instanceof Error && /lock/i.test(e.message))) return undefined;
    throw e;
  }
};

/**
 * Takes the exclusive lock of an embedded data directory across processes: an advisory file lock
 * (`flock`) on `<dataDir>.lock`, next to the folder, which holds the pid of the process that has
 * it. The lock goes with the process when it ends, however it ends. When another process holds
 * it, waits (polling) up to `waitMs`, then fails with EMBEDDED_ENGINE_FAILED naming that pid.
 * Missing parent folders are created.
 */
export async function lockDataDir(dataDir: string, opts: LockDataDirOptions = {}): Promise<DataDirLock> {
  const path = `${dataDir.replace(/[\/\\]+$/, "")}.lock`;
  const waitMs = opts.waitMs ?? 60_000;
  await Deno.mkdir(dirname(path), { recursive: true });
  const file = await Deno.open(path, { read: true, write: true, create: true });
  try {
    const deadline = Date.now() + waitMs;
    let waited = false;
    while (!(await file.tryLock(true))) {
      const pid = await readPid(path);
      if (Date.now() >= deadline) {
        const who = pid === undefined ? "another process" : pid === Deno.pid ? "this process" : `pid ${pid}`;
        throw new ConfitureError(
          "EMBEDDED_ENGINE_FAILED",
          `the embedded data directory ${dataDir} is in use by ${who}`,
          {
            detail: `lock file: ${path}; waited ${Math.round(waitMs / 1000)} s`,
            hint: pid === Deno.pid
              ? "close the other session on this folder first: the embedded engine has one session per folder"
              : "wait until it ends, or point this command at another folder or a server with --database-url",
          },
        );
      }
      if (!waited) {
        waited = true;
        opts.onWait?.(pid);
      }
      await new Promise((r) => setTimeout(r, Math.min(100, Math.max(1, deadline - Date.now()))));
    }
    await file.truncate(0);
    await file.write(new TextEncoder().encode(`${Deno.pid}\n`));
  } catch (e) {
    file.close();
    throw e;
  }
  let released = false;
  return {
    path,
    release() {
      if (released) return;
      released = true;
      file.close(); // closing the file releases its lock
    },
  };
}
