/**
 * `build --apply --fresh`: drop and recreate the target database, then apply the build to it.
 * @module
 */
import { ConfitureError } from "../errors/mod.ts";
import { quoteIdent } from "../sql/mod.ts";
import type { Database, Session } from "../db/mod.ts";
import type { BuildFile } from "./build.ts";
import { applyBuild, type ApplyOptions, type ApplyResult, checkApply } from "./apply.ts";
import { createDatabaseSql, readDatabaseProperties, sameLocale } from "./_database_props.ts";

/** Databases never dropped: the ones a connection needs to administer the server. */
const PROTECTED = new Set(["postgres", "template0", "template1"]);

/** What {@link recreateTarget} did. */
export interface FreshResult {
  /**
   * "recreated database x" (it existed), "created database x" (it did not), "recreated the
   * embedded data directory …", "created the embedded data directory …", "in-memory engine:
   * already empty".
   */
  action: string;
  /** False when there was nothing to drop: the database or data directory did not exist (or was empty). */
  existed: boolean;
}

/** The database layer, loaded at run time: `confiture build` without --fresh must not prepare the drivers' graph. */
function loadDb(): Promise<typeof import("../db/mod.ts")> {
  return import(new URL("../db/mod.ts", import.meta.url).href);
}

/**
 * Drops and recreates the database named by `url` so that a build applies to an
 * empty database, with the build's own guards first:
 *
 * - a server (`postgres://…/name`): needs `yes` (REFUSED_UNSAFE otherwise), and
 *   refuses `postgres`, `template0` and `template1`, the databases a connection
 *   needs to administer the server. The new database is made like the old one: same
 *   encoding, locale provider, collation and ctype (ICU locale and rules), owner,
 *   tablespace, connection limit, database-level settings, privileges and comment. It is
 *   created under a temporary name first, so that a database that cannot be made again
 *   (an unknown locale…) leaves the old one in place; then the old one is dropped
 *   (`WITH (FORCE)`, ending its sessions) and the new one renamed;
 * - `embedded:<dir>`: removes the data directory, only when it is empty or holds
 *   a `PG_VERSION` file (a folder of other files is refused);
 * - `embedded:memory`: nothing to do.
 */
export async function recreateTarget(url: string, opts: { yes: boolean }): Promise<FreshResult> {
  const db = await loadDb();
  if (db.isEmbeddedUrl(url)) {
    const dir = db.embeddedDataDir(url);
    if (!dir) return { action: "in-memory engine: already empty", existed: false };
    let entries: string[] = [];
    try {
      entries = Array.from(Deno.readDirSync(dir), (e) => e.name);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) {
        throw new ConfitureError("FILE_UNREADABLE", `cannot read ${dir}`, { cause: e });
      }
    }
    if (entries.length > 0 && !entries.includes("PG_VERSION")) {
      throw new ConfitureError("REFUSED_UNSAFE", `${dir} is not an embedded PostgreSQL data directory`, {
        detail: "--fresh removes the data directory, and this folder holds other files",
        hint: "point --database-url embedded:DIR at a data directory made by Confiture",
      });
    }
    await db.recreateDatabase(url);
    const existed = entries.length > 0;
    return { action: `${existed ? "recreated" : "created"} the embedded data directory ${dir}`, existed };
  }
  const u = db.parseServerUrl(url);
  const name = db.databaseOfUrl(u);
  if (name === "" || PROTECTED.has(name)) {
    throw new ConfitureError("REFUSED_UNSAFE", `--fresh refuses to drop the database "${name || "(default)"}"`, {
      detail: "postgres, template0 and template1 are needed to administer the server",
      hint: "name a database of your own in the URL, e.g. postgres://…/myapp_dev",
    });
  }
  if (!opts.yes) {
    throw new ConfitureError("REFUSED_UNSAFE", `--fresh would drop the database "${name}" on ${db.displayUrl(u)}`, {
      hint: "add --yes to confirm",
    });
  }
  const admin = await db.connect({ url: db.maintenanceUrl(u, name), source: "flag" });
  try {
    const existed = await recreateServerDatabase(admin, name);
    return { action: `${existed ? "recreated" : "created"} database ${name}`, existed };
  } finally {
    await admin.close();
  }
}

/** Drops and recreates `name` as it was (see {@link recreateTarget}); false when it did not exist. */
async function recreateServerDatabase(admin: Session, name: string): Promise<boolean> {
  const props = await readDatabaseProperties(admin, name);
  if (!props) {
    await admin.exec(`CREATE DATABASE ${quoteIdent(name)}`);
    return false;
  }
  const template1 = await readDatabaseProperties(admin, "template1");
  const template = template1 && sameLocale(props, template1) ? "template1" : "template0";
  const temp = `${name.slice(0, 40)}_fresh_${crypto.randomUUID().slice(0, 8)}`;
  const statements = createDatabaseSql(temp, props, template);
  try {
    for (const s of statements) await admin.exec(s);
  } catch (e) {
    await admin.exec(`DROP DATABASE IF EXISTS ${quoteIdent(temp)}`);
    throw new ConfitureError("SQL_ERROR", `cannot create database "${name}" again as it was; it was left as it is`, {
      detail: e instanceof Error ? e.message : String(e),
      hint: "the database's locale, owner or tablespace may no longer exist on this server",
      cause: e,
    });
  }
  if (props.isTemplate) await admin.exec(`ALTER DATABASE ${quoteIdent(name)} IS_TEMPLATE false`);
  await admin.exec(`DROP DATABASE ${quoteIdent(name)} WITH (FORCE)`);
  await admin.exec(`ALTER DATABASE ${quoteIdent(temp)} RENAME TO ${quoteIdent(name)}`);
  return true;
}

/** Options of {@link applyFresh}. */
export interface FreshApplyOptions extends Omit<ApplyOptions, "onFailureAfterCommit"> {
  /** Confirms dropping a server database (REFUSED_UNSAFE without it). */
  yes?: boolean;
  /**
   * Opens the session on the recreated database. Default: `connect({ url, source: "flag" })`,
   * closed before {@link applyFresh} returns. A session given this way stays the caller's (it
   * is closed only when a failure after new enum values makes the database be recreated again).
   */
  open?: () => Promise<Database>;
  /** Called once the database has been recreated, before anything is applied. */
  onFresh?: (fresh: FreshResult) => void;
}

/** What {@link applyFresh} did. */
export interface FreshApplyResult extends ApplyResult {
  /** How the database was emptied. */
  fresh: FreshResult;
}

/**
 * `build --apply --fresh` as one call: checks what the apply would refuse (`\i`, `\connect`,
 * `SAVEPOINT`, … — such a tree leaves the database as it was), recreates the database of
 * `url` ({@link recreateTarget}), and applies `files` to it ({@link applyBuild}). When a
 * statement fails after the commits that new enum values need, the database is recreated once
 * more, so that nothing of a failed build stays, and the error's detail says so.
 *
 * @example
 * ```ts
 * import { applyFresh, buildSchema, loadConfig } from "./mod.ts";
 * const cfg = await loadConfig({ root: ".", vars: Deno.env.toObject() });
 * const built = await buildSchema(cfg);
 * const r = await applyFresh("postgres://postgres@127.0.0.1/app_test", built.files, { yes: true });
 * console.log(r.fresh.action, r.statements);
 * ```
 */
export async function applyFresh(url: string, files: BuildFile[], opts: FreshApplyOptions = {}): Promise<
  FreshApplyResult
> {
  checkApply(files);
  const yes = opts.yes === true;
  const fresh = await recreateTarget(url, { yes });
  opts.onFresh?.(fresh);
  const owned = opts.open === undefined;
  const session = owned ? await (await loadDb()).connect({ url, source: "flag" }) : await opts.open!();
  try {
    const r = await applyBuild(session, files, {
      ...opts,
      // The database was empty: a failure after the commits of new enum values empties it again.
      onFailureAfterCommit: async () => {
        await session.close();
        const again = await recreateTarget(url, { yes });
        return `--fresh: ${again.action.replace(/^created/, "recreated")} again, so nothing of this build stays`;
      },
    });
    return { ...r, fresh };
  } finally {
    if (owned) await session.close();
  }
}
