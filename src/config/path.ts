/**
 * Path helpers with `node:path` semantics, without `node:path`.
 *
 * Importing any `node:` module makes Deno start its Node compatibility layer
 * (~5 ms), and every command pays it at start. On POSIX systems these
 * functions are our own and behave as `node:path`'s posix ones (a test
 * compares them on a corpus); on Windows they are `node:path`'s, loaded only
 * there.
 * @module
 */

type NodePath = typeof import("node:path");

const win: NodePath | undefined = Deno.build.os === "windows" ? await import("node:path") : undefined;

function normalizeSegments(path: string, absolute: boolean): string {
  const out: string[] = [];
  for (const seg of path.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!absolute) out.push("..");
      continue;
    }
    out.push(seg);
  }
  return out.join("/");
}

/** Whether `path` is absolute. */
export function isAbsolute(path: string): boolean {
  return win ? win.isAbsolute(path) : path.startsWith("/");
}

/** Resolves `.` and `..` segments and repeated separators; keeps a trailing separator. */
export function normalize(path: string): string {
  if (win) return win.normalize(path);
  if (path === "") return ".";
  const absolute = path.startsWith("/");
  let s = normalizeSegments(path, absolute);
  if (s === "" && !absolute) s = ".";
  if (s !== "" && path.endsWith("/")) s += "/";
  return absolute ? "/" + s : s;
}

/** Joins the non-empty segments with the separator, then normalizes. */
export function join(...paths: string[]): string {
  if (win) return win.join(...paths);
  const joined = paths.filter((p) => p !== "").join("/");
  return joined === "" ? "." : normalize(joined);
}

/** The absolute path of the last absolute argument joined with the ones after it (or of the working folder). */
export function resolve(...paths: string[]): string {
  if (win) return win.resolve(...paths);
  let acc = "";
  for (let i = paths.length - 1; i >= -1 && !acc.startsWith("/"); i--) {
    const p = i >= 0 ? paths[i] : Deno.cwd();
    if (p === "") continue;
    acc = acc === "" ? p : p + "/" + acc;
  }
  return "/" + normalizeSegments(acc, true);
}

/** The path from `from` to `to` (both resolved first); `""` when they are the same. */
export function relative(from: string, to: string): string {
  if (win) return win.relative(from, to);
  const a = resolve(from);
  const b = resolve(to);
  if (a === b) return "";
  const sa = a === "/" ? [] : a.slice(1).split("/");
  const sb = b === "/" ? [] : b.slice(1).split("/");
  let i = 0;
  while (i < sa.length && i < sb.length && sa[i] === sb[i]) i++;
  return [...Array(sa.length - i).fill(".."), ...sb.slice(i)].join("/");
}

/** The folder part of `path` (`.` when it has none). */
export function dirname(path: string): string {
  if (win) return win.dirname(path);
  if (path === "") return ".";
  const hasRoot = path.startsWith("/");
  let end = -1;
  let matchedSlash = true;
  for (let i = path.length - 1; i >= 1; --i) {
    if (path[i] === "/") {
      if (!matchedSlash) {
        end = i;
        break;
      }
    } else {
      matchedSlash = false;
    }
  }
  if (end === -1) return hasRoot ? "/" : ".";
  if (hasRoot && end === 1) return "//";
  return path.slice(0, end);
}

/** The last segment of `path`, without `suffix` when it ends with it. */
export function basename(path: string, suffix?: string): string {
  if (win) return win.basename(path, suffix);
  let s = path;
  while (s.length > 1 && s.endsWith("/")) s = s.slice(0, -1);
  const base = s === "/" ? "" : s.slice(s.lastIndexOf("/") + 1);
  return suffix !== undefined && suffix !== base && base.endsWith(suffix) ? base.slice(0, -suffix.length) : base;
}
