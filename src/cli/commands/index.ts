/**
 * The command registry. A subcommand is named "group sub" (e.g. "migrate up");
 * the CLI groups them by the first word. Modules are loaded only when their
 * command runs, so `confiture build` never loads the database drivers.
 * @module
 */
import type { CommandSpec } from "../command.ts";

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
    load: async () => (await import("./init.ts")).command,
  },
  {
    name: "build",
    summary: "Build one schema file from db/schema (and apply it with --apply)",
    load: async () => (await import("./build.ts")).command,
  },
  {
    name: "migrate status",
    summary: "Show applied, pending, changed and missing migrations",
    load: async () => (await import("./migrate_status.ts")).command,
  },
  {
    name: "migrate up",
    summary: "Apply pending migrations",
    load: async () => (await import("./migrate_up.ts")).command,
  },
  {
    name: "migrate down",
    summary: "Revert the newest applied migrations",
    load: async () => (await import("./migrate_down.ts")).command,
  },
  {
    name: "migrate new",
    summary: "Create a new migration with the next version",
    load: async () => (await import("./migrate_new.ts")).command,
  },
  {
    name: "migrate baseline",
    summary: "Record migrations as applied without running them",
    load: async () => (await import("./migrate_baseline.ts")).command,
  },
  {
    name: "migrate verify",
    summary: "Check that applied migrations were not edited",
    load: async () => (await import("./migrate_verify.ts")).command,
  },
  {
    name: "migrate repair",
    summary: "Accept edited migrations' checksums after review",
    load: async () => (await import("./migrate_repair.ts")).command,
  },
  {
    name: "migrate generate",
    summary: "Write a migration from the difference between the database and the DDL tree",
    load: async () => (await import("./migrate_generate.ts")).command,
  },
  {
    name: "diff",
    summary: "Print the SQL that turns one schema into another (database, DDL tree or .sql files)",
    load: async () => (await import("./diff.ts")).command,
  },
];
