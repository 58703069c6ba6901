/**
 * The PostgreSQL server backend, on postgres.js. One connection per Database
 * (max: 1), so a Database is one session.
 */
import postgres from "postgres";
import { ConfitureError, redact } from "../errors/mod.ts";
import { fromServerError, isServerError } from "./_errors.ts";
import { coalesce, concatChunks, COPY_CHUNK_BYTES } from "./_copy.ts";
import { templateToQuery } from "./_template.ts";
import { beginModes, nestedOptionsError, snapshotStatement, transactionArgs } from "./_transaction.ts";
import { databaseOfUrl, displayUrl, parseServerUrl, sslOptionFor } from "./_url.ts";
import type { ConnectionInfo, ConnectionSource, Database, Row, Session, TransactionOptions } from "./types.ts";

/** Options for {@link connectServer}. */
export interface ServerConnectOptions {
  url: string;
  source: ConnectionSource;
  /** Seconds to wait for the TCP connection and login. Default 10. */
  connectTimeout?: number;
  /** Receives server notices (RAISE NOTICE, "does not exist, skipping"). Default: dropped. */
  onNotice?: (message: string) => void;
  /** `application_name` of the session. Default "confiture" (a URL parameter wins). */
  applicationName?: string;
}

type Sql = postgres.Sql<Record<string, unknown>>;
// postgres.js's transaction and query objects are loosely typed; this file is their only user.
// deno-lint-ignore no-explicit-any
type AnySql = any;

/** The bits of a postgres.js Query this file relies on (its promise hooks are instance fields). */
interface DriverQuery extends Promise<unknown> {
  resolve: (x: unknown) => void;
  reject: (e: unknown) => void;
  writable(): Promise<NodeWritable>;
  readable(): Promise<NodeReadable>;
  /** Sends a cancel request when the query runs; null when it cannot be cancelled (any more). */
  cancel(): Promise<void> | null;
}

interface NodeStream {
  on(event: string, fn: (...args: unknown[]) => void): unknown;
  off(event: string, fn: (...args: unknown[]) => void): unknown;
  destroy(error?: Error): unknown;
  destroyed: boolean;
}

interface NodeWritable extends NodeStream {
  write(chunk: Uint8Array): boolean;
  end(): unknown;
}

interface NodeReadable extends NodeStream {
  pause(): unknown;
  resume(): unknown;
  _read(size?: number): void;
}

/** URL parameters handled here rather than sent to the server as settings. */
const CLIENT_PARAMS = ["sslmode", "sslrootcert", "sslcert", "sslkey", "sslnegotiation", "connect_timeout"];

function connectionError(e: unknown, display: string, timeout: number): ConfitureError {
  if (e instanceof ConfitureError) return e;
  if (isServerError(e)) {
    const ce = fromServerError(e);
    if (ce.code === "SQL_ERROR") {
      return new ConfitureError("CONNECTION_FAILED", `cannot connect to ${display}: ${ce.message}`, {
        sqlstate: ce.sqlstate,
        cause: ce,
      });
    }
    return new ConfitureError(ce.code, `cannot connect to ${display}: ${ce.message}`, {
      sqlstate: ce.sqlstate,
      hint: ce.code === "CONNECTION_AUTH_FAILED"
        ? "check the user and password of the database URL"
        : ce.sqlstate === "3D000"
        ? "create the database first, or check the database name of the URL"
        : undefined,
      cause: ce,
    });
  }
  const err = e as { code?: string; message?: string };
  const why = err.code === "CONNECT_TIMEOUT"
    ? `timed out after ${timeout} s`
    : err.code === "ECONNREFUSED"
    ? "connection refused"
    : err.code === "ENOTFOUND" || err.code === "EAI_AGAIN"
    ? "host not found"
    : err.code === "EPIPE" || err.code === "ECONNRESET" || /ended by the other party/.test(err.message ?? "")
    ? `the connection was closed before PostgreSQL answered (${err.message ?? err.code})`
    : (err.message ?? String(e));
  return new ConfitureError("CONNECTION_FAILED", `cannot connect to ${display}: ${redact(why)}`, {
    hint: "check that the server is running and that host, port and sslmode are right",
    cause: sanitizedCause(e),
  });
}

/**
 * A copy of a driver error with only its message, code and stack (redacted): driver errors may
 * carry connection options, and a cause chain is printed by some tools.
 */
function sanitizedCause(e: unknown): Error {
  const err = e instanceof Error ? e : new Error(String(e));
  const out = new Error(redact(err.message));
  out.name = err.name;
  out.stack = redact(err.stack ?? "");
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string") Object.defineProperty(out, "code", { value: code, enumerable: true });
  return out;
}

/**
 * The failure of a COPY inside a transaction (or savepoint). postgres.js settles a COPY's query
 * with its stream, so a failure that comes later never reaches the driver's own check at the
 * end of the transaction; the transaction checks this instead, so that a function that swallows
 * the error does not end in a COMMIT that the server silently turns into a rollback.
 */
interface TransactionScope {
  copyFailure?: ConfitureError;
}

/** An error of a COPY: data-safe, as every error on a COPY path. */
function copyError(e: unknown, what: string): ConfitureError {
  if (e instanceof ConfitureError) return e;
  if (isServerError(e)) return fromServerError(e, { dataSafe: true });
  return new ConfitureError("COPY_FAILED", `${what} failed: ${e instanceof Error ? e.message : String(e)}`, {
    cause: e,
  });
}

class ServerSession implements Session {
  /**
   * `safe`: every error data-safe (see {@link Session.dataSafe}); `running`: the statements in
   * flight on the connection, shared by every session on it, for {@link ServerDatabase.cancel}.
   */
  constructor(
    protected readonly client: AnySql,
    private readonly safe = false,
    protected readonly running: Set<DriverQuery> = new Set(),
    private readonly scope: TransactionScope = {},
  ) {}

  dataSafe(): Session {
    return new ServerSession(this.client, true, this.running, this.scope);
  }

  /** Records a COPY failure for the enclosing transaction (see {@link TransactionScope}), and returns it. */
  private copyFailed(e: unknown, what: string): ConfitureError {
    const err = copyError(e, what);
    this.scope.copyFailure ??= err;
    return err;
  }

  /** Registers `q` as running until it settles. */
  private track<Q extends DriverQuery>(q: Q): Q {
    this.running.add(q);
    const done = () => void this.running.delete(q);
    q.then(done, done);
    return q;
  }

  async query<T = Row>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    try {
      const rows = await this.track(this.client.unsafe(text, params as unknown[], { prepare: false }));
      return Array.from(rows) as T[];
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
      await this.track(this.client.unsafe(text).simple());
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
    const nested = typeof this.client.savepoint === "function";
    if (nested && options) throw nestedOptionsError();
    const modes = options ? beginModes(options) : "";
    const snapshot = options?.snapshot !== undefined ? snapshotStatement(options.snapshot) : undefined;
    try {
      const run = async (c: AnySql) => {
        if (snapshot) await c.unsafe(snapshot);
        const scope: TransactionScope = {};
        const result = await fn(new ServerSession(c, this.safe, this.running, scope));
        if (scope.copyFailure) throw scope.copyFailure;
        return result;
      };
      return await (nested ? this.client.savepoint(run) : this.client.begin(modes, run)) as T;
    } catch (e) {
      throw fromServerError(e, { dataSafe: this.safe });
    }
  }

  /**
   * COPY FROM STDIN over postgres.js's writable. The driver settles the query with the stream,
   * then reports the outcome (ReadyForQuery) through the same query object's `resolve`/`reject`
   * fields even after it settled; hooking them lets a server-side failure reject here at once,
   * also after the last CopyDone, where the driver's own writable never finishes.
   */
  async copyFrom(copySql: string, source: AsyncIterable<Uint8Array>): Promise<number> {
    const q = this.client.unsafe(copySql) as DriverQuery;
    this.running.add(q);
    try {
      return await this.copyFromQuery(q, source);
    } finally {
      this.running.delete(q);
    }
  }

  private async copyFromQuery(q: DriverQuery, source: AsyncIterable<Uint8Array>): Promise<number> {
    let outcome: { ok: true; count: number } | { ok: false; error: unknown } | undefined;
    let wake: (() => void) | undefined;
    const notify = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    const origResolve = q.resolve;
    const origReject = q.reject;
    q.resolve = (x: unknown) => {
      if (!isStream(x)) {
        outcome ??= { ok: true, count: Number((x as { count?: unknown })?.count ?? 0) };
        notify();
      }
      origResolve(x);
    };
    q.reject = (e: unknown) => {
      outcome ??= { ok: false, error: e };
      notify();
      origReject(e);
    };
    let writable: NodeWritable;
    try {
      writable = await q.writable();
    } catch (e) {
      throw this.copyFailed(e, "COPY");
    }
    let streamError: unknown;
    let drained = false;
    const onError = (e: unknown) => {
      streamError ??= e;
      notify();
    };
    const onDrain = () => {
      drained = true;
      notify();
    };
    writable.on("error", onError);
    writable.on("drain", onDrain);
    const waitFor = (ready: () => boolean) =>
      ready() ? Promise.resolve() : new Promise<void>((resolve) => {
        const check = () => (ready() ? resolve() : (wake = check));
        wake = check;
      });
    const failed = () => outcome !== undefined || streamError !== undefined;
    let sourceError: unknown;
    try {
      for await (const chunk of coalesce(source)) {
        if (failed()) break;
        drained = false;
        if (!writable.write(chunk)) await waitFor(() => drained || failed());
        if (failed()) break;
      }
    } catch (e) {
      sourceError = e;
    }
    try {
      if (sourceError !== undefined) {
        if (!failed()) writable.destroy(new Error("the data source of the COPY failed"));
      } else if (!failed()) {
        writable.end();
      }
      await waitFor(() => outcome !== undefined);
    } finally {
      writable.off("drain", onDrain);
      // The "error" listener stays: the driver may still report on this stream.
    }
    if (sourceError !== undefined) {
      throw new ConfitureError("COPY_FAILED", "the data source of a COPY FROM failed; nothing of it was kept", {
        detail: sourceError instanceof Error ? sourceError.message : String(sourceError),
        cause: sourceError,
      });
    }
    const o = outcome as NonNullable<typeof outcome>;
    if (!o.ok) throw this.copyFailed(o.error, "COPY FROM");
    return o.count;
  }

  /**
   * COPY TO STDOUT over postgres.js's readable, regrouped into chunks of about 512 KiB.
   * The readable is paused while a chunk waits for the consumer, which pauses the socket.
   * Stopping early cancels the COPY on the server and drains what is in flight, so the
   * session stays usable.
   */
  async *copyTo(copySql: string): AsyncIterable<Uint8Array> {
    const q = this.client.unsafe(copySql) as DriverQuery;
    this.running.add(q);
    try {
      yield* this.copyToQuery(q);
    } finally {
      this.running.delete(q);
    }
  }

  private async *copyToQuery(q: DriverQuery): AsyncGenerator<Uint8Array> {
    let readable: NodeReadable;
    try {
      readable = await q.readable();
    } catch (e) {
      throw this.copyFailed(e, "COPY");
    }
    let parts: Uint8Array[] = [];
    let bytes = 0;
    let ended = false;
    let failure: unknown;
    let wake: (() => void) | undefined;
    const notify = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    let discard = false;
    const onData = (c: unknown) => {
      if (discard) return;
      const chunk = c as Uint8Array;
      parts.push(chunk);
      bytes += chunk.length;
      if (bytes >= COPY_CHUNK_BYTES) readable.pause();
      notify();
    };
    const onEnd = () => {
      ended = true;
      notify();
    };
    const onError = (e: unknown) => {
      failure ??= e;
      notify();
    };
    readable.on("data", onData);
    readable.on("end", onEnd);
    readable.on("error", onError);
    const settle = () => new Promise<void>((resolve) => (wake = resolve));
    let complete = false;
    try {
      for (;;) {
        if (failure !== undefined) throw this.copyFailed(failure, "COPY TO");
        if (bytes >= COPY_CHUNK_BYTES || (ended && bytes > 0)) {
          const out = concatChunks(parts, bytes);
          parts = [];
          bytes = 0;
          if (!ended) readable.resume();
          yield out;
          continue;
        }
        if (ended) break;
        await settle();
      }
      complete = true;
    } finally {
      if (!complete && !ended && failure === undefined) {
        // Stopped early: cancel on the server and drain the rest so the session stays usable.
        discard = true;
        parts = [];
        q.cancel();
        readable.resume();
        while (!ended && failure === undefined) await settle();
      }
      readable.off("data", onData);
      readable.off("end", onEnd);
      // postgres.js can leave its socket paused when the last CopyData filled the stream's
      // buffer in the same packet as CopyDone; its read() resumes the socket.
      if (typeof readable._read === "function") readable._read();
    }
  }
}

function isStream(x: unknown): boolean {
  return typeof x === "object" && x !== null && typeof (x as { on?: unknown }).on === "function";
}

class ServerDatabase extends ServerSession implements Database {
  constructor(private readonly root: Sql, readonly info: ConnectionInfo) {
    super(root);
  }
  async serverVersionNum(): Promise<number> {
    const [r] = await this.query<{ v: string }>("select current_setting('server_version_num') as v");
    return Number(r.v);
  }
  async cancel(): Promise<void> {
    const pending = [...this.running].map((q) => q.cancel()).filter((p) => p);
    await Promise.allSettled(pending as unknown[]);
  }
  async close(): Promise<void> {
    await this.root.end({ timeout: 5 });
  }
}

/** Reads the `sslrootcert` file named in a URL (PEM text). */
async function readRootCert(path: string | null): Promise<string | undefined> {
  if (!path || path === "system") return undefined;
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    throw new ConfitureError("CONNECTION_INVALID_URL", `cannot read sslrootcert "${path}"`, {
      detail: e instanceof Error ? e.message : String(e),
      cause: e,
    });
  }
}

/** The postgres.js options of a server URL (exported for tests). */
export async function driverOptions(
  u: URL,
  opts: { connectTimeout?: number; applicationName?: string; onNotice?: (m: string) => void },
): Promise<{ url: string; options: postgres.Options<Record<string, postgres.PostgresType>> }> {
  const sslmode = u.searchParams.get("sslmode");
  const verifies = sslmode === "verify-ca" || sslmode === "verify-full";
  const rootCert = verifies ? await readRootCert(u.searchParams.get("sslrootcert")) : undefined;
  const ssl = sslOptionFor(sslmode, rootCert);
  const clean = new URL(u.href);
  for (const p of CLIENT_PARAMS) clean.searchParams.delete(p);
  const urlTimeout = Number(u.searchParams.get("connect_timeout"));
  const timeout = opts.connectTimeout ?? (urlTimeout > 0 ? urlTimeout : 10);
  const onNotice = opts.onNotice;
  return {
    url: clean.href,
    options: {
      max: 1,
      connect_timeout: timeout,
      idle_timeout: 0,
      max_lifetime: 0,
      prepare: false,
      fetch_types: false,
      ssl,
      onnotice: (n: postgres.Notice) => onNotice?.(String(n.message ?? "")),
      connection: { application_name: opts.applicationName ?? "confiture" },
    } as postgres.Options<Record<string, postgres.PostgresType>>,
  };
}

/**
 * Connects to a PostgreSQL server and checks the login with a first query, so
 * that a wrong host or password fails here with a clear CONNECTION_* error.
 */
export async function connectServer(opts: ServerConnectOptions): Promise<Database> {
  const u = parseServerUrl(opts.url);
  const display = displayUrl(u);
  const { url, options } = await driverOptions(u, opts);
  const timeout = Number(options.connect_timeout);
  const sql = postgres(url, options);
  const database = databaseOfUrl(u) || undefined;
  const db = new ServerDatabase(sql, { backend: "server", source: opts.source, display, database });
  try {
    await sql.unsafe("select 1");
  } catch (e) {
    const err = connectionError(e, display, timeout);
    try {
      await sql.end({ timeout: 0 });
    } catch (closeError) {
      throw new ConfitureError(err.code, err.message, {
        detail: `closing the failed connection also failed: ${sanitizedCause(closeError).message}`,
        hint: err.hint,
        sqlstate: err.sqlstate,
        cause: err,
      });
    }
    throw err;
  }
  return db;
}
