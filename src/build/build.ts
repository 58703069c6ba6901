/**
 * The build: schema files read concurrently, checked for unterminated tokens,
 * hashed in order, and rendered as one schema text.
 * @module
 */
import { ConfitureError } from "../errors/mod.ts";
import { lexSummary, offsetToLineCol, splitStatements } from "../sql/mod.ts";
import { discoverFiles, type SourceDir, type SourceFile } from "./discover.ts";
import { SchemaHasher } from "./hash.ts";
import { SESSION_RESET_SQL } from "./_plan.ts";

/** A file of the build, read and checked. */
export interface BuildFile extends SourceFile {
  /** The file's bytes as stored (what the hash covers). */
  bytes: Uint8Array;
  /** The decoded text (a leading UTF-8 byte order mark removed). */
  text: string;
  /**
   * The file's last statement has no `;`: the built file gets a `;` line after the file, and
   * `--apply` sends the statement with one, so that it never runs into the next file.
   */
  openStatement?: boolean;
}

/** What the build needs from the configuration. */
export interface BuildSource {
  /** Absolute project root. */
  root: string;
  /** Environment name (header of the output, seed folder). */
  env: string;
  /** Schema folders (absolute) with their include and exclude globs. */
  includeDirs: { path: string; include: string[]; exclude: string[] }[];
  /** Absolute folders skipped during discovery. */
  excludeDirs: string[];
  /** Absolute `db/seeds`. */
  seedsDir: string;
  /** `reset_session_per_file`: the built file resets the session between files, as `--apply` does. */
  resetSessionPerFile?: boolean;
}

/** Options of {@link buildSchema}. */
export interface BuildOptions {
  /** Append `db/seeds/common` and `db/seeds/<env>` after the schema. */
  withSeeds?: boolean;
  /** Receives a progress event after each file is read. */
  onProgress?: (e: { phase: string; done: number; total: number; item?: string }) => void;
  /**
   * Files read at the same time. Default: one after another while reads are fast (the page
   * cache), 64 at a time from the first slow read on. Given: always that many at a time.
   */
  concurrency?: number;
}

/** The result of a build. */
export interface BuildResult {
  /** The environment the build was made for. */
  env: string;
  /** The files of the build, in apply order. */
  files: BuildFile[];
  /** Lowercase hex SHA-256 of the schema files (seeds do not enter it): see {@link SchemaHasher}. */
  hash: string;
  /** Total bytes of the source files. */
  bytes: number;
  /** Human warnings (empty tree, a file ending without `;`, a byte order mark). */
  warnings: string[];
  /** The session is reset between files (`reset_session_per_file`): {@link renderBuild} writes the reset. */
  resetSessionPerFile?: boolean;
}

const decoder = new TextDecoder("utf-8", { ignoreBOM: false });
const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** Where the first invalid UTF-8 sequence of `bytes` starts: line and column (in bytes) */
function invalidUtf8At(bytes: Uint8Array): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let need = 0;
    if (b < 0x80) need = 0;
    else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else break;
    let ok = i + need < bytes.length;
    for (let k = 1; ok && k <= need; k++) ok = (bytes[i + k] & 0xc0) === 0x80;
    if (!ok) break;
    if (b === 10) {
      line++;
      lineStart = i + 1;
    }
    i += need + 1;
  }
  return { line, col: i - lineStart + 1 };
}

/** Decodes a file's bytes as UTF-8; FILE_UNREADABLE at the first bad byte otherwise. */
export function decodeSql(bytes: Uint8Array, relPath: string): string {
  // The replacing decoder is many times faster than the fatal one (which checks in a slower
  // path): every invalid sequence becomes U+FFFD, so a text without one was valid UTF-8. Only
  // a text holding U+FFFD (invalid, or a real U+FFFD) is decoded again strictly.
  const text = decoder.decode(bytes);
  if (!text.includes("\ufffd")) return text;
  try {
    return strictDecoder.decode(bytes);
  } catch (e) {
    const at = invalidUtf8At(bytes);
    throw new ConfitureError("FILE_UNREADABLE", `${relPath} is not valid UTF-8`, {
      location: { file: relPath, ...at },
      hint: "convert it, e.g. iconv -f LATIN1 -t UTF-8",
      cause: e,
    });
  }
}

/** The folders searched for a build, in order. */
export function sourceDirs(src: BuildSource, withSeeds: boolean): SourceDir[] {
  const dirs: SourceDir[] = src.includeDirs.map((d) => ({
    path: d.path,
    include: d.include,
    exclude: d.exclude,
    role: "schema" as const,
  }));
  if (withSeeds) {
    for (const sub of ["common", src.env]) {
      dirs.push({ path: `${src.seedsDir}/${sub}`, optional: true, role: "seed" });
    }
  }
  return dirs;
}

/**
 * Reads, checks and hashes the schema tree of an environment.
 *
 * Every file must be UTF-8 and must not end inside a string, quoted identifier,
 * dollar-quoted body or block comment (BUILD_UNTERMINATED at the token's start):
 * such a file would swallow the next one when concatenated.
 *
 * @example
 * ```ts
 * import { buildSchema, loadConfig } from "./mod.ts";
 * const cfg = await loadConfig({ root: ".", vars: {} });
 * const result = await buildSchema(cfg);
 * console.log(result.hash, result.files.length);
 * ```
 */
export async function buildSchema(src: BuildSource, opts: BuildOptions = {}): Promise<BuildResult> {
  const sources = discoverFiles({
    root: src.root,
    dirs: sourceDirs(src, opts.withSeeds ?? false),
    excludeDirs: src.excludeDirs,
  });
  const warnings: string[] = [];
  if (!sources.some((f) => f.role === "schema")) {
    warnings.push(`no .sql files found under ${src.includeDirs.map((d) => rel(src.root, d.path)).join(", ")}`);
  }
  const total = sources.length;
  const files: BuildFile[] = new Array(total);
  const hasher = new SchemaHasher();
  let hashed = 0;
  let bytes = 0;
  const read: (Uint8Array | undefined)[] = new Array(total);
  let done = 0;
  // The hash consumes the files in build order as they arrive.
  const arrived = (i: number, data: Uint8Array) => {
    read[i] = data;
    while (hashed < total && read[hashed] !== undefined) {
      if (sources[hashed].role === "schema") hasher.add(sources[hashed].relPath, read[hashed]!);
      hashed++;
    }
    done++;
    if (opts.onProgress && (done % 256 === 0 || done === total)) {
      opts.onProgress({ phase: "reading files", done, total, item: sources[i].relPath });
    }
  };
  // From the page cache, one read costs a few microseconds and the runtime's per-call cost of an
  // asynchronous read dominates: files are read one after another. When reads turn slow (a cold
  // cache, a network file system), the rest are read concurrently.
  const limit = Math.max(1, opts.concurrency ?? 64);
  let next = 0;
  if (limit > 1 && opts.concurrency === undefined) {
    let windowStart = performance.now();
    let slowWindows = 0;
    while (next < total) {
      const i = next++;
      arrived(i, readSync(sources[i]));
      if ((i + 1) % READ_WINDOW === 0) {
        const now = performance.now();
        slowWindows = now - windowStart > READ_WINDOW * SLOW_READ_MS ? slowWindows + 1 : 0;
        if (slowWindows === 2) break;
        windowStart = now;
      }
    }
  }
  const worker = async () => {
    while (next < total) {
      const i = next++;
      arrived(i, await readAsync(sources[i]));
    }
  };
  if (next < total) await Promise.all(Array.from({ length: Math.min(limit, total - next) }, worker));
  // WebCrypto hashes on a runtime thread: it runs while the files are decoded and checked.
  const hashing = hasher.digest();
  hashing.catch(() => {});
  for (let i = 0; i < total; i++) {
    const f = sources[i];
    const b = read[i]!;
    bytes += b.length;
    let text = decodeSql(b, f.relPath);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const summary = lexSummary(text);
    if (summary.unterminated) {
      const u = summary.unterminated;
      throw new ConfitureError("BUILD_UNTERMINATED", `${f.relPath} ends inside ${KIND_NAMES[u.kind]}`, {
        location: { file: f.relPath, line: u.line, col: u.col },
        detail: `${
          KIND_NAMES[u.kind].replace(/^(a|the) /, "the ")
        } starting here is never closed, so it would swallow the files after it`,
        hint: HINTS[u.kind],
      });
    }
    files[i] = { ...f, bytes: b, text };
    if (summary.openStatement) {
      const at = summary.openStatementAt ?? 0;
      const lc = offsetToLineCol(text, at);
      const [open] = splitStatements(text.slice(at)).statements;
      if (open?.keyword === "copy" && /\bfrom\s+stdin\b/i.test(text.slice(at + open.start, at + open.end))) {
        throw new ConfitureError("BUILD_UNSUPPORTED_STATEMENT", "COPY … FROM STDIN without a terminating ';'", {
          location: { file: f.relPath, line: lc.line, col: lc.col },
          detail: "psql would read the files after it as the COPY's data",
          hint: "end the statement with ';', then the rows, then a line holding only \\.",
        });
      }
      files[i].openStatement = true;
      warnings.push(
        `${f.relPath}:${lc.line}:${lc.col}: the last statement has no terminating ';': the build ends it (a ';' ` +
          "line follows the file in the built file, and --apply sends the statement with one), so that it does " +
          "not run into the next file",
      );
    }
  }
  const result: BuildResult = { env: src.env, files, hash: await hashing, bytes, warnings };
  if (src.resetSessionPerFile) result.resetSessionPerFile = true;
  return result;
}

/**
 * When the files of two windows in a row take longer than this on average (milliseconds per
 * file), the rest are read concurrently. Averaging over windows keeps a preempted read on a busy
 * machine from switching.
 */
const SLOW_READ_MS = 0.5;
const READ_WINDOW = 64;

function readError(f: SourceFile, e: unknown): ConfitureError {
  if (e instanceof Deno.errors.NotFound) {
    return new ConfitureError("FILE_NOT_FOUND", `${f.relPath} disappeared while building`, { cause: e });
  }
  return new ConfitureError("FILE_UNREADABLE", `cannot read ${f.relPath}`, {
    detail: e instanceof Error ? e.message : String(e),
    cause: e,
  });
}

function readSync(f: SourceFile): Uint8Array {
  try {
    return Deno.readFileSync(f.path);
  } catch (e) {
    throw readError(f, e);
  }
}

async function readAsync(f: SourceFile): Promise<Uint8Array> {
  try {
    return await Deno.readFile(f.path);
  } catch (e) {
    throw readError(f, e);
  }
}

const KIND_NAMES = {
  string: "a string literal",
  quoted_identifier: "a quoted identifier",
  dollar_quote: "a dollar-quoted body",
  block_comment: "a block comment",
  copy_data: "the data of a COPY … FROM STDIN",
} as const;

const HINTS = {
  string: "close the quote; inside a string a quote is written '' (and \\' only in E'' strings)",
  quoted_identifier: 'close the identifier with "; inside it a double quote is written ""',
  dollar_quote: "end the body with the same tag that opened it, e.g. $body$ … $body$",
  block_comment: "close the comment with */; block comments nest, so each /* needs its own */",
  copy_data: "end the data with a line holding only \\. (as pg_dump writes it)",
} as const;

function rel(root: string, p: string): string {
  return p.startsWith(root + "/") ? p.slice(root.length + 1) : p;
}

const enc = new TextEncoder();

/**
 * Renders a build as one schema file: a header (environment, file count, hash;
 * no timestamp, so two builds of the same tree are byte-identical), then each
 * file after a `-- File: <relative path>` line. Files are copied as stored;
 * a newline is added after a file that does not end with one, and a `;` line after a file whose
 * last statement has none. With `reset_session_per_file`, the session is reset between files,
 * as `--apply` does it.
 *
 * @example
 * ```ts
 * import { buildSchema, loadConfig, renderBuild } from "./mod.ts";
 * const cfg = await loadConfig({ root: ".", vars: Deno.env.toObject() });
 * await Deno.writeFile("schema.sql", renderBuild(await buildSchema(cfg)));
 * ```
 */
export function renderBuild(result: BuildResult): Uint8Array {
  const schema = result.files.filter((f) => f.role === "schema").length;
  const seeds = result.files.length - schema;
  const header = [
    "-- Confiture schema build (generated; edit the source files, not this one)",
    `-- Environment: ${result.env}`,
    `-- Files: ${schema} schema${seeds > 0 ? `, ${seeds} seed` : ""}`,
    `-- Schema hash: sha256:${result.hash}`,
    "",
  ].join("\n");
  // Two passes over the files: the size, then the bytes, copied once into the output.
  const bodies: Uint8Array[] = new Array(result.files.length);
  const seps: string[] = new Array(result.files.length);
  const tails: string[] = new Array(result.files.length);
  let size = utf8Length(header);
  let role: string = "schema";
  for (let i = 0; i < result.files.length; i++) {
    const f = result.files[i];
    let sep = "";
    if (f.role !== role) {
      role = f.role;
      sep += "\n-- Seeds\n";
    }
    sep += `\n-- File: ${f.relPath}\n`;
    let body = f.bytes;
    if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3);
    seps[i] = sep;
    bodies[i] = body;
    tails[i] = (f.openStatement ? TERMINATOR : "") +
      (result.resetSessionPerFile && i < result.files.length - 1 ? SESSION_RESET : "");
    size += utf8Length(sep) + body.length + (body.length > 0 && body[body.length - 1] !== 10 ? 1 : 0) +
      utf8Length(tails[i]);
  }
  const out = new Uint8Array(size);
  let at = enc.encodeInto(header, out).written;
  for (let i = 0; i < bodies.length; i++) {
    at += enc.encodeInto(seps[i], out.subarray(at)).written;
    const body = bodies[i];
    out.set(body, at);
    at += body.length;
    if (body.length > 0 && body[body.length - 1] !== 10) out[at++] = 10;
    if (tails[i] !== "") at += enc.encodeInto(tails[i], out.subarray(at)).written;
  }
  return out;
}

/** After a file whose last statement has no `;`. */
const TERMINATOR = "; -- added by the build: the last statement of this file has no ';'\n";

/** Between two files, with `reset_session_per_file`. */
const SESSION_RESET = `\n-- Session reset between files (reset_session_per_file)\n${SESSION_RESET_SQL}\n`;

/** The UTF-8 length of `s`. */
function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      i++; // a surrogate pair: 2 code units, 4 bytes
      n += 2;
    } else n += 2; // 3 bytes (a lone surrogate becomes U+FFFD, also 3)
  }
  return n;
}
