/**
 * The SDL-edit round trip, through the CLI (run in this process, as `deno task demo` does, to
 * spare a subprocess per command): for a sequence of SDL edits (add a field, make it non-null
 * with a default, rename a type and a field with @renamedFrom, add a relation, drop a type),
 * `confiture graphql` → `confiture migrate generate` → `confiture migrate up` on the test server.
 * After each step a second diff against the tree is empty and the rows inserted after the first
 * step are still there, renamed columns included; at the end the database equals a fresh build of
 * the last tree (pg_dump, normalised). Once per style.
 */
import { join } from "node:path";
import { assert, assertEquals, assertStringIncludes } from "../../_helpers/assert.ts";
import { createTestDatabase } from "../../_helpers/db.ts";
import { dumpDiff, dumpSchema } from "../../_helpers/schema_oracle.ts";
import { run } from "../../../src/cli/mod.ts";
import { connect, type Database } from "../../../src/db/mod.ts";
import type { Style } from "../../../src/graphql/mod.ts";

const V1 = `
type User { id: ID! @id  name: String!  posts: [Post!]! }
type Post { id: ID! @id  title: String!  author: User! @relation(onDelete: CASCADE) }
`;
// Add a field (nullable, with a default: the rows there get it).
const V2 = V1.replace("title: String!", "title: String!  views: Int @default(value: 0)");
// Make it non-null.
const V3 = V2.replace("views: Int @default", "views: Int! @default");
// Rename a type and a field.
const V4 = V3
  .replace("posts: [Post!]!", "posts: [Article!]!")
  .replace("type Post {", 'type Article @renamedFrom(name: "Post") {')
  .replace("title: String!", 'headline: String! @renamedFrom(name: "title")');
// Add a relation (a new type that references Article, and its inverse).
const V5 = V4.replace("views: Int!", "comments: [Comment!]!  views: Int!") +
  "type Comment { id: ID! @id  body: String!  article: Article! @relation(onDelete: CASCADE) }\n";
// Drop a type.
const V6 = V4;

interface Step {
  name: string;
  sdl: string;
  /** Must appear in the generated up migration. */
  expect: RegExp[];
  /** Must not appear in it. */
  reject?: RegExp[];
}

/** A regular expression of SQL words; `§name` is an identifier, quoted or not, `§a.b` a qualified one. */
function sqlRe(text: string): RegExp {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(
    text.split(" ").map((w) =>
      w.startsWith("§") ? w.slice(1).split(".").map((p) => `"?${esc(p)}"?`).join("\\.") : esc(w)
    ).join("\\s+"),
  );
}

function steps(style: Style): Step[] {
  const t = (plain: string, fraiseql: string) => (style === "plain" ? plain : fraiseql);
  return [
    { name: "create_blog", sdl: V1, expect: [sqlRe(`CREATE TABLE §public.${t("posts", "tb_post")}`)] },
    { name: "add_views", sdl: V2, expect: [sqlRe("ADD COLUMN §views integer DEFAULT 0")] },
    { name: "views_not_null", sdl: V3, expect: [sqlRe("ALTER COLUMN §views SET NOT NULL")] },
    {
      name: "rename_post_title",
      sdl: V4,
      expect: [
        sqlRe(`ALTER TABLE §public.${t("posts", "tb_post")} RENAME TO §${t("articles", "tb_article")}`),
        sqlRe("RENAME COLUMN §title TO §headline"),
      ],
      reject: [/DROP TABLE|DROP COLUMN|DELETES_DATA/],
    },
    {
      name: "add_comments",
      sdl: V5,
      expect: [sqlRe(`CREATE TABLE §public.${t("comments", "tb_comment")}`), /FOREIGN KEY/],
      reject: [/DELETES_DATA/],
    },
    { name: "drop_comments", sdl: V6, expect: [sqlRe(`DROP TABLE §public.${t("comments", "tb_comment")}`)] },
  ];
}

/** Runs `confiture <args>` in the project, in this process; returns the exit code and output. */
async function cli(root: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io = {
    stdout: (s: string) => out += s,
    stderr: (s: string) => err += s,
    stderrIsTty: false,
    stdoutIsTty: false,
  };
  const code = await run(args, { io, vars: {}, cwd: root });
  return { code, out, err };
}

/** The normalised schema dump, without the migration ledger. */
async function schemaOf(url: string): Promise<string> {
  return (await dumpSchema(url)).split("\n\n").filter((e) => !e.includes("tb_confiture")).join("\n\n");
}

async function roundTrip(style: Style): Promise<void> {
  await using target = await createTestDatabase(`graphql_rt_${style.slice(0, 5)}`);
  await using fresh = await createTestDatabase(`graphql_rt_${style.slice(0, 5)}_fresh`);
  const root = await Deno.makeTempDir({ prefix: "confiture-graphql-rt-" });
  let db: Database | undefined;
  try {
    await Deno.mkdir(join(root, "db/environments"), { recursive: true });
    await Deno.mkdir(join(root, "db/schema"), { recursive: true });
    await Deno.mkdir(join(root, "db/migrations"), { recursive: true });
    await Deno.writeTextFile(
      join(root, "db/environments/local.yaml"),
      "include_dirs:\n  - db/schema\nmigrations_dir: db/migrations\ntracking_table: tb_confiture\n",
    );
    const t = (plain: string, fraiseql: string) => (style === "plain" ? plain : fraiseql);
    for (const [i, step] of steps(style).entries()) {
      const what = `${style} step ${i + 1} (${step.name})`;
      await Deno.writeTextFile(join(root, "schema.graphql"), step.sdl);
      let r = await cli(root, ["graphql", "schema.graphql", "--style", style]);
      assertEquals(r.code, 0, `${what}: graphql\n${r.err}`);
      r = await cli(root, ["migrate", "generate", step.name, "--database-url", target.url, "--json"]);
      assertEquals(r.code, 0, `${what}: migrate generate\n${r.out}\n${r.err}`);
      const generated = JSON.parse(r.out);
      const up = await Deno.readTextFile(join(root, generated.files.find((f: string) => f.endsWith(".up.sql"))));
      for (const re of step.expect) assert(re.test(up), `${what}: the migration lacks ${re}:\n${up}`);
      for (const re of step.reject ?? []) assert(!re.test(up), `${what}: the migration has ${re}:\n${up}`);
      r = await cli(root, ["migrate", "up", "--database-url", target.url]);
      assertEquals(r.code, 0, `${what}: migrate up\n${r.err}`);
      // The migrated database equals the tree: a second diff is empty (the tree applied to a scratch
      // database on the same server, both compared through the catalogs).
      r = await cli(root, [
        "diff",
        "--from",
        "database",
        "--to",
        "schema",
        "--exit-code",
        "--database-url",
        target.url,
      ]);
      assertEquals(r.code, 0, `${what}: the second diff is not empty:\n${r.out}\n${r.err}`);

      if (i === 0) {
        db = await connect({ url: target.url, source: "flag" });
        await db.exec(t(
          `INSERT INTO users (id, name) VALUES ('00000000-0000-4000-8000-000000000001', 'Ada');
           INSERT INTO posts (title, author_id) VALUES ('Notes', '00000000-0000-4000-8000-000000000001'),
                                                      ('Sketches', '00000000-0000-4000-8000-000000000001');`,
          `INSERT INTO tb_user (name) VALUES ('Ada');
           INSERT INTO tb_post (title, fk_author) SELECT x, pk_user FROM tb_user, (VALUES ('Notes'), ('Sketches')) v(x);`,
        ));
      }
      if (i >= 3) {
        const rows = await db!.query<{ headline: string; views: number }>(
          `SELECT headline, views FROM ${t("articles", "tb_article")} ORDER BY headline`,
        );
        assertEquals(rows, [{ headline: "Notes", views: 0 }, { headline: "Sketches", views: 0 }], what);
      }
      if (i === 3 && style === "fraiseql") {
        const [row] = await db!.query<{ data: Record<string, unknown> }>(
          "SELECT data FROM v_article WHERE data->>'headline' = 'Notes'",
        );
        assertEquals([row.data.headline, row.data.views, (row.data.author as { name: string }).name], [
          "Notes",
          0,
          "Ada",
        ]);
      }
    }
    // And, as pg_dump sees it, a fresh build of the last tree.
    const built = await cli(root, ["build", "--apply", "--fresh", "--yes", "--database-url", fresh.url]);
    assertEquals(built.code, 0, `build --apply\n${built.err}`);
    const [migrated, fromTree] = [await schemaOf(target.url), await schemaOf(fresh.url)];
    assert(migrated === fromTree, `the database differs from a fresh build:\n${dumpDiff(fromTree, migrated)}`);
    // Once more from the tree itself (its leftover renamed-from hints included): nothing to migrate.
    const again = await cli(root, ["migrate", "generate", "nothing", "--database-url", target.url, "--json"]);
    assertEquals([again.code, JSON.parse(again.out).error?.code], [3, "DIFF_EMPTY"], again.out);
    const migrations = [...Deno.readDirSync(join(root, "db/migrations"))].map((e) => e.name).filter((n) =>
      n.endsWith(".up.sql")
    );
    assertEquals(migrations.length, 6);
    const status = await cli(root, ["migrate", "status", "--database-url", target.url]);
    assertEquals(status.code, 0, status.out);
    assertStringIncludes(status.out, "drop_comments");
  } finally {
    await db?.close();
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("graphql round trip: SDL edits become migrations (plain style)", () => roundTrip("plain"));
Deno.test("graphql round trip: SDL edits become migrations (fraiseql style)", () => roundTrip("fraiseql"));
