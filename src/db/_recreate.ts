/**
 * Dropping and re-creating a whole database (`build --recreate`, test resets).
 */
import { ConfitureError } from "../errors/mod.ts";
import { quoteIdent } from "../sql/mod.ts";
import { connect, embeddedDataDir, isEmbeddedUrl } from "./_connect.ts";
import { dataDirState, lockDataDir } from "./_datadir.ts";
import { databaseOfUrl, displayUrl, parseServerUrl } from "./_url.ts";

/** Databases Confiture never drops: the templates, needed to create any database. */
const PROTECTED = new Set(["template0", "template1"]);

/**
 * The URL of the maintenance database of a server: `postgres`, or `template1` when `avoid`
 * (the database about to be dropped or created) is `postgres`.
 */
export function maintenanceUrl(server: URL, avoid?: string): string {
  const u = new URL(server.href);
  u.pathname = "/" + (avoid === "postgres" ? "template1" : "postgres");
  return u.href;
}

/**
 * Drops and re-creates the database named in `url`, with the same owner.
 * - `postgres://…/<name>`: connects to the maintenance database (`postgres`, or `template1` when
 *   `<name>` is `postgres`), `DROP DATABASE … WITH (FORCE)` (ends its sessions), `CREATE DATABASE`.
 *   Refuses (`REFUSED_UNSAFE`) the template databases and a URL without a database name.
 * - `embedded:<dir>`: removes the data directory and makes a fresh one from the pristine template;
 *   refuses (`REFUSED_UNSAFE`) a folder that holds other files than a PostgreSQL data directory.
 * - `embedded:memory`: nothing to do (every in-memory engine starts empty).
 *
 * @example
 * ```ts
 * await recreateDatabase("postgres://localhost/app_test");
 * ```
 */
export async function recreateDatabase(url: string): Promise<void> {
  if (isEmbeddedUrl(url)) {
    const dir = embeddedDataDir(url);
    if (!dir) return;
    // Not while another process has it open (it waits for that process, then fails).
    const lock = await lockDataDir(dir);
    try {
      const state = await dataDirState(dir);
      if (state === "other") {
        throw new ConfitureError("REFUSED_UNSAFE", `refusing to remove ${dir}: it is not a PostgreSQL data directory`, {
          detail: "the folder holds files but no PG_VERSION",
        });
      }
      if (state === "pgdata") {
        try {
          await Deno.remove(dir, { recursive: true });
        } catch (e) {
          throw new ConfitureError("FILE_WRITE_FAILED", `cannot remove the embedded data directory ${dir}`, {
            detail: e instanceof Error ? e.message : String(e),
            cause: e,
          });
        }
      }
    } finally {
      lock.release();
    }
    const db = await connect({ url, source: "flag" });
    await db.close();
    return;
  }
  const u = parseServerUrl(url);
  const name = databaseOfUrl(u);
  if (!name) {
    throw new ConfitureError("REFUSED_UNSAFE", `refusing to recreate ${displayUrl(u)}: the URL names no database`, {
      hint: "name the database in the URL path: postgres://host/<database>",
    });
  }
  if (PROTECTED.has(name)) {
    throw new ConfitureError("REFUSED_UNSAFE", `refusing to drop the maintenance database "${name}"`, {
      detail: "template0 and template1 are needed to create databases and to reach the server",
      hint: "point the URL at an application database",
    });
  }
  const admin = await connect({ url: maintenanceUrl(u, name), source: "flag" });
  try {
    const [row] = await admin.query<{ owner: string }>(
      "select pg_get_userbyid(datdba) as owner from pg_database where datname = $1",
      [name],
    );
    await admin.exec(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    await admin.exec(`CREATE DATABASE ${quoteIdent(name)}${row ? ` OWNER ${quoteIdent(row.owner)}` : ""}`);
  } finally {
    await admin.close();
  }
}
