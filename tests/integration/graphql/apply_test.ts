/**
 * The generated trees apply: both styles of the golden model on the test server (PostgreSQL 15)
 * and on the embedded engine (PostgreSQL 18), through the build's file order; the fraiseql views
 * return the objects the API serves for inserted rows; the quoting of names agrees with both
 * servers' `quote_ident`.
 */
import { join } from "node:path";
import { assert, assertEquals } from "../../_helpers/assert.ts";
import { createTestDatabase } from "../../_helpers/db.ts";
import { connect, type Session } from "../../../src/db/mod.ts";
import { applyDdlSource } from "../../../src/source/mod.ts";
import { generateDdl, type GenerateOptions } from "../../../src/graphql/mod.ts";
import { QUOTED_KEYWORDS, sqlIdent } from "../../../src/sql/mod.ts";

const model = await Deno.readTextFile(new URL("../../golden/graphql/model.graphql", import.meta.url));

/** Generates the golden model into a temporary folder and applies it as a DDL tree; returns the files. */
async function applyModel(db: Session, opts: GenerateOptions): Promise<string[]> {
  const { files } = await generateDdl(model, { ...opts, sourceName: "model.graphql" });
  const dir = await Deno.makeTempDir({ prefix: "confiture-graphql-apply-" });
  try {
    for (const f of files) await Deno.writeTextFile(join(dir, f.path), f.content);
    await applyDdlSource(db, { kind: "path", path: dir });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  return files.map((f) => f.path);
}

/** Tables and views of a schema, by name. */
async function relations(db: Session, schema: string): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `select c.relkind::text || ':' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and c.relkind in ('r', 'v') order by 1`,
    [schema],
  );
  return rows.map((r) => r.name);
}

const PLAIN_RELATIONS = [
  "r:comments",
  "r:posts",
  "r:posts_tags",
  "r:profiles",
  "r:tags",
  "r:users",
  "r:users_friends",
];
const FRAISEQL_RELATIONS = [
  "r:tb_comment",
  "r:tb_post",
  "r:tb_post_tag",
  "r:tb_profile",
  "r:tb_tag",
  "r:tb_user",
  "r:tb_user_friends",
  "v:v_comment",
  "v:v_post",
  "v:v_profile",
  "v:v_tag",
  "v:v_user",
];

const ALICE = "00000000-0000-4000-8000-00000000000a";
const BOB = "00000000-0000-4000-8000-00000000000b";
const POST = "00000000-0000-4000-8000-0000000000a1";
const TAGS = ["00000000-0000-4000-8000-0000000000c1", "00000000-0000-4000-8000-0000000000c2"];
const COMMENTS = ["00000000-0000-4000-8000-0000000000d1", "00000000-0000-4000-8000-0000000000d2"];
const PROFILE = "00000000-0000-4000-8000-0000000000e1";

/** Rows for the fraiseql views: two users, a profile, a post with two tags and two comments (one a reply). */
const ROWS = `
INSERT INTO tb_user (pk_user, id, email, display_name, created_at, age, balance, nicknames)
  VALUES (1, '${ALICE}', 'alice@example.org', 'Alice', '2026-01-01 10:00:00+00', 36, 12.50, '{Al}'),
         (2, '${BOB}', 'bob@example.org', 'Bob', '2026-01-02 10:00:00+00', NULL, NULL, '{}');
UPDATE tb_user SET fk_manager = 1 WHERE pk_user = 2;
INSERT INTO tb_user_friends (fk_user, fk_friend) VALUES (1, 2);
INSERT INTO tb_profile (id, bio, fk_user) VALUES ('${PROFILE}', 'Writes things.', 1);
INSERT INTO tb_post (pk_post, id, slug, title, status, scores, created_at, published_at, fk_author, fk_reviewer)
  VALUES (1, '${POST}', 'hello', 'Hello', 'PUBLISHED', '{3,5}', '2026-02-01 09:00:00+00', '2026-02-02 09:00:00+00', 1, 2);
INSERT INTO tb_tag (pk_tag, id, name) VALUES (1, '${TAGS[0]}', 'intro'), (2, '${TAGS[1]}', 'news');
INSERT INTO tb_post_tag (fk_post, fk_tag) VALUES (1, 2), (1, 1);
INSERT INTO tb_comment (pk_comment, id, body, fk_post) VALUES (1, '${COMMENTS[0]}', 'First!', 1);
INSERT INTO tb_comment (pk_comment, id, body, fk_post, fk_parent) VALUES (2, '${COMMENTS[1]}', 'Welcome.', 1, 1);
`;

const POST_FLAT = {
  id: POST,
  slug: "hello",
  title: "Hello",
  status: "PUBLISHED",
  scores: [3, 5],
  createdAt: "2026-02-01T09:00:00+00:00",
  publishedAt: "2026-02-02T09:00:00+00:00",
};

function userFlat(who: "alice" | "bob") {
  const alice = who === "alice";
  return {
    id: alice ? ALICE : BOB,
    email: `${who}@example.org`,
    displayName: alice ? "Alice" : "Bob",
    homepage: null,
    role: "READER",
    age: alice ? 36 : null,
    score: 0,
    active: true,
    birthDate: null,
    wakeUpAt: null,
    preferences: { theme: "light", digest: true },
    externalRef: null,
    balance: alice ? 12.5 : null,
    visits: 0,
    credit: null,
    nicknames: alice ? ["Al"] : [],
    createdAt: alice ? "2026-01-01T10:00:00+00:00" : "2026-01-02T10:00:00+00:00",
  };
}

async function viewData(db: Session, view: string, id: string): Promise<unknown> {
  const rows = await db.query<{ data: unknown }>(`select data from ${view} where id = $1`, [id]);
  assertEquals(rows.length, 1, `${view} has one row for ${id}`);
  return rows[0].data;
}

/** The objects the views return for {@link ROWS}. */
async function checkViews(db: Session): Promise<void> {
  await db.exec("SET TIME ZONE 'UTC'");
  await db.exec(ROWS);
  assertEquals(await viewData(db, "v_post", POST), {
    ...POST_FLAT,
    author: userFlat("alice"),
    reviewer: userFlat("bob"),
    tags: [{ id: TAGS[0], name: "intro" }, { id: TAGS[1], name: "news" }],
    comments: [{ id: COMMENTS[0], body: "First!" }, { id: COMMENTS[1], body: "Welcome." }],
  });
  assertEquals(await viewData(db, "v_user", ALICE), {
    ...userFlat("alice"),
    profile: { id: PROFILE, bio: "Writes things." },
    posts: [POST_FLAT],
    reviewed: [],
    manager: null,
    reports: [userFlat("bob")],
    friends: [userFlat("bob")],
  });
  const bob = await viewData(db, "v_user", BOB) as Record<string, unknown>;
  assertEquals([bob.profile, bob.posts, bob.reviewed, bob.manager, bob.friends], [
    null,
    [],
    [POST_FLAT],
    userFlat("alice"),
    [],
  ]);
  assertEquals(await viewData(db, "v_comment", COMMENTS[1]), {
    id: COMMENTS[1],
    body: "Welcome.",
    post: POST_FLAT,
    parent: { id: COMMENTS[0], body: "First!" },
    replies: [],
  });
  assertEquals(await viewData(db, "v_tag", TAGS[1]), { id: TAGS[1], name: "news", posts: [POST_FLAT] });
  assertEquals(await viewData(db, "v_profile", PROFILE), {
    id: PROFILE,
    bio: "Writes things.",
    user: userFlat("alice"),
  });
  // The constraints the SDL asks for hold.
  for (
    const bad of [
      "UPDATE tb_user SET email = 'not-an-email' WHERE pk_user = 1",
      "UPDATE tb_user SET nicknames = '{a,NULL}' WHERE pk_user = 1",
      "UPDATE tb_post SET title = '' WHERE pk_post = 1",
      "INSERT INTO tb_post (slug, title, fk_author) VALUES ('hello', 'Again', 1)",
      "INSERT INTO tb_profile (fk_user) VALUES (1)",
    ]
  ) {
    let failed = false;
    await db.exec(`SAVEPOINT s; ${bad}`).catch(() => failed = true);
    await db.exec("ROLLBACK TO SAVEPOINT s").catch(() => undefined);
    assert(failed, `accepted: ${bad}`);
  }
}

Deno.test("graphql: the plain tree of the golden model applies to PostgreSQL 15", async () => {
  await using t = await createTestDatabase("graphql_plain");
  const db = await connect({ url: t.url, source: "flag" });
  try {
    await applyModel(db, { style: "plain" });
    assertEquals(await relations(db, "public"), PLAIN_RELATIONS);
    await checkKeywords(db);
    // Deleting a user cascades to their posts, the posts' comments and tags, and their profile.
    await db.exec(`
      INSERT INTO users (id, email, display_name) VALUES ('${ALICE}', 'a@example.org', 'A');
      INSERT INTO posts (id, slug, title, author_id) VALUES ('${POST}', 's', 'T', '${ALICE}');
      INSERT INTO comments (body, post_id) VALUES ('c', '${POST}');
      INSERT INTO tags (id, name) VALUES ('${TAGS[0]}', 'x');
      INSERT INTO posts_tags VALUES ('${POST}', '${TAGS[0]}');
      INSERT INTO profiles (user_id) VALUES ('${ALICE}');
      DELETE FROM users;
    `);
    const [left] = await db.query<{ n: number }>(
      "select (select count(*) from posts) + (select count(*) from comments) + (select count(*) from posts_tags) + (select count(*) from profiles) as n",
    );
    assertEquals(Number(left.n), 0);
  } finally {
    await db.close();
  }
});

Deno.test("graphql: the fraiseql tree applies to PostgreSQL 15 and its views return the API objects", async () => {
  await using t = await createTestDatabase("graphql_fraiseql");
  const db = await connect({ url: t.url, source: "flag" });
  try {
    await applyModel(db, { style: "fraiseql" });
    assertEquals(await relations(db, "public"), FRAISEQL_RELATIONS);
    await db.exec("BEGIN");
    await checkViews(db);
    await db.exec("ROLLBACK");
  } finally {
    await db.close();
  }
});

Deno.test("graphql: both trees apply to the embedded engine (PostgreSQL 18), in their own schemas", async () => {
  const db = await connect({ url: "embedded:memory", source: "flag" });
  try {
    await applyModel(db, { style: "plain", schema: "plain_app" });
    await applyModel(db, { style: "fraiseql", schema: "fraiseql_app" });
    assertEquals(await relations(db, "plain_app"), PLAIN_RELATIONS);
    assertEquals(await relations(db, "fraiseql_app"), FRAISEQL_RELATIONS);
    await db.exec("BEGIN; SET LOCAL search_path = fraiseql_app");
    await checkViews(db);
    await db.exec("ROLLBACK");
    await checkKeywords(db);
  } finally {
    await db.close();
  }
});

/** Every keyword the server's quote_ident quotes is quoted by sqlIdent too, and no other. */
async function checkKeywords(db: Session): Promise<void> {
  const rows = await db.query<{ word: string; quoted: string; version: number }>(
    "select word, quote_ident(word) as quoted, current_setting('server_version_num')::int as version from pg_get_keywords() order by word",
  );
  assert(rows.length > 400, "pg_get_keywords() lists the keywords");
  for (const r of rows) {
    if (r.quoted !== r.word) assert(QUOTED_KEYWORDS.has(r.word), `${r.word} needs quotes on ${r.version}`);
    // On the newest server the two lists are the same.
    if (r.version >= 180000) assertEquals(sqlIdent(r.word), r.quoted, r.word);
  }
}
