/**
 * The stable error codes and exit codes. The README documents both tables;
 * a unit test keeps the README in step with this file.
 */

/** Exit categories and their process exit codes. Stable: scripts depend on them. */
export const EXIT_CODES = {
  /** Success. */
  ok: 0,
  /** Unexpected internal error (a bug: please report it). */
  internal: 1,
  /** Differences found (`diff --exit-code`, `migrate status` with pending or drifted migrations). */
  differences: 2,
  /** Bad command line: unknown command or flag, missing argument. */
  usage: 3,
  /** Configuration or project files are invalid or missing. */
  config: 4,
  /** The database could not be reached or refused the login. */
  connection: 5,
  /** A SQL statement or migration failed; nothing of it was kept. */
  sql: 6,
  /** A lock could not be acquired in time. */
  lock: 7,
  /** Refused as unsafe: checksum mismatch, destructive action without confirmation. */
  unsafe: 8,
  /** Interrupted by Ctrl-C (SIGINT) or SIGTERM: 128 + 2, the shell's convention for SIGINT. */
  interrupted: 130,
} as const;

/** Name of an exit category. */
export type ExitCategory = keyof typeof EXIT_CODES;

/**
 * What each exit code means, as the README and docs/cli.md print it (both are generated from
 * this table by `deno task docs`).
 */
export const EXIT_CODE_MEANINGS: Record<ExitCategory, string> = {
  ok: "Success.",
  internal: "Unexpected internal error (a bug: please report it with `--verbose` output).",
  differences:
    "Differences found: `diff --exit-code` with changes; `migrate status` with pending, missing or modified migrations; a failed `sync --verify` or `schema-to-schema verify`; `graphql --check` with stale files.",
  usage: "Usage: unknown command or flag, missing or invalid argument.",
  config: "Configuration: invalid or missing environment file, project file or folder.",
  connection: "Connection: the database cannot be reached or refused the login.",
  sql: "SQL or migration failure: PostgreSQL rejected a statement; nothing of it was kept.",
  lock: "Lock timeout: another run held the lock for longer than the timeout.",
  unsafe: "Refused as unsafe: checksum mismatch, destructive action without its confirmation flag.",
  interrupted:
    "Interrupted by Ctrl-C (SIGINT) or SIGTERM (128 + 2, the shell's convention): running statements were cancelled and rolled back; a second Ctrl-C exits at once.",
};

interface CodeInfo {
  exit: ExitCategory;
  description: string;
}

function c(exit: ExitCategory, description: string): CodeInfo {
  return { exit, description };
}

/**
 * Every error code Confiture raises, with its exit category and a description.
 * Add a code here before using it.
 */
export const ERROR_CODES = {
  INTERNAL_ERROR: c("internal", "An unexpected error; the message says what failed."),
  INTERRUPTED: c(
    "interrupted",
    "The run was stopped by Ctrl-C or SIGTERM; work in progress was rolled back, finished steps stay.",
  ),
  // usage
  USAGE_UNKNOWN_COMMAND: c("usage", "The command does not exist; the closest one is suggested."),
  USAGE_UNKNOWN_OPTION: c("usage", "The flag does not exist for this command; the closest one is suggested."),
  USAGE_INVALID_ARGUMENT: c("usage", "A flag or argument has a missing or invalid value."),
  // config
  CONFIG_NOT_FOUND: c("config", "The environment file or project folder does not exist."),
  CONFIG_INVALID_YAML: c("config", "The environment file is not valid YAML."),
  CONFIG_UNKNOWN_KEY: c("config", "The environment file has a key Confiture does not know."),
  CONFIG_INVALID_VALUE: c("config", "A configuration value has the wrong type or format."),
  CONFIG_MISSING_VARIABLE: c("config", "A ${VAR} used in the environment file is not set and has no default."),
  FILE_NOT_FOUND: c("config", "A file or folder named on the command line or in the configuration is missing."),
  FILE_UNREADABLE: c("config", "A file could not be read, or is not valid UTF-8."),
  FILE_WRITE_FAILED: c("config", "A file could not be written."),
  // connection
  CONNECTION_FAILED: c("connection", "The server could not be reached (host, port, timeout, TLS)."),
  CONNECTION_AUTH_FAILED: c("connection", "The server refused the login (user or password)."),
  CONNECTION_INVALID_URL: c("connection", "The database URL cannot be parsed."),
  EMBEDDED_ENGINE_FAILED: c("connection", "The embedded PostgreSQL engine could not start or open its data."),
  // sql
  SQL_ERROR: c("sql", "PostgreSQL rejected a statement; SQLSTATE, detail and hint are shown."),
  COPY_FAILED: c("sql", "A COPY stream failed on either side; the server's error is shown."),
  SQL_SYNTAX_ERROR: c(
    "sql",
    "A SQL statement does not parse (in a migration, a build or a diff side); the location of the error is shown.",
  ),
  // migrations
  MIGRATION_INVALID_NAME: c(
    "config",
    "A file in the migrations folder is not named <version>_<name>.up.sql/.down.sql/.ts.",
  ),
  MIGRATION_DUPLICATE_VERSION: c("config", "Two migration files have the same version; none is run."),
  MIGRATION_TRANSACTION_CONTROL: c(
    "config",
    "A migration file holds BEGIN, COMMIT or ROLLBACK; Confiture manages transactions.",
  ),
  MIGRATION_INVALID_MODULE: c("config", "A TypeScript migration cannot be loaded or does not export up(ctx)."),
  MIGRATION_DOWN_MISSING: c(
    "config",
    "Rolling back needs a .down.sql (or down()) that does not exist; nothing was changed.",
  ),
  MIGRATION_FILE_MISSING: c("config", "An applied migration's file is missing from the migrations folder."),
  MIGRATION_UNKNOWN_VERSION: c("usage", "The version given (--target, --to, --through) matches no migration."),
  MIGRATION_STATEMENT_FAILED: c(
    "sql",
    "A migration statement failed; the migration was rolled back, earlier ones stay.",
  ),
  MIGRATION_LOCK_RETRIES_EXHAUSTED: c(
    "lock",
    "A migration kept hitting lock_timeout on a busy table; it was rolled back.",
  ),
  MIGRATION_CHECKSUM_MISMATCH: c(
    "unsafe",
    "An applied migration's file was edited; review it, then run migrate repair.",
  ),
  MIGRATION_OUT_OF_ORDER: c(
    "unsafe",
    "A pending migration is older than the newest applied one; see --allow-out-of-order.",
  ),
  MIGRATION_PARTIAL: c(
    "sql",
    "A non-transactional migration failed midway; the statements before the failure stay applied.",
  ),
  MIGRATION_INVALID_INDEX: c(
    "sql",
    "An index the migration creates is INVALID (left by a failed CREATE INDEX CONCURRENTLY); the migration is not recorded.",
  ),
  MIGRATION_LEDGER_FAILED: c(
    "sql",
    "Recording a migration in the ledger failed after its statements ran; the migration was rolled back.",
  ),
  MIGRATION_PLACEHOLDER_UNSET: c(
    "config",
    "A migration uses a ${name} placeholder that the environment file declares without a value.",
  ),
  // build
  BUILD_SYMLINK_LOOP: c("config", "A symbolic link in the schema tree leads back to a folder that contains it."),
  BUILD_UNTERMINATED: c(
    "sql",
    "A schema file ends inside a string, quoted identifier, dollar-quoted body, block comment or COPY data.",
  ),
  BUILD_STATEMENT_FAILED: c(
    "sql",
    "A statement of the build failed (other than a syntax error); the whole build was rolled back.",
  ),
  BUILD_UNSUPPORTED_STATEMENT: c(
    "sql",
    "The build cannot apply this line: a psql meta-command other than display ones (\\i, \\connect, …).",
  ),
  // diff
  DIFF_UNSUPPORTED_OBJECTS: c(
    "config",
    "The schemas hold objects of kinds the diff does not handle; they are listed (see --ignore-kind).",
  ),
  DIFF_EMPTY: c("usage", "migrate generate found no differences; no empty migration is written."),
  // data movement
  ANONYMIZE_KEY_MISSING: c(
    "config",
    "Anonymization rules need a key: CONFITURE_ANONYMIZE_KEY, --anonymize-key-file, or --random for one run.",
  ),
  SYNC_PII_UNCOVERED: c(
    "unsafe",
    "Columns that look like personal data have no anonymization rule; add rules (preserve keeps one) or --allow-pii.",
  ),
  SYNC_SUBSET_NO_KEY: c(
    "config",
    "A subset takes a percent of a table by its key, and the table has neither a primary key nor a unique key of NOT NULL columns.",
  ),
  SYNC_VERIFY_FAILED: c("differences", "sync --verify found a table whose rows differ between source and target."),
  S2S_MAPPING_REFUSED: c(
    "unsafe",
    "schema-to-schema: the mapping would drop a source column or table not listed under drop, or leave a NOT NULL column without a source; nothing was moved.",
  ),
  S2S_VERIFY_FAILED: c(
    "differences",
    "schema-to-schema verify found a difference: a table's rows, a foreign key, a sequence or a check; each is named.",
  ),
  S2S_NOT_VERIFIED: c(
    "unsafe",
    "schema-to-schema cutover needs a passing verify after the last run, and a source unchanged since.",
  ),
  S2S_SESSIONS_BLOCK: c(
    "unsafe",
    "Sessions are connected to a database the cutover or rollback renames; they are listed, and --terminate ends them.",
  ),
  S2S_FDW_UNAVAILABLE: c(
    "sql",
    "The fdw strategy was asked for but postgres_fdw cannot be used on the target (not installed, no permission, embedded engine).",
  ),
  S2S_NO_RUN: c("usage", "schema-to-schema found no run on the target (or the run it needs); run comes first."),
  // graphql
  GRAPHQL_SYNTAX_ERROR: c("config", "A GraphQL SDL file does not parse; the location of the error is shown."),
  GRAPHQL_UNKNOWN_TYPE: c(
    "config",
    "A GraphQL field or extension names a type, or a scalar without a mapping, that the SDL does not define.",
  ),
  GRAPHQL_UNKNOWN_DIRECTIVE: c(
    "config",
    "A GraphQL directive or directive argument is neither the generator's (see --prelude) nor declared.",
  ),
  GRAPHQL_INVALID_DIRECTIVE: c(
    "config",
    "A GraphQL directive is misplaced, repeated, missing an argument, or has a value that does not fit.",
  ),
  GRAPHQL_AMBIGUOUS_RELATION: c(
    "config",
    "A GraphQL relation can pair with several fields, or with none; @relation(name:) or @manyToMany says which.",
  ),
  GRAPHQL_UNSUPPORTED: c(
    "config",
    "The GraphQL SDL uses something with no table mapping: an interface or union as a field type, nested lists.",
  ),
  GRAPHQL_NAME_COLLISION: c(
    "config",
    "Two GraphQL types or fields give the same SQL name (after snake_casing), or a name is defined twice.",
  ),
  GRAPHQL_INVALID_MODEL: c(
    "config",
    "The GraphQL model cannot be stored as asked: a relation to a type without a key, a key of the wrong type, …",
  ),
  // lock
  LOCK_TIMEOUT: c("lock", "An advisory lock was held by another session for longer than the timeout."),
  // unsafe
  REFUSED_UNSAFE: c("unsafe", "The action could destroy data or state and needs an explicit confirmation flag."),
} as const satisfies Record<string, CodeInfo>;

/** A known error code. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The process exit code for an error code. */
export function exitCodeFor(code: ErrorCode): number {
  const info: CodeInfo | undefined = (ERROR_CODES as Record<string, CodeInfo>)[code];
  return EXIT_CODES[info?.exit ?? "internal"];
}
