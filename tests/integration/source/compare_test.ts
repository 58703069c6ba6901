/**
 * The library form of `confiture diff`: a DDL tree compared with a live database using only what
 * the root mod.ts exports.
 */
import { assert, assertEquals, assertMatch, assertRejects } from "../../_helpers/assert.ts";
import { withTestDatabase } from "../../_helpers/db.ts";
import { compareSchemas, type ConfitureError } from "../../../mod.ts";

Deno.test("mod.ts: a DDL folder diffed against a database, with a rename hint, then applied until equal", async () => {
  const dir = await Deno.makeTempDir({ prefix: "confiture-source-" });
  try {
    await Deno.mkdir(`${dir}/10_tables`);
    await Deno.writeTextFile(
      `${dir}/10_tables/10_people.sql`,
      `CREATE TABLE people ( -- confiture:renamed-from users
  id bigint PRIMARY KEY,
  email text NOT NULL,
  nickname text
);
CREATE INDEX people_email_idx ON people (email);
`,
    );
    await withTestDatabase("source_compare", async (db, t) => {
      await db.exec(
        "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL); INSERT INTO users VALUES (1, 'a')",
      );
      const result = await compareSchemas(
        { kind: "database", url: t.url },
        { kind: "path", path: dir },
        { online: false },
      );
      assertMatch(result.sql, /ALTER TABLE "public"\."users" RENAME TO "people"/);
      assertMatch(result.sql, /ADD COLUMN "nickname" text/);
      assertMatch(result.sql, /CREATE INDEX people_email_idx/);
      assert(!/DROP TABLE/.test(result.sql), result.sql);
      await db.exec(result.sql);
      assertEquals((await db.query<{ n: number }>("select count(*)::int as n from people"))[0].n, 1);
      const again = await compareSchemas({ kind: "database", url: t.url }, { kind: "path", path: dir });
      assertEquals(again.plan.statements.length, 0, again.sql);
      // The reverse direction undoes it, rename included.
      assertMatch(result.downSql, /ALTER TABLE "public"\."people" RENAME TO "users"/);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("mod.ts: a file side that fails names the path as given, at its line", async () => {
  const dir = await Deno.makeTempDir({ prefix: "confiture-source-" });
  try {
    await Deno.writeTextFile(`${dir}/bad.sql`, "CREATE TABLE a (id int);\nCREATE TABLE b (id nosuchtype);\n");
    await withTestDatabase("source_bad", async (_db, t) => {
      const err = (await assertRejects(
        () =>
          compareSchemas(
            { kind: "database", url: t.url },
            { kind: "path", path: `${dir}/bad.sql`, display: "schemas/bad.sql" },
          ),
      )) as ConfitureError;
      assertEquals(err.location?.file, "schemas/bad.sql");
      assertEquals(err.location?.line, 2);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
