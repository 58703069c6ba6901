/**
 * What an apply sends, in order: the statements of the build's files (found by the lexer, with
 * exact offsets), with psql meta-commands and transaction control left out (each a structured
 * warning), what the apply cannot do refused before anything is sent, and the statements of the
 * apply's own at file boundaries (the session reset of `reset_session_per_file`, or the probes
 * that tell whether a file left `search_path` changed).
 * @module
 */
import { ConfitureError } from "../errors/mod.ts";
import { offsetToLineCol, splitStatements } from "../sql/mod.ts";
import type { ApplyWarning } from "./apply.ts";
import type { BuildFile } from "./build.ts";

/** One statement to send, with where it comes from. */
export interface PlannedStatement {
  file: BuildFile;
  /** String index of the statement in `file.text` (for a statement of the apply's own: the file's end). */
  start: number;
  /** The text sent (the statement, with its `;`). */
  text: string;
  /** For `COPY … FROM STDIN`: its inline data and the string index where it starts in `file.text`. */
  copy?: { data: string; start: number };
  /** The statement's first keyword is ALTER. */
  alter?: boolean;
  /** `ALTER TYPE … ADD VALUE`: the transaction commits after it (see `applyBuild`). */
  addsEnumValue?: boolean;
  /** A statement of the apply's own (a session reset, a probe): not counted as the build's. */
  internal?: boolean;
  /** For a probe: the custom setting it writes (see {@link SearchPathProbe}). */
  probe?: string;
}

/** A file after which the apply records `search_path`, to warn when the file changed it. */
export interface SearchPathProbe {
  /**
   * The custom setting the probe stores the value in, for the rest of the transaction, prefixed
   * with `v:` (so that an empty `search_path` differs from a setting never written).
   */
  setting: string;
  file: BuildFile;
  /** String index of the file's last statement that may have changed it (`SET …`, `set_config(…)`). */
  at: number;
}

/** The result of {@link planApply}. */
export interface ApplyPlan {
  list: PlannedStatement[];
  /** Statements of the build (not counting the apply's own). */
  statements: number;
  skipped: number;
  warnings: ApplyWarning[];
  probes: SearchPathProbe[];
}

/**
 * What `reset_session_per_file` runs between two files: every setting back to the session's
 * default (as `RESET ALL`), and the role and session user back to the login's. Transactional,
 * like `SET`: a failed build rolls it back with the rest.
 */
export const SESSION_RESET_SQL = "RESET SESSION AUTHORIZATION;\nRESET ROLE;\nRESET ALL;";

const TRANSACTION_CONTROL = new Set(["begin", "start", "commit", "end", "rollback", "abort"]);

/** psql meta-commands that only change psql's display, output or variables: skipped. */
const HARMLESS_META = new Set([
  "set",
  "unset",
  "echo",
  "qecho",
  "warn",
  "pset",
  "timing",
  "encoding",
  "restrict",
  "unrestrict",
  "conninfo",
  "a",
  "t",
  "x",
  "f",
  "H",
  "C",
  "T",
  "o",
  "out",
  "errverbose",
]);

const INCLUDE_META = new Set(["i", "ir", "include", "include_relative"]);

/** The first line of a statement, shortened for messages. */
export function firstLine(text: string): string {
  const line = text.split("\n", 1)[0].trimEnd();
  return line.length > 160 ? line.slice(0, 157) + "..." : line;
}

/** Why a psql meta-command cannot be part of a build, and what to do instead. */
function unsupportedMeta(name: string): { message: string; hint: string } {
  if (INCLUDE_META.has(name)) {
    return {
      message: `psql include \\${name} is not supported in a build`,
      hint: "every .sql file under include_dirs is already part of the build, in path order: remove the line " +
        "and name the files so that they sort in the order they must run (e.g. 10_tables/, 20_views/)",
    };
  }
  if (name === "c" || name === "connect") {
    return {
      message: `psql \\${name} is not supported in a build`,
      hint: "a build applies to one database: choose it with --env or --database-url, and remove the line",
    };
  }
  if (name === "copy") {
    return {
      message: "psql \\copy is not supported in a build",
      hint: "write COPY … FROM STDIN; followed by the rows and a line holding only \\. (as pg_dump does), " +
        "or INSERT statements",
    };
  }
  return {
    message: `psql meta-command \\${name} is not supported in a build`,
    hint: "a build runs SQL statements only (display commands such as \\set or \\echo are skipped); remove the line",
  };
}

/** Options of {@link planApply}. */
export interface PlanOptions {
  /** Reset the session's settings between files ({@link SESSION_RESET_SQL}) instead of probing `search_path`. */
  resetSession?: boolean;
}

/**
 * The statements to send, in order, and the warnings for what is skipped. Throws
 * BUILD_UNSUPPORTED_STATEMENT for what the apply cannot do (`\i`, `\connect`, `SAVEPOINT`, …).
 */
export function planApply(files: BuildFile[], opts: PlanOptions = {}): ApplyPlan {
  const list: PlannedStatement[] = [];
  const warnings: ApplyWarning[] = [];
  const probes: SearchPathProbe[] = [];
  let skipped = 0;
  let statements = 0;
  for (const [index, file] of files.entries()) {
    let settingAt = -1; // the file's last statement that may change search_path
    for (const s of splitStatements(file.text).statements) {
      const raw = file.text.slice(s.start, s.end);
      const where = (offset = s.start) => ({ file: file.relPath, ...offsetToLineCol(file.text, offset) });
      if (s.metaCommand) {
        const name = /^\\([A-Za-z_]+|.?)/.exec(raw)?.[1] ?? "";
        if (!HARMLESS_META.has(name)) {
          const why = unsupportedMeta(name);
          throw new ConfitureError("BUILD_UNSUPPORTED_STATEMENT", why.message, {
            location: where(),
            detail: `line: ${firstLine(raw)}`,
            hint: why.hint,
          });
        }
      }
      if (s.metaInside !== undefined) {
        // psql runs a meta-command that follows a statement's text (`SELECT … \gexec`) instead of sending it
        const meta = file.text.slice(s.metaInside, file.text.indexOf("\n", s.metaInside) >>> 0);
        const name = /^\\([A-Za-z_]+|.?)/.exec(meta)?.[1] ?? "";
        const why = HARMLESS_META.has(name)
          ? {
            message: `psql meta-command \\${name} inside a statement is not supported in a build`,
            hint: "move the line out of the statement, or remove it (display commands only matter to psql)",
          }
          : unsupportedMeta(name);
        throw new ConfitureError("BUILD_UNSUPPORTED_STATEMENT", why.message, {
          location: where(s.metaInside),
          detail: `statement: ${firstLine(raw)}\nline: ${firstLine(meta)}`,
          hint: why.hint,
        });
      }
      if (
        s.keyword === "savepoint" || s.keyword === "release" ||
        (s.keyword === "rollback" && /^rollback(?:\s+(?:work|transaction))?\s+to\b/i.test(raw))
      ) {
        // Skipping ROLLBACK TO would keep what psql undoes; sending it would depend on where batches end
        // (each batch's own savepoint is released after it, and the savepoints made in it with it).
        throw new ConfitureError(
          "BUILD_UNSUPPORTED_STATEMENT",
          `${s.keyword.toUpperCase()} is not supported in a build`,
          {
            location: where(),
            detail: `statement: ${firstLine(raw)}`,
            hint:
              "the build is one transaction that a failure rolls back as a whole: remove the savepoint statements " +
              "and the statements they undo",
          },
        );
      }
      if (s.metaCommand || TRANSACTION_CONTROL.has(s.keyword)) {
        const location = where();
        const meta = s.metaCommand;
        const statement = firstLine(raw);
        skipped++;
        warnings.push({
          kind: meta ? "skipped_meta_command" : "skipped_transaction_control",
          name: meta ? `\\${/^\\([A-Za-z_]+|.?)/.exec(raw)?.[1] ?? ""}` : s.keyword.toUpperCase(),
          statement,
          location,
          message: `${file.relPath}:${location.line}:${location.col}: skipped ${
            meta ? "psql meta-command" : "transaction control"
          } "${statement}" (${meta ? "it only matters to psql" : "the build runs in one transaction"})`,
        });
        continue;
      }
      statements++;
      if (s.keyword === "set" || s.keyword === "reset" || /search_path/i.test(raw)) settingAt = s.start;
      if (s.copyData) {
        list.push({
          file,
          start: s.start,
          text: raw,
          copy: { data: file.text.slice(s.copyData.start, s.copyData.end), start: s.copyData.start },
        });
        continue;
      }
      if (s.keyword === "copy" && /\bfrom\s+stdin\b/i.test(raw)) {
        throw new ConfitureError("BUILD_UNSUPPORTED_STATEMENT", "COPY … FROM STDIN without a terminating ';'", {
          location: where(),
          detail: `statement: ${firstLine(raw)}`,
          hint: "end the statement with ';', then the rows, then a line holding only \\.",
        });
      }
      list.push({ file, start: s.start, text: s.terminated ? raw : raw + ";", alter: s.keyword === "alter" });
    }
    if (index === files.length - 1) continue;
    // at the boundary with the next file
    if (opts.resetSession) {
      list.push({ file, start: file.text.length, text: SESSION_RESET_SQL, internal: true });
    } else if (settingAt >= 0) {
      const setting = `confiture.search_path_${probes.length}`;
      probes.push({ setting, file, at: settingAt });
      list.push({
        file,
        start: file.text.length,
        text: `SELECT pg_catalog.set_config('${setting}', ` +
          "pg_catalog.concat('v:', pg_catalog.current_setting('search_path')), true);",
        internal: true,
        probe: setting,
      });
    }
  }
  return { list, statements, skipped, warnings, probes };
}
