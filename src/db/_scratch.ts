/**
 * Scratch databases: a throwaway database to apply DDL into and inspect. On a server, a new
 * database `confiture_scratch_<label>_<random>` made from template0; without a server, an
 * in-memory embedded engine started from the pristine template. Every open scratch database is
 * registered so the CLI can drop them all on Ctrl-C ({@link disposeAllScratch}).
 */
import { ConfitureError, redact } from "../errors/mod.ts";
import { quoteIdent } from "../sql/mod.ts";
import { connect } from "./_connect.ts";
import { maintenanceUrl } from "./_recreate.ts";
import { parseServerUrl } from "./_url.ts";
import type { Database } from "./types.ts";

/** Options of {@link openScratch}. */
export interface ScratchOptions {
  /** A server to make the scratch database on; without it, the embedded engine is used. */
  serverUrl?: string;
  /** A short word in the database name (letters, digits, underscores). */
  label?: string;
  /** Aborts the creation (the half-made database is dropped). */
  signal?: AbortSignal;
  /** Receives server notices of the scratch session. */
  onNotice?: (message: string) => void;
}

/** An open scratch database. */
export interface Scratch {
  /** A session on the scratch database. */
  db: Database;
  /** Its URL (`embedded:memory` for the embedded engine). */
  url: string;
  /** Closes the session and drops the database (idempotent). */
  dispose(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const open = new Set<Scratch>();

function randomSuffix(): string {
  const b = crypto.getRandomValues(new Uint8Array(6));
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

/** The name of a new scratch database (at most 63 bytes). */
export function scratchDatabaseName(label?: string): string {
  const slug = (label ?? "").toLowerCase().replace(/[^a-z0-9_]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 24);
  return `confiture_scratch_${slug ? slug + "_" : ""}${randomSuffix()}`;
}

async function dropServerDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = await connect({ url: adminUrl, source: "scratch" });
  try {
    await admin.exec(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  } finally {
    await admin.close();
  }
}

/** The abort reason (a DOMException "AbortError" unless the caller gave one), as web APIs do. */
function aborted(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("interrupted while creating a scratch database", "AbortError");
}

/**
 * Opens a scratch database. Always dispose it (or use {@link withScratch}); the CLI also drops
 * every scratch database still open when it is interrupted.
 *
 * @example
 * ```ts
 * await using scratch = await openScratch({ serverUrl: "postgres://localhost/app", label: "build" });
 * await scratch.db.exec("create table t (id int)");
 * ```
 */
export async function openScratch(options: ScratchOptions = {}): Promise<Scratch> {
  const { signal } = options;
  if (signal?.aborted) throw aborted(signal);
  if (!options.serverUrl) {
    const db = await connect({ url: "embedded:memory", source: "scratch", onNotice: options.onNotice });
    return register(db, "embedded:memory", async () => await db.close());
  }
  const server = parseServerUrl(options.serverUrl);
  const adminUrl = maintenanceUrl(server);
  const name = scratchDatabaseName(options.label);
  const target = new URL(server.href);
  target.pathname = "/" + encodeURIComponent(name);
  const admin = await connect({ url: adminUrl, source: "scratch" });
  try {
    await admin.exec(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0`);
  } finally {
    await admin.close();
  }
  const dropIt = () => dropServerDatabase(adminUrl, name);
  let db: Database;
  try {
    if (signal?.aborted) throw aborted(signal);
    db = await connect({ url: target.href, source: "scratch", onNotice: options.onNotice });
  } catch (e) {
    await dropIt();
    throw e;
  }
  return register(db, target.href, async () => {
    const admin = await connect({ url: adminUrl, source: "scratch" });
    try {
      // A statement still running (Ctrl-C in the middle of applying DDL) is cancelled first, and
      // the session left to roll back, so that it closes cleanly before the database is dropped.
      const busy = `from pg_catalog.pg_stat_activity where datname = $1 and state <> 'idle'
        and pid <> pg_catalog.pg_backend_pid()`;
      const cancelled = await admin.query(`select pg_catalog.pg_cancel_backend(pid) ${busy}`, [name]);
      for (let i = 0; cancelled.length > 0 && i < 40; i++) {
        if ((await admin.query(`select 1 ${busy}`, [name])).length === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      try {
        await db.close();
      } finally {
        await admin.exec(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      }
    } finally {
      await admin.close();
    }
  });
}

function register(db: Database, url: string, drop: () => Promise<void>): Scratch {
  let disposing: Promise<void> | undefined;
  const scratch: Scratch = {
    db,
    url,
    dispose() {
      disposing ??= (async () => {
        try {
          await drop();
        } finally {
          open.delete(scratch);
        }
      })();
      return disposing;
    },
    [Symbol.asyncDispose]() {
      return scratch.dispose();
    },
  };
  open.add(scratch);
  return scratch;
}

/**
 * Runs `fn` with a scratch database and disposes it afterwards, also when `fn` throws.
 *
 * @example
 * ```ts
 * const n = await withScratch({}, async (db) => (await db.sql`select 1 as n`)[0].n);
 * ```
 */
export async function withScratch<T>(
  options: ScratchOptions,
  fn: (db: Database, url: string) => Promise<T>,
): Promise<T> {
  const s = await openScratch(options);
  try {
    return await fn(s.db, s.url);
  } finally {
    await s.dispose();
  }
}

/** How many scratch databases are open in this process. */
export function openScratchCount(): number {
  return open.size;
}

/**
 * Cancels the statements running on every open scratch database (the CLI calls this first on
 * SIGINT/SIGTERM, so that the command using them stops at once), without dropping them.
 */
export async function cancelAllScratch(): Promise<void> {
  await Promise.allSettled([...open].map((s) => s.db.cancel()));
}

/**
 * Disposes every scratch database still open (the CLI calls this on SIGINT/SIGTERM). All are
 * attempted; the first failure is thrown after the others were tried.
 */
export async function disposeAllScratch(): Promise<void> {
  const all = [...open];
  const results = await Promise.allSettled(all.map((s) => s.dispose()));
  const failures = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failures.length) {
    const first = failures[0].reason;
    throw new ConfitureError(
      "INTERNAL_ERROR",
      `could not drop ${failures.length} of ${all.length} scratch databases`,
      {
        detail: failures.map((f) => redact(f.reason instanceof Error ? f.reason.message : String(f.reason))).join(
          "\n",
        ),
        cause: first,
      },
    );
  }
}
