/**
 * GraphQL SDL to DDL: the tables, keys, relations and (fraiseql style) views of a GraphQL data
 * model, as the files of a schema tree that `build`, `diff` and `migrate generate` read.
 * Pure: no database, no file system.
 *
 * @example
 * ```ts
 * import { generateDdl } from "./mod.ts";
 * const { files } = await generateDdl(`
 *   type User { id: ID! @id  email: Email! @unique  posts: [Post!]! }
 *   type Post { id: ID! @id  title: String!  author: User! }
 * `);
 * for (const f of files) console.log(f.path); // 100_users.sql, 101_posts.sql
 * ```
 * @module
 */
export { GENERATED_MARKER, generateDdl, planTreeUpdate } from "./generate.ts";
export type {
  GeneratedFile,
  GeneratedKind,
  GenerateOptions,
  GenerateResult,
  GraphqlSource,
  IdType,
  Style,
  TreeUpdate,
} from "./generate.ts";
export { DIRECTIVES, PRELUDE, REFERENTIAL_ACTIONS } from "./prelude.ts";
export type { ArgKind, ArgSpec, DirectiveLocation, DirectiveSpec, ReferentialAction } from "./prelude.ts";
export { BUILTIN_SCALARS } from "./scalars.ts";
export type { ScalarMapping } from "./scalars.ts";
export { fitName, plural, singular, snakeCase, sqlIdent } from "./naming.ts";
