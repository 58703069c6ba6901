/** `confiture init [dir]`: creates the project layout; never overwrites a file. */
import { paths } from "../../config/mod.ts";
import { ConfitureError } from "../../errors/mod.ts";
import type { CommandSpec } from "../command.ts";

const { join, relative, resolve } = paths;

const DIRS = [
  "db/schema/00_common",
  "db/schema/10_tables",
  "db/schema/20_views",
  "db/schema/30_functions",
  "db/migrations",
  "db/seeds/common",
  "db/seeds/development",
  "db/seeds/test",
  "db/environments",
];

const LOCAL_YAML = `# Confiture environment "local" (selected with --env local, the default).
# Every string value may use \${VAR} or \${VAR:-default} from the process environment.

# The database to use. Precedence: --database-url, CONFITURE_DATABASE_URL, this key,
# DATABASE_URL; with none of them set, the embedded PostgreSQL in .confiture/embedded/local/.
# database_url: postgres://\${PGUSER:-postgres}@\${PGHOST:-127.0.0.1}:5432/myapp_dev

# Folders holding the schema, read recursively in byte-wise path order.
include_dirs:
  - db/schema
  # - path: db/schema
  #   include: ["**/*.sql"]
  #   exclude: ["**/*_draft.sql"]

# Folders skipped while reading include_dirs.
# exclude_dirs: [db/schema/99_scratch]

# Where versioned migrations live.
migrations_dir: db/migrations

# The ledger table of applied migrations (may be schema-qualified).
tracking_table: tb_confiture

# How long to wait for the migration lock held by another run.
lock_timeout: 60s

# lock_timeout applied to each migration statement (retried a few times on timeout).
statement_lock_timeout: 5s

# How long to wait for a server to answer before failing (default 10s; a URL's own
# ?connect_timeout=SECONDS wins).
# connect_timeout: 10s

# build --apply: reset session settings (SET, SET ROLE) at each file boundary, so that a
# SET search_path in one file does not change the next (default false: one session, as psql).
# reset_session_per_file: true
`;

const GITIGNORE_LINES = ["db/generated/", ".confiture/"];

/** The `init` command. */
export const command: CommandSpec = {
  name: "init",
  summary: "Create the project layout (db/schema, db/migrations, db/seeds, db/environments)",
  description: `Creates the folders Confiture reads, a commented db/environments/local.yaml, and adds
db/generated/ and .confiture/ to .gitignore. Existing files are never overwritten; running it
again is a no-op that says so.`,
  options: [],
  positionals: [{ name: "dir", description: "Project folder to initialise (default: the current folder)" }],
  examples: [
    { command: "confiture init", description: "Set up the current folder" },
    { command: "confiture init services/billing", description: "Set up another folder" },
  ],
  async run(ctx) {
    const root = resolve(ctx.cwd, ctx.positionals[0] ?? ".");
    const created: string[] = [];
    const existing: string[] = [];
    for (const d of DIRS) {
      const p = join(root, d);
      if (await exists(p)) existing.push(d);
      else {
        await mkdir(p);
        created.push(d + "/");
      }
    }
    const yamlPath = join(root, "db/environments/local.yaml");
    if (await exists(yamlPath)) existing.push("db/environments/local.yaml");
    else {
      await write(yamlPath, LOCAL_YAML, true);
      created.push("db/environments/local.yaml");
    }
    const gi = join(root, ".gitignore");
    let text = "";
    let hadGitignore = true;
    try {
      text = await Deno.readTextFile(gi);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) {
        throw new ConfitureError("FILE_UNREADABLE", `cannot read ${gi}`, { cause: e });
      }
      hadGitignore = false;
    }
    const updated: string[] = [];
    const have = new Set(text.split(/\r?\n/).map((l) => l.trim()));
    const missing = GITIGNORE_LINES.filter((l) => !have.has(l) && !have.has(l.replace(/\/$/, "")));
    if (missing.length) {
      const prefix = text.length && !text.endsWith("\n") ? "\n" : "";
      await write(gi, text + prefix + missing.join("\n") + "\n", false);
      (hadGitignore ? updated : created).push(`.gitignore (${missing.join(", ")})`);
    }
    const where = relative(ctx.cwd, root) || ".";
    if (created.length === 0 && updated.length === 0) {
      ctx.out.info(`Nothing to do: ${where} is already a Confiture project.`);
    } else {
      ctx.out.info(`Initialised Confiture project in ${where}:`);
      for (const c of created) ctx.out.info(`  created ${c}`);
      for (const c of updated) ctx.out.info(`  updated ${c}`);
      ctx.out.info("Next: put .sql files in db/schema/ and run `confiture build`.");
    }
    return { data: { root, created, updated, existing, changed: created.length + updated.length > 0 } };
  },
};

async function exists(p: string): Promise<boolean> {
  try {
    await Deno.lstat(p);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw new ConfitureError("FILE_UNREADABLE", `cannot inspect ${p}`, { cause: e });
  }
}

async function mkdir(p: string): Promise<void> {
  try {
    await Deno.mkdir(p, { recursive: true });
  } catch (e) {
    throw new ConfitureError("FILE_WRITE_FAILED", `cannot create folder ${p}`, { cause: e, detail: String(e) });
  }
}

async function write(p: string, text: string, createNew: boolean): Promise<void> {
  try {
    await Deno.writeTextFile(p, text, createNew ? { createNew: true } : {});
  } catch (e) {
    throw new ConfitureError("FILE_WRITE_FAILED", `cannot write ${p}`, { cause: e, detail: String(e) });
  }
}
