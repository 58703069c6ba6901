/** Shared fixtures of the build integration tests: temporary schema trees and both backends. */
import { join } from "node:path";
import type { BuildSource } from "../../../src/build/mod.ts";
import { connect, type Database } from "../../../src/db/mod.ts";
import { ConfitureError } from "../../../src/errors/mod.ts";
import { assert } from "../../_helpers/assert.ts";
import { createTestDatabase } from "../../_helpers/db.ts";

/** A temporary project whose `db/schema` holds `files` (relative path → content); removed on dispose. */
export async function project(
  files: Record<string, string>,
  prefix = "confiture-build-",
): Promise<BuildSource & AsyncDisposable> {
  const root = await Deno.makeTempDir({ prefix });
  await Deno.mkdir(join(root, "db/schema"), { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    const p = join(root, "db/schema", rel);
    await Deno.mkdir(join(p, ".."), { recursive: true });
    await Deno.writeTextFile(p, content);
  }
  return {
    root,
    env: "local",
    includeDirs: [{ path: join(root, "db/schema"), include: [], exclude: [] }],
    excludeDirs: [],
    seedsDir: join(root, "db/seeds"),
    [Symbol.asyncDispose]: () => Deno.remove(root, { recursive: true }),
  };
}

/** Relations, non-system schemas and functions outside the system schemas: 0 on an untouched database. */
export async function userObjects(db: Database): Promise<number> {
  const [r] = await db.query<{ n: number }>(
    `select (select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast'))::int
          + (select count(*) from pg_namespace where nspname not like 'pg\\_%' and nspname
              not in ('public', 'information_schema'))::int
          + (select count(*) from pg_proc p join pg_namespace n on n.oid = p.pronamespace
              where n.nspname not in ('pg_catalog', 'information_schema'))::int as n`,
  );
  return r.n;
}

/** Asserts that `e` is a ConfitureError and returns it. */
export function asConfiture(e: unknown): ConfitureError {
  assert(e instanceof ConfitureError, `expected a ConfitureError, got ${e}`);
  return e;
}

/** Registers `fn` twice: on a fresh database of the test server, and on an in-memory embedded engine. */
export function onBothBackends(name: string, fn: (db: Database) => Promise<void>): void {
  Deno.test(`${name} (server)`, async () => {
    await using t = await createTestDatabase("build");
    const db = await connect({ url: t.url, source: "flag" });
    try {
      await fn(db);
    } finally {
      await db.close();
    }
  });
  Deno.test(`${name} (embedded)`, async () => {
    const db = await connect({ url: "embedded:memory", source: "flag" });
    try {
      await fn(db);
    } finally {
      await db.close();
    }
  });
}
