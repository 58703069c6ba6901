/**
 * `connect()`: picks the backend from the URL and loads it on demand, so that a command that
 * never connects never loads postgres.js or PGlite.
 */
import type { ConnectionSource, Database } from "./types.ts";

/** What to connect to. */
export interface ConnectTarget {
  /** `postgres://…`, `postgresql://…`, `embedded:memory` or `embedded:<data directory>`. */
  url: string;
  /** Where the URL came from (shown in {@link ConnectionInfo}). */
  source: ConnectionSource;
  /** Seconds for connecting to a server. Default 10 (or `connect_timeout` in the URL). */
  connectTimeout?: number;
  /** Receives server notices. */
  onNotice?: (message: string) => void;
  /**
   * Embedded engine on a data directory that another process has open: called once when the open
   * starts waiting for it (a line for the user).
   */
  onWait?: (message: string) => void;
  /** Embedded engine: how long to wait for another process, in milliseconds. Default 60000. */
  embeddedWaitMs?: number;
  /** `application_name` of a server session. Default "confiture" (an `application_name` URL parameter wins). */
  applicationName?: string;
}

/** True when `url` names the embedded engine. */
export function isEmbeddedUrl(url: string): boolean {
  return url.startsWith("embedded:");
}

/** The data directory of an `embedded:` URL, or undefined for `embedded:memory`. */
export function embeddedDataDir(url: string): string | undefined {
  const rest = url.slice("embedded:".length);
  return rest === "memory" || rest === "" ? undefined : rest;
}

/**
 * Opens a database session.
 *
 * @example
 * ```ts
 * import { connect } from "./mod.ts";
 * const db = await connect({ url: "embedded:memory", source: "flag" });
 * await db.sql`select 1`;
 * await db.close();
 * ```
 */
export async function connect(target: ConnectTarget): Promise<Database> {
  if (isEmbeddedUrl(target.url)) {
    const { openEmbedded } = await import("./_embedded.ts");
    return openEmbedded({
      dataDir: embeddedDataDir(target.url),
      source: target.source,
      onNotice: target.onNotice,
      onWait: target.onWait,
      waitMs: target.embeddedWaitMs,
    });
  }
  const { connectServer } = await import("./_server.ts");
  return connectServer({
    url: target.url,
    source: target.source,
    connectTimeout: target.connectTimeout,
    onNotice: target.onNotice,
    applicationName: target.applicationName,
  });
}
