/**
 * The schema of a database as one SQL file, written through Confiture's own inspection (no
 * pg_dump): the catalog is read, and the difference from an empty database to it is planned and
 * rendered. The same schema gives the same bytes, and the file applied to an empty database
 * reproduces the schema. The migration ledger is left out.
 * @module
 */
import type { Session } from "../db/mod.ts";
import { diffCatalogs } from "../diff/mod.ts";
import { inspectCatalog, type InspectOptions } from "../inspect/mod.ts";
import type { AclEntry, Catalog } from "../model/mod.ts";
import { planMigration, renderPlanSql } from "../plan/mod.ts";
import { excludeTables } from "../source/mod.ts";
import { resolveLedgerTable } from "./ledger.ts";

/** Options of {@link dumpSchema}. */
export interface DumpSchemaOptions extends InspectOptions {
  /** The ledger table left out of the dump (default `tb_confiture`). */
  trackingTable?: string;
}

const PUBLIC_USAGE: AclEntry = { grantee: "PUBLIC", privilege: "USAGE", grantable: false };
const PUBLIC_CREATE: AclEntry = { grantee: "PUBLIC", privilege: "CREATE", grantable: false };

/**
 * The catalog of a new, empty database of the same server: only the `public` schema, as
 * `CREATE DATABASE` makes it (owned by `pg_database_owner` from PostgreSQL 15 on, by the bootstrap
 * superuser before, where everyone may also create in it).
 */
async function emptyCatalog(db: Session, current: Catalog): Promise<Catalog> {
  const empty: Catalog = { ...current, objects: {}, unsupported: [] };
  const pub = current.objects["schema:public"];
  if (!pub) return empty;
  let owner = "pg_database_owner";
  let acl = [PUBLIC_USAGE];
  if (current.serverVersion < 150000) {
    const [r] = await db.query<{ owner: string }>(
      "select pg_catalog.quote_ident(rolname) as owner from pg_catalog.pg_roles where oid = 10",
    );
    owner = r.owner;
    acl = [PUBLIC_USAGE, PUBLIC_CREATE];
  }
  empty.objects["schema:public"] = { ...pub, owner, acl, comment: "standard public schema" };
  return empty;
}

/**
 * Dumps the schema of the database behind `db` as SQL text that `psql -f` (or `confiture build
 * --apply`) applies to an empty database. Deterministic: objects in dependency order, ties in
 * name order, no timestamps, no OIDs.
 *
 * @example
 * ```ts
 * await Deno.writeTextFile("db/schema.sql", await dumpSchema(db));
 * ```
 */
export async function dumpSchema(db: Session, o: DumpSchemaOptions = {}): Promise<string> {
  const table = await resolveLedgerTable(db, o.trackingTable ?? "tb_confiture");
  const inspected = await inspectCatalog(db, { includeSchemas: o.includeSchemas, excludeSchemas: o.excludeSchemas });
  const ledger = table.schema !== undefined ? [`${table.schema}.${table.table}`] : [];
  const [empty, current] = excludeTables(await emptyCatalog(db, inspected), inspected, ledger);
  const diff = diffCatalogs(empty, current);
  const plan = planMigration(diff, empty, current, { online: false });
  const major = Math.floor(inspected.serverVersion / 10000);
  const header = [
    "-- The database schema, written by confiture migrate up --dump-schema (the migration ledger left out).",
    `-- Made by inspecting PostgreSQL ${major}; apply it to an empty database. Do not edit: it is rewritten after each run.`,
    "",
    "",
  ].join("\n");
  // a migration dropped the public schema that every new database has
  const publicShown = (o.includeSchemas?.includes("public") ?? true) && !o.excludeSchemas?.includes("public");
  const dropPublic = publicShown && !inspected.objects["schema:public"] ? 'DROP SCHEMA IF EXISTS "public";\n\n' : "";
  return header + dropPublic + renderPlanSql(plan);
}
