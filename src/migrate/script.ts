/**
 * Loading a migration's content: SQL scripts are split and classified by the
 * parser before anything runs; TypeScript migrations are imported (in a compiled binary,
 * loaded by stripping their types: `_ts_loader.ts`).
 * @module
 */
import { pathToFileURL } from "node:url";
import type { Session } from "../db/mod.ts";
import { ConfitureError, toConfitureError } from "../errors/mod.ts";
import { loadTransformedModule, type TypeScriptLoader } from "./_ts_loader.ts";
import { type Placeholders, substitutePlaceholders } from "./placeholders.ts";
export { TYPESCRIPT_LOADERS, type TypeScriptLoader } from "./_ts_loader.ts";
import {
  classifyStatement,
  codePointOffset,
  offsetToLineCol,
  splitSql,
  splitStatements,
  sqlComments,
  type SqlStatement,
  type StatementClass,
} from "../sql/mod.ts";

/** The directive comment that makes a SQL migration run outside a transaction. */
export const NO_TRANSACTION_DIRECTIVE = "confiture:no-transaction";

/** A parsed SQL migration file (up or down). */
export interface SqlScript {
  /** Path shown to users. */
  file: string;
  /** The text that runs (placeholders replaced); statement offsets are offsets of it. */
  text: string;
  /**
   * When placeholders were replaced: the file as written, and the map from an offset of `text`
   * to the file's. Locations (statement lines, errors) are always in the file as written.
   */
  origin?: { text: string; toOriginal(offset: number): number };
  statements: SqlStatement[];
  classes: StatementClass[];
  /** False when a statement cannot run in a transaction, or the file says `-- confiture:no-transaction`. */
  transactional: boolean;
  /** The file holds the no-transaction directive. */
  forcedNoTransaction: boolean;
}

/** What a TypeScript migration's `up(ctx)` / `down(ctx)` receives. */
export interface MigrationContext {
  /** Tagged-template query inside the migration's transaction: values become parameters. */
  sql: Session["sql"];
  /** A statement with `$1…$n` parameters. */
  query: Session["query"];
  /** Several statements, no parameters. */
  exec: Session["exec"];
  /** The transaction's session. */
  session: Session;
  /** The placeholders declared in the environment file (name → value, `null` without one). */
  placeholders: Placeholders;
}

/** The exports of a TypeScript migration module. */
export interface MigrationModule {
  up(ctx: MigrationContext): Promise<void> | void;
  down?(ctx: MigrationContext): Promise<void> | void;
}

/**
 * Parses and classifies a SQL migration file. Explicit transaction control
 * (BEGIN, COMMIT, ROLLBACK…) is an error naming its line.
 */
export async function parseSqlScript(
  written: string,
  file: string,
  options: { serverVersionNum?: number; placeholders?: Placeholders } = {},
): Promise<SqlScript> {
  const unguarded = withoutDumpGuards(written);
  const sub = options.placeholders ? substitutePlaceholders(unguarded, file, options.placeholders) : undefined;
  const text = sub && sub.count > 0 ? sub.text : unguarded;
  const origin = sub && sub.count > 0 ? { text: written, toOriginal: sub.toOriginal } : undefined;
  let statements = await splitSql(text, { file });
  if (origin) {
    statements = statements.map((s) => ({ ...s, ...offsetToLineCol(written, origin.toOriginal(s.start)) }));
  }
  const classes = statements.map((s) => classifyStatement(s, { serverVersionNum: options.serverVersionNum }));
  for (let i = 0; i < statements.length; i++) {
    if (classes[i].transactionControl) {
      const s = statements[i];
      throw new ConfitureError(
        "MIGRATION_TRANSACTION_CONTROL",
        `${file}:${s.line}: "${firstLine(s.text)}": a migration must not control transactions`,
        {
          location: { file, line: s.line, col: s.col },
          hint: "remove BEGIN/COMMIT: each migration runs in its own transaction; for statements that cannot " +
            `(CREATE INDEX CONCURRENTLY…) Confiture detects it, or add the comment -- ${NO_TRANSACTION_DIRECTIVE}`,
        },
      );
    }
  }
  // only a file mentioning the directive needs its comments listed
  const comments = text.toLowerCase().includes(NO_TRANSACTION_DIRECTIVE) ? await sqlComments(text) : [];
  const forcedNoTransaction = comments.some((c) =>
    c.text.replace(/^--|^\/\*|\*\/$/g, "").trim().toLowerCase() === NO_TRANSACTION_DIRECTIVE
  );
  const transactional = !forcedNoTransaction && !classes.some((c) => c.nonTransactional);
  const script: SqlScript = { file, text, statements, classes, transactional, forcedNoTransaction };
  if (origin) script.origin = origin;
  return script;
}

/** The line and column, in the file as written, of offset `offset` of `script.text`. */
export function scriptLineCol(script: SqlScript, offset: number): { line: number; col: number } {
  return script.origin
    ? offsetToLineCol(script.origin.text, script.origin.toOriginal(offset))
    : offsetToLineCol(script.text, offset);
}

const DUMP_GUARD = /^\\(un)?restrict\b/;

/**
 * The `\restrict KEY` / `\unrestrict KEY` lines pg_dump writes around a dump (psql guards that
 * change nothing in the database) blanked out, every offset kept: a pg_dump file can be a
 * migration. Any other psql meta-command stays, and is refused by the parser.
 */
function withoutDumpGuards(text: string): string {
  if (!/^\\(un)?restrict\b/m.test(text)) return text;
  let out = text;
  for (const s of splitStatements(text).statements) {
    if (s.metaCommand && DUMP_GUARD.test(text.slice(s.start, s.end))) {
      out = out.slice(0, s.start) + " ".repeat(s.end - s.start) + out.slice(s.end);
    }
  }
  return out;
}

function firstLine(s: string): string {
  const l = s.split("\n")[0];
  return l.length > 60 ? l.slice(0, 57) + "..." : l;
}

/**
 * Imports a TypeScript migration module and checks its exports.
 *
 * With `loader: "auto"` (the default) the module is imported with `import()`. A binary made by
 * `deno compile` can import only the modules built into it (denoland/deno#18327): there, when
 * `import()` fails, the file is loaded by stripping its types instead (see `_ts_loader.ts`),
 * which refuses run-time imports. `loader: "transform"` always loads it that way.
 */
export async function importMigrationModule(
  path: string,
  file: string,
  options: { loader?: TypeScriptLoader } = {},
): Promise<MigrationModule> {
  let mod: Record<string, unknown>;
  if (options.loader === "transform") {
    mod = await loadTransformedModule(path, file);
  } else {
    try {
      mod = await import(pathToFileURL(path).href);
    } catch (e) {
      if (!Deno.build.standalone) {
        throw new ConfitureError(
          "MIGRATION_INVALID_MODULE",
          `cannot load ${file}: ${e instanceof Error ? e.message : e}`,
          { location: { file, line: 1, col: 1 }, cause: e },
        );
      }
      // a compiled binary: the file is not part of its module graph
      mod = await loadTransformedModule(path, file);
    }
  }
  if (typeof mod.up !== "function") {
    throw new ConfitureError("MIGRATION_INVALID_MODULE", `${file} does not export a function up(ctx)`, {
      location: { file, line: 1, col: 1 },
      hint: "export async function up({ sql }) { await sql`…`; }",
    });
  }
  if (mod.down !== undefined && typeof mod.down !== "function") {
    throw new ConfitureError("MIGRATION_INVALID_MODULE", `${file}: the export "down" is not a function`, {
      location: { file, line: 1, col: 1 },
    });
  }
  return mod as unknown as MigrationModule;
}

/** The context given to a TypeScript migration. */
export function migrationContext(tx: Session, placeholders: Placeholders = {}): MigrationContext {
  return {
    sql: (strings, ...values) => tx.sql(strings, ...values),
    query: (text, params) => tx.query(text, params),
    exec: (text) => tx.exec(text),
    session: tx,
    placeholders,
  };
}

/**
 * Maps a failure inside a migration to MIGRATION_STATEMENT_FAILED located in the
 * file: the server's error position inside the statement, else the statement start.
 * With `exact`, the statement's `start` already is the error's offset in the file. `whole` is
 * the complete script when `script` holds only the failing statement.
 */
export function statementError(
  e: unknown,
  script: SqlScript,
  index: number,
  exact = false,
  whole: SqlScript = script,
): ConfitureError {
  const ce = toConfitureError(e);
  if (ce.code !== "SQL_ERROR") return ce;
  const s = script.statements[index];
  let offset = s.start;
  if (!exact && ce.position !== undefined && ce.position >= 1 && ce.position <= s.text.length + 1) {
    // the server counts characters (code points) of the statement
    offset = codePointOffset(s.text, 0, ce.position - 1) + s.start;
  }
  const { line, col } = scriptLineCol(script, offset);
  return new ConfitureError("MIGRATION_STATEMENT_FAILED", ce.message, {
    location: { file: script.file, line, col },
    sqlstate: ce.sqlstate,
    detail: ce.detail,
    hint: ce.sqlstate === "55P04" ? newEnumValueHint(whole, offset) : ce.hint,
    cause: e,
  });
}

/**
 * The hint for a new enum value used in the transaction that added it (55P04): split the
 * migration after the `ALTER TYPE … ADD VALUE`.
 */
function newEnumValueHint(script: SqlScript, offset: number): string {
  let last = -1;
  for (let j = 0; j < script.statements.length && script.statements[j].start < offset; j++) {
    if (script.classes[j]?.addsEnumValue) last = j;
  }
  const where = last >= 0 ? ` at line ${scriptLineCol(script, script.statements[last].start).line}` : "";
  return `a new enum value can be used only once the transaction that added it has committed, and a migration ` +
    `runs in one transaction: split this migration after the ALTER TYPE … ADD VALUE${where}, moving the ` +
    `statements that use the new value into a later migration (confiture migrate generate does this)`;
}

/** Maps a failure inside a TypeScript migration, locating it in the file from the stack when possible. */
export function moduleError(e: unknown, path: string, file: string): ConfitureError {
  const ce = toConfitureError(e);
  const url = pathToFileURL(path).href;
  let line = 1;
  let col = 1;
  const at = new RegExp(`${url.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?:, <anonymous>)?:(\\d+):(\\d+)`);
  for (const err of [e, ce]) {
    const stack = err instanceof Error ? err.stack ?? "" : "";
    // an evaluated module (the compiled binary's loader) shows as "(url, <anonymous>:line:col)"
    const m = at.exec(stack);
    if (m) {
      line = Number(m[1]);
      col = Number(m[2]);
      break;
    }
  }
  const code = ce.code === "SQL_ERROR" || ce.code === "INTERNAL_ERROR" ? "MIGRATION_STATEMENT_FAILED" : ce.code;
  return new ConfitureError(code, ce.message, {
    location: { file, line, col },
    sqlstate: ce.sqlstate,
    detail: ce.detail,
    hint: ce.hint,
    cause: e,
  });
}
