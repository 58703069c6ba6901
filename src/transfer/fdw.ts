/**
 * The fdw strategy's objects on the target: the `postgres_fdw` extension, a foreign server that
 * points at the source's real host, port, database and `sslmode`, a user mapping with the
 * source's credentials (its password is registered as a secret, so it is redacted from every
 * output, and kept out of the server's statement log when the role may say so), and one foreign
 * table per source table read this way, in the private schema. `cleanup` removes them.
 * @module
 */
import { type Database, databaseOfUrl, isEmbeddedUrl, parseServerUrl, type Session } from "../db/mod.ts";
import { ConfitureError, registerSecret } from "../errors/mod.ts";
import type { TableFacts } from "../model/mod.ts";
import { quoteIdent, quoteLiteral } from "../sql/mod.ts";
import type { FdwAvailability } from "./plan.ts";
import { createForeignTableSql, FOREIGN_SERVER, foreignTableName, PRIVATE_SCHEMA } from "./statements.ts";

/** Rows postgres_fdw fetches per round trip (its default is 100). */
export const FDW_FETCH_SIZE = 10_000;

/** The source's connection as postgres_fdw options: server options and user mapping options. */
export interface ForeignServerOptions {
  server: Record<string, string>;
  user: Record<string, string>;
}

/**
 * The postgres_fdw options that reach the source of `sourceUrl`: host, port, database, sslmode,
 * user and password (registered as secrets, in the forms they take in SQL too).
 */
export function foreignServerOptions(sourceUrl: string): ForeignServerOptions {
  const u = parseServerUrl(sourceUrl);
  const q = u.searchParams;
  const server: Record<string, string> = {
    host: u.hostname.replace(/^\[(.*)\]$/, "$1") || q.get("host") || "localhost",
    port: u.port || q.get("port") || "5432",
    dbname: databaseOfUrl(u) || decodeURIComponent(u.username) || "postgres",
    fetch_size: String(FDW_FETCH_SIZE),
    application_name: "confiture schema-to-schema (fdw)",
  };
  const sslmode = q.get("sslmode");
  if (sslmode) server.sslmode = sslmode;
  const timeout = q.get("connect_timeout");
  if (timeout) server.connect_timeout = timeout;
  const user: Record<string, string> = {};
  const name = decodeURIComponent(u.username);
  if (name) user.user = name;
  const password = u.password ? decodeURIComponent(u.password) : q.get("password") ?? "";
  if (password) {
    registerSecret(password);
    registerSecret(password.replaceAll("'", "''"));
    user.password = password;
  }
  return { server, user };
}

function optionList(o: Record<string, string>): string {
  return Object.entries(o).map(([k, v]) => `${k} ${quoteLiteral(v)}`).join(", ");
}

/** Whether postgres_fdw can be used on the target (see {@link FdwAvailability}). */
export async function fdwAvailability(target: Session, targetUrl: string, sourceUrl: string): Promise<FdwAvailability> {
  if (isEmbeddedUrl(targetUrl)) return { available: false, reason: "the target is the embedded engine" };
  if (isEmbeddedUrl(sourceUrl)) return { available: false, reason: "the source is the embedded engine" };
  const [r] = await target.query<
    { available: boolean; installed: boolean; superuser: boolean; usage: boolean | null; create: boolean }
  >(
    `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_available_extensions WHERE name = 'postgres_fdw') AS available,
            EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'postgres_fdw') AS installed,
            pg_catalog.current_setting('is_superuser') = 'on' AS superuser,
            (SELECT pg_catalog.has_foreign_data_wrapper_privilege(w.oid, 'USAGE')
               FROM pg_catalog.pg_foreign_data_wrapper w WHERE w.fdwname = 'postgres_fdw') AS usage,
            pg_catalog.has_database_privilege(pg_catalog.current_database(), 'CREATE') AS create`,
  );
  if (!r.available) return { available: false, reason: "postgres_fdw is not installed on the target server" };
  if (!r.superuser) {
    if (!r.installed) {
      return { available: false, reason: "postgres_fdw is not created and only a superuser may create it" };
    }
    if (!r.usage) return { available: false, reason: "the target role has no USAGE on postgres_fdw" };
    if (!foreignServerOptions(sourceUrl).user.password) {
      return {
        available: false,
        reason: "the source URL has no password, which postgres_fdw requires of a non-superuser",
      };
    }
  }
  if (!r.create) return { available: false, reason: "the target role may not create a schema" };
  return { available: true };
}

/**
 * Creates (again) the foreign server, the user mapping and the foreign tables of `tables`, in one
 * transaction; returns whether the extension was created now.
 */
export async function setupForeignTables(target: Database, sourceUrl: string, tables: TableFacts[]): Promise<boolean> {
  const opts = foreignServerOptions(sourceUrl);
  return await target.transaction(async (tx) => {
    const [r] = await tx.query<{ installed: boolean; superuser: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'postgres_fdw') AS installed,
              pg_catalog.current_setting('is_superuser') = 'on' AS superuser`,
    );
    if (!r.installed) await tx.exec("CREATE EXTENSION postgres_fdw");
    // The user mapping holds the password: keep it out of the server's statement log.
    if (r.superuser) await tx.exec("SET LOCAL log_statement = 'none'; SET LOCAL log_min_duration_statement = -1");
    await tx.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(PRIVATE_SCHEMA)}`);
    await tx.exec(`DROP SERVER IF EXISTS ${quoteIdent(FOREIGN_SERVER)} CASCADE`);
    await tx.exec(
      `CREATE SERVER ${quoteIdent(FOREIGN_SERVER)} FOREIGN DATA WRAPPER postgres_fdw OPTIONS (${
        optionList(opts.server)
      })`,
    );
    await tx.exec(
      `CREATE USER MAPPING FOR CURRENT_USER SERVER ${quoteIdent(FOREIGN_SERVER)}${
        Object.keys(opts.user).length ? ` OPTIONS (${optionList(opts.user)})` : ""
      }`,
    );
    for (const t of tables) await tx.exec(createForeignTableSql(t));
    return !r.installed;
  });
}

/**
 * Checks that the target reaches the source through the foreign server (it connects and reads at
 * most one row of the first foreign table; nothing of it is kept). Throws S2S_FDW_UNAVAILABLE
 * with the server's reason.
 */
export async function checkForeignServer(target: Session, first: TableFacts): Promise<void> {
  try {
    await target.dataSafe().query(
      `SELECT count(*) AS n FROM (SELECT 1 FROM ${quoteIdent(PRIVATE_SCHEMA)}.${
        quoteIdent(foreignTableName(first))
      } LIMIT 1) AS x`,
    );
  } catch (e) {
    const err = e instanceof ConfitureError ? e : new ConfitureError("INTERNAL_ERROR", String(e), { cause: e });
    throw new ConfitureError("S2S_FDW_UNAVAILABLE", "the target cannot reach the source through postgres_fdw", {
      detail: [err.message, err.detail].filter(Boolean).join("\n"),
      hint: "the foreign server uses the source URL's host and port as the target server sees them; " +
        "use a URL that the target server can reach, or the copy strategy",
      cause: err,
    });
  }
}

/** Drops the foreign server (with its user mapping and foreign tables); the extension when `extension`. */
export async function dropForeignServer(target: Session, extension: boolean): Promise<string[]> {
  const removed: string[] = [];
  const [r] = await target.query<{ server: boolean; installed: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_foreign_server WHERE srvname = $1) AS server,
            EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'postgres_fdw') AS installed`,
    [FOREIGN_SERVER],
  );
  if (r.server) {
    await target.exec(`DROP SERVER ${quoteIdent(FOREIGN_SERVER)} CASCADE`);
    removed.push(`foreign server ${FOREIGN_SERVER} and its user mapping`);
  }
  if (extension && r.installed) {
    const [others] = await target.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM pg_catalog.pg_foreign_server s
         JOIN pg_catalog.pg_foreign_data_wrapper w ON w.oid = s.srvfdw WHERE w.fdwname = 'postgres_fdw'`,
    );
    if (others.n === "0") {
      await target.exec("DROP EXTENSION postgres_fdw");
      removed.push("extension postgres_fdw (created by the run)");
    }
  }
  return removed;
}
