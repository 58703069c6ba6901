/**
 * Migrations benchmark: N small migrations applied to an empty database, by
 * Confiture (`confiture migrate up`, one process) and by dbmate (its binary from the
 * npm package), side by side in one run on the same server. Each round runs both tools back to
 * back (alternating which goes first) on fresh databases, after a CHECKPOINT so neither pays for
 * the other's dirty pages. Prints the median times, and the median of the per-round ratios (the
 * two runs of a round share the machine's load, so their ratio is the steadier number).
 *
 *   deno run -A scripts/bench/migrate.ts [--count 1000] [--rounds 5] [--quick]
 *
 * `--quick` (from `deno task bench --quick`): 200 migrations, 3 rounds.
 *
 * `--in-process`: what each tool asks of the server, without starting processes: Confiture's
 * `migrateUp` called in this process (parser loaded beforehand) against dbmate's pattern replayed
 * over one connection (per migration `BEGIN`, the file, `INSERT` of the version, `COMMIT`).
 *
 * Server: CONFITURE_BENCH_DATABASE_URL, else CONFITURE_TEST_DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/postgres.
 */
import { join } from "node:path";
import { resolveBinary } from "dbmate";
import { connect } from "../../src/db/mod.ts";
import { migrateUp } from "../../src/migrate/mod.ts";
import { splitSql } from "../../src/sql/mod.ts";
import { admin, arg, urlFor } from "./_lib.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;

function body(i: number): { up: string; down: string } {
  const t = `bench_t${String(i).padStart(5, "0")}`;
  return {
    up: `create table ${t} (id bigint primary key, label text not null default '');\n` +
      `insert into ${t} (id, label) values (1, 'row ${i}');\n`,
    down: `drop table ${t};\n`,
  };
}

/** Writes the same N migrations in both tools' formats. */
async function writeMigrations(root: string, n: number): Promise<{ confiture: string; dbmate: string }> {
  const confiture = join(root, "confiture");
  const dbmate = join(root, "dbmate");
  await Deno.mkdir(join(confiture, "db/migrations"), { recursive: true });
  await Deno.mkdir(dbmate, { recursive: true });
  const base = Date.UTC(2026, 0, 1);
  for (let i = 1; i <= n; i++) {
    const d = new Date(base + i * 1000);
    const v = d.toISOString().replace(/[-:T]/g, "").slice(0, 14);
    const { up, down } = body(i);
    await Deno.writeTextFile(join(confiture, "db/migrations", `${v}_m${i}.up.sql`), up);
    await Deno.writeTextFile(join(confiture, "db/migrations", `${v}_m${i}.down.sql`), down);
    await Deno.writeTextFile(join(dbmate, `${v}_m${i}.sql`), `-- migrate:up\n${up}\n-- migrate:down\n${down}`);
  }
  return { confiture, dbmate };
}

async function timed(cmd: string, args: string[], cwd: string): Promise<number> {
  const t0 = performance.now();
  const out = await new Deno.Command(cmd, { args, cwd, stdout: "null", stderr: "piped" }).output();
  const ms = performance.now() - t0;
  if (!out.success) throw new Error(`${cmd} ${args.join(" ")} failed:\n${new TextDecoder().decode(out.stderr)}`);
  return ms;
}

async function countRows(db: string, table: string): Promise<number> {
  const c = await connect({ url: urlFor(db), source: "flag" });
  try {
    const [{ n }] = await c.query<{ n: number }>(`select count(*)::int as n from ${table}`);
    return n;
  } finally {
    await c.close();
  }
}

/** Runs the benchmark; returns the median times (ms). */
export async function benchMigrate(
  n: number,
  rounds: number,
): Promise<{ confiture: number; dbmate: number; ratio: number; ratios: number[]; times: Record<string, number[]> }> {
  const root = await Deno.makeTempDir({ prefix: "confiture-bench-migrate-" });
  const bin = resolveBinary();
  const times = { confiture: [] as number[], dbmate: [] as number[] };
  try {
    const dirs = await writeMigrations(root, n);
    for (let r = 0; r < rounds; r++) {
      const order: ("dbmate" | "confiture")[] = r % 2 === 0 ? ["dbmate", "confiture"] : ["confiture", "dbmate"];
      for (const tool of order) {
        const db = `confiture_bench_${tool}_${Deno.pid}_${r}`;
        await admin(`drop database if exists ${db}`);
        await admin(`create database ${db}`);
        await admin("checkpoint");
        try {
          if (tool === "dbmate") {
            const ms = await timed(bin, [
              "--url",
              urlFor(db, "?sslmode=disable"),
              "--migrations-dir",
              dirs.dbmate,
              "--no-dump-schema",
              "up",
            ], root);
            times.dbmate.push(ms);
            if (await countRows(db, "schema_migrations") !== n) throw new Error("dbmate did not apply everything");
          } else {
            const ms = await timed(Deno.execPath(), [
              "run",
              "-A",
              "--quiet",
              MAIN,
              "migrate",
              "up",
              "--quiet",
              "-C",
              dirs.confiture,
              "--database-url",
              urlFor(db),
            ], dirs.confiture);
            times.confiture.push(ms);
            if (await countRows(db, "tb_confiture") !== n) throw new Error("confiture did not apply everything");
          }
        } finally {
          await admin(`drop database if exists ${db} with (force)`);
        }
      }
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ratios = times.dbmate.map((d, i) => d / times.confiture[i]);
  return { confiture: median(times.confiture), dbmate: median(times.dbmate), ratio: median(ratios), ratios, times };
}

/** Median of per-round ratios of dbmate's pattern over `migrateUp`, both in this process (ms). */
export async function benchInProcess(
  n: number,
  rounds: number,
): Promise<{ confiture: number; dbmate: number; ratio: number; ratios: number[]; times: Record<string, number[]> }> {
  const root = await Deno.makeTempDir({ prefix: "confiture-bench-migrate-" });
  const times = { confiture: [] as number[], dbmate: [] as number[] };
  await splitSql("select 1"); // the parser's WASM, loaded once per process
  try {
    const dirs = await writeMigrations(root, n);
    const ups: string[] = [];
    for (let i = 1; i <= n; i++) ups.push(body(i).up);
    for (let r = 0; r < rounds; r++) {
      const order: ("dbmate" | "confiture")[] = r % 2 === 0 ? ["dbmate", "confiture"] : ["confiture", "dbmate"];
      for (const tool of order) {
        const name = `confiture_bench_ip_${tool}_${Deno.pid}_${r}`;
        await admin(`drop database if exists ${name}`);
        await admin(`create database ${name}`);
        await admin("checkpoint");
        const db = await connect({ url: urlFor(name), source: "flag" });
        try {
          if (tool === "dbmate") {
            await db.exec("create table schema_migrations (version varchar(128) primary key)");
            const t0 = performance.now();
            for (let i = 0; i < n; i++) {
              await db.exec("begin");
              await db.exec(ups[i]);
              await db.query("insert into schema_migrations (version) values ($1)", [String(i + 1)]);
              await db.exec("commit");
            }
            times.dbmate.push(performance.now() - t0);
          } else {
            const t0 = performance.now();
            const rep = await migrateUp(db, { migrationsDir: join(dirs.confiture, "db/migrations") });
            times.confiture.push(performance.now() - t0);
            if (rep.error || rep.results.length !== n) throw new Error(`confiture failed: ${rep.error}`);
          }
        } finally {
          await db.close();
          await admin(`drop database if exists ${name} with (force)`);
        }
      }
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ratios = times.dbmate.map((d, i) => d / times.confiture[i]);
  return { confiture: median(times.confiture), dbmate: median(times.dbmate), ratio: median(ratios), ratios, times };
}

if (import.meta.main) {
  const quick = Deno.args.includes("--quick");
  const inProcess = Deno.args.includes("--in-process");
  const n = arg("count", quick ? 200 : 1000);
  const rounds = arg("rounds", quick ? 3 : 5);
  const r = inProcess ? await benchInProcess(n, rounds) : await benchMigrate(n, rounds);
  if (inProcess) console.log("in one process: Confiture's migrateUp against dbmate's statements over one connection");
  console.log(`migrate up, ${n} small migrations on an empty database (median of ${rounds}):`);
  console.log(`  dbmate     ${(r.dbmate / 1000).toFixed(2)} s`);
  console.log(`  confiture  ${(r.confiture / 1000).toFixed(2)} s`);
  console.log(
    `  ratio      ${r.ratio.toFixed(2)}x (median of per-round dbmate time / confiture time; > 1 means faster)`,
  );
  const secs = (xs: number[]) => xs.map((x) => (x / 1000).toFixed(2)).join(" ");
  console.log(`  per round  dbmate ${secs(r.times.dbmate)} s; confiture ${secs(r.times.confiture)} s`);
  console.log(`             ratios ${r.ratios.map((x) => x.toFixed(2)).join(" ")}`);
}
