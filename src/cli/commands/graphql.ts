/** `confiture graphql FILE…`: the DDL tree of a GraphQL data model. */
import { findProjectRoot, paths } from "../../config/mod.ts";
import { ConfitureError } from "../../errors/mod.ts";
import type { CommandContext, CommandSpec } from "../command.ts";
import type { GeneratedFile, GraphqlSource, IdType, Style } from "../../graphql/mod.ts";

const { isAbsolute, join, relative, resolve } = paths;

/** Where the generated files go, relative to the project root, unless --out says otherwise. */
export const DEFAULT_OUT = "db/schema/10_tables/graphql";

const SDL_EXTENSIONS = [".graphql", ".graphqls", ".gql"];

const posix = (p: string) => p.replaceAll("\\", "/");

/** The `graphql` command. */
export const command: CommandSpec = {
  name: "graphql",
  summary: "Generate the DDL tree (tables, keys, relations, views) from GraphQL SDL",
  description: `Reads GraphQL SDL (files, or folders of .graphql/.graphqls/.gql files) and writes one DDL
file per type into the schema tree (default ${DEFAULT_OUT}/), numbered in
dependency order: enums, tables (a table after those it references), join tables, and with
--style fraiseql the v_<entity> views.
Each file has a header with its source and the SHA-256 of the input; the same SDL always gives the
same bytes. Files the SDL no longer produces are removed; other files in the folder are left alone.

Styles: plain (plural snake_case tables, @id keys) or fraiseql (tb_<entity> tables with a
pk_<entity> bigint identity key and a public id uuid, v_<entity> views returning id and a data jsonb
object). Directives (@table, @id, @unique, @index, @default, @db, @check, @relation, @manyToMany,
@ignore, @renamedFrom, @identifier) are listed by --prelude; see docs/graphql.md.

Every problem is reported at file:line:col before anything is written. After a change, run
"confiture migrate generate <name>": @renamedFrom becomes a RENAME that keeps the data.`,
  options: [
    {
      name: "out",
      short: "o",
      type: "string",
      valueName: "DIR",
      description: "Folder of the generated files",
      default: `${DEFAULT_OUT} in the project`,
    },
    { name: "style", type: "string", valueName: "STYLE", description: "plain or fraiseql", default: "plain" },
    {
      name: "id-type",
      type: "string",
      valueName: "TYPE",
      description: "Plain style: @id fields of type ID become uuid or bigint identity keys",
      default: "uuid",
    },
    {
      name: "schema",
      type: "string",
      valueName: "NAME",
      description: "PostgreSQL schema of the generated objects",
      default: "public",
    },
    {
      name: "check",
      type: "boolean",
      description: "Write nothing; exit 2 when the files on disk differ from what would be generated",
    },
    { name: "dry-run", type: "boolean", description: "Show what would be written or removed, write nothing" },
    { name: "prelude", type: "boolean", description: "Print the directive declarations (GraphQL SDL) and exit" },
  ],
  positionals: [{ name: "file", description: "GraphQL SDL files or folders", required: true }],
  examples: [
    { command: "confiture graphql schema.graphql", description: `Write ${DEFAULT_OUT}/*.sql` },
    {
      command: "confiture graphql api/ --style fraiseql",
      description: "tb_/v_ tables and views from every .graphql file in api/",
    },
    { command: "confiture graphql schema.graphql --check", description: "In CI: fail when the tree is stale" },
    { command: "confiture graphql --prelude", description: "Print the directives (save them for your editor)" },
  ],
  offline: () => true,
  async run(ctx) {
    const { generateDdl, planTreeUpdate, PRELUDE } = await import("../../graphql/mod.ts");
    if (ctx.options.prelude === true) {
      ctx.out.write(PRELUDE);
      return { data: { prelude: PRELUDE } };
    }
    if (ctx.positionals.length === 0) {
      throw new ConfitureError("USAGE_INVALID_ARGUMENT", "missing the GraphQL SDL file", {
        hint: "confiture graphql schema.graphql",
      });
    }
    const style = option(ctx, "style", ["plain", "fraiseql"]) as Style | undefined ?? "plain";
    const idType = option(ctx, "id-type", ["uuid", "bigint"]) as IdType | undefined;
    if (idType !== undefined && style === "fraiseql") {
      throw new ConfitureError("USAGE_INVALID_ARGUMENT", "--id-type is for the plain style", {
        hint: "the fraiseql style always has a pk_<entity> bigint identity and an id uuid",
      });
    }
    const schema = typeof ctx.options.schema === "string" ? ctx.options.schema : undefined;
    const check = ctx.options.check === true;
    const dryRun = ctx.options["dry-run"] === true;
    if (check && dryRun) {
      throw new ConfitureError("USAGE_INVALID_ARGUMENT", "--check and --dry-run together", {
        hint: "--check compares and sets the exit code; --dry-run shows the changes",
      });
    }
    const root = ctx.global.project ? resolve(ctx.cwd, ctx.global.project) : findProjectRoot(ctx.cwd);
    const outOpt = typeof ctx.options.out === "string" ? ctx.options.out : undefined;
    const outDir = outOpt === undefined
      ? join(root, DEFAULT_OUT)
      : isAbsolute(outOpt)
      ? outOpt
      : resolve(ctx.cwd, outOpt);
    const shown = (p: string) => relative(ctx.cwd, p) || p;

    const sources = await readSources(ctx, root);
    const result = await generateDdl(sources, { style, schema, idType });
    for (const w of result.warnings) ctx.out.warn(w);
    const existing = await readExisting(outDir);
    const plan = planTreeUpdate(result.files, existing);
    const clash = plan.foreign.filter((n) => result.files.some((f) => f.path === n));
    if (clash.length > 0) {
      throw new ConfitureError(
        "REFUSED_UNSAFE",
        `${shown(join(outDir, clash[0]))} exists and was not generated by confiture graphql; not overwritten`,
        {
          hint: "move it, or give --out another folder",
          detail: clash.length > 1 ? `also: ${clash.slice(1).join(", ")}` : undefined,
        },
      );
    }
    for (const n of plan.foreign) ctx.out.debug(`left alone (not generated): ${shown(join(outDir, n))}`);
    const status = (f: GeneratedFile) =>
      plan.create.includes(f.path) ? "create" : plan.update.includes(f.path) ? "update" : "unchanged";
    const changed = plan.create.length + plan.update.length + plan.remove.length > 0;
    const data: Record<string, unknown> = {
      style,
      schema: result.schema,
      inputHash: result.inputHash,
      sources: sources.map((s) => s.name),
      out: shown(outDir),
      files: result.files.map((f) => ({
        path: shown(join(outDir, f.path)),
        kind: f.kind,
        object: f.object,
        status: status(f),
        ...(dryRun ? { content: f.content } : {}),
      })),
      removed: plan.remove.map((n) => shown(join(outDir, n))),
      changed,
    };
    const verb = { create: "new", update: "changed" } as const;
    const list = (prefix: string) => {
      for (const f of result.files) {
        const s = status(f);
        if (s !== "unchanged") ctx.out.info(`  ${prefix}${verb[s]}: ${shown(join(outDir, f.path))}`);
      }
      for (const n of plan.remove) ctx.out.info(`  ${prefix}removed: ${shown(join(outDir, n))}`);
    };
    const counts = `${plan.create.length} new, ${plan.update.length} changed, ${plan.unchanged.length} unchanged, ` +
      `${plan.remove.length} removed`;
    if (check) {
      if (!changed) ctx.out.info(`${shown(outDir)} is up to date (${result.files.length} files).`);
      else {
        ctx.out.info(`${shown(outDir)} differs from the SDL (${counts}):`);
        list("");
        const again = [
          ...ctx.positionals,
          ...["out", "style", "id-type", "schema"].flatMap((o) =>
            typeof ctx.options[o] === "string" ? [`--${o}`, String(ctx.options[o])] : []
          ),
        ];
        ctx.out.info(`Run: confiture graphql ${again.join(" ")} to regenerate it.`);
      }
      return { exitCode: changed ? 2 : 0, data: { ...data, check: true } };
    }
    if (dryRun) {
      ctx.out.info(`Would write ${result.files.length} files into ${shown(outDir)} (${counts}).`);
      list("would be ");
      return { data: { ...data, dryRun: true } };
    }
    if (changed) await writeTree(outDir, result.files, plan, shown);
    ctx.out.info(`Generated ${result.files.length} files (style ${style}) into ${shown(outDir)}: ${counts}.`);
    list("");
    if (changed) ctx.out.info("Next: confiture migrate generate <name> turns the change into a migration.");
    return { data };
  },
};

function option(ctx: CommandContext, name: string, allowed: string[]): string | undefined {
  const v = ctx.options[name];
  if (v === undefined) return undefined;
  if (typeof v !== "string" || !allowed.includes(v)) {
    throw new ConfitureError("USAGE_INVALID_ARGUMENT", `--${name} ${String(v)} is not known`, {
      hint: allowed.join(" or "),
    });
  }
  return v;
}

/** Reads the SDL files named on the command line (folders: their SDL files, recursively, by name). */
async function readSources(ctx: CommandContext, root: string): Promise<GraphqlSource[]> {
  const files: string[] = [];
  for (const p of ctx.positionals) {
    const abs = isAbsolute(p) ? p : resolve(ctx.cwd, p);
    let info: Deno.FileInfo;
    try {
      info = await Deno.stat(abs);
    } catch (e) {
      throw new ConfitureError("FILE_NOT_FOUND", `${p} does not exist`, { cause: e });
    }
    if (info.isDirectory) {
      const found = await sdlFiles(abs);
      if (found.length === 0) {
        throw new ConfitureError("FILE_NOT_FOUND", `${p} holds no ${SDL_EXTENSIONS.join(", ")} file`);
      }
      files.push(...found);
    } else files.push(abs);
  }
  const sources: GraphqlSource[] = [];
  for (const abs of [...new Set(files)]) {
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(await Deno.readFile(abs));
    } catch (e) {
      throw new ConfitureError("FILE_UNREADABLE", `cannot read ${relative(ctx.cwd, abs) || abs}`, {
        detail: e instanceof Error ? e.message : String(e),
        cause: e,
      });
    }
    sources.push({ name: posix(relative(root, abs) || abs), text, file: relative(ctx.cwd, abs) || abs });
  }
  return sources;
}

async function sdlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries: Deno.DirEntry[] = [];
  for await (const e of Deno.readDir(dir)) entries.push(e);
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory) out.push(...await sdlFiles(p));
    else if (e.isFile && SDL_EXTENSIONS.some((x) => e.name.endsWith(x))) out.push(p);
  }
  return out;
}

/** The `.sql` files directly in the output folder, by name (none when it does not exist). */
async function readExisting(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  try {
    for await (const e of Deno.readDir(dir)) {
      if (e.isFile && e.name.endsWith(".sql")) out[e.name] = await Deno.readTextFile(join(dir, e.name));
    }
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return out;
    throw new ConfitureError("FILE_UNREADABLE", `cannot read the folder ${dir}`, { cause: e });
  }
  return out;
}

async function writeTree(
  dir: string,
  files: GeneratedFile[],
  plan: { create: string[]; update: string[]; remove: string[] },
  shown: (p: string) => string,
): Promise<void> {
  const attempt = async (p: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (e) {
      throw new ConfitureError("FILE_WRITE_FAILED", `cannot write ${shown(p)}`, {
        detail: e instanceof Error ? e.message : String(e),
        cause: e,
      });
    }
  };
  await attempt(dir, () => Deno.mkdir(dir, { recursive: true }));
  for (const f of files) {
    if (!plan.create.includes(f.path) && !plan.update.includes(f.path)) continue;
    const p = join(dir, f.path);
    await attempt(p, () => Deno.writeTextFile(p, f.content));
  }
  for (const n of plan.remove) {
    const p = join(dir, n);
    await attempt(p, () => Deno.remove(p));
  }
}
