/**
 * Convergence harness for the schema-diff cases in tests/golden/diff/<case>/.
 *
 * For a case: build database A from from.sql (then seed.sql when present),
 * B from to.sql and C from from.sql; diff A→B; apply the SQL to A with
 * `psql -v ON_ERROR_STOP=1 -f` (as users do); require dump(A) = dump(B), the
 * optional after_up.sql check to print `t`, and an empty second diff; then
 * apply the down script to A and require dump(A) = dump(C) and an empty diff
 * A→C; finally require the hazards of both scripts to be those of the case's
 * expected_hazards file. Every database is dropped at the end, even on failure.
 * @module
 */
import { schemaDiff } from "../../../src/source/mod.ts";
import { join } from "node:path";
import { connect, type Database } from "../../../src/db/mod.ts";
import { createTestDatabase, type TestDatabase } from "../../_helpers/db.ts";
import { dumpDiff, dumpSchema as dumpSchemaOf } from "../../_helpers/schema_oracle.ts";

/** Folder holding the cases. */
export const CASES_DIR = new URL("../../golden/diff/", import.meta.url).pathname;

/** One case: its folder name and files. */
export interface DiffCase {
  name: string;
  dir: string;
  fromSql: string;
  toSql: string;
  /** Data loaded into A after from.sql (to check that changes preserve data). */
  seedSql?: string;
  /** A query run on A after the up script; it must print `t`. */
  afterUpSql?: string;
  /** The hazards of the up and down scripts (expected_hazards). */
  expectedHazards?: CaseHazards;
}

/** The hazard codes of a case's up and down scripts, each sorted. */
export interface CaseHazards {
  up: string[];
  down: string[];
}

/** The file holding a case's expected hazards. */
export const HAZARDS_FILE = "expected_hazards";

/** Reads an expected_hazards file: an `up:` and a `down:` line, each with comma-separated codes (or none). */
export function parseHazards(text: string, file = HAZARDS_FILE): CaseHazards {
  const out: Partial<CaseHazards> = {};
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const m = /^(up|down):(.*)$/.exec(line.trim());
    if (!m || out[m[1] as "up" | "down"]) {
      throw new Error(`${file}: expected "up: …" and "down: …" lines, got: ${line}`);
    }
    out[m[1] as "up" | "down"] = m[2].split(",").map((x) => x.trim()).filter(Boolean);
  }
  if (!out.up || !out.down) throw new Error(`${file}: needs an "up:" and a "down:" line`);
  return { up: out.up, down: out.down };
}

/** The text of an expected_hazards file. */
export function formatHazards(h: CaseHazards): string {
  return `up: ${h.up.join(", ")}\ndown: ${h.down.join(", ")}\n`.replaceAll(": \n", ":\n");
}

/** The cases, in folder order. */
export function listCases(): DiffCase[] {
  const names = [...Deno.readDirSync(CASES_DIR)].filter((e) => e.isDirectory && /^\d{3}_/.test(e.name))
    .map((e) => e.name).sort();
  const opt = (dir: string, f: string) => {
    try {
      return Deno.readTextFileSync(join(dir, f));
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return undefined;
      throw e;
    }
  };
  return names.map((name) => {
    const dir = join(CASES_DIR, name);
    return {
      name,
      dir,
      fromSql: Deno.readTextFileSync(join(dir, "from.sql")),
      toSql: Deno.readTextFileSync(join(dir, "to.sql")),
      seedSql: opt(dir, "seed.sql"),
      afterUpSql: opt(dir, "after_up.sql"),
      expectedHazards: ((t) => t === undefined ? undefined : parseHazards(t, `${name}/${HAZARDS_FILE}`))(
        opt(dir, HAZARDS_FILE),
      ),
    };
  });
}

/** A rename declared in to.sql with `-- confiture:renamed-from <old name>`. */
export interface RenameHint {
  kind: "table" | "column";
  /** Stable identity of the old object, e.g. `table:public.old` or `column:public.t.old`. */
  from: string;
  /** Stable identity of the new object. */
  to: string;
}

const unquote = (s: string) => s.startsWith('"') ? s.slice(1, -1).replaceAll('""', '"') : s.toLowerCase();
const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;

/**
 * Reads the rename hints of a to.sql: on the line of a `CREATE TABLE` the hint
 * names the old table, on a column line inside it the old column. Identities
 * of the `from` side use the old names: a column renamed inside a renamed
 * table is `column:<schema>.<old table>.<old column>`.
 */
export function renameHints(toSql: string): RenameHint[] {
  const hints: RenameHint[] = [];
  let table: { schema: string; name: string; old: string } | undefined;
  const tableRe = new RegExp(
    String.raw`^\s*CREATE\s+(?:UNLOGGED\s+)?TABLE\s+(?:IF NOT EXISTS\s+)?(${IDENT}(?:\.${IDENT})?)`,
    "i",
  );
  const colRe = new RegExp(String.raw`^\s*(${IDENT})\s`);
  for (const line of toSql.split("\n")) {
    const t = tableRe.exec(line);
    const h = /--\s*confiture:renamed-from\s+(\S+)/.exec(line);
    const old = h ? unquote(h[1]) : undefined;
    if (t) {
      const parts = t[1].match(new RegExp(IDENT, "g"))!.map(unquote);
      const [schema, name] = parts.length === 2 ? parts : ["public", parts[0]];
      table = { schema, name, old: old ?? name };
      if (old) hints.push({ kind: "table", from: `table:${schema}.${old}`, to: `table:${schema}.${name}` });
      continue;
    }
    if (!old) continue;
    const c = colRe.exec(line);
    if (!c || !table) throw new Error(`rename hint outside a table: ${line}`);
    hints.push({
      kind: "column",
      from: `column:${table.schema}.${table.old}.${old}`,
      to: `column:${table.schema}.${table.name}.${unquote(c[1])}`,
    });
  }
  return hints;
}

/** What the engine produced for one diff. */
export interface EngineDiff {
  sql: string;
  downSql?: string;
  /** The rename hints the down script follows (those the up script applied, reversed). */
  downRenames?: RenameHint[];
  statementCount?: number;
  /** The hazard codes of the up and down scripts (each sorted, once), when the engine tells them. */
  hazards?: CaseHazards;
}

/** Computes the migration from the schema of `from` to that of `to`. */
export type DiffEngine = (from: Database, to: Database, renames: RenameHint[]) => Promise<EngineDiff>;

const hazardsOf = (p: { statements: { hazards: string[] }[] }) =>
  [...new Set(p.statements.flatMap((s) => s.hazards))].sort();

/** The diff engine: `schemaDiff` of src/source (both directions, with the rename hints and hazards). */
export function loadEngine(): Promise<DiffEngine> {
  return Promise.resolve(async (from, to, renames) => {
    const r = await schemaDiff({ from, to, ...(renames.length ? { renames } : {}) });
    return {
      sql: r.sql,
      downSql: r.downSql,
      downRenames: r.downRenames,
      statementCount: r.plan.statements.length,
      hazards: { up: hazardsOf(r.plan), down: hazardsOf(r.downPlan) },
    };
  });
}

/** True when `sql` holds no statement (only blank lines and `--` comments). */
export function isEmptySql(sql: string): boolean {
  return sql.split("\n").every((l) => l.trim() === "" || l.trim().startsWith("--"));
}

/** Applies SQL text with `psql -X -v ON_ERROR_STOP=1 -q -f <file>`; throws with psql's stderr. */
export async function applySql(url: string, sql: string, label: string): Promise<void> {
  const file = await Deno.makeTempFile({ prefix: "confiture-diff-", suffix: ".sql" });
  try {
    await Deno.writeTextFile(file, sql);
    const out = await new Deno.Command("psql", {
      args: ["-X", "-v", "ON_ERROR_STOP=1", "-q", "-d", url, "-f", file],
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) {
      const err = new TextDecoder().decode(out.stderr).replaceAll(file, label);
      throw new Error(`psql failed applying ${label}:\n${err}`);
    }
  } finally {
    await Deno.remove(file);
  }
}

/** Runs a query with psql and returns its unaligned, tuples-only output. */
export async function psqlQuery(url: string, sql: string): Promise<string> {
  const out = await new Deno.Command("psql", {
    args: ["-X", "-v", "ON_ERROR_STOP=1", "-q", "-At", "-d", url, "-c", sql],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  if (!out.success) throw new Error(`psql query failed:\n${dec.decode(out.stderr)}`);
  return dec.decode(out.stdout).trim();
}

/** Why a case failed: a broken case (its SQL does not apply) or an engine failure. */
export class CaseFailure extends Error {
  constructor(readonly caseName: string, readonly stage: string, message: string) {
    super(`[${caseName}] ${stage}: ${message}`);
    this.name = "CaseFailure";
  }
}

const numbered = (sql: string) =>
  sql.split("\n").map((l, i) => `${String(i + 1).padStart(4)} | ${l}`).join("\n") || "(empty)";

async function withSessions<T>(urls: [string, string], fn: (a: Database, b: Database) => Promise<T>): Promise<T> {
  const a = await connect({ url: urls[0], source: "flag" });
  try {
    const b = await connect({ url: urls[1], source: "flag" });
    try {
      return await fn(a, b);
    } finally {
      await b.close();
    }
  } finally {
    await a.close();
  }
}

/** Creates the three databases of a case and loads their files; a failure is a broken case. */
async function prepare(
  c: DiffCase,
  dbs: TestDatabase[],
  withFresh = true,
): Promise<{ a: TestDatabase; b: TestDatabase; c?: TestDatabase }> {
  const label = c.name.slice(0, 3);
  const make = async (suffix: string) => {
    const db = await createTestDatabase(`diff_${label}_${suffix}`);
    dbs.push(db);
    return db;
  };
  // allSettled: every database that was made is in `dbs` before a failure is thrown, so it is dropped.
  const made = await Promise.allSettled([make("a"), make("b"), withFresh ? make("c") : undefined]);
  for (const r of made) if (r.status === "rejected") throw r.reason;
  const [a, b, cc] = made.map((r) => (r as PromiseFulfilledResult<TestDatabase | undefined>).value);
  const load = async (db: TestDatabase, sql: string, file: string) => {
    try {
      await applySql(db.url, sql, `${c.name}/${file}`);
    } catch (e) {
      throw new CaseFailure(c.name, "broken case", (e as Error).message);
    }
  };
  await Promise.all([
    load(a!, c.fromSql, "from.sql"),
    load(b!, c.toSql, "to.sql"),
    cc ? load(cc, c.fromSql, "from.sql") : undefined,
  ]);
  if (c.seedSql) await load(a!, c.seedSql, "seed.sql");
  return { a: a!, b: b!, c: cc };
}

/**
 * Checks a case without the engine: its files apply on the test server, and
 * the oracle tells from.sql and to.sql apart (unless the case is a no-op case,
 * `_noop_` in its name, where they must be equal).
 */
export async function validateCase(c: DiffCase): Promise<void> {
  const dbs: TestDatabase[] = [];
  try {
    const { a, b } = await prepare(c, dbs, false);
    const [dumpA, dumpB] = await Promise.all([dumpSchemaOf(a.url), dumpSchemaOf(b.url)]);
    checkDistinct(c, dumpA, dumpB);
  } finally {
    await Promise.all(dbs.map((d) => d.drop()));
  }
}

function checkDistinct(c: DiffCase, dumpFrom: string, dumpTo: string): void {
  const noop = c.name.includes("_noop_");
  if (noop && dumpFrom !== dumpTo) {
    throw new CaseFailure(c.name, "broken case", `a no-op case has different schemas:\n${dumpDiff(dumpFrom, dumpTo)}`);
  }
  if (!noop && dumpFrom === dumpTo) {
    throw new CaseFailure(c.name, "broken case", "from.sql and to.sql give the same schema");
  }
}

/** Options of {@link runCase}. */
export interface RunOptions {
  /**
   * Write the hazards the engine gives to each case's expected_hazards file instead of comparing
   * them (after reviewing the change).
   */
  writeHazards?: boolean;
  /**
   * Compare pg_dump outputs (default true). Off for a server newer than the
   * installed pg_dump: then only "the SQL applies" and "a second diff is
   * empty" are checked.
   */
  dump?: boolean;
}

/** Runs one case end to end (see the module doc); throws a {@link CaseFailure}. */
export async function runCase(c: DiffCase, engine: DiffEngine, opts: RunOptions = {}): Promise<void> {
  const withDump = opts.dump ?? true;
  // Without the pg_dump oracle every dump is "", so only application and empty second diffs are checked.
  const dumpSchema = withDump ? dumpSchemaOf : () => Promise.resolve("");
  const dbs: TestDatabase[] = [];
  try {
    const prepared = await prepare(c, dbs);
    const { a, b } = prepared;
    const fresh = prepared.c!;
    // A and C hold the same schema (from.sql): C's dump stands for both.
    const [dumpB, dumpC] = await Promise.all([dumpSchema(b.url), dumpSchema(fresh.url)]);
    if (withDump) checkDistinct(c, dumpC, dumpB);
    const renames = renameHints(c.toSql);
    const fail = (stage: string, msg: string) => new CaseFailure(c.name, stage, msg);
    const reversed = renames.map((h) => ({ ...h, from: h.to, to: h.from }));
    const diffOf = async (stage: string, urls: [string, string], hints = renames) => {
      try {
        return await withSessions(urls, (x, y) => engine(x, y, hints));
      } catch (e) {
        throw fail(stage, `the engine threw: ${(e as Error).stack ?? e}`);
      }
    };

    // Up.
    const up = await diffOf("diff A→B", [a.url, b.url]);
    if (withDump && dumpC === dumpB && !isEmptySql(up.sql)) {
      throw fail("diff A→B", `identical schemas gave statements:\n${numbered(up.sql)}`);
    }
    try {
      await applySql(a.url, up.sql, "up.sql");
    } catch (e) {
      throw fail("apply up", `${(e as Error).message}\nup SQL:\n${numbered(up.sql)}`);
    }
    const dumpA1 = await dumpSchema(a.url);
    if (dumpA1 !== dumpB) {
      throw fail(
        "converge up",
        `after the up SQL, A differs from B:\n${dumpDiff(dumpB, dumpA1, ["B (to.sql)", "A after up"])}\nup SQL:\n${
          numbered(up.sql)
        }`,
      );
    }
    if (c.afterUpSql) {
      const got = await psqlQuery(a.url, c.afterUpSql);
      if (got !== "t") {
        throw fail("data check", `after_up.sql printed ${JSON.stringify(got)}\nup SQL:\n${numbered(up.sql)}`);
      }
    }
    const again = await diffOf("second diff A→B", [a.url, b.url]);
    if (!isEmptySql(again.sql) || (again.statementCount ?? 0) > 0) {
      throw fail("second diff A→B", `not empty:\n${numbered(again.sql)}\nafter up SQL:\n${numbered(up.sql)}`);
    }

    // Down.
    const downSql = up.downSql ?? (await diffOf("diff A→C", [a.url, fresh.url], reversed)).sql;
    try {
      await applySql(a.url, downSql, "down.sql");
    } catch (e) {
      throw fail("apply down", `${(e as Error).message}\ndown SQL:\n${numbered(downSql)}`);
    }
    const dumpA2 = await dumpSchema(a.url);
    if (dumpA2 !== dumpC) {
      throw fail(
        "converge down",
        `after the down SQL, A differs from from.sql:\n${
          dumpDiff(dumpC, dumpA2, ["from.sql", "A after down"])
        }\ndown SQL:\n${numbered(downSql)}`,
      );
    }
    const again2 = await diffOf("second diff A→C", [a.url, fresh.url], up.downRenames ?? reversed);
    if (!isEmptySql(again2.sql) || (again2.statementCount ?? 0) > 0) {
      throw fail("second diff A→C", `not empty:\n${numbered(again2.sql)}\nafter down SQL:\n${numbered(downSql)}`);
    }

    // Hazards.
    if (up.hazards && opts.writeHazards && c.dir) {
      await Deno.writeTextFile(join(c.dir, HAZARDS_FILE), formatHazards(up.hazards));
    } else if (up.hazards && c.expectedHazards) {
      const got = formatHazards(up.hazards);
      const want = formatHazards(c.expectedHazards);
      if (got !== want) {
        throw fail("hazards", `expected (${HAZARDS_FILE}):\n${want}got:\n${got}up SQL:\n${numbered(up.sql)}`);
      }
    }
  } finally {
    await Promise.all(dbs.map((d) => d.drop()));
  }
}

/**
 * Runs jobs with bounded concurrency and look-ahead: `get(i)` starts job i and
 * up to `width - 1` following ones, and returns job i's outcome.
 */
export function lookAheadPool<T>(count: number, width: number, job: (i: number) => Promise<T>) {
  const started = new Map<number, Promise<{ ok: true; value: T } | { ok: false; error: unknown }>>();
  const start = (i: number) => {
    if (i >= count || started.has(i)) return;
    started.set(i, job(i).then((value) => ({ ok: true as const, value }), (error) => ({ ok: false as const, error })));
  };
  return {
    async get(i: number): Promise<T> {
      for (let k = i; k < i + width; k++) start(k);
      const r = await started.get(i)!;
      if (!r.ok) throw r.error;
      return r.value;
    },
    /** Waits for every job started so far (their databases are dropped by then). */
    async settle(): Promise<void> {
      await Promise.all(started.values());
    },
  };
}
