/**
 * `build --apply --fresh`: drop and recreate the target database first.
 * @module
 */
import { ConfitureError } from "../errors/mod.ts";

/** Databases never dropped: the ones a connection needs to administer the server. */
const PROTECTED = new Set(["postgres", "template0", "template1"]);

/** What {@link recreateTarget} did. */
export interface FreshResult {
  /** "recreated database x", "removed embedded data directory …", "in-memory engine: already empty". */
  action: string;
}

/**
 * Drops and recreates the database named by `url` so that a build applies to an
 * empty database (by the database layer's `recreateDatabase`), with the build's
 * own guards first:
 *
 * - a server (`postgres://…/name`): needs `yes` (REFUSED_UNSAFE otherwise), and
 *   refuses `postgres`, `template0` and `template1`, the databases a connection
 *   needs to administer the server;
 * - `embedded:<dir>`: removes the data directory, only when it is empty or holds
 *   a `PG_VERSION` file (a folder of other files is refused);
 * - `embedded:memory`: nothing to do.
 */
export async function recreateTarget(url: string, opts: { yes: boolean }): Promise<FreshResult> {
  // built at run time: `confiture build` without --fresh must not prepare the drivers' graph
  const db: typeof import("../db/mod.ts") = await import(new URL("../db/mod.ts", import.meta.url).href);
  if (db.isEmbeddedUrl(url)) {
    const dir = db.embeddedDataDir(url);
    if (!dir) return { action: "in-memory engine: already empty" };
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
    return { action: `recreated the embedded data directory ${dir}` };
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
  await db.recreateDatabase(url);
  return { action: `recreated database ${name}` };
}
