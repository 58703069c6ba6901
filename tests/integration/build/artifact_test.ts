/**
 * The built file and `--apply` agree: what `--apply` does, `psql -v ON_ERROR_STOP=1 -f` on the
 * built file does too, for a file whose last statement has no `;` and for
 * `reset_session_per_file`.
 */
import { applyBuild, buildSchema, type BuildSource, renderBuild } from "../../../src/build/mod.ts";
import { connect } from "../../../src/db/mod.ts";
import { assertEquals } from "../../_helpers/assert.ts";
import { createTestDatabase } from "../../_helpers/db.ts";
import { project } from "./_fixture.ts";

/** Runs the built file of `src` with psql on a new database; returns psql's exit code and the tables made. */
async function psqlRun(src: BuildSource): Promise<{ code: number; stderr: string; tables: string[] }> {
  const built = await buildSchema(src);
  const file = await Deno.makeTempFile({ suffix: ".sql" });
  await using t = await createTestDatabase("artifact");
  try {
    await Deno.writeFile(file, renderBuild(built));
    const out = await new Deno.Command("psql", {
      args: ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", t.url, "-f", file],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const db = await connect({ url: t.url, source: "flag" });
    try {
      const rows = await db.query<{ t: string }>(
        "select n.nspname || '.' || c.relname as t from pg_class c join pg_namespace n on n.oid = c.relnamespace " +
          "where c.relkind = 'r' and n.nspname in ('public', 'app') order by 1",
      );
      return { code: out.code, stderr: new TextDecoder().decode(out.stderr), tables: rows.map((r) => r.t) };
    } finally {
      await db.close();
    }
  } finally {
    await Deno.remove(file);
  }
}

/** The tables `applyBuild` makes of the same tree on a new database. */
async function applyRun(src: BuildSource, resetSession = false): Promise<string[]> {
  await using t = await createTestDatabase("artifact_apply");
  const db = await connect({ url: t.url, source: "flag" });
  try {
    await applyBuild(db, (await buildSchema(src)).files, { resetSession });
    const rows = await db.query<{ t: string }>(
      "select n.nspname || '.' || c.relname as t from pg_class c join pg_namespace n on n.oid = c.relnamespace " +
        "where c.relkind = 'r' and n.nspname in ('public', 'app') order by 1",
    );
    return rows.map((r) => r.t);
  } finally {
    await db.close();
  }
}

Deno.test("artifact: a file without a final ';' runs under psql -v ON_ERROR_STOP=1 -f as it applies", async () => {
  await using p = await project({
    "a.sql": "CREATE TABLE public.a (id int)\n",
    "b.sql": "CREATE TABLE public.b (id int) -- a comment, and no line break",
    "c.sql": "CREATE TABLE public.c (id int);\n",
  });
  const psql = await psqlRun(p);
  assertEquals(psql.code, 0, psql.stderr);
  assertEquals(psql.tables, ["public.a", "public.b", "public.c"]);
  assertEquals(await applyRun(p), psql.tables);
});

Deno.test("artifact: with reset_session_per_file the built file resets the session as --apply does", async () => {
  await using p = await project({
    "a.sql": "CREATE SCHEMA app;\nSET search_path = app;\nCREATE TABLE in_app (id int);\n",
    "b.sql": "CREATE TABLE after_reset (id int);\n",
  });
  const psql = await psqlRun({ ...p, resetSessionPerFile: true });
  assertEquals(psql.code, 0, psql.stderr);
  assertEquals(psql.tables, ["app.in_app", "public.after_reset"]);
  assertEquals(await applyRun(p, true), psql.tables);
});
