/**
 * Typed reading of a YAML document with locations: the helpers every configuration file uses
 * (environment files, `db/sync.yaml`, the schema-to-schema mapping file). A wrong type is
 * `CONFIG_INVALID_VALUE` and an unknown key `CONFIG_UNKNOWN_KEY` with the closest known key, both
 * at `file:line:col`.
 * @module
 */
import { ConfitureError, type SourceLocation } from "../errors/mod.ts";
import { closest } from "./suggest.ts";
import { type ConfigNode, lineCol, parseLite } from "./_yaml_lite.ts";

export type { ConfigNode } from "./_yaml_lite.ts";

/** A scalar node. */
export type ScalarNode = Extract<ConfigNode, { kind: "scalar" }>;
/** A sequence node. */
export type SeqNode = Extract<ConfigNode, { kind: "seq" }>;
/** A mapping node. */
export type MapNode = Extract<ConfigNode, { kind: "map" }>;

/** True for a scalar node. */
export const isScalar = (n: ConfigNode | null | undefined): n is ScalarNode => n?.kind === "scalar";
/** True for a sequence node. */
export const isSeq = (n: ConfigNode | null | undefined): n is SeqNode => n?.kind === "seq";
/** True for a mapping node. */
export const isMap = (n: ConfigNode | null | undefined): n is MapNode => n?.kind === "map";

/**
 * The full YAML reader (the `yaml` package), loaded only for files the small reader does not
 * take. The specifier is built at run time so that `deno run` does not prepare the npm package
 * at every start; `deno compile` embeds it through `--include` (scripts/compile.ts).
 */
function loadYamlFull(): Promise<typeof import("./_yaml_full.ts")> {
  return import(new URL("./_yaml_full.ts", import.meta.url).href);
}

/** A parsed document and the helpers that read it with locations. */
export class YamlDoc {
  constructor(
    /** The text. */
    readonly text: string,
    /** The file, as shown in locations. */
    readonly file: string,
    /** The root node; null for an empty document. */
    readonly root: ConfigNode | null,
  ) {}

  /** The location of a node. */
  loc(node: ConfigNode | null | undefined): SourceLocation | undefined {
    const off = node?.offset;
    if (off === undefined || off < 0) return undefined;
    return { file: this.file, ...lineCol(this.text, off) };
  }

  /** A `CONFIG_INVALID_VALUE` error at a node. */
  invalid(node: ConfigNode | null | undefined, message: string, hint?: string): ConfitureError {
    return new ConfitureError("CONFIG_INVALID_VALUE", message, { location: this.loc(node), hint });
  }

  /** The key of a mapping pair as a string. */
  key(node: ConfigNode): string {
    return isScalar(node) ? String(node.value) : "";
  }

  /** A string (numbers are read as their text). */
  str(what: string, node: ConfigNode | null | undefined): string {
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v !== "string" && typeof v !== "number") throw this.invalid(node, `"${what}" must be a string`);
    return String(v);
  }

  /** A list of strings; a single string is a list of one. */
  strList(what: string, node: ConfigNode | null | undefined): { value: string; node: ConfigNode }[] {
    if (isScalar(node)) return [{ value: this.str(what, node), node }];
    if (!isSeq(node)) throw this.invalid(node, `"${what}" must be a list`);
    return node.items.map((it) => ({ value: this.str(what, it), node: it }));
  }

  /** A boolean. */
  bool(what: string, node: ConfigNode | null | undefined): boolean {
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v !== "boolean") throw this.invalid(node, `"${what}" must be true or false`);
    return v;
  }

  /** A number. */
  num(what: string, node: ConfigNode | null | undefined): number {
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v !== "number" || !Number.isFinite(v)) throw this.invalid(node, `"${what}" must be a number`);
    return v;
  }

  /** A mapping. */
  map(what: string, node: ConfigNode | null | undefined): MapNode {
    if (!isMap(node)) throw this.invalid(node, `"${what}" must be a mapping of keys to values`);
    return node;
  }

  /** A plain value (scalars, lists, mappings), for options read by another module. */
  plain(node: ConfigNode | null | undefined): unknown {
    if (!node) return null;
    if (isScalar(node)) return node.value;
    if (isSeq(node)) return node.items.map((n) => this.plain(n));
    if (isMap(node)) return Object.fromEntries(node.pairs.map((p) => [this.key(p.key), this.plain(p.value)]));
    throw this.invalid(node, "unsupported YAML value (anchors, tags and such are not read here)");
  }

  /** A `CONFIG_UNKNOWN_KEY` error naming the closest known key. */
  unknownKey(shown: string, key: string, known: readonly string[], node: ConfigNode | undefined): ConfitureError {
    return unknownKeyError(shown, key, known, this.loc(node));
  }
}

/** A `CONFIG_UNKNOWN_KEY` error naming the closest known key. */
export function unknownKeyError(
  shown: string,
  key: string,
  known: readonly string[],
  location: SourceLocation | undefined,
): ConfitureError {
  const near = closest(key, known);
  return new ConfitureError("CONFIG_UNKNOWN_KEY", `unknown key "${shown}"`, {
    location,
    hint: near ? `did you mean "${near}"? Known keys: ${known.join(", ")}` : `known keys: ${known.join(", ")}`,
  });
}

/**
 * Parses YAML text: the common shapes by the small reader, anything else by the `yaml` package.
 * Invalid YAML is `CONFIG_INVALID_YAML` at `file:line:col`.
 */
export async function parseYamlDoc(text: string, file: string): Promise<YamlDoc> {
  let root = parseLite(text);
  if (root === undefined) root = (await loadYamlFull()).parseFull(text, file);
  if (isScalar(root) && root.value === null) root = null;
  return new YamlDoc(text, file, root);
}
