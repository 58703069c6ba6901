/** Isolation levels of {@link TransactionOptions}. */
export type IsolationLevel = "read committed" | "repeatable read" | "serializable";

/** Characteristics of an outermost transaction (`BEGIN ISOLATION LEVEL … READ ONLY …`). */
export interface TransactionOptions {
  /** Default: the session's (`default_transaction_isolation`, normally read committed). */
  isolation?: IsolationLevel;
  /** `READ ONLY` when true, `READ WRITE` when false; default: the session's. */
  readOnly?: boolean;
  /** `DEFERRABLE` when true (meaningful for a serializable read-only transaction), `NOT DEFERRABLE` when false. */
  deferrable?: boolean;
  /**
   * A snapshot exported by another session (`pg_export_snapshot()`), imported with
   * `SET TRANSACTION SNAPSHOT` as the transaction's first statement. Needs the `repeatable read`
   * or `serializable` level; `repeatable read` when no level is given.
   */
  snapshot?: string;
}

/** A row as returned by a query: column name to parsed value. */
export type Row = Record<string, unknown>;

/** Which kind of engine a {@link Database} talks to. */
export type Backend = "server" | "embedded";

/** Where the connection settings came from (the first that was set wins). */
export type ConnectionSource =
  | "flag" // --database-url
  | "env:CONFITURE_DATABASE_URL"
  | "config" // database_url in db/environments/<env>.yaml
  | "env:DATABASE_URL"
  | "embedded" // no database configured: the embedded engine
  | "scratch"; // a scratch database made by Confiture

/** What a command prints about the database it uses (never a password). */
export interface ConnectionInfo {
  /** The kind of engine: a server or the embedded one. */
  backend: Backend;
  /** Where the URL came from. */
  source: ConnectionSource;
  /** The URL with its password redacted, or the embedded data directory / "memory". */
  display: string;
  /** The database name when known. */
  database?: string;
}

/**
 * One session on a database. All statements of a session run on the same backend
 * connection, in order, so session state (advisory locks, SET, transactions) holds.
 */
export interface Session {
  /** Runs one statement with `$1…$n` parameters (extended protocol); returns its rows. */
  query<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /**
   * Tagged template: values become parameters, never SQL text.
   * @example
   * ```ts
   * import { connect } from "./mod.ts";
   * const db = await connect({ url: "embedded:memory", source: "flag" });
   * const name = "pg_class";
   * const rows = await db.sql<{ relkind: string }>`select relkind from pg_class where relname = ${name}`;
   * console.log(rows[0].relkind); // "r"
   * await db.close();
   * ```
   */
  sql<T = Row>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T[]>;
  /** Runs SQL text that may hold several statements (simple protocol); no parameters. */
  exec(text: string): Promise<void>;
  /**
   * Runs `fn` inside a transaction: COMMIT when it resolves, ROLLBACK when it throws
   * (the error is rethrown). Nested calls use savepoints.
   */
  transaction<T>(fn: (tx: Session) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` inside a transaction with the given characteristics (isolation level, read-only,
   * deferrable, an imported snapshot). Options are refused on a nested call (a savepoint has
   * none) and, for what it cannot do, by the embedded engine (importing a snapshot).
   *
   * @example
   * ```ts
   * import { connect } from "./mod.ts";
   * const db = await connect({ url: "postgres://postgres@127.0.0.1/app", source: "flag" });
   * const id = Deno.args[0]; // a snapshot another session exported (pg_export_snapshot())
   * // read a table at the moment that session exported
   * await db.transaction({ isolation: "repeatable read", readOnly: true, snapshot: id }, async (tx) => {
   *   for await (const chunk of tx.copyTo("COPY users TO STDOUT")) await Deno.stdout.write(chunk);
   * });
   * await db.close();
   * ```
   */
  transaction<T>(options: TransactionOptions, fn: (tx: Session) => Promise<T>): Promise<T>;
  /**
   * The same session (same connection, same transaction) with data-safe errors: every error a
   * statement raises through it has its row values removed from the message, detail, context
   * and hint (names stay; a text of unknown shape is withheld and says so). COPY is always
   * data-safe; use this for statements that handle rows, such as `INSERT … SELECT`.
   */
  dataSafe(): Session;
  /**
   * Streams `source` into `COPY … FROM STDIN`. Chunks are coalesced to about 512 KiB; the source
   * is read only as fast as the server takes the data (memory stays at a few chunks).
   * A server-side failure (constraint violation, bad data) rejects promptly with SQL_ERROR, its
   * SQLSTATE and detail, data-safe (no row value; the table, column, constraint and data line
   * in `server`); a failing `source` aborts the COPY with COPY_FAILED. Either way nothing of the
   * COPY is kept and the session stays usable.
   * Returns the number of rows the server reported.
   * On the embedded engine the input is gathered in memory first (PGlite does not stream COPY).
   */
  copyFrom(copySql: string, source: AsyncIterable<Uint8Array>): Promise<number>;
  /**
   * Streams the output of `COPY … TO STDOUT`, in chunks of about 512 KiB. The server is held
   * back while the consumer is busy. Stopping early (break) cancels the COPY on the server.
   * Run no other statement on the same session while iterating: it would wait for the COPY.
   * Errors are data-safe, as for {@link Session.copyFrom}.
   * On the embedded engine the whole output is produced in memory first.
   */
  copyTo(copySql: string): AsyncIterable<Uint8Array>;
}

/** An open connection: a {@link Session} that can be closed and described. */
export interface Database extends Session {
  /** What the connection is, for display (never a password). */
  readonly info: ConnectionInfo;
  /** `server_version_num`, e.g. 150020. */
  serverVersionNum(): Promise<number>;
  /**
   * Cancels the statements running on this connection, as psql does on Ctrl-C: each fails with
   * SQLSTATE 57014 and its transaction rolls back, so locks are released before the connection
   * closes. The connection stays open. The embedded engine runs a statement to its end (there is
   * nothing to cancel between two statements), so this does nothing there.
   */
  cancel(): Promise<void>;
  /** Closes the connection (and stops the embedded engine when it owns it). */
  close(): Promise<void>;
}
