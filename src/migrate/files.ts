/**
 * Migration files: discovery, naming, ordering, duplicate detection.
 * `<version>_<name>.up.sql` (+ optional `.down.sql`) or `<version>_<name>.ts`; repeatable
 * migrations are `R_<name>.sql`.
 * @module
 */
import { join, relative } from "node:path";
import { ConfitureError } from "../errors/mod.ts";

/** A migration as found on disk. */
export interface MigrationFile {
  /** The version exactly as written in the file name (`20260124153000`, `001`). */
  version: string;
  /** The name part after the version (`create_users`). */
  name: string;
  /** `sql`: `.up.sql` (+ `.down.sql`); `ts`: a TypeScript module exporting `up` and optionally `down`. */
  type: "sql" | "ts";
  /** Absolute path of the up file (`.up.sql` or `.ts`). */
  upPath: string;
  /** Absolute path of the `.down.sql`, when there is one (SQL migrations). */
  downPath?: string;
  /** Path of the up file shown to users (relative to the project root). */
  upFile: string;
  /** Path of the down file shown to users. */
  downFile?: string;
  /**
   * A repeatable migration (`R_<name>.sql`): re-applied whenever its checksum changes, after the
   * versioned ones, in name order. Its `version` is its ledger key, `R_<name>`.
   */
  repeatable?: boolean;
}

/** The migrations of a folder: versioned ones by version, repeatable ones by name. */
export interface MigrationFiles {
  versioned: MigrationFile[];
  repeatable: MigrationFile[];
}

const NAME = /^(\d+)_([A-Za-z0-9][A-Za-z0-9_.-]*?)\.(up\.sql|down\.sql|ts)$/;

const REPEATABLE = /^R_([A-Za-z0-9][A-Za-z0-9_-]*)\.sql$/;

/** Parses a repeatable migration's file name (`R_<name>.sql`); undefined when it is not one. */
export function parseRepeatableName(fileName: string): { name: string } | undefined {
  const m = REPEATABLE.exec(fileName);
  return m ? { name: m[1] } : undefined;
}

const DIGITS = /^\d+$/;

/** Length of a timestamp version (`YYYYMMDDHHMMSS`). */
export const TIMESTAMP_VERSION_LENGTH = 14;

/**
 * Compares two versions: legacy numeric versions (shorter than 14 digits) come
 * before timestamp versions; within one scheme the order is numeric.
 */
export function compareVersions(a: string, b: string): number {
  if (!DIGITS.test(a) || !DIGITS.test(b)) {
    if (DIGITS.test(a) !== DIGITS.test(b)) return DIGITS.test(a) ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const sa = a.length >= TIMESTAMP_VERSION_LENGTH ? 1 : 0;
  const sb = b.length >= TIMESTAMP_VERSION_LENGTH ? 1 : 0;
  if (sa !== sb) return sa - sb;
  const na = BigInt(a);
  const nb = BigInt(b);
  return na < nb ? -1 : na > nb ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

/** True when two versions denote the same migration (`001` and `1` do). */
export function sameVersion(a: string, b: string): boolean {
  if (!/^\d+$/.test(a) || !/^\d+$/.test(b)) return a === b;
  return (a.length >= TIMESTAMP_VERSION_LENGTH) === (b.length >= TIMESTAMP_VERSION_LENGTH) && BigInt(a) === BigInt(b);
}

/** Parses a migration file name; undefined when it does not follow the naming scheme. */
export function parseMigrationName(
  fileName: string,
): { version: string; name: string; part: "up" | "down" | "ts" } | undefined {
  const m = NAME.exec(fileName);
  if (!m) return undefined;
  return { version: m[1], name: m[2], part: m[3] === "up.sql" ? "up" : m[3] === "down.sql" ? "down" : "ts" };
}

/**
 * Lists the versioned migrations of `dir`, ordered by version (see {@link discoverMigrationFiles}).
 */
export async function discoverMigrations(dir: string, root?: string): Promise<MigrationFile[]> {
  return (await discoverMigrationFiles(dir, root)).versioned;
}

/**
 * Lists the migrations of `dir`: versioned ones ordered by version, repeatable ones
 * (`R_<name>.sql`) ordered by name. A missing folder is empty. Files that look like migrations
 * but are misnamed, a `.down.sql` without its `.up.sql`, and two files with the same version are
 * errors (nothing runs).
 */
export async function discoverMigrationFiles(dir: string, root?: string): Promise<MigrationFiles> {
  const show = (p: string) => (root ? relative(root, p) || p : p);
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) if (e.isFile) names.push(e.name);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return { versioned: [], repeatable: [] };
    throw new ConfitureError("FILE_UNREADABLE", `cannot read the migrations folder ${show(dir)}`, {
      cause: e,
      detail: String(e),
    });
  }
  names.sort();
  const byVersion = new Map<
    string,
    { version: string; name: string; files: string[]; up?: string; down?: string; ts?: string }
  >();
  const repeatable: MigrationFile[] = [];
  for (const fileName of names) {
    if (fileName.startsWith(".")) continue;
    const isCandidate = fileName.endsWith(".sql") || fileName.endsWith(".ts");
    if (!isCandidate) continue;
    const r = parseRepeatableName(fileName);
    if (r) {
      const path = join(dir, fileName);
      repeatable.push({
        version: `R_${r.name}`,
        name: r.name,
        type: "sql",
        upPath: path,
        upFile: show(path),
        repeatable: true,
      });
      continue;
    }
    const p = parseMigrationName(fileName);
    if (!p) {
      throw new ConfitureError("MIGRATION_INVALID_NAME", `${show(join(dir, fileName))}: not a migration file name`, {
        location: { file: show(join(dir, fileName)), line: 1, col: 1 },
        hint: "name migrations <version>_<name>.up.sql (+ .down.sql) or <version>_<name>.ts, " +
          "e.g. 20260124153000_add_users.up.sql (`confiture migrate new <name>` creates them), and " +
          "repeatable migrations R_<name>.sql (letters, digits, _ and -; no .up/.down)",
      });
    }
    const key = (p.version.length >= TIMESTAMP_VERSION_LENGTH ? "t" : "l") + BigInt(p.version).toString();
    let g = byVersion.get(key);
    if (!g) {
      g = { version: p.version, name: p.name, files: [] };
      byVersion.set(key, g);
    }
    g.files.push(fileName);
    const clash = () =>
      new ConfitureError(
        "MIGRATION_DUPLICATE_VERSION",
        `version ${p.version} is used by more than one migration: ${g!.files.join(", ")}`,
        {
          location: { file: show(join(dir, fileName)), line: 1, col: 1 },
          hint: "give one of them a new version (`confiture migrate new` picks the next free one)",
        },
      );
    if (p.version !== g.version || p.name !== g.name) throw clash();
    if (p.part === "up") {
      if (g.up || g.ts) throw clash();
      g.up = fileName;
    } else if (p.part === "down") {
      if (g.down) throw clash();
      g.down = fileName;
    } else {
      if (g.up || g.ts || g.down) throw clash();
      g.ts = fileName;
    }
    if (g.ts && g.down) throw clash();
  }
  const out: MigrationFile[] = [];
  for (const g of byVersion.values()) {
    if (!g.up && !g.ts) {
      const f = show(join(dir, g.down!));
      throw new ConfitureError("MIGRATION_INVALID_NAME", `${f} has no matching .up.sql`, {
        location: { file: f, line: 1, col: 1 },
        hint: `create ${g.version}_${g.name}.up.sql, or remove the .down.sql`,
      });
    }
    const upName = (g.up ?? g.ts)!;
    const m: MigrationFile = {
      version: g.version,
      name: g.name,
      type: g.ts ? "ts" : "sql",
      upPath: join(dir, upName),
      upFile: show(join(dir, upName)),
    };
    if (g.down) {
      m.downPath = join(dir, g.down);
      m.downFile = show(m.downPath);
    }
    out.push(m);
  }
  out.sort((a, b) => compareVersions(a.version, b.version));
  repeatable.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { versioned: out, repeatable };
}

/** Formats a date as a 14-digit UTC timestamp version. */
export function timestampVersion(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${
    p(d.getUTCMinutes())
  }${p(d.getUTCSeconds())}`;
}

/**
 * The version for a new migration: the current UTC timestamp, or one second after
 * the newest timestamp version when that is not earlier. A folder using legacy
 * numeric versions only continues its numbering (`002` after `001`).
 */
export function nextVersion(existing: readonly string[], now: Date): string {
  const stamps = existing.filter((v) => v.length >= TIMESTAMP_VERSION_LENGTH);
  const legacy = existing.filter((v) => v.length < TIMESTAMP_VERSION_LENGTH);
  if (stamps.length === 0 && legacy.length > 0) {
    const max = legacy.reduce((m, v) => (BigInt(v) > m ? BigInt(v) : m), 0n);
    const width = Math.max(...legacy.map((v) => v.length));
    return (max + 1n).toString().padStart(width, "0");
  }
  let v = timestampVersion(now);
  const newest = stamps.reduce<string | undefined>(
    (m, s) => (m === undefined || compareVersions(s, m) > 0 ? s : m),
    undefined,
  );
  if (newest !== undefined && compareVersions(v, newest) <= 0) {
    const y = Number(newest.slice(0, 4));
    const d = new Date(Date.UTC(
      y,
      Number(newest.slice(4, 6)) - 1,
      Number(newest.slice(6, 8)),
      Number(newest.slice(8, 10)),
      Number(newest.slice(10, 12)),
      Number(newest.slice(12, 14)) + 1,
    ));
    v = Number.isNaN(d.getTime()) ? (BigInt(newest) + 1n).toString() : timestampVersion(d);
  }
  return v;
}

/** Checks a new migration name: letters, digits, `_`, `-`. */
export function slugifyName(name: string): string {
  const s = name.trim().replace(/[\s-]+/g, "_").replace(/[^A-Za-z0-9_]/g, "").toLowerCase();
  if (!s) {
    throw new ConfitureError("USAGE_INVALID_ARGUMENT", `invalid migration name "${name}"`, {
      hint: "use letters, digits and underscores, e.g. add_users_email",
    });
  }
  return s;
}
