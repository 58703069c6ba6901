/**
 * Test database factory. Integration tests run against a real PostgreSQL server:
 * CONFITURE_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 * Each test makes its own database and drops it. An unreachable server fails the
 * test: nothing is skipped.
 */
import { connect, type Database } from "../../src/db/mod.ts";

/** The administrative URL of the test server. */
export const TEST_SERVER_URL = Deno.env.get("CONFITURE_TEST_DATABASE_URL") ??
  "postgres://postgres@127.0.0.1:5432/postgres";

/** A throwaway database on the test server. */
export interface TestDatabase {
  /** Database name. */
  name: string;
  /** URL of the database. */
  url: string;
  /** Drops the database (terminating its sessions). */
  drop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

let counter = 0;

/** Returns the URL of `database` on the test server. */
export function urlFor(database: string): string {
  const u = new URL(TEST_SERVER_URL);
  u.pathname = "/" + encodeURIComponent(database);
  return u.href;
}

/** Opens a session on the test server's administrative database. */
export function connectAdmin(): Promise<Database> {
  return connect({ url: TEST_SERVER_URL, source: "flag" });
}

/**
 * Creates a fresh, empty database on the test server.
 *
 * @example
 * ```ts
 * await using t = await createTestDatabase("build");
 * const db = await connect({ url: t.url, source: "flag" });
 * ```
 */
export async function createTestDatabase(label = "t"): Promise<TestDatabase> {
  const slug = label.replace(/[^a-z0-9_]/gi, "_").toLowerCase().slice(0, 20);
  const name = `confiture_test_${slug}_${Deno.pid}_${Date.now() % 1e9}_${++counter}`;
  const admin = await connectAdmin();
  try {
    await admin.exec(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.close();
  }
  const drop = async () => {
    const a = await connectAdmin();
    try {
      await a.exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    } finally {
      await a.close();
    }
  };
  return { name, url: urlFor(name), drop, [Symbol.asyncDispose]: drop };
}

/** Runs `fn` with a fresh database and an open session on it; drops both after. */
export async function withTestDatabase<T>(
  label: string,
  fn: (db: Database, t: TestDatabase) => Promise<T>,
): Promise<T> {
  const t = await createTestDatabase(label);
  try {
    const db = await connect({ url: t.url, source: "flag" });
    try {
      return await fn(db, t);
    } finally {
      await db.close();
    }
  } finally {
    await t.drop();
  }
}
