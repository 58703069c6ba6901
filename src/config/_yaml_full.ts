/**
 * Environment files read by the `yaml` package, for what the fast reader of `_yaml_lite.ts`
 * leaves aside. Loaded on demand: the package starts Deno's Node.js compatibility layer.
 * @module
 */
import { isMap, isScalar, isSeq, type Node as YamlNode, parseDocument } from "yaml";
import { ConfitureError } from "../errors/mod.ts";
import { type ConfigNode, lineCol } from "./_yaml_lite.ts";

function convert(node: YamlNode | null | undefined): ConfigNode {
  const offset = node?.range?.[0] ?? -1;
  if (node === null || node === undefined) return { kind: "scalar", value: null, offset };
  if (isScalar(node)) return { kind: "scalar", value: node.value, offset };
  if (isSeq(node)) return { kind: "seq", items: node.items.map((it) => convert(it as YamlNode)), offset };
  if (isMap(node)) {
    return {
      kind: "map",
      pairs: node.items.map((p) => ({ key: convert(p.key as YamlNode), value: convert(p.value as YamlNode) })),
      offset,
    };
  }
  return { kind: "other", offset };
}

/**
 * Parses an environment file with the `yaml` package (YAML 1.2, core schema). Invalid YAML is
 * CONFIG_INVALID_YAML at `file:line:col`. `null` for an empty document.
 */
export function parseFull(text: string, file: string): ConfigNode | null {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    const message = err.message.split("\n")[0];
    // An unclosed `[` or `{` is noticed where the text stops making sense (often the end of the
    // file): report it where it opens.
    const open = /\bflow (sequence|map)\b/i.test(message) ? unclosedFlowStart(text, err.pos[0]) : undefined;
    if (open !== undefined) {
      const close = text[open] === "[" ? "]" : "}";
      throw new ConfitureError("CONFIG_INVALID_YAML", `this "${text[open]}" is never closed with "${close}"`, {
        location: { file, ...lineCol(text, open) },
        detail: `${message} (noticed at line ${lineCol(text, err.pos[0]).line})`,
        hint: `add the closing "${close}" (e.g. include_dirs: [db/schema, db/extra]), or write the items as ` +
          `a block list, one "- item" per line`,
      });
    }
    throw new ConfitureError("CONFIG_INVALID_YAML", message, {
      location: { file, ...lineCol(text, err.pos[0]) },
    });
  }
  const contents = doc.contents as YamlNode | null;
  if (contents === null || (isScalar(contents) && contents.value === null)) return null;
  return convert(contents);
}

/**
 * The string index of the innermost `[` or `{` that opens a flow collection before `end` and is
 * not closed before it; undefined when every one is closed. Quoted scalars and `#` comments are
 * skipped; outside a flow collection a bracket opens one only where a value starts.
 */
export function unclosedFlowStart(text: string, end: number): number | undefined {
  const stack: number[] = [];
  let i = 0;
  const valueStart = (at: number): boolean => {
    let j = at - 1;
    while (j >= 0 && text[j] === " ") j--;
    if (j < 0 || text[j] === "\n") return true;
    if (text[j] === "-" || text[j] === "?") return j === 0 || text[j - 1] === " " || text[j - 1] === "\n";
    return text[j] === ":" && j < at - 1;
  };
  while (i < end && i < text.length) {
    const c = text[i];
    const afterSpace = i === 0 || text[i - 1] === " " || text[i - 1] === "\n" || text[i - 1] === "\t";
    if (c === "#" && afterSpace) {
      const nl = text.indexOf("\n", i);
      i = nl < 0 ? text.length : nl;
    } else if ((c === "'" || c === '"') && (stack.length > 0 || valueStart(i))) {
      let j = i + 1;
      for (; j < text.length; j++) {
        if (c === '"' && text[j] === "\\") j++;
        else if (text[j] === c) {
          if (c === "'" && text[j + 1] === "'") j++;
          else break;
        }
      }
      i = j + 1;
    } else if ((c === "[" || c === "{") && (stack.length > 0 || valueStart(i))) {
      stack.push(i++);
    } else if ((c === "]" || c === "}") && stack.length > 0) {
      stack.pop();
      i++;
    } else i++;
  }
  return stack.length > 0 ? stack[stack.length - 1] : undefined;
}
