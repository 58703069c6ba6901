/**
 * Diff benchmark: two databases on the same server with a large generated schema (tables with
 * columns, indexes and foreign keys, views, functions, triggers, RLS policies), the second one
 * altered in about 5% of its objects. Runs Confiture's diff (the whole process,
 * `deno run <binary permissions> main.ts diff --from A --to B`) and migra (`@pgkit/migra`, from
 * a small script run as its own process) side by side, prints the times and the ratio, then
 * checks that Confiture's output applied to A with `psql -v ON_ERROR_STOP=1` converges (a second
 * diff prints no statement).
 *
 *   deno run -A scripts/bench/diff.ts [--tables 1000] [--views 300] [--functions 300] [--rounds 5] [--quick]
 *
 * `--quick` (as `deno task bench --quick` passes it): a fifth of the schema and one round.
 *
 * Server: CONFITURE_BENCH_DATABASE_URL, else CONFITURE_TEST_DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/postgres. Both databases are dropped at the end.
 */
import { join } from "node:path";
import { quoteIdent } from "../../src/sql/mod.ts";
import { RUN_FLAGS } from "../permissions.ts";
import { admin, arg, urlFor } from "./_lib.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;
const MIGRA = new URL("./_migra.ts", import.meta.url).pathname;

/** Sizes of the generated schema. */
interface Shape {
  tables: number;
  views: number;
  functions: number;
}

const pad = (i: number) => String(i).padStart(4, "0");
const tbl = (i: number) => `t${pad(i)}`;

/**
 * The generated schema. `altered` gives the second database: about 5% of the objects change
 * (new and dropped columns, type changes, new and dropped indexes and tables, changed views,
 * functions, triggers and policies).
 */
export function generateSchema(shape: Shape, altered: boolean): string {
  const out: string[] = ["create schema app;", "create type app.status as enum ('new', 'paid', 'shipped');"];
  // 5% of each kind, picked by index so that both schemas agree on which objects change.
  const pick = (i: number, salt: number) => (i * 7919 + salt * 104729) % 100 < 5;
  const dropped = (i: number) => altered && i % 10 === 9 && pick(i, 1) && i >= shape.views;
  for (let i = 0; i < shape.tables; i++) {
    if (dropped(i)) continue;
    const t = tbl(i);
    const cols = [
      "id bigint generated always as identity primary key",
      `name text not null${altered && pick(i, 2) ? " default ''" : ""}`,
      `amount numeric(${altered && pick(i, 3) ? 14 : 12}, 2) not null default 0`,
      "status app.status not null default 'new'",
      "created_at timestamptz not null default now()",
      "note varchar(200)",
    ];
    if (i % 10 !== 0) cols.push(`parent_id bigint references app.${tbl(i - (i % 10))} (id) on delete cascade`);
    if (altered && pick(i, 4)) cols.push("extra integer");
    if (altered && pick(i, 5)) cols.splice(cols.indexOf("note varchar(200)"), 1);
    cols.push(`constraint ${t}_amount_check check (amount >= ${altered && pick(i, 6) ? -1 : 0})`);
    out.push(`create table app.${t} (\n  ${cols.join(",\n  ")}\n);`);
    out.push(`create index ${t}_name_idx on app.${t} (name);`);
    if (!(altered && pick(i, 7))) out.push(`create index ${t}_created_idx on app.${t} (created_at desc);`);
    if (altered && pick(i, 8)) out.push(`create index ${t}_status_idx on app.${t} (status) where status <> 'shipped';`);
    out.push(`comment on table app.${t} is 'table ${i}';`);
  }
  if (altered) {
    for (let i = 0; i < Math.ceil(shape.tables / 200); i++) {
      out.push(`create table app.new_${pad(i)} (id bigint primary key, ref bigint references app.${tbl(0)} (id));`);
    }
  }
  for (let j = 0; j < shape.functions; j++) {
    const bump = altered && pick(j, 9) ? 2 : 1;
    if (j % 3 === 0) {
      out.push(
        `create function app.f${pad(j)}(x integer) returns integer language sql immutable as $$ select x + ${
          j * bump
        } $$;`,
      );
    } else if (j % 3 === 1) {
      out.push(
        `create function app.f${pad(j)}(x numeric, y text default 'a') returns text language plpgsql stable as $$\n` +
          `begin\n  return y || (x * ${bump})::text;\nend $$;`,
      );
    } else {
      out.push(
        `create function app.f${pad(j)}() returns trigger language plpgsql as $$\n` +
          `begin\n  new.note := coalesce(new.note, '${altered && pick(j, 10) ? "changed" : "set"} ${j}');\n` +
          `  return new;\nend $$;`,
      );
    }
  }
  for (let i = 0; i < shape.tables; i++) {
    if (dropped(i) || i % 3 !== 0) continue;
    const fn = (i % shape.functions) - (i % shape.functions) % 3 + 2;
    if (fn >= shape.functions) continue;
    if (altered && pick(i, 5)) continue; // the note column is gone
    const when = altered && pick(i, 11) ? "before insert or update" : "before insert";
    out.push(
      `create trigger ${tbl(i)}_note ${when} on app.${tbl(i)} for each row execute function app.f${pad(fn)}();`,
    );
  }
  for (let i = 0; i < shape.tables; i += 5) {
    if (dropped(i)) continue;
    out.push(`alter table app.${tbl(i)} enable row level security;`);
    const using = altered && pick(i, 12) ? "status <> 'shipped'" : "status <> 'new'";
    out.push(`create policy ${tbl(i)}_read on app.${tbl(i)} for select using (${using});`);
  }
  for (let j = 0; j < shape.views; j++) {
    const i = j % shape.tables;
    const extra = altered && pick(j, 13) ? ", t.created_at" : "";
    if (j % 4 === 3 && j > 0) {
      out.push(
        `create view app.v${pad(j)} as select v.id, v.name, v.amount from app.v${pad(j - 1)} v where v.amount > ${j};`,
      );
    } else {
      out.push(
        `create view app.v${pad(j)} as select t.id, t.name, t.amount, t.status${extra} from app.${
          tbl(i)
        } t where t.status <> 'shipped';`,
      );
    }
  }
  return out.join("\n") + "\n";
}

async function psqlFile(url: string, file: string): Promise<void> {
  const r = await new Deno.Command("psql", {
    args: ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", file, url],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!r.success) throw new Error(`psql -f ${file} failed:\n${new TextDecoder().decode(r.stderr)}`);
}

/** Runs a process, returns its wall time in ms and its stdout; throws when it fails. */
async function timed(cmd: string, args: string[]): Promise<{ ms: number; stdout: string }> {
  const t0 = performance.now();
  const r = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped", env: { NO_COLOR: "1" } }).output();
  const ms = performance.now() - t0;
  const dec = new TextDecoder();
  if (!r.success) throw new Error(`${cmd} ${args.join(" ")} exited with ${r.code}:\n${dec.decode(r.stderr)}`);
  return { ms, stdout: dec.decode(r.stdout) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const statementCount = (sql: string) =>
  sql.split("\n").filter((l) => /;\s*$/.test(l) && !/^\s*--/.test(l) && !/^SET /.test(l)).length;

if (import.meta.main) {
  const quick = Deno.args.includes("--quick");
  const shape: Shape = {
    tables: arg("tables", quick ? 200 : 1000),
    views: arg("views", quick ? 60 : 300),
    functions: arg("functions", quick ? 60 : 300),
  };
  const rounds = arg("rounds", quick ? 1 : 5);
  const suffix = crypto.randomUUID().slice(0, 8);
  const names = { a: `confiture_bench_diff_a_${suffix}`, b: `confiture_bench_diff_b_${suffix}` };
  const work = await Deno.makeTempDir({ prefix: "confiture-bench-diff-" });
  try {
    console.log(
      `diff benchmark: ${shape.tables} tables, ${shape.views} views, ${shape.functions} functions; ${rounds} rounds`,
    );
    for (const [side, name] of Object.entries(names)) {
      const file = join(work, `${side}.sql`);
      await Deno.writeTextFile(file, generateSchema(shape, side === "b"));
      await admin(`create database ${quoteIdent(name)} template template0`);
      const t0 = performance.now();
      await psqlFile(urlFor(name), file);
      console.log(`  built ${side} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    const [a, b] = [urlFor(names.a), urlFor(names.b)];
    const ours: number[] = [];
    const theirs: number[] = [];
    let ourSql = "";
    let migraSql = "";
    for (let r = 0; r < rounds; r++) {
      const o = await timed(Deno.execPath(), ["run", ...RUN_FLAGS, "--quiet", MAIN, "diff", "--from", a, "--to", b]);
      ours.push(o.ms);
      ourSql = o.stdout;
      const m = await timed(Deno.execPath(), ["run", "-A", "--quiet", MIGRA, a, b]);
      theirs.push(m.ms);
      migraSql = m.stdout;
      console.log(`  round ${r + 1}: confiture ${o.ms.toFixed(0)} ms, migra ${m.ms.toFixed(0)} ms`);
    }
    // The best round is the one least disturbed by other work on the machine (noise only adds
    // time); the medians are printed too.
    const [bo, bt] = [Math.min(...ours), Math.min(...theirs)];
    const [mo, mt] = [median(ours), median(theirs)];
    console.log(
      `confiture diff: best ${bo.toFixed(0)} ms, median ${mo.toFixed(0)} ms, ${statementCount(ourSql)} statements`,
    );
    console.log(
      `migra:          best ${bt.toFixed(0)} ms, median ${mt.toFixed(0)} ms, ${statementCount(migraSql)} statements`,
    );
    const target = quick ? "the >= 5x target is for the full size" : "target >= 5x";
    console.log(
      `ratio: confiture is ${(bt / bo).toFixed(1)}x faster than migra (best rounds; medians: ${
        (mt / mo).toFixed(1)
      }x) (${target})`,
    );

    // Sanity: our output, applied with psql, makes A equal to B.
    const file = join(work, "up.sql");
    await Deno.writeTextFile(file, ourSql);
    await psqlFile(a, file);
    const again = await timed(Deno.execPath(), ["run", ...RUN_FLAGS, "--quiet", MAIN, "diff", "--from", a, "--to", b]);
    const left = statementCount(again.stdout);
    console.log(`convergence: applied with psql; second diff has ${left} statements${left ? " (FAIL)" : " (ok)"}`);
    if (left) {
      console.log(again.stdout);
      Deno.exitCode = 1;
    }
  } finally {
    for (const name of Object.values(names)) await admin(`drop database if exists ${quoteIdent(name)} with (force)`);
    await Deno.remove(work, { recursive: true });
  }
}
