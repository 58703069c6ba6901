/**
 * Glob patterns of `include_dirs[].include` / `exclude`, matched against a
 * file's path relative to its include folder (`/` separators).
 *
 * - `*` matches any characters except `/`; `?` one character except `/`;
 * - `**` as a whole segment matches zero or more folders (`**\/x.sql`, `a/**`);
 * - `[abc]`, `[a-z]`, `[!a]` character classes; `{a,b}` alternatives;
 * - a pattern without `/` matches the file name in any folder (`*.sql`,
 *   `*_test.sql`); a pattern with `/` matches the whole relative path.
 * @module
 */

/** A compiled glob. */
export interface Glob {
  pattern: string;
  test(relPath: string): boolean;
}

function escapeRe(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? "\\" + c : c;
}

function segmentToRe(seg: string): string {
  let re = "";
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === "*") {
      while (seg[i + 1] === "*") i++;
      re += "[^/]*";
    } else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const end = seg.indexOf("]", i + 2);
      if (end < 0) {
        re += "\\[";
        continue;
      }
      let body = seg.slice(i + 1, end);
      if (body.startsWith("!")) body = "^" + body.slice(1);
      re += "[" + body.replace(/\\/g, "\\\\") + "]";
      i = end;
    } else if (c === "{") {
      const end = seg.indexOf("}", i + 1);
      if (end < 0) {
        re += "\\{";
        continue;
      }
      re += "(?:" + seg.slice(i + 1, end).split(",").map(segmentToRe).join("|") + ")";
      i = end;
    } else re += escapeRe(c);
  }
  return re;
}

/**
 * Compiles a glob pattern.
 *
 * @example
 * ```ts
 * compileGlob("*.sql").test("10_tables/users.sql"); // true
 * compileGlob("10_tables/**").test("10_tables/a/b.sql"); // true
 * ```
 */
export function compileGlob(pattern: string): Glob {
  const p = pattern.replace(/^\.\//, "");
  const basenameOnly = !p.includes("/");
  const segs = p.split("/").filter((s) => s !== "");
  let re = "";
  segs.forEach((seg, i) => {
    const last = i === segs.length - 1;
    if (seg === "**") re += last ? ".*" : "(?:[^/]+/)*";
    else re += segmentToRe(seg) + (last ? "" : "/");
  });
  const rx = new RegExp("^" + re + "$");
  return {
    pattern,
    test: (relPath: string) => rx.test(basenameOnly ? relPath.slice(relPath.lastIndexOf("/") + 1) : relPath),
  };
}
