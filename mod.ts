/**
 * Confiture as a library, for Deno and TypeScript programs: the same engines the
 * CLI uses, without any terminal output.
 *
 * @example Build the schema tree and print its hash
 * ```ts
 * import { build, config } from "./mod.ts";
 * const cfg = await config.loadConfig({ root: ".", env: "local", vars: Deno.env.toObject() });
 * const result = await build.buildSchema(cfg);
 * console.log(result.hash);
 * ```
 *
 * @example Apply pending migrations
 * ```ts
 * import { config, connect, migrate } from "./mod.ts";
 * const cfg = await config.loadConfig({ root: ".", vars: Deno.env.toObject() });
 * const db = await connect({ url: "postgres://postgres@127.0.0.1/app", source: "flag" });
 * const report = await migrate.migrateUp(db, migrate.runnerOptions(cfg));
 * await db.close();
 * ```
 *
 * @example Generate the DDL tree of a GraphQL data model (pure: no database)
 * ```ts
 * import { generateDdl } from "./mod.ts";
 * const { files } = await generateDdl(`type User { id: ID! @id  email: Email! @unique }`, { style: "plain" });
 * for (const f of files) await Deno.writeTextFile(`db/schema/10_tables/graphql/${f.path}`, f.content);
 * ```
 * @module
 */
export { ConfitureError, ERROR_CODES, EXIT_CODES, isConfitureError } from "./src/errors/mod.ts";
export type { ErrorCode, ServerErrorFields, SourceLocation } from "./src/errors/mod.ts";
export { connect } from "./src/db/mod.ts";
export type { ConnectionInfo, Database, IsolationLevel, Session, TransactionOptions } from "./src/db/mod.ts";
/** Project configuration: environments, `${VAR}` expansion, connection precedence. */
export * as config from "./src/config/mod.ts";
/** Build: the schema tree to one file with a hash, applied to a database. */
export * as build from "./src/build/mod.ts";
/** Versioned migrations: run, status, baseline, verify, repair, generate. */
export * as migrate from "./src/migrate/mod.ts";
/** Schema sources (database, DDL tree, .sql path, replayed migrations) and their comparison. */
export * as source from "./src/source/mod.ts";
/** Catalog introspection. */
export * as inspect from "./src/inspect/mod.ts";
/** Catalog comparison (pure). */
export * as diff from "./src/diff/mod.ts";
/** Ordered, hazard-annotated statements from a diff (pure). */
export * as plan from "./src/plan/mod.ts";
/** SQL text utilities: quoting, lexer, statement splitting and classification. */
export * as sql from "./src/sql/mod.ts";
/** GraphQL SDL to DDL files (pure): `generateDdl(sdl, options)`, the directive prelude, the mappings. */
export * as graphql from "./src/graphql/mod.ts";
export { generateDdl } from "./src/graphql/mod.ts";
export type { GeneratedFile, GenerateOptions, GenerateResult, GraphqlSource } from "./src/graphql/mod.ts";
/** Data sync between two databases: one snapshot, foreign-key order, resumable (see docs/sync.md). */
export { sync } from "./src/sync/mod.ts";
export type { SyncEvent, SyncOptions, SyncResult, SyncTableResult } from "./src/sync/mod.ts";
/** Subsets with foreign-key closure, as sync computes them in its snapshot (see docs/sync.md#subsets). */
export { computeSubset, parseWhereFlag, percentSql } from "./src/sync/mod.ts";
export type { SubsetInput, SubsetKind, SubsetResult, SubsetRootSpec, TableSubset } from "./src/sync/mod.ts";
/** The data-copy pipeline shared by sync and schema-to-schema: units, workers, progress, state, verification. */
export * as copy from "./src/copy/mod.ts";
/**
 * Schema-to-schema migration: the new schema built from the DDL tree, the old database's data moved
 * into it through a mapping (postgres_fdw or COPY), verified, cut over, rolled back, cleaned up
 * (see docs/schema-to-schema.md).
 */
export * as schemaToSchema from "./src/transfer/mod.ts";
