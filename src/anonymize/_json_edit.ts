/**
 * Rewrites chosen values inside a JSON text without touching anything else: key order,
 * spacing, number spellings and every value not chosen stay exactly as written.
 * @module
 */

/** The kind of a JSON value. */
export type JsonKind = "string" | "number" | "true" | "false" | "null" | "object" | "array";

/**
 * Decides about one value: returns its replacement JSON text, or undefined to leave it (and
 * look inside it, for objects and arrays). `raw` is the value's JSON text.
 */
export type JsonVisitor = (at: readonly (string | number)[], kind: JsonKind, raw: string) => string | undefined;

/** Thrown for text that is not JSON. */
export class JsonSyntaxError extends Error {}

/** `text` with the values `visit` replaces replaced. */
export function editJson(text: string, visit: JsonVisitor): string {
  const out: string[] = [];
  let copied = 0;
  let i = 0;
  const at: (string | number)[] = [];
  const fail = (): never => {
    throw new JsonSyntaxError(`not JSON at character ${i + 1}`);
  };
  const ws = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
  };
  const string = (): number => {
    const start = i++;
    for (;;) {
      if (i >= text.length) fail();
      const c = text.charCodeAt(i);
      if (c === 0x22) return ++i - start;
      if (c === 0x5c) i += 2;
      else if (c < 0x20) fail();
      else i++;
    }
  };
  const value = (): void => {
    ws();
    const start = i;
    const c = text[i];
    let kind: JsonKind;
    if (c === "{") kind = "object";
    else if (c === "[") kind = "array";
    else if (c === '"') kind = "string";
    else if (c === "t" || c === "f" || c === "n") {
      const word = c === "t" ? "true" : c === "f" ? "false" : "null";
      if (!text.startsWith(word, i)) fail();
      kind = word;
    } else if (c === "-" || (c >= "0" && c <= "9")) kind = "number";
    else return fail();
    // Skip the value to know its end, descending only when it is not replaced.
    const end = skip(kind);
    const replacement = visit(at, kind, text.slice(start, end));
    if (replacement !== undefined) {
      out.push(text.slice(copied, start), replacement);
      copied = end;
      i = end;
      return;
    }
    if (kind === "object" || kind === "array") {
      i = start;
      container(kind);
    } else i = end;
  };
  const skip = (kind: JsonKind): number => {
    const save = i;
    let end: number;
    if (kind === "string") {
      string();
      end = i;
    } else if (kind === "number") {
      const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
      if (m === null) return fail();
      end = i + m[0].length;
    } else if (kind === "object" || kind === "array") {
      let depth = 0;
      for (;;) {
        if (i >= text.length) fail();
        const ch = text[i];
        if (ch === '"') {
          string();
          continue;
        }
        if (ch === "{" || ch === "[") depth++;
        else if (ch === "}" || ch === "]") {
          depth--;
          if (depth === 0) {
            i++;
            break;
          }
        }
        i++;
      }
      end = i;
    } else end = i + kind.length;
    i = save;
    return end;
  };
  const container = (kind: "object" | "array"): void => {
    i++;
    ws();
    const close = kind === "object" ? "}" : "]";
    if (text[i] === close) {
      i++;
      return;
    }
    for (let index = 0;; index++) {
      if (kind === "object") {
        ws();
        if (text[i] !== '"') fail();
        const keyStart = i;
        string();
        const raw = text.slice(keyStart, i);
        at.push(raw.includes("\\") ? JSON.parse(raw) as string : raw.slice(1, -1));
        ws();
        if (text[i] !== ":") fail();
        i++;
      } else at.push(index);
      value();
      at.pop();
      ws();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === close) {
        i++;
        return;
      }
      fail();
    }
  };
  value();
  ws();
  if (i !== text.length) fail();
  if (copied === 0) return text;
  out.push(text.slice(copied));
  return out.join("");
}
