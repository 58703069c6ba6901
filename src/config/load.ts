import { isAbsolute, join, relative, resolve } from "./path.ts";
import { ConfitureError, type SourceLocation } from "../errors/mod.ts";
import { parseDuration } from "./duration.ts";
import { closest } from "./suggest.ts";
import { expandVars } from "./expand.ts";
import { type ConfigNode, isMap, isScalar, isSeq, parseYamlDoc, unknownKeyError } from "./yaml_doc.ts";

type YamlNode = ConfigNode;

/** One schema source folder with optional glob filters (relative to the folder). */
export interface IncludeDir {
  /** Absolute path. */
  path: string;
  /** Path as written, relative to the project root. */
  relPath: string;
  /** Globs a file must match (any); empty means every `.sql` file. */
  include: string[];
  /** Globs that exclude a file. */
  exclude: string[];
}

/** The resolved configuration of one environment. */
export interface ProjectConfig {
  /** Absolute project root (the folder holding `db/`). */
  root: string;
  /** Environment name. */
  env: string;
  /** The environment file, relative to the root; undefined when it does not exist. */
  file?: string;
  /** `database_url` after `${VAR}` expansion. */
  databaseUrl?: string;
  /** The schema folders, in build order. */
  includeDirs: IncludeDir[];
  /** Absolute folders skipped during discovery. */
  excludeDirs: string[];
  /** Absolute migrations folder. */
  migrationsDir: string;
  /** Absolute seeds folder (`db/seeds`). */
  seedsDir: string;
  /** Ledger table, possibly schema-qualified (`tb_confiture`, `ops.tb_confiture`). */
  trackingTable: string;
  /** Advisory lock wait, milliseconds. */
  lockTimeoutMs: number;
  /** `lock_timeout` per migration statement, milliseconds. */
  statementLockTimeoutMs: number;
  /** `connect_timeout`: how long to wait for a server to answer, milliseconds (unset: the URL's, else 10 s). */
  connectTimeoutMs?: number;
  /**
   * `reset_session_per_file`: `build --apply` resets the session's settings at each file boundary,
   * so that a `SET` in one file does not hold in the next (default false: one session, as psql).
   */
  resetSessionPerFile?: boolean;
  /**
   * `placeholders`: the `${name}` placeholders replaced in SQL migrations, name → value (`${VAR}`
   * expanded); `null` for a name declared without a value. Unset: no placeholder is replaced.
   */
  placeholders?: Record<string, string | null>;
}

/** The keys an environment file may hold. */
export const CONFIG_KEYS = [
  "name",
  "database_url",
  "include_dirs",
  "exclude_dirs",
  "migrations_dir",
  "tracking_table",
  "lock_timeout",
  "statement_lock_timeout",
  "connect_timeout",
  "reset_session_per_file",
  "placeholders",
] as const;

const INCLUDE_KEYS = ["path", "include", "exclude"] as const;

/** Options for {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Project root. */
  root: string;
  /** Environment name; default `local`. */
  env?: string;
  /** Variables for `${VAR}` expansion (the process environment). */
  vars: Readonly<Record<string, string | undefined>>;
}

const ENV_NAME = /^[A-Za-z0-9_.-]+$/;

/**
 * Finds the project root: the nearest folder, from `start` upwards, that holds
 * `db/environments/` or `db/schema/`; `start` itself when none does.
 */
export function findProjectRoot(start: string): string {
  let dir = resolve(start);
  for (;;) {
    for (const marker of ["db/environments", "db/schema"]) {
      try {
        if (Deno.statSync(join(dir, marker)).isDirectory) return dir;
      } catch (e) {
        if (!(e instanceof Deno.errors.NotFound) && !(e instanceof Deno.errors.NotADirectory)) throw e;
      }
    }
    const parent = resolve(dir, "..");
    if (parent === dir) return resolve(start);
    dir = parent;
  }
}

function defaults(root: string, env: string): ProjectConfig {
  return {
    root,
    env,
    includeDirs: [{ path: join(root, "db/schema"), relPath: "db/schema", include: [], exclude: [] }],
    excludeDirs: [],
    migrationsDir: join(root, "db/migrations"),
    seedsDir: join(root, "db/seeds"),
    trackingTable: "tb_confiture",
    lockTimeoutMs: 60_000,
    statementLockTimeoutMs: 5_000,
  };
}

/**
 * Loads `db/environments/<env>.yaml` under `root`. The `local` environment may be
 * absent (defaults apply: the embedded engine, `db/schema`, `db/migrations`); any other
 * missing environment, and a `root` that does not exist, is CONFIG_NOT_FOUND. Unknown keys are errors with `file:line:col`.
 *
 * @example
 * ```ts
 * import { loadConfig } from "./mod.ts";
 * const cfg = await loadConfig({ root: ".", env: "staging", vars: Deno.env.toObject() });
 * console.log(cfg.env, cfg.migrationsDir);
 * ```
 */
export async function loadConfig(opts: LoadConfigOptions): Promise<ProjectConfig> {
  const env = opts.env ?? "local";
  const root = resolve(opts.root);
  if (!ENV_NAME.test(env)) {
    throw new ConfitureError("CONFIG_INVALID_VALUE", `invalid environment name "${env}"`, {
      hint: "use letters, digits, '_', '-' or '.'",
    });
  }
  checkProjectFolder(root);
  const rel = `db/environments/${env}.yaml`;
  let text: string;
  try {
    text = await Deno.readTextFile(join(root, rel));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      if (env === "local") return defaults(root, env);
      throw new ConfitureError("CONFIG_NOT_FOUND", `environment "${env}" has no file ${rel}`, {
        hint: environmentHint(root, env, rel),
      });
    }
    throw new ConfitureError("FILE_UNREADABLE", `cannot read ${rel}`, { cause: e, detail: String(e) });
  }
  return parseConfig(text, { root, env, file: rel, vars: opts.vars });
}

/** The hint for a missing environment: the closest name, and the environments the project has. */
function environmentHint(root: string, env: string, rel: string): string {
  const names: string[] = [];
  try {
    for (const e of Deno.readDirSync(join(root, "db/environments"))) {
      if (e.isFile && e.name.endsWith(".yaml")) names.push(e.name.slice(0, -".yaml".length));
    }
  } catch {
    // No environments folder: only "local" exists (by default).
  }
  if (!names.includes("local")) names.push("local");
  names.sort();
  const near = closest(env, names);
  return `${near ? `did you mean "${near}"? ` : ""}environments of this project: ${names.join(", ")}; or create ${rel}`;
}

/** CONFIG_NOT_FOUND when the project folder does not exist or is not a folder. */
function checkProjectFolder(root: string): void {
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(root);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound) && !(e instanceof Deno.errors.NotADirectory)) {
      throw new ConfitureError("FILE_UNREADABLE", `cannot read the project folder ${root}`, {
        detail: e instanceof Error ? e.message : String(e),
        cause: e,
      });
    }
    throw new ConfitureError("CONFIG_NOT_FOUND", `the project folder ${root} does not exist`, {
      hint: "--project names the folder that holds db/ (confiture init DIR creates one)",
      cause: e,
    });
  }
  if (!info.isDirectory) {
    throw new ConfitureError("CONFIG_NOT_FOUND", `the project folder ${root} is not a folder`, {
      hint: "--project names the folder that holds db/",
    });
  }
}

/**
 * Parses the text of an environment file. Exposed for tests. The common shapes of environment
 * files are read by a small reader; anything else loads the `yaml` package (which starts Deno's
 * Node.js compatibility layer, slower than a whole build of a small tree).
 */
export async function parseConfig(
  text: string,
  o: { root: string; env: string; file: string; vars: Readonly<Record<string, string | undefined>> },
): Promise<ProjectConfig> {
  const doc = await parseYamlDoc(text, o.file);
  const contents = doc.root;
  const loc = (node: YamlNode | null | undefined): SourceLocation | undefined => doc.loc(node);
  const cfg = defaults(o.root, o.env);
  cfg.file = o.file;
  if (contents === null || (isScalar(contents) && contents.value === null)) return cfg;
  if (!isMap(contents)) {
    throw new ConfitureError("CONFIG_INVALID_VALUE", "the environment file must be a mapping of keys to values", {
      location: loc(contents),
    });
  }
  const str = (key: string, node: YamlNode | null | undefined): string => {
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v !== "string" && typeof v !== "number") {
      throw new ConfitureError("CONFIG_INVALID_VALUE", `"${key}" must be a string`, { location: loc(node) });
    }
    return expandVars(String(v), o.vars, key, loc(node));
  };
  const strList = (key: string, node: YamlNode | null | undefined): string[] => {
    if (isScalar(node)) return [str(key, node)];
    if (!isSeq(node)) {
      throw new ConfitureError("CONFIG_INVALID_VALUE", `"${key}" must be a list`, { location: loc(node) });
    }
    return node.items.map((it) => str(key, it));
  };
  const inRoot = (p: string) => (isAbsolute(p) ? p : join(o.root, p));

  for (const pair of contents.pairs) {
    const keyNode = pair.key;
    const key = isScalar(keyNode) ? String(keyNode.value) : "";
    const value = pair.value;
    switch (key) {
      case "name":
        str(key, value);
        break;
      case "database_url":
        if (!(isScalar(value) && value.value === null)) cfg.databaseUrl = str(key, value) || undefined;
        break;
      case "include_dirs": {
        if (!isSeq(value)) {
          throw new ConfitureError("CONFIG_INVALID_VALUE", `"include_dirs" must be a list`, { location: loc(value) });
        }
        cfg.includeDirs = value.items.map((it) => {
          if (isMap(it)) {
            let path: string | undefined;
            let include: string[] = [];
            let exclude: string[] = [];
            for (const p of it.pairs) {
              const k = isScalar(p.key) ? String(p.key.value) : "";
              const v = p.value;
              if (k === "path") path = str("include_dirs.path", v);
              else if (k === "include") include = strList("include_dirs.include", v);
              else if (k === "exclude") exclude = strList("include_dirs.exclude", v);
              else throw unknownKeyError(`include_dirs.${k}`, k, INCLUDE_KEYS, loc(p.key));
            }
            if (path === undefined) {
              throw new ConfitureError("CONFIG_INVALID_VALUE", `an "include_dirs" entry needs a "path"`, {
                location: loc(it),
              });
            }
            return { path: inRoot(path), relPath: relative(o.root, inRoot(path)) || ".", include, exclude };
          }
          const path = str("include_dirs", it);
          return { path: inRoot(path), relPath: relative(o.root, inRoot(path)) || ".", include: [], exclude: [] };
        });
        break;
      }
      case "exclude_dirs":
        cfg.excludeDirs = strList(key, value).map(inRoot);
        break;
      case "migrations_dir":
        cfg.migrationsDir = inRoot(str(key, value));
        break;
      case "tracking_table": {
        const t = str(key, value);
        if (!/^([A-Za-z_][A-Za-z0-9_$]*\.)?[A-Za-z_][A-Za-z0-9_$]*$/.test(t)) {
          throw new ConfitureError("CONFIG_INVALID_VALUE", `"tracking_table" must be a table name or schema.table`, {
            detail: `got "${t}"`,
            location: loc(value),
          });
        }
        cfg.trackingTable = t;
        break;
      }
      case "lock_timeout":
        cfg.lockTimeoutMs = parseDuration(scalarOrExpanded(key, value), key, loc(value));
        break;
      case "statement_lock_timeout":
        cfg.statementLockTimeoutMs = parseDuration(scalarOrExpanded(key, value), key, loc(value));
        break;
      case "connect_timeout": {
        const ms = parseDuration(scalarOrExpanded(key, value), key, loc(value));
        if (ms <= 0) {
          throw new ConfitureError("CONFIG_INVALID_VALUE", `"connect_timeout" must be longer than 0`, {
            detail: `got ${JSON.stringify(isScalar(value) ? value.value : null)}`,
            location: loc(value),
          });
        }
        cfg.connectTimeoutMs = ms;
        break;
      }
      case "reset_session_per_file":
        cfg.resetSessionPerFile = bool(key, value);
        break;
      case "placeholders":
        cfg.placeholders = placeholders(value);
        break;
      default:
        throw unknownKeyError(key, key, CONFIG_KEYS, loc(keyNode));
    }
  }
  return cfg;

  /** A YAML boolean, or a string that expands to `true` or `false`. */
  function bool(key: string, node: YamlNode | null): boolean {
    const v = scalarOrExpanded(key, node);
    if (typeof v === "boolean") return v;
    if (v === "true" || v === "false") return v === "true";
    throw new ConfitureError("CONFIG_INVALID_VALUE", `"${key}" must be true or false`, {
      detail: `got ${JSON.stringify(v ?? null)}`,
      location: loc(node),
    });
  }

  /** `placeholders:` — a mapping of names to scalar values (`null`: declared without a value). */
  function placeholders(node: YamlNode | null): Record<string, string | null> {
    if (isScalar(node) && node.value === null) return {};
    if (!isMap(node)) {
      throw new ConfitureError("CONFIG_INVALID_VALUE", `"placeholders" must be a mapping of names to values`, {
        location: loc(node),
        hint: "placeholders:\n  app_schema: app\n  owner: ${APP_OWNER}",
      });
    }
    const out: Record<string, string | null> = {};
    for (const p of node.pairs) {
      const name = isScalar(p.key) ? String(p.key.value) : "";
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
        throw new ConfitureError("CONFIG_INVALID_VALUE", `placeholder name "${name}" is not valid`, {
          location: loc(p.key),
          hint: "a name is letters, digits and _, starting with a letter or _; a migration uses it as ${name}",
        });
      }
      const v = p.value;
      if (v === null || (isScalar(v) && v.value === null)) out[name] = null;
      else if (isScalar(v) && typeof v.value !== "object") {
        out[name] = expandVars(String(v.value), o.vars, `placeholders.${name}`, loc(v));
      } else {
        throw new ConfitureError("CONFIG_INVALID_VALUE", `placeholder "${name}" must be a single value`, {
          location: loc(v),
        });
      }
    }
    return out;
  }

  function scalarOrExpanded(key: string, node: YamlNode | null): unknown {
    const v = isScalar(node) ? node.value : undefined;
    return typeof v === "string" ? expandVars(v, o.vars, key, loc(node)) : v;
  }
}
