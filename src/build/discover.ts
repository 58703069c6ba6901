/**
 * Discovery of the schema's `.sql` files, in build order.
 *
 * Order: the include folders in the order the environment lists them; inside
 * each, every `.sql` file under it (recursively), sorted by path with the path
 * segments compared one by one, byte-wise (UTF-8, no locale): `00_common/` <
 * `10_tables/` < `20_views/`, `a/z.sql` < `a.sql` (the folder `a` sorts before
 * the file `a.sql`), `B.sql` < `a.sql`. A file reached twice (overlapping
 * include folders) is taken once, at its first place.
 * @module
 */
import { ConfitureError } from "../errors/mod.ts";
import { compileGlob, type Glob } from "./_glob.ts";

/** A discovered source file. */
export interface SourceFile {
  /** Absolute path (through symbolic links, as found). */
  path: string;
  /** Path relative to the project root, `/`-separated: the name used in output, hashes and errors. */
  relPath: string;
  /** Schema source, or seed data (`--with-seeds`). */
  role: "schema" | "seed";
}

/** A folder to search. */
export interface SourceDir {
  /** Absolute path. */
  path: string;
  /** Globs a file (relative to the folder) must match, any of them; empty: every `.sql` file. */
  include?: string[];
  /** Globs that exclude a file. */
  exclude?: string[];
  /** When true, a missing folder is skipped instead of being an error (seed folders). */
  optional?: boolean;
  role?: "schema" | "seed";
}

/** Options of {@link discoverFiles}. */
export interface DiscoverOptions {
  /** Absolute project root; `relPath`s are relative to it. */
  root: string;
  dirs: SourceDir[];
  /** Absolute folders skipped wherever they appear. */
  excludeDirs?: string[];
}

/**
 * Compares two strings by their UTF-8 bytes (which is code point order).
 * JavaScript's `<` compares UTF-16 code units, which differs for characters
 * above U+FFFF against U+E000–U+FFFF.
 */
export function compareBytewise(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800) x = x <= 0xdfff ? x + 0x2000 : x - 0x800;
    if (y >= 0xd800) y = y <= 0xdfff ? y + 0x2000 : y - 0x800;
    return x - y;
  }
  return a.length - b.length;
}

/** Compares two `/`-separated paths segment by segment, byte-wise: the build order. */
export function comparePaths(a: string, b: string): number {
  const sa = a.split("/");
  const sb = b.split("/");
  const n = Math.min(sa.length, sb.length);
  for (let i = 0; i < n; i++) {
    const c = compareBytewise(sa[i], sb[i]);
    if (c !== 0) return c;
  }
  return sa.length - sb.length;
}

function trimSlash(p: string): string {
  return p.length > 1 && p.endsWith("/") ? p.slice(0, -1) : p;
}

function relativeTo(root: string, path: string): string {
  if (path === root) return ".";
  const prefix = root.endsWith("/") ? root : root + "/";
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

function fsError(e: unknown, shown: string): ConfitureError {
  if (e instanceof Deno.errors.NotFound) {
    return new ConfitureError("FILE_NOT_FOUND", `${shown} does not exist`, { cause: e });
  }
  if (e instanceof Deno.errors.PermissionDenied) {
    return new ConfitureError("FILE_UNREADABLE", `cannot read ${shown}: permission denied`, { cause: e });
  }
  if (e instanceof ConfitureError) return e;
  return new ConfitureError("FILE_UNREADABLE", `cannot read ${shown}`, {
    detail: e instanceof Error ? e.message : String(e),
    cause: e,
  });
}

/**
 * Finds the `.sql` files of the given folders, in build order (see the module
 * documentation). Errors name the path: a missing include folder
 * (FILE_NOT_FOUND), an unreadable folder (FILE_UNREADABLE), a broken symbolic
 * link (FILE_NOT_FOUND), a symbolic link loop (BUILD_SYMLINK_LOOP).
 *
 * @example
 * ```ts
 * const files = discoverFiles({ root: "/app", dirs: [{ path: "/app/db/schema" }] });
 * files.map((f) => f.relPath); // ["db/schema/00_common/extensions.sql", "db/schema/10_tables/users.sql"]
 * ```
 */
export function discoverFiles(opts: DiscoverOptions): SourceFile[] {
  const root = trimSlash(opts.root);
  const excluded = new Set((opts.excludeDirs ?? []).map(trimSlash));
  const seen = new Set<string>();
  const out: SourceFile[] = [];
  for (const dir of opts.dirs) {
    const base = trimSlash(dir.path);
    const shownBase = relativeTo(root, base);
    if (excluded.has(base)) continue;
    let info: Deno.FileInfo;
    let real: string;
    try {
      info = Deno.statSync(base);
      real = Deno.realPathSync(base);
    } catch (e) {
      if (dir.optional && e instanceof Deno.errors.NotFound) continue;
      const err = fsError(e, shownBase);
      if (err.code === "FILE_NOT_FOUND") {
        err.message = `include folder ${shownBase} does not exist`;
        err.hint = "create it, or fix include_dirs in the environment file";
      }
      throw err;
    }
    if (!info.isDirectory) {
      throw new ConfitureError("FILE_NOT_FOUND", `include folder ${shownBase} is not a folder`, {
        hint: "include_dirs lists folders; use include globs to pick files",
      });
    }
    const include: Glob[] = (dir.include ?? []).map(compileGlob);
    const exclude: Glob[] = (dir.exclude ?? []).map(compileGlob);
    const role = dir.role ?? "schema";
    const walk = (abs: string, rel: string, ancestors: Set<string>, realDir: string) => {
      let entries: Deno.DirEntry[];
      try {
        entries = Array.from(Deno.readDirSync(abs));
      } catch (e) {
        throw fsError(e, relativeTo(root, abs));
      }
      entries.sort((a, b) => compareBytewise(a.name, b.name));
      for (const ent of entries) {
        const childAbs = abs + "/" + ent.name;
        const childRel = rel === "" ? ent.name : rel + "/" + ent.name;
        let isDir = ent.isDirectory;
        let isFile = ent.isFile;
        let childReal = realDir + "/" + ent.name;
        if (ent.isSymlink) {
          try {
            const st = Deno.statSync(childAbs);
            isDir = st.isDirectory;
            isFile = st.isFile;
            childReal = Deno.realPathSync(childAbs);
          } catch (e) {
            const shown = relativeTo(root, childAbs);
            if (e instanceof Deno.errors.NotFound) {
              throw new ConfitureError("FILE_NOT_FOUND", `${shown} is a symbolic link to nothing`, {
                hint: "remove the link or restore its target",
                cause: e,
              });
            }
            if (e instanceof Error && /too many (levels of )?symbolic links|ELOOP/i.test(e.message)) {
              throw new ConfitureError("BUILD_SYMLINK_LOOP", `${shown} is a symbolic link loop`, { cause: e });
            }
            throw fsError(e, shown);
          }
        }
        if (isDir) {
          if (excluded.has(childAbs)) continue;
          if (ancestors.has(childReal)) {
            throw new ConfitureError("BUILD_SYMLINK_LOOP", `${relativeTo(root, childAbs)} is a symbolic link loop`, {
              detail: `it leads back to ${relativeTo(root, childReal)}, which contains it`,
              hint: "remove the link, or add its folder to exclude_dirs",
            });
          }
          ancestors.add(childReal);
          walk(childAbs, childRel, ancestors, childReal);
          ancestors.delete(childReal);
        } else if (isFile && ent.name.endsWith(".sql")) {
          if (include.length > 0 && !include.some((g) => g.test(childRel))) continue;
          if (exclude.some((g) => g.test(childRel))) continue;
          const relPath = relativeTo(root, childAbs);
          if (seen.has(childAbs)) continue;
          seen.add(childAbs);
          out.push({ path: childAbs, relPath, role });
        }
      }
    };
    walk(base, "", new Set([real]), real);
  }
  return out;
}
