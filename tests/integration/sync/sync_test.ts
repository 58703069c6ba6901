/**
 * `sync` against real PostgreSQL: foreign-key order with a self-reference and a cycle, tables
 * outside the selection, triggers silent and constraints intact, sequences, generated columns,
 * verification, a read-only source role, failing rows without values in errors, hostile
 * identifiers, and a consistent snapshot while the source keeps changing.
 */
import { assert, assertEquals, assertMatch, assertRejects } from "../../_helpers/assert.ts";
import { TEST_SERVER_URL } from "../../_helpers/db.ts";
import type { ConfitureError } from "../../../src/errors/mod.ts";
import { sync } from "../../../src/sync/mod.ts";
import { stateTableOf } from "../../../src/copy/mod.ts";
import { connect } from "../../../src/db/mod.ts";
import { counts, execOn, makePair, queryOn, rowsOf, schemaState, SHOP_DATA, SHOP_SCHEMA } from "./_fixture.ts";

const TABLES = ["public.users", "public.teams", "public.members", "public.orders"];

Deno.test("sync: FK order with a self-reference and a cycle; dependents refused, cascaded or included", async () => {
  await using pair = await makePair(
    "sync_fk",
    SHOP_SCHEMA,
    SHOP_DATA,
    // The target holds other rows already, and a table of its own.
    "INSERT INTO public.users VALUES (9999, 'old@example.com', NULL, now()); " +
      "INSERT INTO public.orders (id, user_id, total) VALUES (99999, 9999, 1); " +
      "INSERT INTO public.order_notes (order_id, body) VALUES (99999, 'kept?'); " +
      "CREATE TABLE public.local_settings (k text PRIMARY KEY, v text); INSERT INTO public.local_settings VALUES ('a', 'b');",
  );
  const before = await schemaState(pair.target.url);
  // order_notes (not selected) references orders: refused, nothing touched.
  const refused =
    (await assertRejects(() =>
      sync({ allowPii: true, source: pair.source.url, target: pair.target.url, tables: TABLES })
    )) as ConfitureError;
  assertEquals(refused.code, "REFUSED_UNSAFE");
  assertMatch(refused.message, /public\.order_notes/);
  assertMatch(refused.detail ?? "", /order_notes_order_id_fkey → public\.orders/);
  assertEquals(await counts(pair.target.url, ["public.users", "public.order_notes"]), {
    "public.users": 1,
    "public.order_notes": 1,
  });

  // --cascade empties order_notes (named in the plan), and copies the rest.
  const r = await sync({
    allowPii: true,
    source: pair.source.url,
    target: pair.target.url,
    tables: TABLES,
    cascade: true,
    verify: true,
  });
  assertEquals(r.plan.cascaded, ["public.order_notes"]);
  const order = r.plan.tables.map((t) => t.table);
  assert(order.indexOf("public.users") < order.indexOf("public.orders"), order.join());
  assert(order.indexOf("public.users") < order.indexOf("public.members"), order.join());
  assertEquals(r.plan.cycles.map((c) => c.sort().join()).sort(), ["public.members,public.teams", "public.users"]);
  const want = await counts(pair.source.url, TABLES);
  assertEquals(await counts(pair.target.url, TABLES), want);
  assertEquals(await counts(pair.target.url, ["public.order_notes", "public.local_settings"]), {
    "public.order_notes": 0,
    "public.local_settings": 1,
  });
  for (const t of TABLES) assertEquals(await rowsOf(pair.target.url, t), await rowsOf(pair.source.url, t), t);
  assert(r.verification!.every((v) => v.ok), JSON.stringify(r.verification));
  // The trigger that zeroes totals stayed silent; it is still there and enabled, like every constraint.
  assertEquals(await schemaState(pair.target.url), before);
  // Sequences end at the source's values.
  const seq = (url: string) => queryOn<{ v: string }>(url, "SELECT last_value::text AS v FROM public.orders_id_seq");
  assertEquals(await seq(pair.target.url), await seq(pair.source.url));
  // Every foreign key holds (validated constraints, checked again here).
  const orphans = await queryOn<{ n: string }>(
    pair.target.url,
    "SELECT count(*) AS n FROM public.orders o LEFT JOIN public.users u ON u.id = o.user_id WHERE u.id IS NULL",
  );
  assertEquals(orphans[0].n, "0");

  // --include-dependents copies order_notes too.
  const inc = await sync({
    allowPii: true,
    source: pair.source.url,
    target: pair.target.url,
    tables: TABLES,
    includeDependents: true,
  });
  assertEquals(inc.plan.tables.find((t) => t.table === "public.order_notes")?.dependent, true);
  assertEquals(await counts(pair.target.url, ["public.order_notes"]), { "public.order_notes": 20 });
});

Deno.test("sync: a source role with SELECT only and default_transaction_read_only works", async () => {
  await using pair = await makePair("sync_ro", SHOP_SCHEMA, SHOP_DATA);
  const role = `confiture_ro_${Deno.pid}_${Date.now() % 100000}`;
  await execOn(
    pair.source.url,
    `CREATE ROLE ${role} LOGIN PASSWORD 'ro-secret-pw'; GRANT USAGE ON SCHEMA public TO ${role};
     GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role}; GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role};
     ALTER ROLE ${role} SET default_transaction_read_only = on;`,
  );
  try {
    const u = new URL(pair.source.url);
    u.username = role;
    u.password = "ro-secret-pw";
    const r = await sync({ allowPii: true, source: u.href, target: pair.target.url, tables: TABLES, cascade: true });
    assertEquals(r.tables.find((t) => t.table === "public.orders")?.rows, 2000);
    assertEquals(await counts(pair.target.url, TABLES), await counts(pair.source.url, TABLES));
    assert(!JSON.stringify(r).includes("ro-secret-pw"));
  } finally {
    await execOn(TEST_SERVER_URL, `DROP OWNED BY ${role} CASCADE`).catch(() => undefined);
    await execOn(pair.source.url, `DROP OWNED BY ${role} CASCADE`).catch(() => undefined);
    await execOn(TEST_SERVER_URL, `DROP ROLE IF EXISTS ${role}`);
  }
});

Deno.test("sync: a row the target rejects fails naming table and column, with no row value; connections stay sound", async () => {
  await using pair = await makePair(
    "sync_bad",
    "CREATE TABLE public.people (id int PRIMARY KEY, email text, age text);",
    "INSERT INTO public.people VALUES (1, 'alice@secret.example', '41'), (2, 'bob@secret.example', 'forty-two'), " +
      "(3, 'alice@secret.example', '7');",
  );
  // The target types age as an integer: 'forty-two' does not parse.
  await execOn(pair.target.url, "ALTER TABLE public.people ALTER COLUMN age TYPE int USING age::int");
  const e1 =
    (await assertRejects(() =>
      sync({ allowPii: true, source: pair.source.url, target: pair.target.url, tables: ["public.people"] })
    )) as ConfitureError;
  const text1 = JSON.stringify({ ...e1.toJSON(), message: e1.message });
  assertMatch(e1.message, /public\.people/);
  assertMatch(text1, /age/);
  assert(!text1.includes("forty-two") && !text1.includes("secret.example"), text1);
  // A unique key the source does not have: a duplicate.
  await execOn(
    pair.target.url,
    "ALTER TABLE public.people ALTER COLUMN age TYPE text; CREATE UNIQUE INDEX people_email_key ON public.people (email)",
  );
  const e2 =
    (await assertRejects(() =>
      sync({ allowPii: true, source: pair.source.url, target: pair.target.url, tables: ["public.people"] })
    )) as ConfitureError;
  const text2 = JSON.stringify({ ...e2.toJSON(), message: e2.message });
  assertMatch(text2, /people_email_key/);
  assert(!text2.includes("alice") && !text2.includes("secret.example"), text2);
  // Nothing of the failed runs stayed, and the target still answers.
  assertEquals(await counts(pair.target.url, ["public.people"]), { "public.people": 0 });
});

Deno.test("sync: hostile identifiers in schema, table and column names", async () => {
  const schema = `
CREATE SCHEMA "Ünïcode Schéma";
CREATE TABLE "Ünïcode Schéma"."select" ("Id" int PRIMARY KEY, "we""ird col" text, "order" int);
CREATE TABLE "Ünïcode Schéma"."Child Table" (
  id int PRIMARY KEY,
  "parent Id" int REFERENCES "Ünïcode Schéma"."select" ("Id"),
  "MixedCase" text
);`;
  await using pair = await makePair(
    "sync_hostile",
    schema,
    `INSERT INTO "Ünïcode Schéma"."select" SELECT g, 'v"' || g || E'\\t''', g FROM generate_series(1, 50) g;
     INSERT INTO "Ünïcode Schéma"."Child Table" SELECT g, g, 'm' || g FROM generate_series(1, 50) g;`,
  );
  const r = await sync({
    allowPii: true,
    source: pair.source.url,
    target: pair.target.url,
    tables: ['"Ünïcode Schéma".*'],
    verify: true,
  });
  assertEquals(r.plan.tables.map((t) => t.table), ["Ünïcode Schéma.select", "Ünïcode Schéma.Child Table"]);
  assert(r.verification!.every((v) => v.ok));
  for (const t of ['"Ünïcode Schéma"."select"', '"Ünïcode Schéma"."Child Table"']) {
    assertEquals(await rowsOf(pair.target.url, t), await rowsOf(pair.source.url, t));
  }
});

Deno.test("sync: the target equals the source at the snapshot while a writer keeps changing the source", async () => {
  await using pair = await makePair("sync_snap", SHOP_SCHEMA, SHOP_DATA);
  const { connect } = await import("../../../src/db/mod.ts");
  const writer = await connect({ url: pair.source.url, source: "flag" });
  let stop = false;
  let writes = 0;
  const writing = (async () => {
    let i = 0;
    while (!stop) {
      i++;
      await writer.exec(
        `BEGIN; INSERT INTO public.users (id, email) VALUES (${100000 + i}, 'w${i}@example.com');
         INSERT INTO public.orders (user_id, total) VALUES (${100000 + i}, ${i % 50});
         DELETE FROM public.orders WHERE id = (SELECT min(o.id) FROM public.orders o WHERE o.user_id < 100000
           AND NOT EXISTS (SELECT 1 FROM public.order_notes n WHERE n.order_id = o.id)); COMMIT;`,
      );
      writes++;
    }
  })();
  const dumpFile = await Deno.makeTempFile({ suffix: ".sql" });
  try {
    // Let the writer run before and during the copy.
    while (writes < 20) await new Promise((r) => setTimeout(r, 10));
    let dumped: Promise<Deno.CommandOutput> | undefined;
    const r = await sync({
      allowPii: true,
      source: pair.source.url,
      target: pair.target.url,
      tables: TABLES,
      cascade: true,
      onSnapshot: async (snapshot) => {
        // pg_dump reads the same moment; it must have imported the snapshot before the run goes on.
        dumped = new Deno.Command("pg_dump", {
          args: [
            "-a",
            `--snapshot=${snapshot}`,
            "-t",
            "public.users",
            "-t",
            "public.orders",
            "-f",
            dumpFile,
            pair.source.url,
          ],
          stdout: "piped",
          stderr: "piped",
        }).output();
        for (let i = 0; i < 200; i++) {
          const [a] = await queryOn<{ n: string }>(
            TEST_SERVER_URL,
            "SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'pg_dump' AND datname = $1",
            [pair.source.name],
          );
          if (a.n !== "0") break;
          await new Promise((res) => setTimeout(res, 25));
        }
      },
    });
    const out = await dumped!;
    assert(out.success, new TextDecoder().decode(out.stderr));
    stop = true;
    await writing;
    assert(writes > 25, `only ${writes} writes happened`);
    // The dump's rows of the snapshot, loaded into a scratch schema of the target, equal the copy.
    const dump = await Deno.readTextFile(dumpFile);
    const rowsIn = (table: string) => {
      const m = new RegExp(`COPY public\\.${table} \\([^)]*\\) FROM stdin;\\n([\\s\\S]*?)\\\\\\.\\n`).exec(dump);
      return (m?.[1] ?? "").split("\n").filter(Boolean).length;
    };
    assertEquals(r.tables.find((t) => t.table === "public.users")?.rows, rowsIn("users"));
    assertEquals(r.tables.find((t) => t.table === "public.orders")?.rows, rowsIn("orders"));
    await execOn(
      pair.target.url,
      "CREATE SCHEMA snap; CREATE TABLE snap.users (LIKE public.users); " +
        "CREATE TABLE snap.orders (LIKE public.orders INCLUDING GENERATED)",
    );
    const reloaded = dump.replaceAll("COPY public.", "COPY snap.").replace(/^(SET|SELECT) .*$/gm, "");
    const load = await new Deno.Command("psql", {
      args: [
        "-X",
        "-q",
        "-v",
        "ON_ERROR_STOP=1",
        "-d",
        pair.target.url,
        "-c",
        "SET search_path = snap, public",
        "-f",
        "-",
      ],
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const w = load.stdin.getWriter();
    await w.write(new TextEncoder().encode(reloaded));
    await w.close();
    const lo = await load.output();
    assert(lo.success, new TextDecoder().decode(lo.stderr));
    for (const t of ["users", "orders"]) {
      assertEquals(await rowsOf(pair.target.url, `public.${t}`), await rowsOf(pair.target.url, `snap.${t}`), t);
    }
  } finally {
    stop = true;
    await writing.catch(() => undefined);
    await writer.close();
    await Deno.remove(dumpFile).catch(() => undefined);
  }
});

Deno.test("sync: a where: condition that fails on the source is refused at its place before the target is touched", async () => {
  await using pair = await makePair(
    "sync_badwhere",
    "CREATE TABLE public.kinds (id int PRIMARY KEY); CREATE TABLE public.items (id int PRIMARY KEY, kind int REFERENCES public.kinds);",
    "INSERT INTO public.kinds VALUES (1); INSERT INTO public.items VALUES (1, 1), (2, 1);",
  );
  await execOn(pair.target.url, "INSERT INTO public.kinds VALUES (7); INSERT INTO public.items VALUES (9, 7);");
  const tables = ["public.kinds", "public.items"];
  const file = (sql: string) => ({
    file: "db/sync.yaml",
    tables: [],
    exclude: [],
    where: [{ table: "public.items", sql, location: { file: "db/sync.yaml", line: 4, col: 3 } }],
    columns: [],
    anonymize: [],
    subset: [],
  });
  for (const sql of ["id <", "idd < 3"]) {
    const e = (await assertRejects(() =>
      sync({ allowPii: true, source: pair.source.url, target: pair.target.url, tables, file: file(sql) })
    )) as ConfitureError;
    assertEquals(e.code, "SQL_ERROR", e.message);
    assertEquals(e.location, { file: "db/sync.yaml", line: 4, col: 3 });
    assertMatch(e.message, /^where: the condition on public\.items fails on the source: /);
  }
  // Nothing was emptied.
  assertEquals(await counts(pair.target.url, tables), { "public.kinds": 1, "public.items": 1 });
  // The copy worker started while the plan was made is gone with its sessions.
  const names = [new URL(pair.source.url).pathname.slice(1), new URL(pair.target.url).pathname.slice(1)];
  let left = -1;
  for (let i = 0; i < 50 && left !== 0; i++) {
    if (i) await new Promise((r) => setTimeout(r, 100));
    const [{ n }] = await queryOn<{ n: string }>(
      pair.target.url,
      `SELECT count(*) AS n FROM pg_stat_activity WHERE application_name LIKE 'confiture sync%'
         AND datname IN (${names.map((d) => `'${d}'`).join(", ")})`,
    );
    left = Number(n);
  }
  assertEquals(left, 0);
  // A where: on a table the source lacks says which one was meant.
  const typo = (await assertRejects(() =>
    sync({
      allowPii: true,
      source: pair.source.url,
      target: pair.target.url,
      tables,
      file: { ...file("true"), where: [{ table: "public.itemz", sql: "true" }] },
      dryRun: true,
    })
  )) as ConfitureError;
  assertEquals(typo.hint, "did you mean public.items?");
  // A --where subset root names the flag.
  const flag = (await assertRejects(() =>
    sync({
      allowPii: true,
      source: pair.source.url,
      target: pair.target.url,
      tables,
      subset: [{ table: "public.items", where: "id < < 3" }],
      dryRun: true,
    })
  )) as ConfitureError;
  assertEquals(flag.code, "SQL_ERROR");
  assertMatch(flag.message, /^--where: the condition on public\.items fails on the source: syntax error/);
});

Deno.test("sync: another sync's state table on the source, under any name, is not copied", async () => {
  await using pair = await makePair("sync_state_src", SHOP_SCHEMA, SHOP_DATA);
  const db = await connect({ url: pair.source.url, source: "flag" });
  try {
    await stateTableOf("public.refresh_marks").ensure(db);
  } finally {
    await db.close();
  }
  const r = await sync({
    allowPii: true,
    source: pair.source.url,
    target: pair.target.url,
    tables: ["public.*"],
    cascade: true,
    dryRun: true,
  });
  const planned = r.plan.tables.map((t) => t.table);
  assert(planned.includes("public.orders"), planned.join(", "));
  assertEquals(planned.includes("public.refresh_marks"), false, planned.join(", "));
});
