/** Helpers for migration tests: a temporary migrations folder. */
import { join } from "node:path";
import type { RunnerOptions } from "../../../src/migrate/mod.ts";

/** A temporary project with a migrations folder. */
export interface MigrationsDir {
  root: string;
  dir: string;
  write(name: string, text: string): Promise<void>;
  remove(name: string): Promise<void>;
  options(extra?: Partial<RunnerOptions>): RunnerOptions;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Makes a temporary project holding `files` in db/migrations. */
export async function migrationsDir(files: Record<string, string> = {}): Promise<MigrationsDir> {
  const root = await Deno.makeTempDir({ prefix: "confiture-migrate-" });
  const dir = join(root, "db/migrations");
  await Deno.mkdir(dir, { recursive: true });
  const write = (name: string, text: string) => Deno.writeTextFile(join(dir, name), text);
  for (const [n, t] of Object.entries(files)) await write(n, t);
  return {
    root,
    dir,
    write,
    remove: (name) => Deno.remove(join(dir, name)),
    options: (extra = {}) => ({
      migrationsDir: dir,
      root,
      trackingTable: "tb_confiture",
      lockTimeoutMs: 10_000,
      statementLockTimeoutMs: 5_000,
      ...extra,
    }),
    [Symbol.asyncDispose]: () => Deno.remove(root, { recursive: true }),
  };
}
