/**
 * DDL sources applied to a (scratch) database: the environment's schema tree, or a `.sql` file or
 * folder. PostgreSQL interprets the DDL; the result is inspected like any database.
 * @module
 */
import { applyBuild, type BuildFile, buildSchema, type BuildSource, decodeSql } from "../build/mod.ts";
import { paths } from "../config/mod.ts";
import type { Session } from "../db/mod.ts";
import type { RenameHint } from "../diff/mod.ts";
import { ConfitureError } from "../errors/mod.ts";
import { renameHintsFromSql } from "./rename_hints.ts";

/** A DDL source: the environment's tree, or a `.sql` file or folder. */
export type DdlSource =
  | { kind: "schema"; config: BuildSource }
  /** `display`: the path as the user gave it, used in locations and messages (default `path`). */
  | { kind: "path"; path: string; display?: string };

/** Options of {@link readDdlSource} and {@link applyDdlSource}. */
export interface DdlSourceOptions {
  /** Stops the apply between batches (its transaction is rolled back). */
  signal?: AbortSignal;
  /** Receives a line for each skipped statement or questionable file. */
  onWarning?: (message: string) => void;
  /** Progress of the apply. */
  onProgress?: (e: { phase: string; done: number; total: number; item?: string }) => void;
}

/** The files of a DDL source, in build order. A missing path is `FILE_NOT_FOUND`. */
export async function readDdlSource(source: DdlSource, opts: DdlSourceOptions = {}): Promise<BuildFile[]> {
  if (source.kind === "schema") {
    const built = await buildSchema(source.config);
    for (const w of built.warnings) opts.onWarning?.(w);
    return built.files;
  }
  const shown = source.display ?? source.path;
  let stat: Deno.FileInfo;
  try {
    stat = await Deno.stat(source.path);
  } catch (e) {
    throw new ConfitureError("FILE_NOT_FOUND", `${shown} does not exist`, { cause: e });
  }
  if (stat.isDirectory) {
    const dir = source.path;
    const built = await buildSchema({
      root: dir,
      env: "diff",
      includeDirs: [{ path: dir, include: ["**/*.sql"], exclude: [] }],
      excludeDirs: [],
      seedsDir: paths.join(dir, ".none"),
    });
    for (const w of built.warnings) opts.onWarning?.(w);
    // Locations name each file under the folder as the user gave it.
    return built.files.map((f) => ({ ...f, relPath: paths.join(shown, f.relPath) }));
  }
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(source.path);
  } catch (e) {
    throw new ConfitureError("FILE_UNREADABLE", `cannot read ${shown}`, { cause: e });
  }
  const text = decodeSql(bytes, shown);
  return [{ path: source.path, relPath: shown, role: "schema", bytes, text }];
}

/**
 * Applies a DDL source to `db` (in one transaction, with the build engine) and returns the
 * rename hints its files declare.
 *
 * @example
 * ```ts
 * const { renames } = await applyDdlSource(scratch.db, { kind: "path", path: "new.sql" });
 * ```
 */
export async function applyDdlSource(
  db: Session,
  source: DdlSource,
  opts: DdlSourceOptions = {},
): Promise<{ renames: RenameHint[]; files: number }> {
  const files = await readDdlSource(source, opts);
  if (files.length > 0) {
    await applyBuild(db, files, { signal: opts.signal, onWarning: opts.onWarning, onProgress: opts.onProgress });
  }
  return { renames: renameHintsFromSql(files.map((f) => f.text).join("\n")), files: files.length };
}
