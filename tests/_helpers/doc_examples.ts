/**
 * Reads the examples of the Markdown documentation (README.md, docs/*.md), for the tests that run
 * them (tests/e2e/docs_examples_test.ts) and check their flags (tests/unit/docs/doc_flags_test.ts).
 *
 * Conventions, visible to readers except the `file:` marker:
 * - a fenced `sh`/`bash`/`shell`/`console` block with a command starting with `confiture` is an
 *   example: the test runs the whole block, in document order, in one shell session per file;
 * - each command exits 0, unless its comment says otherwise: `confiture migrate status   # exit 2`;
 * - an example that cannot run has, directly above its fence, the line
 *   `*(not run by the tests: <reason>)*`;
 * - `<!-- file: PATH -->` directly above any fenced block makes the test write the block to PATH
 *   (relative to the session's folder) at that point: the files a guide asks the reader to create;
 * - `<!-- run -->` directly above a shell block without `confiture` runs it too (a `cp`, a `mkdir`).
 */

/** A shell command of an example: one line, or several joined by a trailing backslash. */
export interface DocCommand {
  text: string;
  /** 1-based line of the Markdown file. */
  line: number;
  /** The exit code the documentation gives it (default 0). */
  exit: number;
}

/** A step of a document, in order. */
export type DocStep =
  | { kind: "shell"; line: number; commands: DocCommand[]; skip?: string }
  | { kind: "file"; line: number; path: string; content: string };

/** A fenced block. */
interface Fence {
  lang: string;
  /** Line of the opening fence (1-based). */
  line: number;
  body: string[];
  /** The nearest non-blank line above the fence. */
  above: string;
}

const SHELL_LANGS = new Set(["sh", "bash", "shell", "console"]);
const NOT_RUN = /^\*\(not run by the tests: (.+)\)\*$/;
const FILE_MARK = /^<!-- file: (\S+) -->$/;
const RUN_MARK = "<!-- run -->";

function fences(markdown: string): Fence[] {
  const lines = markdown.split("\n");
  const out: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(```+|~~~+)\s*([\w-]*)/.exec(lines[i]);
    if (!open) continue;
    let j = i + 1;
    while (j < lines.length && !lines[j].trimStart().startsWith(open[2])) j++;
    let k = i - 1;
    while (k >= 0 && lines[k].trim() === "") k--;
    out.push({ lang: open[3], line: i + 1, body: lines.slice(i + 1, j), above: k >= 0 ? lines[k].trim() : "" });
    i = j;
  }
  return out;
}

/** The commands of a shell block: lines joined at trailing backslashes, blank and comment lines left out. */
export function shellCommands(body: string[], firstLine: number): DocCommand[] {
  const out: DocCommand[] = [];
  for (let i = 0; i < body.length; i++) {
    const start = i;
    let text = body[i];
    while (text.endsWith("\\") && i + 1 < body.length) text = text.slice(0, -1) + body[++i];
    const t = text.trim();
    if (t === "" || t.startsWith("#")) continue;
    const exit = /#\s*exits?\s+(\d+)\b/.exec(t);
    out.push({ text: t, line: firstLine + 1 + start, exit: exit ? Number(exit[1]) : 0 });
  }
  return out;
}

/** True when the command runs confiture (first word). */
export function isConfiture(command: string): boolean {
  return /^confiture(\s|$)/.test(command);
}

/** The examples and files of a document, in order. */
export function docSteps(markdown: string): DocStep[] {
  const steps: DocStep[] = [];
  for (const f of fences(markdown)) {
    const file = FILE_MARK.exec(f.above);
    if (file) {
      steps.push({ kind: "file", line: f.line, path: file[1], content: f.body.join("\n") + "\n" });
      continue;
    }
    if (!SHELL_LANGS.has(f.lang)) continue;
    const commands = shellCommands(f.body, f.line);
    if (!commands.some((c) => isConfiture(c.text)) && f.above !== RUN_MARK) continue;
    const skip = NOT_RUN.exec(f.above)?.[1];
    steps.push({ kind: "shell", line: f.line, commands, ...(skip !== undefined ? { skip } : {}) });
  }
  return steps;
}

/** A `confiture …` invocation written somewhere in a document, for the flag check. */
export interface Invocation {
  /** The words after `confiture`, up to a shell operator or comment. */
  words: string[];
  line: number;
  text: string;
}

/** Splits a command into words, quotes removed, stopping at a comment, pipe, redirection or `&&`. */
function words(text: string): string[] {
  const out: string[] = [];
  const re = /'([^']*)'|"((?:[^"\\]|\\.)*)"|(#.*$)|(\|\||&&|[|;<>])|(\S+)/g;
  for (const m of text.matchAll(re)) {
    if (m[3] !== undefined || m[4] !== undefined) break;
    out.push(m[1] ?? m[2] ?? m[5]);
  }
  return out;
}

/**
 * Every `confiture …` invocation of a document: commands in any fenced block (a line, or a part
 * after `&&`, that starts with `confiture`) and inline code spans that start with `confiture `.
 */
export function invocations(markdown: string): Invocation[] {
  const out: Invocation[] = [];
  const inFence = new Set<number>();
  for (const f of fences(markdown)) {
    for (let i = 0; i <= f.body.length + 1; i++) inFence.add(f.line + i);
    for (const c of shellCommands(f.body, f.line)) {
      for (const part of c.text.split(/&&|;|\|\|/)) {
        const t = part.trim();
        if (isConfiture(t)) out.push({ words: words(t).slice(1), line: c.line, text: t });
      }
    }
  }
  markdown.split("\n").forEach((l, i) => {
    if (inFence.has(i + 1)) return;
    for (const m of l.matchAll(/`(confiture [^`]+)`/g)) {
      out.push({ words: words(m[1]).slice(1), line: i + 1, text: m[1] });
    }
  });
  return out;
}
