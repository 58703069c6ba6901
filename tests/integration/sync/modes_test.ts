/**
 * `sync` modes: several jobs with a large table copied in ranges, `--atomic` all or nothing, a
 * target role that is not a superuser (foreign keys dropped and re-created in each unit), and the
 * embedded engine as the target.
 */
import { assert, assertEquals, assertRejects } from "../../_helpers/assert.ts";
import { TEST_SERVER_URL } from "../../_helpers/db.ts";
import type { ConfitureError } from "../../../src/errors/mod.ts";
import { connect } from "../../../src/db/mod.ts";
import { sync } from "../../../src/sync/mod.ts";
import { counts, execOn, makePair, queryOn, rowsOf, schemaState, SHOP_DATA, SHOP_SCHEMA } from "./_fixture.ts";

const TABLES = ["public.users", "public.teams", "public.members", "public.orders"];

Deno.test("sync --jobs 2 --split-larger-than: a large table in ranges, several units at once", async () => {
  await using pair = await makePair(
    "sync_jobs",
    SHOP_SCHEMA,
    SHOP_DATA + "INSERT INTO public.orders (user_id, total, note) SELECT (g % 300) + 1, g % 100, repeat('x', 200) " +
      "FROM generate_series(1, 30000) g; ANALYZE;",
  );
  const before = await schemaState(pair.target.url);
  const r = await sync({
    allowPii: true,
    source: pair.source.url,
    target: pair.target.url,
    tables: TABLES,
    cascade: true,
    jobs: 2,
    splitLargerThan: 1_000_000,
    verify: true,
  });
  const orders = r.plan.tables.find((t) => t.table === "public.orders")!;
  // orders has a trigger: copied whole, and the plan says why; users references itself.
  assertEquals(orders.parts, 1);
  assertEquals(orders.splitNote, "has triggers: copied whole");
  assert(r.verification!.every((v) => v.ok));
  assertEquals(await schemaState(pair.target.url), before);
  // Without the trigger, orders is copied in ranges.
  await execOn(pair.source.url, "DROP TRIGGER orders_zero ON public.orders");
  await execOn(pair.target.url, "DROP TRIGGER orders_zero ON public.orders");
  const split = await sync({
    allowPii: true,
    source: pair.source.url,
    target: pair.target.url,
    tables: TABLES,
    cascade: true,
    jobs: 2,
    splitLargerThan: 1_000_000,
    verify: true,
  });
  const parts = split.plan.tables.find((t) => t.table === "public.orders")!.parts;
  assertEquals(parts, 2);
  assert(split.verification!.every((v) => v.ok), JSON.stringify(split.verification));
  assertEquals(await counts(pair.target.url, TABLES), await counts(pair.source.url, TABLES));
  const state = await queryOn<{ parts: number; n: string }>(
    pair.target.url,
    "SELECT parts, count(*) AS n FROM public.confiture_sync_state WHERE run_id = $1 AND table_name = 'public.orders' " +
      "AND finished_at IS NOT NULL GROUP BY parts",
    [split.runId],
  );
  assertEquals(state, [{ parts: 2, n: "2" }]);
});

Deno.test("sync --atomic: a failure keeps nothing, the target's rows stay as they were", async () => {
  await using pair = await makePair(
    "sync_atomic",
    SHOP_SCHEMA,
    SHOP_DATA,
    "INSERT INTO public.users VALUES (9999, 'kept@example.com', NULL, now());",
  );
  // The target refuses orders' notes longer than 10 characters: orders fails after users has loaded.
  await execOn(pair.target.url, "ALTER TABLE public.orders ADD CONSTRAINT short_note CHECK (length(note) < 10)");
  const e = (await assertRejects(() =>
    sync({
      allowPii: true,
      source: pair.source.url,
      target: pair.target.url,
      tables: TABLES,
      cascade: true,
      atomic: true,
    })
  )) as ConfitureError;
  assert(/short_note/.test(JSON.stringify(e.toJSON())), JSON.stringify(e.toJSON()));
  assert(/nothing of the run was kept/.test(e.detail ?? ""), e.detail);
  assertEquals(await counts(pair.target.url, ["public.users", "public.orders"]), {
    "public.users": 1,
    "public.orders": 0,
  });
  await execOn(pair.target.url, "ALTER TABLE public.orders DROP CONSTRAINT short_note");
  const ok = await sync({
    allowPii: true,
    source: pair.source.url,
    target: pair.target.url,
    tables: TABLES,
    cascade: true,
    atomic: true,
  });
  assertEquals(ok.tables.find((t) => t.table === "public.orders")?.rows, 2000);
});

Deno.test("sync into a target whose role owns the tables but is not a superuser", async () => {
  await using pair = await makePair("sync_owner", "", "");
  const role = `confiture_owner_${Deno.pid}_${Date.now() % 100000}`;
  await execOn(TEST_SERVER_URL, `CREATE ROLE ${role} LOGIN PASSWORD 'owner-pw'`);
  try {
    await execOn(pair.source.url, SHOP_SCHEMA + SHOP_DATA);
    await execOn(pair.target.url, `GRANT CREATE ON SCHEMA public TO ${role}; SET ROLE ${role}; ${SHOP_SCHEMA}`);
    const u = new URL(pair.target.url);
    u.username = role;
    u.password = "owner-pw";
    const before = await schemaState(pair.target.url);
    const r = await sync({
      allowPii: true,
      source: pair.source.url,
      target: u.href,
      tables: TABLES,
      cascade: true,
      verify: true,
    });
    assertEquals(r.plan.mode, "alter");
    assert(r.verification!.every((v) => v.ok));
    for (const t of TABLES) assertEquals(await rowsOf(pair.target.url, t), await rowsOf(pair.source.url, t), t);
    assertEquals(await schemaState(pair.target.url), before, "foreign keys, comments and triggers as before");
    // A row whose parent is not copied fails the re-created foreign key, named, without values.
    const f = (await assertRejects(() =>
      sync({
        allowPii: true,
        source: pair.source.url,
        target: u.href,
        tables: TABLES,
        cascade: true,
        file: {
          file: "sync.yaml",
          tables: [],
          exclude: [],
          where: [{ table: "public.users", sql: "id <= 100" }],
          columns: [],
          anonymize: [],
          subset: [],
        },
      })
    )) as ConfitureError;
    const text = JSON.stringify({ ...f.toJSON(), message: f.message });
    assert(/fkey/.test(text), text);
    assert(!/user\d+@example/.test(text), text);
    assertEquals(await schemaState(pair.target.url), before);
  } finally {
    await execOn(pair.target.url, `DROP OWNED BY ${role} CASCADE`).catch(() => undefined);
    await pair.drop();
    await execOn(TEST_SERVER_URL, `DROP ROLE IF EXISTS ${role}`);
  }
});

Deno.test("sync into the embedded engine", async () => {
  await using pair = await makePair("sync_embedded", SHOP_SCHEMA, SHOP_DATA);
  const dir = await Deno.makeTempDir({ prefix: "confiture-sync-embedded-" });
  try {
    const url = `embedded:${dir}`;
    const db = await connect({ url, source: "flag" });
    await db.exec(SHOP_SCHEMA);
    await db.close();
    const r = await sync({
      allowPii: true,
      source: pair.source.url,
      target: url,
      tables: TABLES,
      cascade: true,
      verify: true,
    });
    assert(r.verification!.every((v) => v.ok), JSON.stringify(r.verification));
    assertEquals(r.tables.find((t) => t.table === "public.orders")?.rows, 2000);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
