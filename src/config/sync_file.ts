/**
 * The sync file (`db/sync.yaml`, or `--config FILE`): which tables `confiture sync` copies, with
 * per-table row filters, column lists, anonymization rules and subset roots. Validated like the
 * environment files: a wrong type or an unknown key is an error at `file:line:col` naming the
 * closest known key. Table names are kept as written (`public.orders`, `app."Order Items"`); the
 * sync engine resolves them against the source's catalog.
 * @module
 */
import { ConfitureError, type SourceLocation } from "../errors/mod.ts";
import { join, relative } from "./path.ts";
import { type ConfigNode, isMap, isSeq, parseYamlDoc, type YamlDoc } from "./yaml_doc.ts";

/** The top-level keys of a sync file. */
export const SYNC_FILE_KEYS = ["tables", "exclude", "where", "columns", "anonymize", "subset"] as const;

const SUBSET_KEYS = ["table", "where", "percent", "include_children"] as const;

/** A value read from the file, with where it was written. */
export interface Located {
  /** Where the value is written in the file. */
  location?: SourceLocation;
}

/** A table pattern (`public.*`, `audit.events`). */
export interface TablePattern extends Located {
  /** The pattern as written (`public.*`). */
  pattern: string;
}

/** A `where:` filter of one table. */
export interface TableFilter extends Located {
  /** The table, `schema.table`. */
  table: string;
  /** The SQL condition (`created_at > now() - interval '30 days'`). */
  sql: string;
}

/** A `columns:` list of one table. */
export interface TableColumns extends Located {
  /** The table, `schema.table`. */
  table: string;
  /** The columns copied; the others are left to their defaults. */
  columns: string[];
}

/** An anonymization rule of one column: `strategy` and its options, as written. */
export interface ColumnRule extends Located {
  /** The table, `schema.table`. */
  table: string;
  /** The column the rule transforms. */
  column: string;
  /** The rule mapping (`{ strategy: email, domain: example.com }`), or `{ strategy: x }` for a bare `x`. */
  rule: Record<string, unknown>;
  /** Where each option of the rule is written. */
  optionLocations: Record<string, SourceLocation | undefined>;
}

/** A subset root: the rows of `table` kept by `where` or by a share of its key. */
export interface SubsetRoot extends Located {
  /** The root table, `schema.table`. */
  table: string;
  /** The SQL condition choosing the kept rows. */
  where?: string;
  /** 0 < percent ≤ 100, chosen deterministically by key. */
  percent?: number;
  /** Also take the rows that reference the chosen ones, recursively. */
  includeChildren: boolean;
}

/** A parsed sync file. */
export interface SyncFile {
  /** The file, as shown in locations. */
  file: string;
  /** `tables:` patterns: what is copied. */
  tables: TablePattern[];
  /** `exclude:` patterns: what is left out. */
  exclude: TablePattern[];
  /** `where:` filters per table. */
  where: TableFilter[];
  /** `columns:` lists per table. */
  columns: TableColumns[];
  /** `anonymize:` rules per column. */
  anonymize: ColumnRule[];
  /** `subset:` roots. */
  subset: SubsetRoot[];
}

/** An empty sync file (no selection, no rules). */
export function emptySyncFile(file = "(none)"): SyncFile {
  return { file, tables: [], exclude: [], where: [], columns: [], anonymize: [], subset: [] };
}

/**
 * Reads a sync file. `path` is absolute or relative to `root`; locations name it relative to
 * `root`. A missing file is `CONFIG_NOT_FOUND`.
 */
export async function loadSyncFile(path: string, root: string): Promise<SyncFile> {
  const abs = path.startsWith("/") ? path : join(root, path);
  const shown = relative(root, abs) || abs;
  let text: string;
  try {
    text = await Deno.readTextFile(abs);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new ConfitureError("CONFIG_NOT_FOUND", `the sync file ${shown} does not exist`, {
        hint: "create db/sync.yaml, or name another file with --config",
      });
    }
    throw new ConfitureError("FILE_UNREADABLE", `cannot read ${shown}`, { cause: e });
  }
  return parseSyncFile(text, shown);
}

/** Parses the text of a sync file (`file` is how locations name it). */
export async function parseSyncFile(text: string, file: string): Promise<SyncFile> {
  const doc = await parseYamlDoc(text, file);
  const out = emptySyncFile(file);
  if (doc.root === null) return out;
  const top = doc.map("the sync file", doc.root);
  for (const pair of top.pairs) {
    const key = doc.key(pair.key);
    const value = pair.value;
    switch (key) {
      case "tables":
      case "exclude":
        out[key] = doc.strList(key, value).map((p) => ({ pattern: p.value, location: doc.loc(p.node) }));
        break;
      case "where":
        for (const p of doc.map(key, value).pairs) {
          const table = tableKey(doc, key, p.key);
          out.where.push({ table, sql: doc.str(`where.${table}`, p.value), location: doc.loc(p.key) });
        }
        break;
      case "columns":
        for (const p of doc.map(key, value).pairs) {
          const table = tableKey(doc, key, p.key);
          const columns = doc.strList(`columns.${table}`, p.value).map((c) => c.value);
          if (columns.length === 0) throw doc.invalid(p.value, `"columns.${table}" lists no column`);
          out.columns.push({ table, columns, location: doc.loc(p.key) });
        }
        break;
      case "anonymize":
        for (const t of doc.map(key, value).pairs) {
          const table = tableKey(doc, key, t.key);
          for (const c of doc.map(`anonymize.${table}`, t.value).pairs) {
            out.anonymize.push(columnRule(doc, table, doc.key(c.key), c.key, c.value));
          }
        }
        break;
      case "subset":
        out.subset = subsetRoots(doc, value);
        break;
      default:
        throw doc.unknownKey(key, key, SYNC_FILE_KEYS, pair.key);
    }
  }
  return out;
}

function tableKey(doc: YamlDoc, section: string, node: ConfigNode): string {
  const table = doc.key(node).trim();
  if (!table) throw doc.invalid(node, `"${section}" needs table names as keys`);
  return table;
}

function columnRule(doc: YamlDoc, table: string, column: string, keyNode: ConfigNode, node: ConfigNode): ColumnRule {
  const location = doc.loc(keyNode);
  if (!isMap(node)) {
    // `email: preserve` is short for `email: { strategy: preserve }`.
    const strategy = doc.str(`anonymize.${table}.${column}`, node);
    return { table, column, rule: { strategy }, optionLocations: { strategy: doc.loc(node) }, location };
  }
  const rule: Record<string, unknown> = {};
  const optionLocations: Record<string, SourceLocation | undefined> = {};
  for (const p of node.pairs) {
    const k = doc.key(p.key);
    rule[k] = doc.plain(p.value);
    optionLocations[k] = doc.loc(p.key);
  }
  if (typeof rule.strategy !== "string") {
    throw doc.invalid(node, `the rule of ${table}.${column} needs a "strategy"`, "e.g. { strategy: hash }");
  }
  return { table, column, rule, optionLocations, location };
}

function subsetRoots(doc: YamlDoc, node: ConfigNode): SubsetRoot[] {
  if (!isSeq(node)) throw doc.invalid(node, `"subset" must be a list of { table, where | percent }`);
  return node.items.map((item) => {
    const m = doc.map("subset entry", item);
    let table: string | undefined;
    const root: SubsetRoot = { table: "", includeChildren: false, location: doc.loc(item) };
    for (const p of m.pairs) {
      const k = doc.key(p.key);
      if (k === "table") table = doc.str("subset.table", p.value).trim();
      else if (k === "where") root.where = doc.str("subset.where", p.value);
      else if (k === "percent") {
        const pct = doc.num("subset.percent", p.value);
        if (!(pct > 0 && pct <= 100)) throw doc.invalid(p.value, `"subset.percent" must be above 0 and at most 100`);
        root.percent = pct;
      } else if (k === "include_children") root.includeChildren = doc.bool("subset.include_children", p.value);
      else throw doc.unknownKey(`subset.${k}`, k, SUBSET_KEYS, p.key);
    }
    if (!table) throw doc.invalid(item, `a "subset" entry needs a "table"`);
    if (root.where === undefined && root.percent === undefined) {
      throw doc.invalid(item, `the subset of ${table} needs "where" or "percent"`);
    }
    if (root.where !== undefined && root.percent !== undefined) {
      throw doc.invalid(item, `the subset of ${table} has both "where" and "percent"; keep one`);
    }
    root.table = table;
    return root;
  });
}
