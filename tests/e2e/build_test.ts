/** `confiture build` as a user runs it, on a temporary copy of the example project (db/). */
import { join } from "node:path";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "../_helpers/assert.ts";
import { runCli, tempProject } from "../_helpers/cli.ts";
import { createTestDatabase } from "../_helpers/db.ts";
import { connect } from "../../src/db/mod.ts";

Deno.test("e2e build: writes a reproducible schema file and prints its hash", async () => {
  const dir = await tempProject();
  try {
    const first = await runCli(["build", "--show-hash"], { cwd: dir });
    assertEquals(first.code, 0, first.stderr);
    assertMatch(first.stdout, /^Built \d+ schema files \(.*\) into db\/generated\/schema_local\.sql in \d+ ms\n/);
    const hash = /Schema hash: ([0-9a-f]{64})/.exec(first.stdout)?.[1];
    assert(hash, first.stdout);
    const out = await Deno.readTextFile(join(dir, "db/generated/schema_local.sql"));
    assertStringIncludes(out, `-- Schema hash: sha256:${hash}\n`);
    assertStringIncludes(out, "\n-- File: db/schema/00_common/00_schemas.sql\n");
    assert(
      out.indexOf("-- File: db/schema/10_tables/") < out.indexOf("-- File: db/schema/20_views/"),
      "10_tables before 20_views",
    );

    const second = await runCli(["build", "--json"], { cwd: dir });
    assertEquals(second.code, 0, second.stderr);
    const doc = JSON.parse(second.stdout);
    assertEquals(doc.ok, true);
    assertEquals(doc.command, "build");
    assertEquals(doc.hash, hash);
    assertEquals(doc.output, "db/generated/schema_local.sql");
    assertEquals(await Deno.readTextFile(join(dir, "db/generated/schema_local.sql")), out);

    const piped = await runCli(["build", "--output", "-"], { cwd: dir });
    assertEquals(piped.code, 0, piped.stderr);
    assertEquals(piped.stdout, out);

    // with --output -, stdout holds the schema only: the hash goes to stderr
    const hashed = await runCli(["build", "--output", "-", "--show-hash"], { cwd: dir });
    assertEquals(hashed.code, 0, hashed.stderr);
    assertEquals(hashed.stdout, out);
    assertStringIncludes(hashed.stderr, `Schema hash: ${hash}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("e2e build: an unterminated string fails at file:line:col", async () => {
  const dir = await tempProject();
  try {
    await Deno.writeTextFile(join(dir, "db/schema/10_tables/15_broken.sql"), "SELECT 1;\nSELECT 'oops;\n");
    const r = await runCli(["build"], { cwd: dir });
    assertEquals(r.code, 6);
    assertStringIncludes(r.stderr, "db/schema/10_tables/15_broken.sql:2:8: error[BUILD_UNTERMINATED]");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("e2e build --apply: the example project on the embedded engine, with seeds", async () => {
  const dir = await tempProject();
  try {
    const r = await runCli(["build", "--apply", "--with-seeds", "--database-url", "embedded:memory", "--json"], {
      cwd: dir,
    });
    assertEquals(r.code, 0, r.stderr + r.stdout);
    const doc = JSON.parse(r.stdout);
    assertEquals(doc.ok, true);
    assert(doc.seedFiles >= 1, r.stdout);
    assert(doc.applied.statements > 10, r.stdout);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("e2e build --apply: a server error is reported at the source file's line, nothing applied", async () => {
  const dir = await tempProject();
  await using t = await createTestDatabase("build_e2e");
  try {
    await Deno.writeTextFile(
      join(dir, "db/schema/30_functions/30_bad.sql"),
      "-- a bad view\n\nCREATE VIEW shop.bad AS\n  SELECT no_such_column FROM shop.customers;\n",
    );
    const r = await runCli(["build", "--apply", "--database-url", t.url], { cwd: dir });
    assertEquals(r.code, 6, r.stderr);
    assertStringIncludes(
      r.stderr,
      'db/schema/30_functions/30_bad.sql:4:10: error[BUILD_STATEMENT_FAILED] column "no_such_column" does not exist',
    );
    assertStringIncludes(r.stderr, "statement: CREATE VIEW shop.bad AS");

    const fresh = await runCli(["build", "--apply", "--fresh", "--database-url", t.url], { cwd: dir });
    assertEquals(fresh.code, 8, fresh.stderr);
    assertStringIncludes(fresh.stderr, "--yes");

    await Deno.remove(join(dir, "db/schema/30_functions/30_bad.sql"));
    const ok = await runCli(["build", "--apply", "--fresh", "--yes", "--database-url", t.url, "--json"], { cwd: dir });
    assertEquals(ok.code, 0, ok.stderr + ok.stdout);
    assertStringIncludes(JSON.parse(ok.stdout).applied.fresh, "recreated database");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("e2e build --apply --fresh: a tree the apply would refuse leaves the database as it was", async () => {
  const dir = await tempProject();
  await using t = await createTestDatabase("build_e2e_fresh_refused");
  try {
    const before = await connect({ url: t.url, source: "flag" });
    await before.exec("create table keep_me (a int); insert into keep_me values (1)");
    await before.close();
    await Deno.writeTextFile(join(dir, "db/schema/30_functions/30_include.sql"), "SELECT 1;\n\\i other.sql\n");
    const r = await runCli(["build", "--apply", "--fresh", "--yes", "--database-url", t.url], { cwd: dir });
    assertEquals(r.code, 6, r.stderr);
    assertStringIncludes(r.stderr, "db/schema/30_functions/30_include.sql:2:1: error[BUILD_UNSUPPORTED_STATEMENT]");
    const after = await connect({ url: t.url, source: "flag" });
    try {
      const [row] = await after.query<{ n: number }>("select count(*)::int as n from keep_me");
      assertEquals(row.n, 1, "the database was not dropped");
    } finally {
      await after.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("e2e build --apply --fresh: a failure after the commits of new enum values leaves the database empty", async (t) => {
  const dir = await tempProject();
  try {
    await Deno.writeTextFile(
      join(dir, "db/schema/30_functions/40_enum.sql"),
      [
        "CREATE TYPE shop.tier AS ENUM ('basic');",
        "ALTER TYPE shop.tier ADD VALUE 'gold';",
        "CREATE TABLE shop.tiered (t shop.tier NOT NULL DEFAULT 'gold');",
        "SELECT 1 / 0;",
        "",
      ].join("\n"),
    );
    const fail = (r: { code: number; stdout: string; stderr: string }) => {
      assertEquals(r.code, 6, r.stdout + r.stderr);
      const err = JSON.parse(r.stdout).error;
      assertEquals(err.location.file, "db/schema/30_functions/40_enum.sql");
      assertEquals(err.location.line, 4);
      assertStringIncludes(err.detail, "had been committed");
      assertStringIncludes(err.detail, "again, so nothing of this build stays");
    };
    await t.step("server", async () => {
      await using db = await createTestDatabase("build_e2e_fresh_enum");
      const r = await runCli(["build", "--apply", "--fresh", "--yes", "--json", "--database-url", db.url], {
        cwd: dir,
      });
      fail(r);
      const s = await connect({ url: db.url, source: "flag" });
      try {
        const [row] = await s.query<{ n: number }>(
          "select count(*)::int as n from pg_namespace where nspname not like 'pg\\_%' and nspname not in ('public', 'information_schema')",
        );
        assertEquals(row.n, 0, "no schema of the build stays");
      } finally {
        await s.close();
      }
    });
    await t.step("embedded folder", async () => {
      const url = `embedded:${join(dir, ".confiture/embedded/fresh_enum")}`;
      const r = await runCli(["build", "--apply", "--fresh", "--yes", "--json", "--database-url", url], { cwd: dir });
      fail(r);
      const s = await connect({ url, source: "flag" });
      try {
        const [row] = await s.query<{ n: number }>(
          "select count(*)::int as n from pg_namespace where nspname = 'shop'",
        );
        assertEquals(row.n, 0, "no schema of the build stays");
      } finally {
        await s.close();
      }
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("e2e build --apply: skipped statements are summarised per kind, listed with --verbose; the engine's version is named", async () => {
  const dir = await Deno.makeTempDir({ prefix: "confiture-e2e-skips-" });
  try {
    await Deno.mkdir(join(dir, "db/schema"), { recursive: true });
    for (const n of [1, 2, 3]) {
      await Deno.writeTextFile(
        join(dir, `db/schema/${n}0_t.sql`),
        `\\set ON_ERROR_STOP on\nBEGIN;\nCREATE TABLE t${n} (id int);\nCOMMIT;\n`,
      );
    }
    const r = await runCli(["build", "--apply", "--database-url", "embedded:memory"], { cwd: dir });
    assertEquals(r.code, 0, r.stderr);
    assertMatch(r.stderr, /note: using the embedded PostgreSQL 1[89]\.\d+ \(memory\)/);
    assertStringIncludes(
      r.stderr,
      "warning: skipped 3 psql meta-commands (\\set ×3; the first at db/schema/10_t.sql:1:1)",
    );
    assertStringIncludes(
      r.stderr,
      "warning: skipped 6 transaction control statements (BEGIN ×3, COMMIT ×3; the first at db/schema/10_t.sql:2:1)",
    );
    assertEquals(r.stderr.split("warning:").length - 1, 2, r.stderr);

    const v = await runCli(["build", "--apply", "--verbose", "--database-url", "embedded:memory"], { cwd: dir });
    assertEquals(v.code, 0, v.stderr);
    assertEquals(v.stderr.split('skipped psql meta-command "').length - 1, 3, v.stderr);
    assertEquals(v.stderr.split('skipped transaction control "').length - 1, 6, v.stderr);
    assertStringIncludes(v.stderr, 'db/schema/30_t.sql:4:1: skipped transaction control "COMMIT;"');

    const missing = await runCli(["build", "--project", join(dir, "nope")], { cwd: dir });
    assertEquals(missing.code, 4, missing.stderr);
    assertStringIncludes(
      missing.stderr,
      `error[CONFIG_NOT_FOUND] the project folder ${join(dir, "nope")} does not exist`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
