/**
 * What the benchmarks share: the server they run on, numeric flags, database URLs and
 * administration statements, the median. Not a benchmark itself (`deno task bench` skips `_` files).
 * @module
 */
import { connect } from "../../src/db/mod.ts";

/** The server the benchmarks create their databases on. */
export const SERVER: string = Deno.env.get("CONFITURE_BENCH_DATABASE_URL") ??
  Deno.env.get("CONFITURE_TEST_DATABASE_URL") ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** The numeric value of `--name N` on the command line, else `fallback`. */
export function arg(name: string, fallback: number): number {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Number(Deno.args[i + 1]) : fallback;
}

/** The URL of database `db` on {@link SERVER}, with `extra` (a query string) appended. */
export function urlFor(db: string, extra = ""): string {
  const u = new URL(SERVER);
  u.pathname = "/" + db;
  return u.href + extra;
}

/** Runs `sql` on the server's maintenance database. */
export async function admin(sql: string): Promise<void> {
  const db = await connect({ url: SERVER, source: "flag" });
  try {
    await db.exec(sql);
  } finally {
    await db.close();
  }
}

/** The median of `xs` (the upper one of an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
