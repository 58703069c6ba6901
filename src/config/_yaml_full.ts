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
    throw new ConfitureError("CONFIG_INVALID_YAML", err.message.split("\n")[0], {
      location: { file, ...lineCol(text, err.pos[0]) },
    });
  }
  const contents = doc.contents as YamlNode | null;
  if (contents === null || (isScalar(contents) && contents.value === null)) return null;
  return convert(contents);
}
