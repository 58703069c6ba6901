import { connect, type Database, migrationLockKey } from "../../../src/db/mod.ts";
import { ConfitureError } from "../../../src/errors/mod.ts";
import {
  migrateBaseline,
  migrateDown,
  migrateRepair,
  migrateUp,
  migrateVerify,
  migrationStatus,
  sha256Hex,
} from "../../../src/migrate/mod.ts";
import { assert, assertEquals, assertMatch, assertRejects, assertStringIncludes } from "../../_helpers/assert.ts";
import { withTestDatabase } from "../../_helpers/db.ts";
import { migrationsDir } from "./_fixture.ts";

const V1 = "20260101000001";
const V2 = "20260101000002";
const V3 = "20260101000003";

async function ledger(db: Database, table = "tb_confiture"): Promise<string[]> {
  const rows = await db.query<{ version: string }>(`select version from ${table} order by pk_confiture`);
  return rows.map((r) => r.version);
}

async function tableExists(db: Database, name: string): Promise<boolean> {
  const [r] = await db.query<{ ok: boolean }>("select to_regclass($1) is not null as ok", [name]);
  return r.ok;
}

Deno.test("migrate up applies pending migrations once, each with its ledger row", async () => {
  await withTestDatabase("mig_up", async (db) => {
    await using m = await migrationsDir({
      [`${V1}_a.up.sql`]: "create table a (id int primary key);",
      [`${V2}_b.up.sql`]: "create table b (id int);\ninsert into b values (1), (2);",
    });
    const r1 = await migrateUp(db, m.options());
    assertEquals(r1.error, undefined);
    assertEquals(r1.results.map((r) => [r.version, r.status]), [[V1, "applied"], [V2, "applied"]]);
    assertEquals(await ledger(db), [V1, V2]);
    const r2 = await migrateUp(db, m.options());
    assertEquals(r2.results.length, 0);
    const st = await migrationStatus(db, m.options());
    assertEquals(st.status.counts.applied, 2);
    assertEquals(st.status.current, V2);
    const [row] = await db.query<Record<string, unknown>>(
      `select slug, name, checksum, applied_by, execution_time_ms, id, pk_confiture from tb_confiture where version = $1`,
      [V1],
    );
    assertEquals(row.slug, `${V1}_a`);
    assertEquals(String(row.checksum).length, 64);
    assert(row.applied_by !== null && row.id !== null);
  });
});

Deno.test("a failing statement reports file:line:col and SQLSTATE; the failed migration leaves no trace", async () => {
  await withTestDatabase("mig_fail", async (db) => {
    await using m = await migrationsDir({
      [`${V1}_a.up.sql`]: "create table a (id int);",
      [`${V2}_b.up.sql`]: "create table b (id int);\n\ninsert into b values (1);\n  select nope_column from b;\n",
      [`${V3}_c.up.sql`]: "create table c (id int);",
    });
    const r = await migrateUp(db, m.options());
    assert(r.error instanceof ConfitureError);
    assertEquals(r.error.code, "MIGRATION_STATEMENT_FAILED");
    assertEquals(r.error.sqlstate, "42703");
    assertEquals(r.error.location, { file: `db/migrations/${V2}_b.up.sql`, line: 4, col: 10 });
    assertEquals(r.results.map((x) => x.status), ["applied", "failed", "skipped"]);
    assertEquals(await ledger(db), [V1]);
    assert(await tableExists(db, "a"));
    assert(!(await tableExists(db, "b")), "the failed migration's first statement was rolled back");
    assert(!(await tableExists(db, "c")));
  });
});

Deno.test("an edited applied migration is refused; a reformatted or recommented one is not", async () => {
  await withTestDatabase("mig_checksum", async (db) => {
    await using m = await migrationsDir({
      [`${V1}_a.up.sql`]: "create table a (id int, note text default 'x  y');",
    });
    await migrateUp(db, m.options());
    // reformatted and recommented: same checksum
    await m.write(
      `${V1}_a.up.sql`,
      "-- the first table\ncreate   table a (id int,\n  /* key */  note text default 'x  y');\n",
    );
    let st = await migrationStatus(db, m.options());
    assertEquals(st.status.entries[0].state, "applied");
    assertEquals((await migrateVerify(db, m.options())).error, undefined);
    // a change inside a literal is an edit
    await m.write(`${V1}_a.up.sql`, "create table a (id int, note text default 'x y');");
    await m.write(`${V2}_b.up.sql`, "create table b (id int);");
    st = await migrationStatus(db, m.options());
    assertEquals(st.status.entries[0].state, "checksum_mismatch");
    assertEquals(st.status.entries[0].file, `db/migrations/${V1}_a.up.sql`);
    const e = await assertRejects(() => migrateUp(db, m.options()));
    assert(e instanceof ConfitureError && e.code === "MIGRATION_CHECKSUM_MISMATCH");
    assertStringIncludes(e.message, `${V1}_a.up.sql`);
    assert(!(await tableExists(db, "b")), "nothing ran");
    assertEquals((await migrateVerify(db, m.options())).error?.code, "MIGRATION_CHECKSUM_MISMATCH");
    // warn mode proceeds
    const w = await migrateUp(db, m.options(), { onChecksumMismatch: "warn" });
    assertEquals(w.results.map((x) => x.status), ["applied"]);
    assert(w.warnings.some((x) => x.includes(`${V1}_a.up.sql`)));
    // repair needs confirmation, then accepts the file
    assertEquals((await migrateRepair(db, m.options(), false)).error?.code, "REFUSED_UNSAFE");
    assertEquals((await migrateRepair(db, m.options(), true)).results.length, 1);
    assertEquals((await migrateVerify(db, m.options())).error, undefined);
  });
});

Deno.test("down --to reverts newer migrations; a missing .down.sql refuses before changing anything", async () => {
  await withTestDatabase("mig_down", async (db) => {
    await using m = await migrationsDir({
      [`${V1}_a.up.sql`]: "create table a (id int);",
      [`${V1}_a.down.sql`]: "drop table a;",
      [`${V2}_b.up.sql`]: "create table b (id int);",
      [`${V2}_b.down.sql`]: "drop table b;",
      [`${V3}_c.up.sql`]: "create table c (id int);",
    });
    await migrateUp(db, m.options());
    const e = await assertRejects(() => migrateDown(db, m.options(), { to: V1 }));
    assert(e instanceof ConfitureError && e.code === "MIGRATION_DOWN_MISSING");
    assertEquals(await ledger(db), [V1, V2, V3]);
    assert(await tableExists(db, "b") && await tableExists(db, "c"));
    await m.write(`${V3}_c.down.sql`, "drop table c;");
    const r = await migrateDown(db, m.options(), { to: V1 });
    assertEquals(r.results.map((x) => [x.version, x.status]), [[V3, "reverted"], [V2, "reverted"]]);
    assertEquals(await ledger(db), [V1]);
    assert(!(await tableExists(db, "b")) && await tableExists(db, "a"));
    const one = await migrateDown(db, m.options());
    assertEquals(one.results.map((x) => x.version), [V1]);
    assertEquals(await ledger(db), []);
    assertEquals(
      (await migrateDown(db, m.options(), { to: "20990101000000" }).catch((x) => x)).code,
      "MIGRATION_UNKNOWN_VERSION",
    );
  });
});

Deno.test("baseline records migrations without running them; later ones stay pending", async () => {
  await withTestDatabase("mig_baseline", async (db) => {
    await db.exec("create table a (id int); create table b (id int);");
    await using m = await migrationsDir({
      [`${V1}_a.up.sql`]: "create table a (id int);",
      [`${V2}_b.up.sql`]: "create table b (id int);",
      [`${V3}_c.up.sql`]: "create table c (id int);",
    });
    const b = await migrateBaseline(db, m.options(), V2);
    assertEquals(b.results.map((x) => [x.version, x.status]), [[V1, "baselined"], [V2, "baselined"]]);
    const r = await migrateUp(db, m.options());
    assertEquals(r.error, undefined);
    assertEquals(r.results.map((x) => x.version), [V3]);
    assertEquals(await ledger(db), [V1, V2, V3]);
    assertEquals((await migrateVerify(db, m.options())).error, undefined);
  });
});

Deno.test("out-of-order pending migrations refuse unless allowed; duplicate versions refuse", async () => {
  await withTestDatabase("mig_order", async (db) => {
    await using m = await migrationsDir({
      [`${V1}_a.up.sql`]: "create table a (id int);",
      [`${V3}_c.up.sql`]: "create table c (id int);",
    });
    await migrateUp(db, m.options());
    await m.write(`${V2}_b.up.sql`, "create table b (id int);");
    const st = await migrationStatus(db, m.options());
    assertEquals(st.status.entries.map((e) => e.state), ["applied", "out_of_order", "applied"]);
    const e = await assertRejects(() => migrateUp(db, m.options()));
    assert(e instanceof ConfitureError && e.code === "MIGRATION_OUT_OF_ORDER");
    assert(!(await tableExists(db, "b")));
    const ok = await migrateUp(db, m.options(), { allowOutOfOrder: true });
    assertEquals(ok.results.map((x) => x.version), [V2]);

    await m.write(`${V3}_other.up.sql`, "create table d (id int);");
    const d = await assertRejects(() => migrateUp(db, m.options()));
    assert(d instanceof ConfitureError && d.code === "MIGRATION_DUPLICATE_VERSION");
    assertStringIncludes(d.message, V3);
    assert(!(await tableExists(db, "d")));
  });
});

Deno.test("explicit COMMIT in a migration is an error naming its line; nothing runs", async () => {
  await withTestDatabase("mig_commit", async (db) => {
    await using m = await migrationsDir({
      [`${V1}_a.up.sql`]: "create table a (id int);",
      [`${V2}_b.up.sql`]: "create table b (id int);\n-- done\ncommit;\n",
    });
    const e = await assertRejects(() => migrateUp(db, m.options()));
    assert(e instanceof ConfitureError && e.code === "MIGRATION_TRANSACTION_CONTROL");
    assertEquals(e.location, { file: `db/migrations/${V2}_b.up.sql`, line: 3, col: 1 });
    assert(!(await tableExists(db, "a")), "validation happens before the first migration runs");
  });
});

Deno.test("a ledger written with the reference tool's schema is read and extended", async () => {
  await withTestDatabase("mig_reference", async (db) => {
    const a = "create table a (id int);\n";
    await using m = await migrationsDir({
      [`${V1}_a.up.sql`]: a,
      [`${V2}_b.up.sql`]: "create table b (id int);",
    });
    // the reference tool's table, as it creates it (without applied_by: an older version)
    await db.exec(`create table tb_confiture (
      id uuid primary key default gen_random_uuid(),
      pk_confiture bigint generated always as identity unique,
      slug text not null unique,
      version varchar(255) not null unique,
      name varchar(255) not null,
      applied_at timestamptz not null default now(),
      execution_time_ms integer,
      checksum varchar(64)
    );
    create table a (id int);`);
    await db.query(
      "insert into tb_confiture (slug, version, name, execution_time_ms, checksum) values ($1, $2, $3, $4, $5)",
      ["a_20260101_000001", V1, "a", 12, sha256Hex(new TextEncoder().encode(a))],
    );
    const st = await migrationStatus(db, m.options());
    assertEquals(st.status.entries.map((e) => [e.state, e.checksum ?? null]), [["applied", "raw"], ["pending", null]]);
    const r = await migrateUp(db, m.options());
    assertEquals(r.results.map((x) => x.version), [V2]);
    const rows = await db.query<{ version: string; applied_by: string | null; slug: string }>(
      "select version, applied_by, slug from tb_confiture order by pk_confiture",
    );
    assertEquals(rows.map((x) => x.version), [V1, V2]);
    assertEquals(rows[0].applied_by, null);
    assert(rows[1].applied_by !== null);
    // repair upgrades the foreign checksum format
    const rep = await migrateRepair(db, m.options(), true);
    assertEquals(rep.results.map((x) => x.version), [V1]);
    const after = await migrationStatus(db, m.options());
    assertEquals(after.status.entries.map((e) => e.checksum), ["current", "current"]);
  });
});

Deno.test("non-transactional migrations run statement by statement; dry run plans without changing anything", async () => {
  await withTestDatabase("mig_notx", async (db) => {
    await using m = await migrationsDir({
      [`${V1}_a.up.sql`]:
        "create table a (id int, v text);\ninsert into a select g, g::text from generate_series(1, 100) g;",
      [`${V2}_idx.up.sql`]: "create index concurrently a_v_idx on a (v);\nalter table a drop column v;\n",
      [`${V3}_vac.up.sql`]: "-- confiture:no-transaction\ncreate table c (id int);\n",
    });
    const plan = await migrateUp(db, m.options(), { dryRun: "plan" });
    assertEquals(plan.plan.map((p) => p.transactional), [true, false, false]);
    assertEquals(plan.plan[2].forcedNoTransaction, true);
    const cic = plan.plan[1].statements[0];
    assertEquals([cic.kind, cic.lock, cic.nonTransactional, cic.line], [
      "IndexStmt",
      "SHARE UPDATE EXCLUSIVE",
      true,
      1,
    ]);
    const drop = plan.plan[1].statements[1];
    assertEquals([drop.lock, drop.deletesData, drop.line], ["ACCESS EXCLUSIVE", true, 2]);
    assert(!(await tableExists(db, "tb_confiture")), "a dry run creates nothing");
    const r = await migrateUp(db, m.options());
    assertEquals(r.error, undefined);
    assertEquals(r.results.map((x) => x.transactional), [true, false, false]);
    assertEquals(await ledger(db), [V1, V2, V3]);
    assert(!(await tableExists(db, "a_v_idx")), "the column drop removed the index");
    assert(await tableExists(db, "c"));
  });
});

Deno.test("--dry-run-execute runs the migrations and rolls back, ledger included", async () => {
  await withTestDatabase("mig_dryexec", async (db) => {
    await using m = await migrationsDir({
      [`${V1}_a.up.sql`]: "create table a (id int);",
      [`${V2}_b.up.sql`]: "insert into a values (1);",
    });
    const r = await migrateUp(db, m.options(), { dryRun: "execute" });
    assertEquals(r.error, undefined);
    assertEquals(r.results.map((x) => x.status), ["rolled_back", "rolled_back"]);
    assert(!(await tableExists(db, "a")));
    assert(!(await tableExists(db, "tb_confiture")));
    await m.write(`${V3}_c.up.sql`, "insert into missing values (1);");
    const bad = await migrateUp(db, m.options(), { dryRun: "execute" });
    assertEquals(bad.error?.code, "MIGRATION_STATEMENT_FAILED");
    assert(!(await tableExists(db, "a")));
  });
});

Deno.test("TypeScript migrations run inside the transaction with ctx.sql, and revert with down()", async () => {
  await withTestDatabase("mig_ts", async (db) => {
    await using m = await migrationsDir({
      [`${V1}_a.up.sql`]: "create table a (id int, label text);",
      [`${V1}_a.down.sql`]: "drop table a;",
      [`${V2}_fill.ts`]: `export async function up({ sql }) {
  for (const id of [1, 2, 3]) await sql\`insert into a (id, label) values (\${id}, \${"n" + id})\`;
}
export async function down({ sql }) {
  await sql\`delete from a\`;
}
`,
      [`${V3}_bad.ts`]: `export async function up({ sql }) {
  await sql\`insert into a (id) values (\${9})\`;
  throw new Error("data check failed");
}
`,
    });
    const r = await migrateUp(db, m.options());
    assertEquals(r.results.map((x) => x.status), ["applied", "applied", "failed"]);
    assertMatch(r.error!.message, /data check failed/);
    assertEquals(r.error!.location?.file, `db/migrations/${V3}_bad.ts`);
    const rows = await db.query<{ n: number }>("select count(*)::int as n from a");
    assertEquals(rows[0].n, 3, "the failed TypeScript migration's insert was rolled back");
    await m.remove(`${V3}_bad.ts`);
    const d = await migrateDown(db, m.options());
    assertEquals(d.results.map((x) => x.version), [V2]);
    assertEquals((await db.query<{ n: number }>("select count(*)::int as n from a"))[0].n, 0);
  });
});

Deno.test("a migration blocked by a busy table times out per statement, retries, and is rolled back", async () => {
  await withTestDatabase("mig_busy", async (db, t) => {
    await db.exec("create table busy (id int)");
    await using m = await migrationsDir({
      [`${V1}_a.up.sql`]: "create table a (id int);\nalter table busy add column x int;",
    });
    const other = await connect({ url: t.url, source: "flag" });
    try {
      const events: string[] = [];
      await other.transaction(async (tx) => {
        await tx.exec("select * from busy"); // holds ACCESS SHARE until the transaction ends
        const r = await migrateUp(
          db,
          m.options({
            statementLockTimeoutMs: 50,
            lockRetries: 2,
            retryDelayMs: 10,
            onEvent: (e) => events.push(e.type),
          }),
        );
        assertEquals(r.error?.code, "MIGRATION_LOCK_RETRIES_EXHAUSTED");
        assertEquals(r.error?.sqlstate, "55P03");
        assertEquals(r.results[0].attempts, 3);
        assertEquals(events.filter((e) => e === "retry").length, 2);
      });
      assert(!(await tableExists(db, "a")));
      const ok = await migrateUp(db, m.options());
      assertEquals(ok.results.map((x) => x.status), ["applied"]);
    } finally {
      await other.close();
    }
  });
});

Deno.test("the migration lock times out naming its holder", async () => {
  await withTestDatabase("mig_lock", async (db, t) => {
    await using m = await migrationsDir({ [`${V1}_a.up.sql`]: "create table a (id int);" });
    const holder = await connect({ url: t.url, source: "flag" });
    try {
      const key = migrationLockKey(t.name);
      await holder.exec("set application_name = 'other-runner'");
      await holder.query("select pg_advisory_lock($1::int, $2::int)", [key.namespace, key.id]);
      const [{ pid }] = await holder.query<{ pid: number }>("select pg_backend_pid() as pid");
      const e = await assertRejects(() => migrateUp(db, m.options({ lockTimeoutMs: 200 })));
      assert(e instanceof ConfitureError && e.code === "LOCK_TIMEOUT");
      assertStringIncludes(e.message, `pid ${pid}`);
      assertStringIncludes(e.message, `"other-runner"`);
      assert(!(await tableExists(db, "a")));
    } finally {
      await holder.close();
    }
    assertEquals((await migrateUp(db, m.options())).results.length, 1);
  });
});

Deno.test("a schema-qualified ledger table is created in its schema", async () => {
  await withTestDatabase("mig_schema", async (db) => {
    await using m = await migrationsDir({ [`${V1}_a.up.sql`]: "create table a (id int);" });
    const r = await migrateUp(db, m.options({ trackingTable: "ops.migrations" }));
    assertEquals(r.error, undefined);
    assertEquals(await ledger(db, "ops.migrations"), [V1]);
    assert(!(await tableExists(db, "tb_confiture")));
  });
});

Deno.test("legacy numeric versions order numerically", async () => {
  await withTestDatabase("mig_legacy", async (db) => {
    await using m = await migrationsDir({
      "2_b.up.sql": "create table b (id int primary key references a);",
      "10_c.up.sql": "create table c (id int references b);",
      "001_a.up.sql": "create table a (id int primary key);",
    });
    await db.exec("select 1");
    await assertRejects(() => db.exec("select * from a")); // sanity: nothing yet
    const r = await migrateUp(db, m.options());
    assertEquals(r.error, undefined);
    assertEquals(r.results.map((x) => x.version), ["001", "2", "10"]);
  });
});

Deno.test("an error without a server position is located at its statement", async () => {
  await withTestDatabase("mig_nopos", async (db) => {
    await using m = await migrationsDir({
      [`${V1}_a.up.sql`]: "create table a (id int);\n-- again:\n  create table a (id int);\n",
    });
    const r = await migrateUp(db, m.options());
    assertEquals(r.error?.code, "MIGRATION_STATEMENT_FAILED");
    assertEquals(r.error?.sqlstate, "42P07");
    assertEquals(r.error?.location, { file: `db/migrations/${V1}_a.up.sql`, line: 3, col: 3 });
    assert(!(await tableExists(db, "a")));
    assert(!(await tableExists(db, "tb_confiture")) || (await ledger(db)).length === 0);
  });
});

Deno.test("a ledger with rows the reference tool's squash archived: applied, never pending, never reverted", async () => {
  await withTestDatabase("mig_reference_squash", async (db) => {
    await using m = await migrationsDir({
      [`${V2}_b.up.sql`]: "create table b (id int);",
      [`${V2}_b.down.sql`]: "drop table b;",
      [`${V3}_c.up.sql`]: "create table c (id int);",
      [`${V3}_c.down.sql`]: "drop table c;",
    });
    // the reference tool's current table; V1 was squashed into the baseline V2 (its file is gone)
    await db.exec(`create table tb_confiture (
      id uuid primary key default gen_random_uuid(),
      pk_confiture bigint generated always as identity unique,
      slug text not null unique,
      version varchar(255) not null unique,
      name varchar(255) not null,
      applied_at timestamptz not null default now(),
      execution_time_ms integer,
      checksum varchar(64),
      applied_by text,
      archived_into varchar(255)
    );
    create table a (id int); create table b (id int);`);
    await db.query(
      "insert into tb_confiture (slug, version, name, checksum, applied_by, archived_into) values ($1, $2, 'a', 'x', 'ops', $3), ($4, $5, 'b', $6, 'ops', null)",
      [`a_${V1}_20260101_000001`, V1, V2, `b_${V2}_20260101_000002`, V2, sha256Hex("create table b (id int);")],
    );
    const st = await migrationStatus(db, m.options());
    assertEquals(
      st.status.entries.map((e) => [e.version, e.state, e.archivedInto ?? null]),
      [[V1, "applied", V2], [V2, "applied", null], [V3, "pending", null]],
    );
    assertEquals((await migrateVerify(db, m.options())).error, undefined);
    const r = await migrateUp(db, m.options());
    assertEquals(r.results.map((x) => x.version), [V3]);
    const e = await assertRejects(() => migrateDown(db, m.options(), { steps: 3 }));
    assert(e instanceof ConfitureError && e.code === "MIGRATION_DOWN_MISSING", String(e));
    assertStringIncludes(e.message, `archived into ${V2}`);
    assertEquals(await ledger(db), [V1, V2, V3], "nothing was reverted");
    const [row] = await db.query<{ archived_into: string | null; applied_by: string | null }>(
      "select archived_into, applied_by from tb_confiture where version = $1",
      [V3],
    );
    assertEquals(row.archived_into, null);
    assert(row.applied_by !== null);
  });
});
