/**
 * The mapping file of a schema-to-schema migration (`db/schema_to_schema.yaml`): how each table of
 * the new schema (the target) is filled from the old database (the source) where names alone do
 * not say it. Validated like the environment files: a wrong type or an unknown key is an error at
 * `file:line:col` naming the closest known key. Table names are kept as written
 * (`public.users`, `app."Order Items"`); the engine resolves them against the catalogs.
 *
 * ```yaml
 * tables:
 *   public.users:                      # a target table
 *     from: public.accounts            # its source table
 *     columns:
 *       display_name: full_name        # target column: source column
 *       email: { expression: "lower(email)" }
 *       score: { from: score_text, cast: integer }
 *       signup_source: { default: true }   # left to the target's default
 *     drop: [legacy_flag]              # source columns deliberately not carried
 *     where: "deleted_at IS NULL"
 *     strategy: auto                   # fdw | copy | auto
 *   public.addresses:
 *     query: "SELECT id, account_id AS user_id, street FROM public.accounts_addresses"
 *   public.audit_log: { skip: true }   # left as the build made it
 * drop_tables: [public.sessions]       # source tables deliberately not carried
 * checks:
 *   - name: paying users
 *     source: "SELECT count(*) FROM accounts WHERE plan <> 'free'"
 *     target: "SELECT count(*) FROM users WHERE plan <> 'free'"
 * ```
 * @module
 */
import { parseSize, parseYamlDoc, paths, type YamlDoc } from "../config/mod.ts";
import { ConfitureError, type SourceLocation } from "../errors/mod.ts";

type ConfigNode = NonNullable<YamlDoc["root"]>;

/** The top-level keys of a mapping file. */
export const MAPPING_FILE_KEYS = ["tables", "drop_tables", "checks", "strategy", "fdw_max_size"] as const;
/** The keys of a table's mapping. */
export const TABLE_KEYS = ["from", "query", "columns", "drop", "where", "skip", "strategy"] as const;
/** The keys of a column's mapping. */
export const COLUMN_KEYS = ["from", "expression", "cast", "default"] as const;
const CHECK_KEYS = ["name", "source", "target"] as const;

/** How a table is moved: `fdw` (postgres_fdw on the target), `copy` (COPY streams), `auto`. */
export type Strategy = "fdw" | "copy" | "auto";
/** The strategies, as written in the file and on the command line. */
export const STRATEGIES: readonly Strategy[] = ["fdw", "copy", "auto"];

/** How one target column is filled. */
export type ColumnSpec =
  /** From a source column (renamed), optionally cast. */
  | { kind: "column"; from: string; cast?: string; location?: SourceLocation }
  /** From an SQL expression over the source row, optionally cast. */
  | { kind: "expression"; expression: string; cast?: string; location?: SourceLocation }
  /** From the source column its name or rename hint gives, cast. */
  | { kind: "cast"; cast: string; location?: SourceLocation }
  /** Left to the target's default (or NULL). */
  | { kind: "default"; location?: SourceLocation };

/** The mapping of one target table, as written. */
export interface TableSpec {
  /** The target table as written (`public.users`). */
  table: string;
  /** Where the table's entry is written. */
  location?: SourceLocation;
  /** The source table as written. */
  from?: string;
  /** Where `from:` is written. */
  fromLocation?: SourceLocation;
  /** A query on the source whose columns fill the table by name. */
  query?: string;
  /** Where `query:` is written. */
  queryLocation?: SourceLocation;
  /** Target column name → how it is filled. */
  columns: Record<string, ColumnSpec>;
  /** Source columns deliberately not carried. */
  drop: string[];
  /** Where `drop:` is written. */
  dropLocation?: SourceLocation;
  /** A row filter over the source row (SQL). */
  where?: string;
  /** Where `where:` is written. */
  whereLocation?: SourceLocation;
  /** Leave the table as the build made it. */
  skip: boolean;
  /** How its rows move (`fdw`, `copy` or `auto`); default the file's. */
  strategy?: Strategy;
  /** Where `strategy:` is written. */
  strategyLocation?: SourceLocation;
}

/** A check: a query on each side whose results must be equal. */
export interface CheckSpec {
  /** The check's name, shown in the verification. */
  name: string;
  /** The query run on the source. */
  source: string;
  /** The query run on the target. */
  target: string;
  /** Where the check is written. */
  location?: SourceLocation;
}

/** A parsed mapping file. */
export interface MappingFile {
  /** The file, as shown in locations ("(none)" when there is no file). */
  file: string;
  /** The tables' mappings, as written. */
  tables: TableSpec[];
  /** Source tables deliberately not carried, as written. */
  dropTables: { table: string; location?: SourceLocation }[];
  /** Checks run by the verification. */
  checks: CheckSpec[];
  /** The strategy of tables that name none (default `auto`). */
  strategy?: Strategy;
  /** `auto` picks fdw for tables up to this size on the source (bytes), copy above. */
  fdwMaxBytes?: number;
}

/** A mapping file with nothing in it: every table by name. */
export function emptyMappingFile(file = "(none)"): MappingFile {
  return { file, tables: [], dropTables: [], checks: [] };
}

/** The default mapping file of a project. */
export const DEFAULT_MAPPING_FILE = "db/schema_to_schema.yaml";

/**
 * Reads a mapping file. `path` is absolute or relative to `root`; locations name it relative to
 * `root`. A missing file is `CONFIG_NOT_FOUND`.
 *
 * @example
 * ```ts
 * import { loadMappingFile } from "./mod.ts";
 * const mapping = await loadMappingFile("db/schema_to_schema.yaml", ".");
 * for (const t of mapping.tables) console.log(t.table, "from", t.from ?? t.query ?? "(same name)");
 * ```
 */
export async function loadMappingFile(path: string, root: string): Promise<MappingFile> {
  const abs = path.startsWith("/") ? path : paths.join(root, path);
  const shown = paths.relative(root, abs) || abs;
  let text: string;
  try {
    text = await Deno.readTextFile(abs);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new ConfitureError("CONFIG_NOT_FOUND", `the mapping file ${shown} does not exist`, {
        hint: `create ${DEFAULT_MAPPING_FILE}, or name another file with --mapping`,
      });
    }
    throw new ConfitureError("FILE_UNREADABLE", `cannot read ${shown}`, { cause: e });
  }
  return parseMappingFile(text, shown);
}

/** Parses the text of a mapping file (`file` is how locations name it). */
export async function parseMappingFile(text: string, file: string): Promise<MappingFile> {
  const doc = await parseYamlDoc(text, file);
  const out = emptyMappingFile(file);
  if (doc.root === null) return out;
  const top = doc.map("the mapping file", doc.root);
  for (const pair of top.pairs) {
    const key = doc.key(pair.key);
    switch (key) {
      case "tables":
        for (const t of doc.map("tables", pair.value).pairs) out.tables.push(tableSpec(doc, t.key, t.value));
        break;
      case "drop_tables":
        out.dropTables = doc.strList("drop_tables", pair.value).map((t) => ({
          table: t.value.trim(),
          location: doc.loc(t.node),
        }));
        break;
      case "checks":
        out.checks = checks(doc, pair.value);
        break;
      case "strategy":
        out.strategy = strategy(doc, "strategy", pair.value);
        break;
      case "fdw_max_size": {
        const v = pair.value.kind === "scalar" ? pair.value.value : undefined;
        out.fdwMaxBytes = parseSize(v, "fdw_max_size", doc.loc(pair.value));
        break;
      }
      default:
        throw doc.unknownKey(key, key, MAPPING_FILE_KEYS, pair.key);
    }
  }
  return out;
}

function strategy(doc: YamlDoc, what: string, node: ConfigNode): Strategy {
  const v = doc.str(what, node);
  if (!(STRATEGIES as readonly string[]).includes(v)) {
    throw doc.invalid(node, `"${what}" must be one of ${STRATEGIES.join(", ")}`, `got "${v}"`);
  }
  return v as Strategy;
}

function tableSpec(doc: YamlDoc, keyNode: ConfigNode, node: ConfigNode): TableSpec {
  const table = doc.key(keyNode).trim();
  if (!table) throw doc.invalid(keyNode, `"tables" needs target table names as keys`);
  const spec: TableSpec = { table, location: doc.loc(keyNode), columns: {}, drop: [], skip: false };
  const m = doc.map(`tables.${table}`, node);
  for (const p of m.pairs) {
    const k = doc.key(p.key);
    const what = `tables.${table}.${k}`;
    switch (k) {
      case "from":
        spec.from = doc.str(what, p.value).trim();
        spec.fromLocation = doc.loc(p.value);
        break;
      case "query":
        spec.query = doc.str(what, p.value);
        spec.queryLocation = doc.loc(p.value);
        break;
      case "where":
        spec.where = doc.str(what, p.value);
        spec.whereLocation = doc.loc(p.value);
        break;
      case "skip":
        spec.skip = doc.bool(what, p.value);
        break;
      case "strategy":
        spec.strategy = strategy(doc, what, p.value);
        spec.strategyLocation = doc.loc(p.value);
        break;
      case "drop":
        spec.drop = doc.strList(what, p.value).map((d) => d.value);
        spec.dropLocation = doc.loc(p.key);
        break;
      case "columns":
        for (const c of doc.map(what, p.value).pairs) {
          const name = doc.key(c.key);
          if (!name) throw doc.invalid(c.key, `"${what}" needs target column names as keys`);
          spec.columns[name] = columnSpec(doc, `${what}.${name}`, c.key, c.value);
        }
        break;
      default:
        throw doc.unknownKey(what, k, TABLE_KEYS, p.key);
    }
  }
  const at = spec.location;
  if (spec.skip && (spec.from || spec.query || Object.keys(spec.columns).length || spec.drop.length || spec.where)) {
    throw new ConfitureError(
      "CONFIG_INVALID_VALUE",
      `tables.${table}: "skip" leaves the table empty; remove its other keys`,
      {
        location: at,
      },
    );
  }
  if (spec.query !== undefined) {
    const clash = (["from", "where"] as const).filter((k) => spec[k] !== undefined);
    if (Object.keys(spec.columns).length) clash.push("columns" as never);
    if (spec.drop.length) clash.push("drop" as never);
    if (clash.length) {
      throw new ConfitureError(
        "CONFIG_INVALID_VALUE",
        `tables.${table}: "query" fills the table by the query's column names; it does not go with ${
          clash.map((c) => `"${c}"`).join(", ")
        }`,
        { location: at, hint: "rename columns with AS and filter with WHERE inside the query" },
      );
    }
    if (spec.strategy === "fdw") {
      throw new ConfitureError("CONFIG_INVALID_VALUE", `tables.${table}: a "query" is read with the copy strategy`, {
        location: spec.strategyLocation,
        detail: "the query runs on the source, in its names; postgres_fdw reads tables, not queries",
        hint: "strategy: copy (or auto), or leave strategy out",
      });
    }
  }
  return spec;
}

function columnSpec(doc: YamlDoc, what: string, keyNode: ConfigNode, node: ConfigNode): ColumnSpec {
  const location = doc.loc(keyNode);
  if (node.kind !== "map") return { kind: "column", from: doc.str(what, node), location };
  let from: string | undefined;
  let expression: string | undefined;
  let cast: string | undefined;
  let dflt = false;
  for (const p of node.pairs) {
    const k = doc.key(p.key);
    if (k === "from") from = doc.str(`${what}.from`, p.value);
    else if (k === "expression") expression = doc.str(`${what}.expression`, p.value);
    else if (k === "cast") cast = doc.str(`${what}.cast`, p.value);
    else if (k === "default") dflt = doc.bool(`${what}.default`, p.value);
    else throw doc.unknownKey(`${what}.${k}`, k, COLUMN_KEYS, p.key);
  }
  if (from !== undefined && expression !== undefined) {
    throw doc.invalid(node, `${what}: "from" and "expression" do not go together`, "an expression names its columns");
  }
  if (dflt) {
    if (from !== undefined || expression !== undefined || cast !== undefined) {
      throw doc.invalid(node, `${what}: "default: true" leaves the column to its default; remove the other keys`);
    }
    return { kind: "default", location };
  }
  if (expression !== undefined) return { kind: "expression", expression, ...(cast ? { cast } : {}), location };
  if (from !== undefined) return { kind: "column", from, ...(cast ? { cast } : {}), location };
  if (cast !== undefined) return { kind: "cast", cast, location };
  throw doc.invalid(node, `${what} needs "from", "expression", "cast" or "default: true"`);
}

function checks(doc: YamlDoc, node: ConfigNode): CheckSpec[] {
  if (node.kind !== "seq") throw doc.invalid(node, `"checks" must be a list of { name, source, target }`);
  const names = new Set<string>();
  return node.items.map((item) => {
    const m = doc.map("a check", item);
    const c: Partial<CheckSpec> = { location: doc.loc(item) };
    for (const p of m.pairs) {
      const k = doc.key(p.key);
      if (k === "name" || k === "source" || k === "target") c[k] = doc.str(`checks.${k}`, p.value);
      else throw doc.unknownKey(`checks.${k}`, k, CHECK_KEYS, p.key);
    }
    for (const k of CHECK_KEYS) {
      if (c[k] === undefined) throw doc.invalid(item, `a check needs "${k}"`, "checks: [{ name, source, target }]");
    }
    if (names.has(c.name!)) throw doc.invalid(item, `two checks are named "${c.name}"`);
    names.add(c.name!);
    return c as CheckSpec;
  });
}
