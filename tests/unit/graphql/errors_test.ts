/**
 * Every error case of the generator, each at the right file, line and column: the SDL of a case
 * marks the expected place with `⟪`, removed before generating.
 */
import { assert, assertEquals, assertRejects, assertStringIncludes } from "../../_helpers/assert.ts";
import { ConfitureError, type ErrorCode } from "../../../src/errors/mod.ts";
import { generateDdl, type Style } from "../../../src/graphql/mod.ts";

interface Case {
  name: string;
  sdl: string;
  code: ErrorCode;
  message: string;
  hint?: string;
  style?: Style;
}

const USER = `type User { id: ID! @id  name: String }\n`;

const CASES: Case[] = [
  {
    name: "syntax error",
    sdl: "type A {\n  b: \n⟪}\n",
    code: "GRAPHQL_SYNTAX_ERROR",
    message: 'Expected Name, found "}".',
  },
  {
    name: "unknown type, with a suggestion",
    sdl: "type A {\n  id: ID! @id\n  b: ⟪Strin\n}\n",
    code: "GRAPHQL_UNKNOWN_TYPE",
    message: "field A.b: unknown type Strin",
    hint: "did you mean String?",
  },
  {
    name: "a declared scalar without @db",
    sdl: "scalar Money\ntype A {\n  id: ID!\n  price: ⟪Money!\n}\n",
    code: "GRAPHQL_UNKNOWN_TYPE",
    message: "field A.price: scalar Money has no PostgreSQL type",
    hint: 'declare it with one: scalar Money @db(type: "text")',
  },
  {
    name: "unknown directive",
    sdl: 'type A {\n  id: ID! @id\n  b: A ⟪@relaton(name: "x")\n}\n',
    code: "GRAPHQL_UNKNOWN_DIRECTIVE",
    message: "unknown directive @relaton on field A.b",
    hint: "did you mean @relation?",
  },
  {
    name: "unknown directive argument",
    sdl: 'type A @table(⟪nme: "x") {\n  id: ID!\n}\n',
    code: "GRAPHQL_UNKNOWN_DIRECTIVE",
    message: 'unknown argument "nme" of @table on type A',
    hint: "did you mean name?",
  },
  {
    name: "an argument of the wrong kind",
    sdl: 'type A {\n  id: ID!\n  b: String @index(unique: ⟪"yes")\n}\n',
    code: "GRAPHQL_INVALID_DIRECTIVE",
    message: 'argument "unique" of @index on field A.b must be true or false',
  },
  {
    name: "a missing required argument",
    sdl: "type A ⟪@table {\n  id: ID!\n}\n",
    code: "GRAPHQL_INVALID_DIRECTIVE",
    message: '@table on type A needs the argument "name"',
  },
  {
    name: "a misplaced directive",
    sdl: "type A ⟪@id {\n  id: ID!\n}\n",
    code: "GRAPHQL_INVALID_DIRECTIVE",
    message: "@id is not allowed on a type (type A)",
  },
  {
    name: "a repeated directive",
    sdl: "type A {\n  id: ID! @id ⟪@id\n}\n",
    code: "GRAPHQL_INVALID_DIRECTIVE",
    message: "@id is given twice on field A.id",
  },
  {
    name: "an ambiguous relation",
    sdl: USER.replace("}", " ⟪posts: [Post!]! }") + "type Post {\n  id: ID!\n  author: User!\n  editor: User\n}\n",
    code: "GRAPHQL_AMBIGUOUS_RELATION",
    message: "field User.posts is ambiguous: Post has 2 to-one fields referring back (author, editor)",
    hint: "name the relation with @relation(name: …) on both of its sides",
  },
  {
    name: "a list with nothing referring back",
    sdl: USER.replace("}", " ⟪posts: [Post!]! }") + "type Post {\n  id: ID!\n}\n",
    code: "GRAPHQL_AMBIGUOUS_RELATION",
    message: "field User.posts: type Post has no field referring back to User",
  },
  {
    name: "an ambiguous one-to-one",
    sdl: 'type User {\n  id: ID!\n  ⟪profile: Profile @relation(name: "p")\n}\n' +
      'type Profile {\n  id: ID!\n  user: User @relation(name: "p")\n}\n',
    code: "GRAPHQL_AMBIGUOUS_RELATION",
    message: "one-to-one User.profile <-> Profile.user: which side holds the foreign key?",
  },
  {
    name: "an interface as a field type",
    sdl: "interface Node { id: ID! }\ntype A {\n  id: ID!\n  n: ⟪Node\n}\n",
    code: "GRAPHQL_UNSUPPORTED",
    message: "field A.n has the interface Node as its type: it has no table",
  },
  {
    name: "a union as a field type",
    sdl: "union U = A\ntype A {\n  id: ID!\n  u: ⟪[U!]!\n}\n",
    code: "GRAPHQL_UNSUPPORTED",
    message: "field A.u has the union U as its type: it has no table",
  },
  {
    name: "a list of lists",
    sdl: "type A {\n  id: ID!\n  grid: ⟪[[Int!]!]\n}\n",
    code: "GRAPHQL_UNSUPPORTED",
    message: "field A.grid: lists of lists have no column type",
  },
  {
    name: "a column name collision after snake_casing",
    sdl: "type A {\n  id: ID!\n  userId: String\n  ⟪user_id: String\n}\n",
    code: "GRAPHQL_NAME_COLLISION",
    message: 'field A.user_id and field A.userId both become column "user_id" of as',
  },
  {
    name: "a foreign key column colliding with a field",
    sdl: USER + "type Post {\n  id: ID!\n  authorId: ID\n  ⟪author: User\n}\n",
    code: "GRAPHQL_NAME_COLLISION",
    message: 'field Post.author and field Post.authorId both become column "author_id" of posts',
  },
  {
    name: "two types with one table name",
    sdl: USER + 'type ⟪Person @table(name: "users") {\n  id: ID!\n}\n',
    code: "GRAPHQL_NAME_COLLISION",
    message: "the table of type Person and the table of type User are both named users",
  },
  {
    name: "an enum named like a table",
    sdl: USER + "enum ⟪Users { A B }\n",
    code: "GRAPHQL_NAME_COLLISION",
    message: "enum Users and the table of type User are both named users",
  },
  {
    name: "a type defined twice",
    sdl: USER + "type ⟪User { id: ID! }\n",
    code: "GRAPHQL_NAME_COLLISION",
    message: "type User is defined twice (first at schema.graphql:1:6)",
  },
  {
    name: "a relation to a type without a key",
    sdl: "type Tag { name: String }\ntype A {\n  id: ID!\n  tag: ⟪Tag\n}\n",
    code: "GRAPHQL_INVALID_MODEL",
    message: "field A.tag: type Tag has no key to reference",
  },
  {
    name: "a relation to an ignored type",
    sdl: "type Stats @ignore { n: Int }\ntype A {\n  id: ID!\n  stats: ⟪Stats\n}\n",
    code: "GRAPHQL_INVALID_MODEL",
    message: "field A.stats refers to type Stats, which is @ignore (no table)",
  },
  {
    name: "a default of the wrong type",
    sdl: 'type A {\n  id: ID!\n  n: Int @default(value: ⟪"x")\n}\n',
    code: "GRAPHQL_INVALID_DIRECTIVE",
    message: "@default(value:) on A.n must be an integer for Int",
  },
  {
    name: "a default that is not a value of the enum",
    sdl: "enum S { ON OFF }\ntype A {\n  id: ID!\n  s: S! @default(value: ⟪MAYBE)\n}\n",
    code: "GRAPHQL_INVALID_DIRECTIVE",
    message: "@default(value:) on A.s must be one of S's values (ON, OFF)",
  },
  {
    name: "both value and sql in @default",
    sdl: 'type A {\n  id: ID!\n  n: Int ⟪@default(value: 1, sql: "2")\n}\n',
    code: "GRAPHQL_INVALID_DIRECTIVE",
    message: "@default on field A.n needs one of value or sql",
  },
  {
    name: "an SQL fragment that would end the statement",
    sdl: 'type A {\n  id: ID!\n  n: Int @check(sql: ⟪"n > 0); DROP TABLE x; --")\n}\n',
    code: "GRAPHQL_INVALID_DIRECTIVE",
    message: "@check(sql:) on A.n holds a ) without its (",
  },
  {
    name: "an index on a field that does not exist",
    sdl: 'type A @index(fields: [⟪"nmae"]) {\n  id: ID!\n  name: String\n}\n',
    code: "GRAPHQL_INVALID_DIRECTIVE",
    message: '@index on type A: A has no field "nmae"',
    hint: "did you mean name?",
  },
  {
    name: "SET_NULL on a non-null relation",
    sdl: USER + "type Post {\n  id: ID!\n  author: User! ⟪@relation(onDelete: SET_NULL)\n}\n",
    code: "GRAPHQL_INVALID_DIRECTIVE",
    message: "@relation(onDelete: SET_NULL) on non-null field Post.author",
  },
  {
    name: "an unknown referential action",
    sdl: USER + "type Post {\n  id: ID!\n  author: User! @relation(onDelete: ⟪DELETE)\n}\n",
    code: "GRAPHQL_INVALID_DIRECTIVE",
    message: 'argument "onDelete" of @relation on field Post.author must be one of CASCADE, RESTRICT',
  },
  {
    name: "@table with a name that is not an SQL name",
    sdl: 'type A @table(name: ⟪"My Table") {\n  id: ID!\n}\n',
    code: "GRAPHQL_INVALID_DIRECTIVE",
    message: '@table(name: "My Table") on type A is not a lowercase SQL name',
  },
  {
    name: "extending a type that does not exist",
    sdl: "extend type ⟪Nope {\n  b: Int\n}\n",
    code: "GRAPHQL_UNKNOWN_TYPE",
    message: "extend type Nope: no type Nope is defined",
  },
  {
    name: "fraiseql: @id on another field than id",
    sdl: "type A {\n  code: String! ⟪@id\n}\n",
    code: "GRAPHQL_INVALID_MODEL",
    message: '@id on A.code: in the fraiseql style the key is pk_a and the public id is the field "id"',
    style: "fraiseql",
  },
  {
    name: "fraiseql: @relation(fields:)",
    sdl: USER + 'type Post {\n  id: ID!\n  userId: ID\n  user: User ⟪@relation(fields: ["userId"])\n}\n',
    code: "GRAPHQL_INVALID_DIRECTIVE",
    message: "@relation(fields:, references:) on Post.user: the fraiseql style always references pk_ columns",
    style: "fraiseql",
  },
  {
    name: "fraiseql: an id field that is not an ID",
    sdl: "type A {\n  id: ⟪Int!\n}\n",
    code: "GRAPHQL_INVALID_MODEL",
    message: "field A.id must be of type ID in the fraiseql style (it is the uuid id column)",
    style: "fraiseql",
  },
];

/** The SDL without its marker, and the marker's 1-based line and column. */
function marked(sdl: string): { text: string; line: number; col: number } {
  const at = sdl.indexOf("⟪");
  assert(at >= 0, "the case marks no place");
  const before = sdl.slice(0, at);
  const line = before.split("\n").length;
  const col = at - (before.lastIndexOf("\n") + 1) + 1;
  return { text: sdl.slice(0, at) + sdl.slice(at + 1), line, col };
}

for (const c of CASES) {
  Deno.test(`graphql error: ${c.name}`, async () => {
    const { text, line, col } = marked(c.sdl);
    const e = await assertRejects(() => generateDdl(text, { style: c.style ?? "plain" }));
    assert(e instanceof ConfitureError, String(e));
    assertEquals(
      { code: e.code, location: e.location },
      { code: c.code, location: { file: "schema.graphql", line, col } },
      `${e.message}\n${e.detail ?? ""}`,
    );
    assertStringIncludes(e.message, c.message);
    if (c.hint) assertEquals(e.hint, c.hint);
  });
}

Deno.test("graphql error: every problem is listed, the first by place thrown with the others in its detail", async () => {
  const e = await assertRejects(() =>
    generateDdl([
      { name: "b.graphql", text: "type B {\n  id: ID!\n  x: Nope\n}\n" },
      { name: "a.graphql", text: "type A {\n  id: ID! @wat\n  y: [[Int]]\n}\n" },
    ])
  );
  assert(e instanceof ConfitureError);
  assertEquals(e.location, { file: "a.graphql", line: 2, col: 11 });
  assertEquals(e.code, "GRAPHQL_UNKNOWN_DIRECTIVE");
  assertEquals(
    e.detail,
    [
      "2 more problems:",
      "a.graphql:3:6: field A.y: lists of lists have no column type",
      "b.graphql:3:6: field B.x: unknown type Nope",
    ].join("\n"),
  );
});

Deno.test("graphql error: a source's file name is where its errors point", async () => {
  const e = await assertRejects(() =>
    generateDdl([{ name: "api/schema.graphql", file: "../api/schema.graphql", text: "type A {\n  b: Bad\n}\n" }])
  );
  assert(e instanceof ConfitureError);
  assertEquals(e.location, { file: "../api/schema.graphql", line: 2, col: 6 });
});

Deno.test("graphql error: unknown style and id type are usage errors", async () => {
  for (const opts of [{ style: "fancy" as Style }, { idType: "int" as "uuid" }]) {
    const e = await assertRejects(() => generateDdl("type A { id: ID! }", opts));
    assert(e instanceof ConfitureError);
    assertEquals(e.code, "USAGE_INVALID_ARGUMENT");
  }
});
