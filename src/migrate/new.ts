/**
 * `migrate new`: creates the files of a new migration with the next version.
 * @module
 */
import { join, relative } from "node:path";
import { ConfitureError } from "../errors/mod.ts";
import { discoverMigrations, nextVersion, slugifyName } from "./files.ts";

/** Options of {@link createMigration}. */
export interface CreateMigrationOptions {
  /** Absolute migrations folder. */
  migrationsDir: string;
  /** Shown paths are relative to it. */
  root?: string;
  /** `sql` (default): `.up.sql` + `.down.sql`; `ts`: one TypeScript module. */
  type?: "sql" | "ts";
  /** The clock (tests). */
  now?: Date;
}

/** The files `migrate new` wrote. */
export interface CreatedMigration {
  /** The new migration's version (a timestamp). */
  version: string;
  /** Its name, as normalised for the file names. */
  name: string;
  /** Paths shown to users. */
  files: string[];
}

/**
 * Creates `<version>_<name>.up.sql` and `.down.sql` (or `<version>_<name>.ts`).
 * Never overwrites a file.
 *
 * @example
 * ```ts
 * import { createMigration, loadConfig } from "./mod.ts";
 * const cfg = await loadConfig({ root: ".", vars: Deno.env.toObject() });
 * const created = await createMigration("add_email", { migrationsDir: cfg.migrationsDir, root: cfg.root });
 * console.log(created.files); // ["db/migrations/20260101120000_add_email.up.sql", "….down.sql"]
 * ```
 */
export async function createMigration(rawName: string, o: CreateMigrationOptions): Promise<CreatedMigration> {
  const name = slugifyName(rawName);
  const existing = await discoverMigrations(o.migrationsDir, o.root);
  const version = nextVersion(existing.map((m) => m.version), o.now ?? new Date());
  const base = `${version}_${name}`;
  const show = (p: string) => (o.root ? relative(o.root, p) : p);
  const contents: [string, string][] = o.type === "ts"
    ? [[
      `${base}.ts`,
      `// Migration ${version}: ${name}. Runs in one transaction with its ledger row.
// ctx.sql is a tagged template: \${values} become parameters, never SQL text.

/** Applies the migration. */
export async function up({ sql }) {
  // const rows = await sql\`select id from my_table where flag = \${true}\`;
}

/** Reverts it (optional: without it, \`migrate down\` refuses). */
export async function down({ sql }) {
}
`,
    ]]
    : [
      [`${base}.up.sql`, `-- Migration ${version}: ${name}\n-- Runs in one transaction with its ledger row.\n\n`],
      [`${base}.down.sql`, `-- Reverts ${version}: ${name}\n\n`],
    ];
  try {
    await Deno.mkdir(o.migrationsDir, { recursive: true });
  } catch (e) {
    throw new ConfitureError("FILE_WRITE_FAILED", `cannot create ${show(o.migrationsDir)}`, { cause: e });
  }
  const files: string[] = [];
  for (const [file, text] of contents) {
    const p = join(o.migrationsDir, file);
    try {
      await Deno.writeTextFile(p, text, { createNew: true });
    } catch (e) {
      throw new ConfitureError("FILE_WRITE_FAILED", `cannot write ${show(p)}`, { cause: e, detail: String(e) });
    }
    files.push(show(p));
  }
  return { version, name, files };
}
