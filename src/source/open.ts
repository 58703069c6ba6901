/**
 * Schema sources: each side of a diff is a session that holds a schema state. A database is
 * connected to; a DDL tree, a `.sql` file or folder, or the project's migrations are applied to a
 * scratch database (on the other side's server when it has one, so both sides run the same
 * PostgreSQL version; otherwise the embedded engine), which is dropped when the pair is closed.
 * @module
 */
import type { BuildSource } from "../build/mod.ts";
import { closest, paths } from "../config/mod.ts";
import { connect, type ConnectionInfo, type Database, openScratch, type Session } from "../db/mod.ts";
import type { RenameHint } from "../diff/mod.ts";
import { ConfitureError, redact } from "../errors/mod.ts";
import { applyDdlSource } from "./ddl.ts";

/** A schema state to compare. */
export type SchemaSource =
  /** A database to connect to: `postgres://…`, `embedded:memory`, `embedded:<folder>`. */
  | { kind: "database"; url: string; label?: string }
  /** A session the caller opened and closes (`serverUrl`: its server, for scratch databases beside it). */
  | { kind: "session"; db: Session; label: string; serverUrl?: string }
  /** A project's DDL tree (the environment's include_dirs). */
  | { kind: "tree"; config: BuildSource; label?: string }
  /** A `.sql` file or a folder of them; `display` is the path as the user gave it. */
  | { kind: "path"; path: string; display?: string }
  /** A state made by a function run on an empty scratch database (e.g. the migrations replayed). */
  | { kind: "replay"; replay: (db: Database) => Promise<void>; label: string };

/** What opening a pair of sources reports; the CLI renders these. */
export type SourceEvent =
  /** A database side was connected to. */
  | { type: "connected"; role: SourceRole; info: ConnectionInfo }
  /** A side is being applied to a scratch database (`embedded`: on the embedded engine). */
  | { type: "scratch"; role: SourceRole; label: string; embedded: boolean; url: string }
  /** A skipped statement or a questionable file while applying DDL. */
  | { type: "warning"; message: string }
  /** Progress of applying a DDL side. */
  | { type: "progress"; phase: string; done: number; total: number; item?: string };

/** The two sides of a comparison. */
export type SourceRole = "from" | "to";

/** Options of {@link openSchemaPair}. */
export interface OpenSourcesOptions {
  /** A server for scratch databases when neither side is on a server (default: the embedded engine). */
  scratchServer?: string;
  /** Interrupts: scratch databases are dropped at once (cancelling a statement running in them). */
  signal?: AbortSignal;
  /** Receives progress events (a scratch database made, a side opened). */
  onEvent?: (e: SourceEvent) => void;
}

/** One side, open. */
export interface OpenedSource {
  /** What to call it in messages: a redacted URL, "schema", a path as given. */
  label: string;
  db: Session;
}

/** Both sides, open; `close()` closes the connections it made and drops scratch databases. */
export interface SchemaPair {
  from: OpenedSource;
  to: OpenedSource;
  /** The rename hints the `to` side's DDL declares (`-- confiture:renamed-from`). */
  renames: RenameHint[];
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const isUrl = (s: string) => /^(postgres|postgresql):\/\//.test(s) || s.startsWith("embedded:");
const isServerUrl = (s: string) => /^(postgres|postgresql):\/\//.test(s);

/** The words a schema side may be instead of a URL or a path. */
export const SOURCE_KEYWORDS = ["database", "schema", "migrations"] as const;

/** A side as written on a command line, checked before anything is opened. */
export type SourceSpec =
  | { kind: "keyword"; keyword: typeof SOURCE_KEYWORDS[number] }
  | { kind: "url"; url: string }
  | { kind: "path"; path: string; display: string };

/**
 * Reads a side as written on a command line: a keyword, a database URL, or a `.sql` file or
 * folder, which must exist (checked now, before any engine starts). A word that is neither
 * and is close to a keyword is refused with the keyword suggested.
 *
 * @example
 * ```ts
 * parseSourceSpec("schema", Deno.cwd()); // { kind: "keyword", keyword: "schema" }
 * ```
 */
export function parseSourceSpec(spec: string, cwd: string, flag = "side"): SourceSpec {
  if ((SOURCE_KEYWORDS as readonly string[]).includes(spec)) {
    return { kind: "keyword", keyword: spec as typeof SOURCE_KEYWORDS[number] };
  }
  if (isUrl(spec)) return { kind: "url", url: spec };
  const path = paths.isAbsolute(spec) ? spec : paths.resolve(cwd, spec);
  try {
    Deno.statSync(path);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) {
      throw new ConfitureError("FILE_UNREADABLE", `cannot read ${spec}`, { cause: e });
    }
    const keyword = /[/\\.]/.test(spec) ? undefined : closest(spec, SOURCE_KEYWORDS);
    throw new ConfitureError(
      keyword ? "USAGE_INVALID_ARGUMENT" : "FILE_NOT_FOUND",
      keyword ? `unknown ${flag} "${spec}"` : `${spec} does not exist`,
      {
        hint: keyword
          ? `did you mean "${keyword}"?`
          : "a side is a database URL, database, schema, migrations, or a .sql file or folder",
      },
    );
  }
  return { kind: "path", path, display: spec };
}

/**
 * Opens both sides. Database sides first; DDL and replay sides are then applied to a scratch
 * database on the server of the other side when it has one, else on `scratchServer`, else on the
 * embedded engine.
 *
 * @example
 * ```ts
 * await using pair = await openSchemaPair(
 *   { kind: "database", url: "postgres://postgres@127.0.0.1/app" },
 *   { kind: "path", path: "db/schema" },
 * );
 * const diff = await schemaDiff({ from: pair.from.db, to: pair.to.db, renames: pair.renames });
 * ```
 */
export async function openSchemaPair(
  from: SchemaSource,
  to: SchemaSource,
  opts: OpenSourcesOptions = {},
): Promise<SchemaPair> {
  const closers: (() => Promise<void>)[] = [];
  let closing: Promise<void> | undefined;
  const closeAll = () =>
    closing ??= (async () => {
      for (const c of [...closers].reverse()) await c();
    })();
  // Interrupted: the scratch databases are dropped at once, which cancels a statement running in them.
  const onAbort = () => {
    closeAll().catch((e) =>
      opts.onEvent?.({
        type: "warning",
        message: `cleanup after interruption: ${e instanceof Error ? e.message : String(e)}`,
      })
    );
  };
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  const sources = { from, to };
  const opened: Partial<Record<SourceRole, OpenedSource>> = {};
  const servers: Partial<Record<SourceRole, string>> = {};
  let renames: RenameHint[] = [];
  try {
    for (const role of ["from", "to"] as const) {
      const s = sources[role];
      if (s.kind === "session") {
        opened[role] = { label: s.label, db: s.db };
        if (s.serverUrl) servers[role] = s.serverUrl;
      } else if (s.kind === "database") {
        const db = await connect({ url: s.url, source: "flag" });
        closers.push(() => db.close());
        opts.onEvent?.({ type: "connected", role, info: db.info });
        opened[role] = { label: s.label ?? db.info.display, db };
        if (db.info.backend === "server") servers[role] = s.url;
      }
    }
    for (const role of ["from", "to"] as const) {
      if (opened[role]) continue;
      const s = sources[role] as Exclude<SchemaSource, { kind: "session" | "database" }>;
      const label = s.kind === "tree" ? s.label ?? "schema" : s.kind === "path" ? s.display ?? s.path : s.label;
      const other = role === "from" ? "to" : "from";
      const serverUrl = servers[other] ??
        (opts.scratchServer && isServerUrl(opts.scratchServer) ? opts.scratchServer : undefined);
      const scratch = await openScratch({ serverUrl, label: "diff", signal: opts.signal });
      closers.push(() => scratch.dispose());
      opts.onEvent?.({
        type: "scratch",
        role,
        label,
        embedded: scratch.url.startsWith("embedded:"),
        url: redact(scratch.url),
      });
      if (s.kind === "replay") {
        await s.replay(scratch.db);
      } else {
        const r = await applyDdlSource(
          scratch.db,
          s.kind === "tree" ? { kind: "schema", config: s.config } : s,
          {
            signal: opts.signal,
            onWarning: (message) => opts.onEvent?.({ type: "warning", message }),
            onProgress: (e) => opts.onEvent?.({ type: "progress", ...e }),
          },
        );
        if (role === "to") renames = r.renames;
      }
      opened[role] = { label, db: scratch.db };
    }
    const close = () => {
      opts.signal?.removeEventListener("abort", onAbort);
      return closeAll();
    };
    return { from: opened.from!, to: opened.to!, renames, close, [Symbol.asyncDispose]: close };
  } catch (e) {
    opts.signal?.removeEventListener("abort", onAbort);
    await closeAll();
    throw e;
  }
}
