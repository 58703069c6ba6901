/**
 * The embedded backend: PostgreSQL 18 compiled to WASM (PGlite), in this process.
 *
 * Limits:
 * - one session per engine, and one process per data directory: a lock file next to the folder
 *   (`<dir>.lock`, holding the pid) makes another process wait until the first one closes it
 *   (up to {@link EmbeddedOptions.waitMs}), then fail with EMBEDDED_ENGINE_FAILED naming the pid;
 * - extensions: PGlite's contrib bundles listed in {@link CONTRIB} (pgcrypto, citext, uuid-ossp,
 *   hstore, pg_trgm, …), loaded on `CREATE EXTENSION`; none that needs a server process or
 *   shared libraries outside PGlite (no postgres_fdw, no dblink, no PostGIS);
 * - COPY is not streamed: `copyFrom` gathers the whole input in memory before the server reads
 *   it, and `copyTo` receives the whole output before the first chunk is yielded;
 * - memory: the engine takes about 100–200 MB; an in-memory engine also keeps its data there.
 */
import { PGlite } from "@electric-sql/pglite";
import { ConfitureError } from "../errors/mod.ts";
import { fromServerError } from "./_errors.ts";
import { copyToBlobDevice, slices } from "./_copy.ts";
import { type DataDirLock, dataDirState, lockDataDir } from "./_datadir.ts";
import { discardPristine, pristineDataDir } from "./_pristine.ts";
import { templateToQuery } from "./_template.ts";
import { beginModes, nestedOptionsError, transactionArgs } from "./_transaction.ts";
import type { ConnectionInfo, ConnectionSource, Database, Row, Session, TransactionOptions } from "./types.ts";

/** Options for {@link openEmbedded}. */
export interface EmbeddedOptions {
  /** Data directory; undefined for an in-memory engine. Missing parent folders are created. */
  dataDir?: string;
  source: ConnectionSource;
  onNotice?: (message: string) => void;
  /**
   * How long to wait, in milliseconds, when another process has the data directory open
   * (default 60000); then EMBEDDED_ENGINE_FAILED names that process.
   */
  waitMs?: number;
  /** Called once when the open starts waiting for another process (a line for the user). */
  onWait?: (message: string) => void;
}

// int8 and numeric come back as strings, as with the server backend.
const PARSERS = { 20: (v: string) => v, 1700: (v: string) => v };

type Notice = { message?: string };

class EmbeddedSession implements Session {
  constructor(
    protected readonly pg: PGlite,
    protected readonly onNotice: ((n: Notice) => void) | undefined,
    private readonly depth = 0,
    /** Every error data-safe (see {@link Session.dataSafe}). */
    private readonly safe = false,
    /** The enclosing transaction's record of a failed COPY (reported at its end if swallowed). */
    private readonly scope: { copyFailure?: ConfitureError } = {},
  ) {}

  dataSafe(): Session {
    return new EmbeddedSession(this.pg, this.onNotice, this.depth, true, this.scope);
  }

  /** A COPY's error, data-safe, recorded for the enclosing transaction. */
  private copyFailed(e: unknown): ConfitureError {
    const err = fromServerError(e, { dataSafe: true });
    this.scope.copyFailure ??= err;
    return err;
  }

  async query<T = Row>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    try {
      const r = await this.pg.query<T>(text, params as unknown[], { parsers: PARSERS, onNotice: this.onNotice });
      return r.rows;
    } catch (e) {
      throw fromServerError(e, { dataSafe: this.safe });
    }
  }

  sql<T = Row>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T[]> {
    const q = templateToQuery(strings, values);
    return this.query<T>(q.text, q.params);
  }

  async exec(text: string): Promise<void> {
    try {
      await this.pg.exec(text, { onNotice: this.onNotice });
    } catch (e) {
      throw fromServerError(e, { dataSafe: this.safe });
    }
  }

  transaction<T>(fn: (tx: Session) => Promise<T>): Promise<T>;
  transaction<T>(options: TransactionOptions, fn: (tx: Session) => Promise<T>): Promise<T>;
  async transaction<T>(
    a: TransactionOptions | ((tx: Session) => Promise<T>),
    b?: (tx: Session) => Promise<T>,
  ): Promise<T> {
    const { options, fn } = transactionArgs(a, b);
    if (options && this.depth > 0) throw nestedOptionsError();
    if (options?.snapshot !== undefined) {
      throw new ConfitureError("USAGE_INVALID_ARGUMENT", "the embedded engine cannot import a snapshot", {
        detail: "it runs one session, so no other session can export a snapshot to share",
        hint: "use a PostgreSQL server (postgres://…) for the sessions that share a snapshot",
      });
    }
    const modes = options ? beginModes(options) : "";
    const sp = `confiture_sp_${this.depth + 1}`;
    await this.exec(this.depth === 0 ? `BEGIN${modes ? " " + modes : ""}` : `SAVEPOINT ${sp}`);
    let result: T;
    try {
      const scope: { copyFailure?: ConfitureError } = {};
      result = await fn(new EmbeddedSession(this.pg, this.onNotice, this.depth + 1, this.safe, scope));
      // a COPY failure that `fn` swallowed: COMMIT would silently roll back
      if (scope.copyFailure) throw scope.copyFailure;
    } catch (e) {
      await this.exec(this.depth === 0 ? "ROLLBACK" : `ROLLBACK TO SAVEPOINT ${sp}`);
      throw fromServerError(e, { dataSafe: this.safe });
    }
    await this.exec(this.depth === 0 ? "COMMIT" : `RELEASE SAVEPOINT ${sp}`);
    return result;
  }

  /**
   * `COPY … FROM STDIN` through PGlite's `/dev/blob` device. Not streamed: the whole input is
   * gathered in memory first (PGlite reads the device in one go).
   */
  async copyFrom(copySql: string, source: AsyncIterable<Uint8Array>): Promise<number> {
    const text = copyToBlobDevice(copySql, "from");
    const parts: Uint8Array<ArrayBuffer>[] = [];
    try {
      for await (const chunk of source) parts.push(new Uint8Array(chunk));
    } catch (e) {
      throw new ConfitureError("COPY_FAILED", "the data source of a COPY FROM failed; nothing of it was kept", {
        detail: e instanceof Error ? e.message : String(e),
        cause: e,
      });
    }
    try {
      const r = await this.pg.query(text, [], { blob: new Blob(parts), onNotice: this.onNotice });
      return r.affectedRows ?? 0;
    } catch (e) {
      throw this.copyFailed(e);
    }
  }

  /**
   * `COPY … TO STDOUT` through PGlite's `/dev/blob` device. Not streamed: the whole output is
   * produced in memory, then yielded in chunks of 512 KiB.
   */
  async *copyTo(copySql: string): AsyncIterable<Uint8Array> {
    const text = copyToBlobDevice(copySql, "to");
    let data: Uint8Array;
    try {
      const r = await this.pg.query(text, [], { onNotice: this.onNotice });
      data = r.blob ? new Uint8Array(await r.blob.arrayBuffer()) : new Uint8Array(0);
    } catch (e) {
      throw this.copyFailed(e);
    }
    yield* slices(data);
  }
}

class EmbeddedDatabase extends EmbeddedSession implements Database {
  constructor(
    private readonly engine: PGlite,
    onNotice: ((n: Notice) => void) | undefined,
    readonly info: ConnectionInfo,
    private readonly lock?: DataDirLock,
  ) {
    super(engine, onNotice);
  }
  async serverVersionNum(): Promise<number> {
    const [r] = await this.query<{ v: string }>("select current_setting('server_version_num') as v");
    return Number(r.v);
  }
  cancel(): Promise<void> {
    // PGlite runs one statement at a time in this thread: none is running when this is called.
    return Promise.resolve();
  }
  async close(): Promise<void> {
    try {
      if (!this.engine.closed) await this.engine.close();
    } finally {
      this.lock?.release();
    }
  }
}

/**
 * The contrib extensions the engine offers to `CREATE EXTENSION`, as application schemas use
 * them: extension name → bundle file of the PGlite package. A bundle is read when the engine
 * starts and unpacked when its extension is created.
 */
export const CONTRIB: Readonly<Record<string, string>> = {
  btree_gin: "btree_gin",
  btree_gist: "btree_gist",
  citext: "citext",
  cube: "cube",
  earthdistance: "earthdistance",
  fuzzystrmatch: "fuzzystrmatch",
  hstore: "hstore",
  intarray: "intarray",
  isn: "isn",
  lo: "lo",
  ltree: "ltree",
  pg_trgm: "pg_trgm",
  pgcrypto: "pgcrypto",
  seg: "seg",
  tablefunc: "tablefunc",
  unaccent: "unaccent",
  "uuid-ossp": "uuid-ossp",
};

/**
 * PGlite extension descriptors for {@link CONTRIB}, as PGlite's `contrib/*` modules define them.
 * They are built here rather than imported: every module reachable by an import is loaded by
 * Deno when any command starts, and the seventeen of them would slow every start by ~8 ms.
 */
function contribExtensions(): Record<string, { name: string; setup: () => Promise<{ bundlePath: URL }> }> {
  const dist = import.meta.resolve("@electric-sql/pglite");
  return Object.fromEntries(
    Object.entries(CONTRIB).map(([name, file]) => [
      name,
      { name, setup: () => Promise.resolve({ bundlePath: new URL(`./${file}.tar.gz`, dist) }) },
    ]),
  );
}

const create = (opts: Record<string, unknown>) => PGlite.create({ ...opts, extensions: contribExtensions() });

/** A new engine from the pristine template, in memory or in `dataDir`; a bad cached template is made again once. */
async function fromTemplate(dataDir: string | undefined): Promise<PGlite> {
  const template = await pristineDataDir(create);
  try {
    return await create({ ...(dataDir ? { dataDir } : {}), loadDataDir: template });
  } catch (e) {
    // An unusable cached template (truncated, another build): make a new one once.
    await discardPristine();
    if (dataDir) {
      // Our own temporary folder (see start): leave it empty again.
      await Deno.remove(dataDir, { recursive: true });
      await Deno.mkdir(dataDir, { recursive: true });
    }
    const fresh = await pristineDataDir(create);
    try {
      return await create({ ...(dataDir ? { dataDir } : {}), loadDataDir: fresh });
    } catch (e2) {
      throw new AggregateError([e, e2], e2 instanceof Error ? e2.message : String(e2));
    }
  }
}

/**
 * Starts the engine. With a data directory the caller holds its lock. A missing or empty folder
 * is made in a temporary sibling (`<dataDir>.creating-<pid>`), then renamed into place: the
 * folder is a data directory or absent, never half-made, and nothing here removes a folder that
 * another process may be writing.
 */
async function start(dataDir: string | undefined): Promise<PGlite> {
  if (!dataDir) return await fromTemplate(undefined);
  const state = await dataDirState(dataDir);
  if (state === "pgdata") return await create({ dataDir });
  if (state === "other") {
    throw new ConfitureError(
      "EMBEDDED_ENGINE_FAILED",
      `${dataDir} is not an embedded PostgreSQL data directory (it holds other files)`,
      { hint: "use an empty or missing folder, e.g. .confiture/embedded/<env>" },
    );
  }
  const tmp = `${dataDir.replace(/[\/\\]+$/, "")}.creating-${Deno.pid}`;
  // A leftover of a process with our pid that ended while creating (we hold the lock now).
  await Deno.remove(tmp, { recursive: true }).catch((e) => {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  });
  await Deno.mkdir(tmp, { recursive: true });
  try {
    await (await fromTemplate(tmp)).close();
    // An empty folder is replaced (a non-recursive remove fails if a file appeared in it meanwhile).
    if (state === "empty") await Deno.remove(dataDir);
    await Deno.rename(tmp, dataDir);
  } catch (e) {
    // Best effort: the error that matters is `e`; the folder is ours, named by our pid.
    await Deno.remove(tmp, { recursive: true }).catch(() => undefined);
    throw e;
  }
  return await create({ dataDir });
}

/**
 * Opens an embedded PostgreSQL engine: in memory, or persisted in `dataDir` (created, with its
 * parent folders, from the pristine template when it does not hold a data directory yet).
 */
export async function openEmbedded(opts: EmbeddedOptions): Promise<Database> {
  let lock: DataDirLock | undefined;
  let pg: PGlite;
  try {
    if (opts.dataDir) {
      const dir = opts.dataDir;
      lock = await lockDataDir(dir, {
        waitMs: opts.waitMs,
        onWait: (pid) =>
          opts.onWait?.(`waiting for ${pid === undefined ? "another process" : `pid ${pid}`} to release ${dir}`),
      });
    }
    pg = await start(opts.dataDir);
  } catch (e) {
    lock?.release();
    if (e instanceof ConfitureError) throw e;
    throw new ConfitureError(
      "EMBEDDED_ENGINE_FAILED",
      `cannot start the embedded PostgreSQL${opts.dataDir ? ` in ${opts.dataDir}` : ""}`,
      {
        detail: e instanceof Error ? e.message : String(e),
        hint: opts.dataDir ? "remove the data directory to start afresh" : undefined,
        cause: e,
      },
    );
  }
  const notice = opts.onNotice;
  return new EmbeddedDatabase(pg, notice ? (n: Notice) => notice(String(n.message ?? "")) : undefined, {
    backend: "embedded",
    source: opts.source,
    display: opts.dataDir ?? "memory",
    database: "postgres",
  }, lock);
}
