/**
 * A reader for the small subset of YAML that environment files use in practice: a block mapping
 * of plain keys to plain or quoted scalars, one-line flow sequences (`[a, 'b']`), and block
 * sequences of scalars or of small mappings, with `#` comments. It exists for speed: the `yaml`
 * package is CommonJS, and loading it starts Deno's Node.js compatibility layer, which costs more
 * than a whole `confiture build` of a thousand files. Anything outside the subset (anchors, tags,
 * multi-line or escaped scalars, flow mappings, tabs, several documents, …) returns `undefined`,
 * and the caller parses the text with the `yaml` package instead; the subset is read exactly as
 * `yaml` reads it (YAML 1.2 core schema), which the tests check on a corpus of files.
 * @module
 */

/** A node of a parsed environment file; `offset` is the string index where it starts. */
export type ConfigNode =
  | { kind: "scalar"; value: unknown; offset: number }
  | { kind: "seq"; items: ConfigNode[]; offset: number }
  | { kind: "map"; pairs: { key: ConfigNode; value: ConfigNode }[]; offset: number }
  | { kind: "other"; offset: number };

interface Line {
  /** Indentation (spaces). */
  indent: number;
  /** String index of the first non-space character. */
  at: number;
  /** The content after the indentation, comment removed and right-trimmed. */
  text: string;
}

class Unsupported extends Error {}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const INT = /^[-+]?[0-9]+$/;

function fail(): never {
  throw new Unsupported();
}

/** Strips a ` #` comment outside quotes; fails on anything ambiguous. */
function stripComment(s: string): string {
  let quote = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === "'" || c === '"') {
      // quotes only open a scalar at its start (after `: `, `- `, `[`, `,`)
      const prev = s.slice(0, i).trimEnd();
      if (prev === "" || prev.endsWith(":") || prev.endsWith("-") || prev.endsWith("[") || prev.endsWith(",")) {
        quote = c;
      }
    } else if (c === "#" && (i === 0 || s[i - 1] === " ")) return s.slice(0, i).trimEnd();
  }
  if (quote) fail();
  return s.trimEnd();
}

function lines(text: string): Line[] {
  const out: Line[] = [];
  let pos = 0;
  for (const raw of text.split("\n")) {
    const start = pos;
    pos += raw.length + 1;
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.includes("\t")) fail();
    let indent = 0;
    while (line[indent] === " ") indent++;
    const content = stripComment(line.slice(indent));
    if (content === "") continue;
    if (content.startsWith("---") || content.startsWith("...") || content.startsWith("%")) fail();
    out.push({ indent, at: start + indent, text: content });
  }
  return out;
}

/** A scalar written on one line, read with the YAML 1.2 core schema. */
function scalar(s: string, offset: number, inFlow: boolean): ConfigNode {
  if (s === "") return { kind: "scalar", value: null, offset };
  const c = s[0];
  if (c === "'") {
    if (s.length < 2 || !s.endsWith("'")) fail();
    const body = s.slice(1, -1);
    if (body.replaceAll("''", "").includes("'")) fail();
    return { kind: "scalar", value: body.replaceAll("''", "'"), offset };
  }
  if (c === '"') {
    if (s.length < 2 || !s.endsWith('"')) fail();
    const body = s.slice(1, -1);
    if (body.includes("\\") || body.includes('"')) fail();
    return { kind: "scalar", value: body, offset };
  }
  // indicators that start something else than a plain scalar
  if ("[]{}&*!|>%@`#,?:-".includes(c) && !(c === "-" && s.length > 1 && s[1] !== " ")) fail();
  if (s.includes(": ") || s.endsWith(":") || s.includes(" #")) fail();
  if (inFlow && /[[\]{},]/.test(s)) fail();
  if (s === "~" || s === "null" || s === "Null" || s === "NULL") return { kind: "scalar", value: null, offset };
  if (s === "true" || s === "True" || s === "TRUE") return { kind: "scalar", value: true, offset };
  if (s === "false" || s === "False" || s === "FALSE") return { kind: "scalar", value: false, offset };
  if (INT.test(s)) {
    const n = Number(s);
    if (!Number.isSafeInteger(n) || /^[-+]?0[0-9]/.test(s)) fail();
    return { kind: "scalar", value: n, offset };
  }
  // anything else that could be a number (floats, 0x, 0o, .inf, .nan) is left to the full parser
  if (/^[-+]?(\.[0-9]|[0-9])/.test(s) && /^[-+]?[0-9._]*([eE][-+]?[0-9]+)?$/.test(s)) fail();
  if (/^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$/.test(s) || /^0[xo]/.test(s)) fail();
  return { kind: "scalar", value: s, offset };
}

/** A one-line value: a flow sequence of scalars, or a scalar. */
function inlineValue(s: string, offset: number): ConfigNode {
  if (!s.startsWith("[")) return scalar(s, offset, false);
  if (!s.endsWith("]")) fail();
  const items: ConfigNode[] = [];
  const body = s.slice(1, -1);
  let i = 0;
  while (i < body.length) {
    while (body[i] === " ") i++;
    if (i >= body.length) break;
    let end: number;
    if (body[i] === "'" || body[i] === '"') {
      const q = body[i];
      end = i + 1;
      for (;;) {
        const j = body.indexOf(q, end);
        if (j < 0) fail();
        if (q === "'" && body[j + 1] === "'") {
          end = j + 2;
          continue;
        }
        end = j + 1;
        break;
      }
    } else {
      end = body.indexOf(",", i);
      if (end < 0) end = body.length;
    }
    const item = body.slice(i, end).trimEnd();
    if (item === "") fail();
    items.push(scalar(item, offset + 1 + i, true));
    i = end;
    while (body[i] === " ") i++;
    if (i < body.length) {
      if (body[i] !== ",") fail();
      i++;
    }
  }
  return { kind: "seq", items, offset };
}

/** Splits `key: value` / `key:`; undefined when the line is not a mapping entry. */
function entry(l: Line): { key: string; rest: string; restAt: number } | undefined {
  const m = /^([^\s:'"[\]{},#&*!|>%@`?-][^\s:]*):( +|$)/.exec(l.text);
  if (!m) return undefined;
  if (!KEY.test(m[1])) fail();
  return { key: m[1], rest: l.text.slice(m[0].length), restAt: l.at + m[0].length };
}

/**
 * Reads the block starting at `lines[i]` (indentation `indent`): a mapping, or a sequence.
 * Returns the node and the index of the first line after it.
 */
function block(ls: Line[], i: number, indent: number): [ConfigNode, number] {
  const first = ls[i];
  if (first.text === "-" || first.text.startsWith("- ")) return seq(ls, i, indent);
  return map(ls, i, indent);
}

function map(ls: Line[], i: number, indent: number): [ConfigNode, number] {
  const node: ConfigNode = { kind: "map", pairs: [], offset: ls[i].at };
  const seen = new Set<string>();
  while (i < ls.length && ls[i].indent === indent) {
    const l = ls[i];
    const e = entry(l);
    if (!e) fail();
    if (seen.has(e.key)) fail(); // duplicate keys: the full parser reports them
    seen.add(e.key);
    const key: ConfigNode = { kind: "scalar", value: e.key, offset: l.at };
    i++;
    if (e.rest !== "") {
      node.pairs.push({ key, value: inlineValue(e.rest, e.restAt) });
      continue;
    }
    // `key:` then a nested block: more indented, or a sequence at the same indentation
    const next = ls[i];
    if (next && (next.indent > indent || (next.indent === indent && next.text.startsWith("- ")))) {
      const [value, after] = block(ls, i, next.indent);
      node.pairs.push({ key, value });
      i = after;
    } else fail(); // an empty value: its position is the full parser's business
  }
  if (i < ls.length && ls[i].indent > indent) fail();
  return [node, i];
}

function seq(ls: Line[], i: number, indent: number): [ConfigNode, number] {
  const node: ConfigNode = { kind: "seq", items: [], offset: ls[i].at };
  while (i < ls.length && ls[i].indent === indent && ls[i].text.startsWith("- ")) {
    const l = ls[i];
    let off = 2;
    while (l.text[off] === " ") off++;
    const rest = l.text.slice(off);
    const itemIndent = indent + off;
    const asEntry = entry({ indent: itemIndent, at: l.at + off, text: rest });
    if (asEntry) {
      // `- key: value` then more `key: value` lines at the item's indentation
      const sub: Line[] = [{ indent: itemIndent, at: l.at + off, text: rest }];
      let j = i + 1;
      while (j < ls.length && ls[j].indent >= itemIndent) sub.push(ls[j++]);
      const [value, used] = map(sub, 0, itemIndent);
      if (used !== sub.length) fail();
      node.items.push(value);
      i = j;
    } else {
      if (rest.startsWith("- ") || rest === "-") fail();
      node.items.push(inlineValue(rest, l.at + off));
      i++;
    }
  }
  if (i < ls.length && ls[i].indent > indent) fail();
  return [node, i];
}

/**
 * Reads an environment file when it stays in the subset described in the module
 * documentation; `undefined` otherwise (parse it with the `yaml` package).
 *
 * @example
 * ```ts
 * parseLite("include_dirs:\n  - db/schema\n"); // { kind: "map", pairs: [ … ], offset: 0 }
 * parseLite("a: &x 1\n"); // undefined
 * ```
 */
export function parseLite(text: string): ConfigNode | null | undefined {
  if (text.charCodeAt(0) === 0xfeff) return undefined;
  try {
    const ls = lines(text);
    if (ls.length === 0) return null;
    if (ls[0].indent !== 0) return undefined;
    const [node, end] = map(ls, 0, 0);
    return end === ls.length ? node : undefined;
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

/** The 1-based line and column of string index `offset` of `text` (as yaml's LineCounter). */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}
