import { join } from "./path.ts";
import type { ProjectConfig } from "./load.ts";

/** Where a connection's URL came from; the first that is set wins, in this order. */
export type ConnectionSourceName = "flag" | "env:CONFITURE_DATABASE_URL" | "config" | "env:DATABASE_URL" | "embedded";

/** A resolved connection target. */
export interface ResolvedConnection {
  /** The connection URL (`postgres://…` or `embedded:<folder>`). */
  url: string;
  /** Where the URL came from. */
  source: ConnectionSourceName;
}

/**
 * Applies the connection precedence: `--database-url`, `CONFITURE_DATABASE_URL`,
 * the environment file's `database_url`, `DATABASE_URL`, then the embedded engine
 * persisted under `.confiture/embedded/<env>/`.
 *
 * A server URL without a `connect_timeout` parameter gets the environment's `connect_timeout`
 * (or, failing that, libpq's `PGCONNECT_TIMEOUT` variable, in seconds), so every command that
 * connects waits the same configured time for a host that does not answer.
 *
 * @example
 * ```ts
 * import { loadConfig, resolveConnection } from "./mod.ts";
 * const config = await loadConfig({ root: ".", vars: {} });
 * const { source } = resolveConnection({ vars: {}, config });
 * console.log(source); // "embedded": nothing set, so the embedded engine under .confiture/embedded/local
 * ```
 */
export function resolveConnection(o: {
  flag?: string;
  vars: Readonly<Record<string, string | undefined>>;
  config: Pick<ProjectConfig, "databaseUrl" | "root" | "env" | "connectTimeoutMs">;
}): ResolvedConnection {
  const chosen = pick(o);
  if (chosen.source === "embedded") return chosen;
  const pg = Number(o.vars["PGCONNECT_TIMEOUT"]);
  const seconds = o.config.connectTimeoutMs !== undefined
    ? o.config.connectTimeoutMs / 1000
    : Number.isFinite(pg) && pg > 0
    ? pg
    : undefined;
  return seconds === undefined ? chosen : { ...chosen, url: withConnectTimeout(chosen.url, seconds) };
}

function pick(o: Parameters<typeof resolveConnection>[0]): ResolvedConnection {
  if (o.flag) return { url: o.flag, source: "flag" };
  const c = o.vars["CONFITURE_DATABASE_URL"];
  if (c) return { url: c, source: "env:CONFITURE_DATABASE_URL" };
  if (o.config.databaseUrl) return { url: o.config.databaseUrl, source: "config" };
  const d = o.vars["DATABASE_URL"];
  if (d) return { url: d, source: "env:DATABASE_URL" };
  return { url: "embedded:" + join(o.config.root, ".confiture", "embedded", o.config.env), source: "embedded" };
}

/**
 * Adds `connect_timeout=<seconds>` to a `postgres://` URL that has none; any other URL (embedded,
 * unparsable: the connection reports those) is returned as it is.
 *
 * @example
 * ```ts
 * withConnectTimeout("postgres://h/db", 3); // "postgres://h/db?connect_timeout=3"
 * ```
 */
export function withConnectTimeout(url: string, seconds: number): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch (e) {
    if (e instanceof TypeError) return url;
    throw e;
  }
  if ((u.protocol !== "postgres:" && u.protocol !== "postgresql:") || u.searchParams.has("connect_timeout")) return url;
  const hash = url.indexOf("#");
  const [base, fragment] = hash >= 0 ? [url.slice(0, hash), url.slice(hash)] : [url, ""];
  const sep = !base.includes("?") ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&";
  return `${base}${sep}connect_timeout=${seconds}${fragment}`;
}
