/**
 * Schema-to-schema against real PostgreSQL: a mapping with a table rename (from:), a column
 * renamed by hint, a cast, an expression, a split of one table into two (a query), a dropped
 * column and table listed; the refusals before any row moves; verify catching a changed row and
 * cutover refusing then; cutover and rollback on one server with a frozen source; cleanup.
 */
import { assert, assertEquals, assertMatch, assertRejects, assertStringIncludes } from "../../_helpers/assert.ts";
import type { ConfitureError } from "../../../src/errors/mod.ts";
import * as s2s from "../../../src/transfer/mod.ts";
import { dbScope, execOn, fillOld, MAPPING, mapping, queryOn, rowsOf, treeFiles } from "./_fixture.ts";

const NEW_TABLES = ["public.users", "public.addresses", "public.purchases"];

Deno.test("schema-to-schema: renames, hint, cast, expression, split and drops; verify passes", async () => {
  await using dbs = dbScope();
  const source = await fillOld(await dbs.make("s2s_map_src"));
  const target = await dbs.make("s2s_map_dst");
  const opts = { source: source.url, target: target.url, tree: treeFiles(), mapping: await mapping() };

  const p = await s2s.plan(opts);
  assert(p.built, "the empty target was built from the tree");
  const byTable = new Map(p.plan.tables.map((t) => [t.table, t]));
  const users = byTable.get("public.users")!;
  assertEquals([users.source, users.origin], ["public.accounts", "mapping"]);
  assertEquals(
    users.columns.map((c) => `${c.target}<-${c.from}:${c.origin}`),
    [
      "id<-id:name",
      "display_name<-full_name:hint",
      "email<-lower(email):mapping",
      "score<-score_text::integer:mapping",
      "plan<-plan:name",
    ],
  );
  assertEquals(users.defaulted, ["created_at"]);
  assertEquals(byTable.get("public.purchases")!.origin, "hint");
  assertEquals(byTable.get("public.addresses")!.sourceKind, "query");
  assertEquals(byTable.get("public.addresses")!.strategy, "copy");
  assertEquals(byTable.get("public.tags")!.strategy, "none");
  assertEquals(p.plan.droppedTables, ["public.sessions"]);
  // Load order follows the target's foreign keys; estimates come from the source.
  const order = p.plan.tables.map((t) => t.table);
  assert(order.indexOf("public.users") < order.indexOf("public.purchases"), order.join());
  assert(users.estimatedRows >= 150, JSON.stringify(users));
  assert(p.throughput !== undefined && p.throughput.bytesPerSecond > 0);
  assertEquals(await queryOn(target.url, "SELECT count(*)::int AS n FROM public.users"), [{ n: 0 }]);

  const r = await s2s.run(opts);
  assertEquals(r.tables.map((t) => [t.table, t.rows]).sort(), [
    ["public.addresses", 130],
    ["public.purchases", 540],
    ["public.users", 180],
  ]);
  // Values: the expression, the cast, the hint, numeric rounding and timestamps as COPY takes them.
  const [u] = await queryOn<Record<string, unknown>>(
    target.url,
    "SELECT display_name, email, score, plan FROM public.users WHERE id = 7",
  );
  assertEquals(u, { display_name: "Person 7", email: "person.7@example.com", score: 49, plan: "pro" });
  assertEquals(
    await queryOn(target.url, "SELECT count(*)::int AS n FROM public.users WHERE id % 10 = 3"),
    [{ n: 0 }],
    "soft-deleted accounts are filtered out",
  );
  assertEquals(
    await queryOn(
      target.url,
      "SELECT total::text AS t, placed_at::text AS p FROM public.purchases ORDER BY id LIMIT 1",
    ),
    [{ t: "1.86", p: "2026-01-02 09:35:00+00" }],
  );
  assertEquals(await rowsOf(target.url, "public.tags"), []);
  const v = await s2s.verify(opts);
  assert(v.ok, v.failures.join("\n"));
  assertEquals(v.checks, [{ name: "paying users", ok: true, source: '[["121"]]', target: '[["121"]]' }]);
  assert(v.sequences.every((s) => s.ok) && v.sequences.length === 2);
  assert(v.foreignKeys.length === 2 && v.foreignKeys.every((f) => f.ok));
  // A new user gets an id past the copied ones.
  await execOn(target.url, "INSERT INTO public.users (display_name, email, plan) VALUES ('new', 'n@x', 'free')");
  assertEquals(await queryOn(target.url, "SELECT max(id)::int AS m FROM public.users"), [{ m: 201 }]);
});

Deno.test("schema-to-schema: what would lose data is refused before any row moves", async () => {
  await using dbs = dbScope();
  const source = await fillOld(await dbs.make("s2s_refuse_src"));
  const target = await dbs.make("s2s_refuse_dst");
  const bad = MAPPING.replace("    drop: [coupon]\n", "").replace(
    "      score: { from: score_text, cast: integer }\n",
    "      score: { from: score_text, cast: integer }\n      plan: { default: true }\n",
  ).replace("drop_tables: [public.sessions]\n", "");
  const err =
    (await assertRejects(async () =>
      s2s.run({ source: source.url, target: target.url, tree: treeFiles(), mapping: await mapping(bad) })
    )) as ConfitureError;
  assertEquals(err.code, "S2S_MAPPING_REFUSED");
  assertStringIncludes(
    err.detail ?? "",
    "source public.orders: column coupon is carried by no column of public.purchases",
  );
  assertStringIncludes(
    err.detail ?? "",
    "target public.users: column plan is NOT NULL without a default and has no source",
  );
  assertStringIncludes(err.detail ?? "", "source table public.sessions is read by no target table");
  // Nothing moved: the target was built (empty) and holds no state.
  for (const t of ["public.users", "public.purchases"]) {
    assertEquals(await queryOn(target.url, `SELECT count(*)::int AS n FROM ${t}`), [{ n: 0 }], t);
  }
  assertEquals(await queryOn(target.url, "SELECT to_regnamespace('confiture_s2s') IS NULL AS none"), [{ none: true }]);
  // A mistake in the mapping file is reported at its line, with the closest key.
  const typo = await assertRejects(() => s2s.parseMappingFile("tables:\n  public.users:\n    form: x\n", "m.yaml"));
  assertMatch(String((typo as ConfitureError).location?.line), /^3$/);
  assertStringIncludes((typo as ConfitureError).hint ?? "", '"from"');
});

Deno.test("schema-to-schema: verify catches a changed row, cutover refuses; cutover and rollback on one server", async () => {
  await using dbs = dbScope();
  const source = await fillOld(await dbs.make("s2s_cut_src"));
  const target = await dbs.make("s2s_cut_dst");
  const opts = {
    source: source.url,
    target: target.url,
    tree: treeFiles(),
    mapping: await mapping(),
    strategy: "fdw" as const,
  };
  const r = await s2s.run({ ...opts, freezeSource: true });
  assert(r.frozen);
  // New sessions on the source are read-only now.
  const ro = await queryOn<{ ro: string }>(source.url, "SHOW default_transaction_read_only");
  assertEquals(Object.values(ro[0])[0], "on");

  // A row changed on the target after the copy: verify names the table, cutover refuses.
  await execOn(target.url, "UPDATE public.purchases SET total = total + 1 WHERE id = 5");
  const bad = await s2s.verify(opts);
  assertEquals(bad.ok, false);
  assertEquals(bad.failures, ["public.purchases: the content differs (same count, 540 row(s))"]);
  const refused = (await assertRejects(() => s2s.cutover(opts))) as ConfitureError;
  assertEquals(refused.code, "S2S_NOT_VERIFIED");
  assertMatch(refused.detail ?? "", /public\.purchases/);
  await execOn(target.url, "UPDATE public.purchases SET total = total - 1 WHERE id = 5");
  assert((await s2s.verify(opts)).ok);

  // A session on the target blocks the rename; --terminate ends it.
  const { connect } = await import("../../../src/db/mod.ts");
  const app = await connect({ url: target.url, source: "flag", applicationName: "some app" });
  try {
    const blocked = (await assertRejects(() => s2s.cutover(opts))) as ConfitureError;
    assertEquals(blocked.code, "S2S_SESSIONS_BLOCK");
    assertMatch(blocked.detail ?? "", /application "some app"/);
    const c = await s2s.cutover({ ...opts, terminate: true });
    assertEquals(c.mode, "rename");
    assertEquals(c.terminated, 1);
    assert(c.unfrozen);
  } finally {
    await Promise.allSettled([app.close()]);
  }
  // The source's name now holds the new schema; the old data sits under <name>_s2s_old.
  assertEquals(await queryOn(source.url, "SELECT count(*)::int AS n FROM public.users"), [{ n: 180 }]);
  const oldUrl = source.url.replace(source.name, `${source.name}_s2s_old`);
  assertEquals(await queryOn(oldUrl, "SELECT count(*)::int AS n FROM public.accounts"), [{ n: 200 }]);
  const again = (await assertRejects(() => s2s.cutover(opts))) as ConfitureError;
  assertEquals(again.code, "REFUSED_UNSAFE");

  const back = await s2s.rollback(opts);
  assertEquals(back.mode, "rename");
  assertEquals(await queryOn(source.url, "SELECT count(*)::int AS n FROM public.accounts"), [{ n: 200 }]);
  assertEquals(await queryOn(target.url, "SELECT count(*)::int AS n FROM public.users"), [{ n: 180 }]);
  // The freeze was lifted at the cutover and moved with the database.
  const rw = await queryOn(source.url, "SHOW default_transaction_read_only");
  assertEquals(Object.values(rw[0])[0], "off");
  // A write on the source after a passing verify: cutover refuses.
  assert((await s2s.verify(opts)).ok);
  await execOn(source.url, "UPDATE public.accounts SET plan = 'team' WHERE id = 1");
  const changed = (await assertRejects(() => s2s.cutover(opts))) as ConfitureError;
  assertEquals(changed.code, "S2S_NOT_VERIFIED");
  assertMatch(changed.message, /public\.accounts/);

  // cleanup removes the server, mapping, private schema and the extension it created; nothing else.
  const cleaned = await s2s.cleanup(opts);
  assertEquals(cleaned.removed.length, 3, cleaned.removed.join("; "));
  assertEquals(
    await queryOn(
      target.url,
      `SELECT (SELECT count(*)::int FROM pg_foreign_server) AS servers,
              (SELECT count(*)::int FROM pg_extension WHERE extname = 'postgres_fdw') AS ext,
              to_regnamespace('confiture_s2s') IS NULL AS gone,
              (SELECT count(*)::int FROM public.users) AS users`,
    ),
    [{ servers: 0, ext: 0, gone: true, users: 180 }],
  );
  for (const t of NEW_TABLES) assert((await rowsOf(target.url, t)).length > 0, t);
});
