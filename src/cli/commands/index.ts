/**
 * The command registry. A subcommand is named "group sub" (e.g. "migrate up");
 * the CLI groups them by the first word. Modules are loaded only when their
 * command runs, so `confiture build` never loads the database drivers.
 *
 * The specifiers of those loads are built at run time (`new URL(…, import.meta.url)`), so that
 * `deno run main.ts` does not prepare the whole module graph of every command, npm packages
 * included, at each start (~5 ms). `deno compile` embeds them through `--include`
 * (scripts/compile.ts finds every such import in src/), `deno task check` type-checks src/, and
 * scripts/check_imports.ts checks them like any import.
 * @module
 */
import type { CommandSpec } from "../command.ts";

/** What a command module exports. */
interface CommandModule {
  command: CommandSpec;
}

/** A registry entry: the command name, its summary, and a loader for its spec. */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<CommandSpec>;
}

/** Summaries of the command groups. */
export const GROUPS: Record<string, string> = {
  migrate: "Versioned migrations: status, up, down, new, baseline, verify, repair, generate",
};

/** Every command. Add one line per command. */
export const COMMANDS: CommandEntry[] = [
  {
    name: "init",
    summary: "Create the project layout (db/schema, db/migrations, …)",
    load: async () => ((await import(new URL("./init.ts", import.meta.url).href)) as CommandModule).command,
  },
  {
    name: "build",
    summary: "Build one schema file from db/schema (and apply it with --apply)",
    load: async () => ((await import(new URL("./build.ts", import.meta.url).href)) as CommandModule).command,
  },
  {
    name: "migrate status",
    summary: "Show applied, pending, changed and missing migrations",
    load: async () => ((await import(new URL("./migrate_status.ts", import.meta.url).href)) as CommandModule).command,
  },
  {
    name: "migrate up",
    summary: "Apply pending migrations",
    load: async () => ((await import(new URL("./migrate_up.ts", import.meta.url).href)) as CommandModule).command,
  },
  {
    name: "migrate down",
    summary: "Revert the newest applied migrations",
    load: async () => ((await import(new URL("./migrate_down.ts", import.meta.url).href)) as CommandModule).command,
  },
  {
    name: "migrate new",
    summary: "Create a new migration with the next version",
    load: async () => ((await import(new URL("./migrate_new.ts", import.meta.url).href)) as CommandModule).command,
  },
  {
    name: "migrate baseline",
    summary: "Record migrations as applied without running them",
    load: async () => ((await import(new URL("./migrate_baseline.ts", import.meta.url).href)) as CommandModule).command,
  },
  {
    name: "migrate verify",
    summary: "Check that applied migrations were not edited",
    load: async () => ((await import(new URL("./migrate_verify.ts", import.meta.url).href)) as CommandModule).command,
  },
  {
    name: "migrate repair",
    summary: "Accept edited migrations' checksums after review",
    load: async () => ((await import(new URL("./migrate_repair.ts", import.meta.url).href)) as CommandModule).command,
  },
  {
    name: "migrate generate",
    summary: "Write a migration from the difference between the database and the DDL tree",
    load: async () => ((await import(new URL("./migrate_generate.ts", import.meta.url).href)) as CommandModule).command,
  },
  {
    name: "graphql",
    summary: "Generate the DDL tree (tables, keys, relations, views) from GraphQL SDL",
    load: async () => ((await import(new URL("./graphql.ts", import.meta.url).href)) as CommandModule).command,
  },
  {
    name: "diff",
    summary: "Print the SQL that turns one schema into another (database, DDL tree or .sql files)",
    load: async () => ((await import(new URL("./diff.ts", import.meta.url).href)) as CommandModule).command,
  },
  {
    name: "sync",
    summary: "Copy selected tables from one database into another, consistent and resumable",
    load: async () => ((await import(new URL("./sync.ts", import.meta.url).href)) as CommandModule).command,
  },
];
