/**
 * `--fresh` on a server: the database is made again as it was (encoding, locale, owner,
 * tablespace, connection limit, settings, privileges, comment), and `applyFresh` applies a
 * build to it in one call; a database that did not exist is created, and said so.
 */
import { applyFresh, buildSchema, recreateTarget } from "../../../src/build/mod.ts";
import { connect, type Database } from "../../../src/db/mod.ts";
import { assert, assertEquals, assertNotEquals } from "../../_helpers/assert.ts";
import { connectAdmin, urlFor } from "../../_helpers/db.ts";
import { project } from "./_fixture.ts";

/** What makes a database what it is, as the catalogs say (the oid apart). */
async function describe(admin: Database, name: string) {
  const [row] = await admin.query(
    `select d.oid::int as oid, pg_encoding_to_char(d.encoding) as encoding, d.datcollate, d.datctype,
            d.datlocprovider::text as provider, d.datconnlimit, pg_get_userbyid(d.datdba) as owner,
            t.spcname as tablespace, d.datacl::text as acl, shobj_description(d.oid, 'pg_database') as comment,
            (select array_agg(coalesce(pg_get_userbyid(nullif(s.setrole, 0)), '-') || ':' ||
                              array_to_string(s.setconfig, '|') order by s.setrole)
               from pg_db_role_setting s where s.setdatabase = d.oid) as settings
       from pg_database d join pg_tablespace t on t.oid = d.dattablespace
      where d.datname = $1`,
    [name],
  );
  return row as Record<string, unknown> | undefined;
}

Deno.test("fresh: a C-locale LATIN1 database from template0 comes back as it was, settings and all", async () => {
  const name = `confiture_test_fresh_c_${Deno.pid}_${Date.now() % 1e9}`;
  const admin = await connectAdmin();
  try {
    await admin.exec(
      `CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' CONNECTION LIMIT 7`,
    );
    await admin.exec(`ALTER DATABASE "${name}" SET work_mem = '7MB'`);
    await admin.exec(`ALTER DATABASE "${name}" SET search_path = app, "$user", "Odd Name"`);
    await admin.exec(`ALTER ROLE CURRENT_USER IN DATABASE "${name}" SET statement_timeout = '9s'`);
    await admin.exec(`COMMENT ON DATABASE "${name}" IS 'it''s the test database'`);
    await admin.exec(`REVOKE ALL ON DATABASE "${name}" FROM PUBLIC`);
    await admin.exec(`GRANT CONNECT ON DATABASE "${name}" TO pg_read_all_data`);
    const url = urlFor(name);
    const before = await connect({ url, source: "flag" });
    await before.exec("create table public.leftover (id int)");
    await before.close();
    const was = await describe(admin, name);
    assertEquals(was?.encoding, "LATIN1");

    await using p = await project({ "a.sql": "CREATE TABLE public.app_table (label text);\n" });
    const r = await applyFresh(url, (await buildSchema(p)).files, { yes: true });
    assertEquals(r.fresh, { action: `recreated database ${name}`, existed: true });
    assertEquals(r.statements, 1);

    const now = await describe(admin, name);
    assertNotEquals(now?.oid, was?.oid, "a new database");
    assertEquals({ ...now, oid: 0 }, { ...was, oid: 0 });
    const after = await connect({ url, source: "flag" });
    try {
      const rows = await after.query<{ relname: string }>(
        "select relname from pg_class where relname in ('leftover', 'app_table') order by 1",
      );
      assertEquals(rows.map((x) => x.relname), ["app_table"]);
      const [s] = await after.query<{ sp: string; st: string }>(
        "select current_setting('search_path') as sp, current_setting('statement_timeout') as st",
      );
      assertEquals(s, { sp: 'app, "$user", "Odd Name"', st: "9s" });
    } finally {
      await after.close();
    }
  } finally {
    await admin.exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.close();
  }
});

Deno.test("fresh: a database that did not exist is created, and the action says so", async () => {
  const name = `confiture_test_fresh_new_${Deno.pid}_${Date.now() % 1e9}`;
  const admin = await connectAdmin();
  try {
    const r = await recreateTarget(urlFor(name), { yes: true });
    assertEquals(r, { action: `created database ${name}`, existed: false });
    assert(await describe(admin, name), "it exists now");
  } finally {
    await admin.exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.close();
  }
});
