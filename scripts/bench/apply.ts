/**
 * Apply benchmark: a generated multi-file application schema (500+ tables with
 * foreign keys, indexes, checks, comments, enum types, views, PL/pgSQL functions
 * and triggers) applied to an empty database on the same server by:
 *
 * - `confiture build --apply` (whole process, run as the binary runs: `deno run` with the
 *   flags of scripts/permissions.ts; read, check, write the built file, apply);
 * - `psql -f` of the same built file (autocommit, one round trip per statement);
 * - `psql -1 -f` (the same in one transaction), for reference.
 *
 * Each round uses a fresh database for each tool; prints medians and the ratio
 * of Confiture to `psql -f`.
 *
 *   deno run -A scripts/bench/apply.ts [--tables 600] [--rounds 3]
 *
 * Server: CONFITURE_BENCH_DATABASE_URL, else CONFITURE_TEST_DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/postgres.
 */
import { join } from "node:path";
import { connect } from "../../src/db/mod.ts";
import { quoteIdent } from "../../src/sql/mod.ts";
import { RUN_FLAGS } from "../permissions.ts";
import { admin, arg, median, urlFor } from "./_lib.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;

const TABLES = arg("tables", 600);
const ROUNDS = arg("rounds", 3);
const MODULES = 30;

/** Writes the schema tree; returns the number of files. */
async function generate(root: string): Promise<number> {
  const files: Record<string, string> = {};
  files["00_common/00_schemas.sql"] = Array.from({ length: MODULES }, (_, m) => `CREATE SCHEMA mod_${m};`).join("\n") +
    "\nCREATE SCHEMA common;\n";
  files["00_common/10_types.sql"] = `CREATE TYPE common.status AS ENUM ('draft', 'active', 'archived');
CREATE DOMAIN common.email AS text CHECK (VALUE ~ '^[^@]+@[^@]+$');
CREATE DOMAIN common.money_cents AS bigint CHECK (VALUE >= 0);
`;
  files["00_common/20_touch.sql"] = `CREATE FUNCTION common.touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$$;
`;
  const perModule = Math.ceil(TABLES / MODULES);
  let t = 0;
  const tableNames: string[] = [];
  for (let m = 0; m < MODULES; m++) {
    const moduleTables: string[] = [];
    for (let k = 0; k < perModule && t < TABLES; k++, t++) {
      const name = `mod_${m}.entity_${t}`;
      const parent = t > 0 ? tableNames[Math.floor((t * 7919) % t)] : undefined;
      const sibling = t > 1 ? tableNames[t - 1] : undefined;
      const lines = [
        `-- Entity ${t} of module ${m}.`,
        `CREATE TABLE ${name} (`,
        "    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,",
        `    code text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 64),`,
        "    title text NOT NULL DEFAULT '',",
        "    status common.status NOT NULL DEFAULT 'draft',",
        "    contact common.email,",
        "    amount common.money_cents NOT NULL DEFAULT 0,",
        "    payload jsonb NOT NULL DEFAULT '{}'::jsonb,",
        ...(parent ? [`    parent_id bigint REFERENCES ${parent} (id) ON DELETE CASCADE,`] : []),
        ...(sibling ? [`    sibling_id bigint REFERENCES ${sibling} (id) ON DELETE SET NULL,`] : []),
        "    created_at timestamptz NOT NULL DEFAULT now(),",
        "    updated_at timestamptz NOT NULL DEFAULT now()",
        ");",
        "",
        `CREATE INDEX entity_${t}_status_idx ON ${name} (status, created_at DESC);`,
        ...(parent ? [`CREATE INDEX entity_${t}_parent_idx ON ${name} (parent_id);`] : []),
        `CREATE INDEX entity_${t}_payload_idx ON ${name} USING gin (payload);`,
        `COMMENT ON TABLE ${name} IS 'Entity ${t}: it''s generated; do not edit';`,
        `COMMENT ON COLUMN ${name}.code IS 'Business key';`,
        "",
      ];
      files[`10_tables/mod_${String(m).padStart(2, "0")}/entity_${String(t).padStart(4, "0")}.sql`] = lines.join("\n");
      tableNames.push(name);
      moduleTables.push(name);
    }
    files[`20_views/mod_${String(m).padStart(2, "0")}.sql`] = moduleTables.map((n, i) =>
      `CREATE VIEW mod_${m}.active_${i} AS\n  SELECT id, code, title, amount FROM ${n} WHERE status = 'active';\n`
    ).join("\n") +
      `CREATE VIEW mod_${m}.summary AS\n` +
      moduleTables.map((n) =>
        `  SELECT '${n}'::text AS source, count(*) AS n, sum(amount) AS total FROM ${n}`
      )
        .join("\n  UNION ALL\n") +
      ";\n";
    files[`30_functions/mod_${String(m).padStart(2, "0")}.sql`] = moduleTables.map((n, i) =>
      `CREATE FUNCTION mod_${m}.archive_${i}(p_id bigint) RETURNS integer
LANGUAGE plpgsql AS $fn$
DECLARE
  changed integer;
BEGIN
  UPDATE ${n} SET status = 'archived' WHERE id = p_id AND status <> 'archived';
  GET DIAGNOSTICS changed = ROW_COUNT;
  RETURN changed; -- 0 or 1
END;
$fn$;
`
    ).join("\n");
    files[`40_triggers/mod_${String(m).padStart(2, "0")}.sql`] = moduleTables.map((n, i) =>
      `CREATE TRIGGER touch_${i} BEFORE UPDATE ON ${n}\n  FOR EACH ROW EXECUTE FUNCTION common.touch_updated_at();\n`
    ).join("");
  }
  for (const [rel, text] of Object.entries(files)) {
    const p = join(root, "db/schema", rel);
    await Deno.mkdir(join(p, ".."), { recursive: true });
    await Deno.writeTextFile(p, text);
  }
  await Deno.mkdir(join(root, "db/environments"), { recursive: true });
  await Deno.writeTextFile(join(root, "db/environments/local.yaml"), "include_dirs:\n  - db/schema\n");
  return Object.keys(files).length;
}

async function timed(cmd: string, args: string[], cwd: string): Promise<number> {
  const t0 = performance.now();
  const out = await new Deno.Command(cmd, { args, cwd, stdout: "null", stderr: "piped" }).output();
  const ms = performance.now() - t0;
  const err = new TextDecoder().decode(out.stderr);
  if (!out.success || /ERROR/.test(err)) throw new Error(`${cmd} ${args.join(" ")} failed:\n${err}`);
  return ms;
}

const root = await Deno.makeTempDir({ prefix: "confiture-bench-apply-" });
const dbName = `confiture_bench_apply_${Deno.pid}`;
try {
  const nFiles = await generate(root);
  // build once to get the file psql runs (the same bytes confiture applies)
  await timed(Deno.execPath(), ["run", ...RUN_FLAGS, MAIN, "build", "--quiet"], root);
  const built = join(root, "db/generated/schema_local.sql");
  const size = (await Deno.stat(built)).size;
  const url = urlFor(dbName);
  const cases: [string, string, string[]][] = [
    ["confiture build --apply", Deno.execPath(), [
      "run",
      ...RUN_FLAGS,
      MAIN,
      "build",
      "--apply",
      "--quiet",
      "--database-url",
      url,
    ]],
    ["psql -f (autocommit)", "psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", built]],
    ["psql -1 -f (one transaction)", "psql", ["-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", built]],
  ];
  const times = cases.map(() => [] as number[]);
  for (let r = 0; r <= ROUNDS; r++) {
    for (let c = 0; c < cases.length; c++) {
      await admin(`DROP DATABASE IF EXISTS ${quoteIdent(dbName)} WITH (FORCE)`);
      await admin(`CREATE DATABASE ${quoteIdent(dbName)}`);
      const ms = await timed(cases[c][1], cases[c][2], root);
      if (r > 0) times[c].push(ms);
    }
  }
  const check = await connect({ url, source: "flag" });
  const [{ n }] = await check.query<{ n: number }>(
    "select count(*)::int as n from pg_tables where schemaname like 'mod\\_%'",
  );
  await check.close();
  if (n !== TABLES) throw new Error(`expected ${TABLES} tables, found ${n}`);
  console.log(
    `apply benchmark: ${TABLES} tables in ${nFiles} files (${(size / 1024).toFixed(0)} KiB built), ` +
      `median of ${ROUNDS} rounds after one warm-up, fresh database each run`,
  );
  const base = median(times[1]);
  for (let c = 0; c < cases.length; c++) {
    const m = median(times[c]);
    console.log(`  ${cases[c][0].padEnd(32)} ${m.toFixed(0).padStart(7)} ms  ${(m / base).toFixed(2)}x psql -f`);
  }
} finally {
  await admin(`DROP DATABASE IF EXISTS ${quoteIdent(dbName)} WITH (FORCE)`);
  await Deno.remove(root, { recursive: true });
}
