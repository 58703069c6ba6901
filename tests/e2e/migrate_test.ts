import { join } from "node:path";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "../_helpers/assert.ts";
import { runCli, tempProject } from "../_helpers/cli.ts";
import { withTestDatabase } from "../_helpers/db.ts";
import { MINIMUM_RUN_FLAGS } from "../../scripts/permissions.ts";

Deno.test("migrate: status, up, new, down, verify and a failing migration, as a user runs them", async () => {
  await withTestDatabase("e2e_migrate", async (_db, t) => {
    const root = await tempProject();
    try {
      const cli = (...args: string[]) => runCli([...args, "-C", root, "--database-url", t.url]);
      let r = await cli("migrate", "status");
      assertEquals(r.code, 2, "pending migrations: exit 2");
      assertStringIncludes(r.stdout, "pending");

      r = await cli("migrate", "up", "--dry-run");
      assertEquals(r.code, 0, r.stderr);
      assertStringIncludes(r.stdout, "lock ACCESS EXCLUSIVE on shop.customers");

      r = await cli("migrate", "up", "--json");
      assertEquals(r.code, 0, r.stderr);
      const up = JSON.parse(r.stdout);
      assertEquals([up.ok, up.command, up.applied], [true, "migrate up", 2]);

      r = await cli("migrate", "status", "--json");
      assertEquals(r.code, 0);
      const st = JSON.parse(r.stdout);
      assertEquals(st.migrations.map((m: { state: string }) => m.state), ["applied", "applied"]);

      r = await cli("migrate", "new", "add", "orders", "note", "--json");
      assertEquals(r.code, 0, r.stderr);
      const created = JSON.parse(r.stdout);
      assertEquals(created.name, "add_orders_note");
      assertEquals(created.files.length, 2);
      const upFile = join(root, created.files[0]);
      await Deno.writeTextFile(
        upFile,
        "ALTER TABLE shop.orders ADD COLUMN note text;\n\nSELECT missing_column FROM shop.orders;\n",
      );
      await Deno.writeTextFile(join(root, created.files[1]), "ALTER TABLE shop.orders DROP COLUMN note;\n");

      r = await cli("migrate", "up");
      assertEquals(r.code, 6, r.stderr);
      assertMatch(
        r.stderr,
        new RegExp(`${created.files[0].replaceAll(".", "\\.")}:3:8: error\\[MIGRATION_STATEMENT_FAILED\\]`),
      );
      assertStringIncludes(r.stderr, "missing_column");

      r = await cli("migrate", "up", "--json");
      assertEquals(r.code, 6);
      const fail = JSON.parse(r.stdout);
      assertEquals([fail.ok, fail.error.code, fail.error.sqlstate], [false, "MIGRATION_STATEMENT_FAILED", "42703"]);
      assertEquals(fail.error.location.line, 3);

      await Deno.writeTextFile(upFile, "ALTER TABLE shop.orders ADD COLUMN note text;\n");
      r = await cli("migrate", "up");
      assertEquals(r.code, 0, r.stderr);

      r = await cli("migrate", "down", "--steps", "1", "--json");
      assertEquals(r.code, 0, r.stderr);
      assertEquals(JSON.parse(r.stdout).reverted, 1);

      r = await cli("migrate", "verify");
      assertEquals(r.code, 0, r.stderr);
      const first = join(root, "db/migrations/20260101120000_create_shop.up.sql");
      await Deno.writeTextFile(first, (await Deno.readTextFile(first)).replace("'pending'", "'waiting'"));
      r = await cli("migrate", "verify");
      assertEquals(r.code, 8);
      assertStringIncludes(r.stderr, "error[MIGRATION_CHECKSUM_MISMATCH]");
      r = await cli("migrate", "status");
      assertEquals(r.code, 2);
      assertStringIncludes(r.stdout, "20260101120000_create_shop.up.sql was edited");
      r = await cli("migrate", "repair");
      assertEquals(r.code, 8);
      r = await cli("migrate", "repair", "--yes");
      assertEquals(r.code, 0, r.stderr);
      r = await cli("migrate", "verify", "--json");
      assertEquals(r.code, 0);
      assert(JSON.parse(r.stdout).verified === 2);
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  });
});

Deno.test("migrate up works on the embedded engine", async () => {
  const root = await tempProject();
  try {
    const url = `embedded:${join(root, "embedded-data")}`;
    let r = await runCli(["migrate", "up", "--json", "-C", root, "--database-url", url]);
    assertEquals(r.code, 0, r.stderr);
    assertEquals(JSON.parse(r.stdout).applied, 2);
    r = await runCli(["migrate", "status", "-C", root, "--database-url", url]);
    assertEquals(r.code, 0, r.stderr);
    assertStringIncludes(r.stdout, "2 applied, 0 pending");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("migrate: TypeScript migrations and the safety flags, with the minimum permission flags", async () => {
  await withTestDatabase("e2e_migrate_ts", async (db, t) => {
    const root = await Deno.makeTempDir({ prefix: "confiture-e2e-ts-" });
    try {
      const dir = join(root, "db/migrations");
      await Deno.mkdir(dir, { recursive: true });
      const put = (name: string, text: string) => Deno.writeTextFile(join(dir, name), text);
      const cli = async (...args: string[]) => {
        const r = await runCli([...args, "--json", "-C", root, "--database-url", t.url], {
          permissions: [...MINIMUM_RUN_FLAGS],
        });
        return { code: r.code, json: JSON.parse(r.stdout), stderr: r.stderr };
      };
      await put("20260101000001_labels.up.sql", "create table labels (id int primary key, label text not null);");
      await put("20260101000001_labels.down.sql", "drop table labels;");
      const ts = [
        "interface Ctx { sql: (s: TemplateStringsArray, ...v: unknown[]) => Promise<unknown> }",
        "export async function up({ sql }: Ctx): Promise<void> {",
        "  for (const id of [1, 2, 3]) await sql`insert into labels values (${id}, ${'label ' + id})`;",
        "}",
        "export async function down({ sql }: Ctx): Promise<void> {",
        "  await sql`delete from labels where id <= ${3}`;",
        "}",
        "",
      ];
      await put("20260101000002_fill.ts", ts.join("\r\n"));

      let r = await cli("migrate", "up");
      assertEquals(r.code, 0, r.stderr);
      assertEquals(r.json.applied, 2);
      const count = async () => (await db.query<{ n: number }>("select count(*)::int as n from labels"))[0].n;
      assertEquals(await count(), 3);

      // line endings of a TypeScript migration do not count
      await put("20260101000002_fill.ts", ts.join("\n"));
      r = await cli("migrate", "status");
      assertEquals([r.code, r.json.upToDate], [0, true], r.stderr);

      // a late migration older than the newest applied one
      await put("20251231000000_early.up.sql", "create table early (id int);");
      r = await cli("migrate", "status");
      assertEquals(r.code, 2);
      assertEquals(r.json.counts.out_of_order, 1);
      r = await cli("migrate", "up");
      assertEquals([r.code, r.json.error.code], [8, "MIGRATION_OUT_OF_ORDER"]);
      r = await cli("migrate", "up", "--allow-out-of-order");
      assertEquals([r.code, r.json.applied], [0, 1], r.stderr);

      // an edited applied migration: refused, or a warning with --on-checksum-mismatch warn
      await put("20260101000001_labels.up.sql", "create table labels (id int primary key, label text);");
      await put("20260101000003_more.up.sql", "insert into labels values (4, 'four');");
      r = await cli("migrate", "up");
      assertEquals([r.code, r.json.error.code], [8, "MIGRATION_CHECKSUM_MISMATCH"]);
      assertEquals(r.json.error.location.file, "db/migrations/20260101000001_labels.up.sql");
      r = await cli("migrate", "up", "--on-checksum-mismatch", "sometimes");
      assertEquals([r.code, r.json.error.code], [3, "USAGE_INVALID_ARGUMENT"]);
      r = await cli("migrate", "up", "--on-checksum-mismatch", "warn");
      assertEquals([r.code, r.json.applied], [0, 1], r.stderr);
      assert(r.json.warnings.some((w: string) => w.includes("20260101000001_labels.up.sql")));

      // down --to runs the TypeScript migration's down(ctx)
      await Deno.remove(join(dir, "20260101000003_more.up.sql"));
      await db.exec("delete from tb_confiture where version = '20260101000003'");
      r = await cli("migrate", "down", "--to", "20260101000001");
      assertEquals([r.code, r.json.reverted], [0, 1], r.stderr);
      assertEquals(await count(), 1, "down() deleted the rows up() inserted");

      // baseline: recorded as applied without running
      r = await cli("migrate", "baseline", "--through", "20260101000002");
      assertEquals(r.code, 0, r.stderr);
      assertEquals(r.json.results.map((x: { version: string; status: string }) => [x.version, x.status]), [
        ["20260101000002", "baselined"],
      ]);
      assertEquals(await count(), 1, "up() did not run");
      r = await cli("migrate", "status");
      assertEquals(
        [r.code, r.json.counts.pending, r.json.counts.checksum_mismatch],
        [2, 0, 1],
        "only the edit is left",
      );
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  });
});

Deno.test("migrate: TypeScript migrations loaded as the compiled binary loads them, with its permission flags", async () => {
  await withTestDatabase("e2e_migrate_ts_binary", async (db, t) => {
    const root = await Deno.makeTempDir({ prefix: "confiture-e2e-ts-binary-" });
    try {
      const dir = join(root, "db/migrations");
      await Deno.mkdir(dir, { recursive: true });
      const put = (name: string, text: string) => Deno.writeTextFile(join(dir, name), text);
      const cli = async (loader: string | undefined, ...args: string[]) => {
        const r = await runCli([...args, "--json", "-C", root, "--database-url", t.url], {
          permissions: [...MINIMUM_RUN_FLAGS],
          env: loader ? { CONFITURE_TS_LOADER: loader } : {},
        });
        return { code: r.code, json: JSON.parse(r.stdout), stderr: r.stderr };
      };
      await put("20260101000001_items.up.sql", "create table items (id int primary key, label text not null);");
      await put("20260101000001_items.down.sql", "drop table items;");
      await put(
        "20260101000002_fill.ts",
        [
          'import type { MigrationContext } from "../../src/migrate/mod.ts";',
          "",
          "interface Item {",
          "  id: number;",
          "  label: string;",
          "}",
          "",
          "const items: Item[] = [1, 2, 3].map((id: number): Item => ({ id, label: `item ${id}` }));",
          "",
          "export async function up({ sql }: MigrationContext): Promise<void> {",
          "  for (const it of items) await sql`insert into items values (${it.id}, ${it.label})`;",
          "}",
          "",
          "export async function down({ sql }: MigrationContext): Promise<void> {",
          "  await sql`delete from items where id in (${items[0].id}, ${items[1].id}, ${items[2].id})`;",
          "}",
          "",
        ].join("\r\n"),
      );
      const labels = async () =>
        (await db.query<{ label: string }>("select label from items order by id")).map((r) => r.label);

      let r = await cli("sometimes", "migrate", "up");
      assertEquals([r.code, r.json.error.code], [3, "USAGE_INVALID_ARGUMENT"]);

      r = await cli("transform", "migrate", "up");
      assertEquals([r.code, r.json.applied], [0, 2], r.stderr);
      assertEquals(await labels(), ["item 1", "item 2", "item 3"]);

      // the checksum is the file's, whatever loaded it: import() sees the migration as applied and unchanged
      r = await cli(undefined, "migrate", "status");
      assertEquals([r.code, r.json.upToDate], [0, true], r.stderr);
      r = await cli(undefined, "migrate", "verify");
      assertEquals(r.code, 0, r.stderr);

      r = await cli("transform", "migrate", "down");
      assertEquals([r.code, r.json.reverted], [0, 1], r.stderr);
      assertEquals(await labels(), [], "down() ran");

      // a run-time import is refused before anything runs, naming the file, the module and the line
      const helper = 'import { label } from "./_labels.ts";\nexport async function up() {\n  label();\n}\n';
      await put("20260101000003_helper.ts", helper);
      r = await cli("transform", "migrate", "up");
      assertEquals([r.code, r.json.error.code], [4, "MIGRATION_INVALID_MODULE"], r.stderr);
      assertStringIncludes(r.json.error.message, 'imports "./_labels.ts" at run time');
      assertEquals(r.json.error.location, { file: "db/migrations/20260101000003_helper.ts", line: 1, col: 23 });
      assertEquals(await labels(), [], "nothing ran");
      r = await cli("transform", "migrate", "status");
      assertEquals(r.json.counts.pending, 2, r.stderr);

      // a failing statement is located at its line of the TypeScript file
      await put(
        "20260101000003_helper.ts",
        "export async function up({ sql }: { sql: (s: TemplateStringsArray) => Promise<unknown> }) {\n" +
          "  await sql`select 1`;\n  await sql`select missing_column from items`;\n}\n",
      );
      r = await cli("transform", "migrate", "up");
      assertEquals([r.code, r.json.error.code, r.json.error.sqlstate], [6, "MIGRATION_STATEMENT_FAILED", "42703"]);
      assertEquals([r.json.error.location.file, r.json.error.location.line], [
        "db/migrations/20260101000003_helper.ts",
        3,
      ]);
      assertEquals(await labels(), ["item 1", "item 2", "item 3"], "the migration before the failure stays applied");
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  });
});

Deno.test("migrate: a failed run still reports each migration in --json; partial and repeatable in status; --dump-schema; --quiet", async () => {
  await withTestDatabase("e2e_migrate_report", async (_db, t) => {
    const root = await Deno.makeTempDir({ prefix: "confiture-e2e-report-" });
    try {
      const dir = join(root, "db/migrations");
      await Deno.mkdir(join(root, "db/environments"), { recursive: true });
      await Deno.mkdir(dir, { recursive: true });
      await Deno.writeTextFile(
        join(root, "db/environments/local.yaml"),
        "placeholders:\n  app: shop\n",
      );
      const put = (name: string, text: string) => Deno.writeTextFile(join(dir, name), text);
      const cli = (...args: string[]) => runCli([...args, "-C", root, "--database-url", t.url]);
      await put("20260101000001_a.up.sql", "create schema ${app};\ncreate table ${app}.a (id int);");
      await put("20260101000001_a.down.sql", "drop schema ${app} cascade;");
      await put("20260101000002_b.up.sql", "create table ${app}.b (id int);");
      await put("20260101000002_b.down.sql", "select 1/0;");
      await put("20260101000003_c.up.sql", "create table ${app}.c (id int);\n\nselect nope from ${app}.c;\n");
      await put("R_views.sql", "create or replace view ${app}.v as select id from ${app}.a;");

      let r = await cli("migrate", "up", "--json");
      assertEquals(r.code, 6, r.stderr);
      let doc = JSON.parse(r.stdout);
      assertEquals([doc.ok, doc.error.code, doc.applied], [false, "MIGRATION_STATEMENT_FAILED", 2]);
      assertEquals(
        doc.results.map((x: { version: string; status: string }) => [x.version, x.status]),
        [["20260101000001", "applied"], ["20260101000002", "applied"], ["20260101000003", "failed"], [
          "R_views",
          "skipped",
        ]],
      );
      assertEquals(doc.error.location.line, 3);

      // the human form prints the results, then the error
      r = await cli("migrate", "up");
      assertEquals(r.code, 6);
      assertStringIncludes(r.stdout, "failed   20260101000003_c");
      assertStringIncludes(r.stderr, "20260101000003_c.up.sql:3:8: error[MIGRATION_STATEMENT_FAILED]");

      await put(
        "20260101000003_c.up.sql",
        "-- confiture:no-transaction\ncreate table ${app}.c (id int);\n\nselect nope from ${app}.c;\n",
      );
      r = await cli("migrate", "up");
      assertEquals(r.code, 6);
      r = await cli("migrate", "status");
      assertEquals(r.code, 2);
      assertMatch(r.stdout, /partial +20260101000003_c/);
      assertStringIncludes(r.stdout, "stopped at statement 2 of 2 (db/migrations/20260101000003_c.up.sql:4:8)");
      assertMatch(r.stdout, /pending +R_views\.sql \(repeatable\)/);

      await put(
        "20260101000003_c.up.sql",
        "-- confiture:no-transaction\ncreate table if not exists ${app}.c (id int);\n",
      );
      const schemaFile = join(root, "db/schema.sql");
      r = await cli("migrate", "up", "--dump-schema", schemaFile, "--json");
      assertEquals(r.code, 0, r.stderr);
      doc = JSON.parse(r.stdout);
      assertEquals(doc.results.map((x: { version: string }) => x.version), ["20260101000003", "R_views"]);
      const dumped = await Deno.readTextFile(schemaFile);
      assertStringIncludes(dumped, 'CREATE VIEW "shop"."v"');
      r = await cli("migrate", "up", "--dump-schema", schemaFile);
      assertEquals(r.code, 0, r.stderr);
      assertEquals(await Deno.readTextFile(schemaFile), dumped, "the same schema, the same file");

      // down: the revert that fails comes after one that succeeded, and the JSON says so
      await put("20260101000003_c.down.sql", "drop table ${app}.c;");
      r = await cli("migrate", "down", "--steps", "2", "--json");
      assertEquals(r.code, 6, r.stderr);
      doc = JSON.parse(r.stdout);
      assertEquals([doc.ok, doc.reverted, doc.error.code], [false, 1, "MIGRATION_STATEMENT_FAILED"]);
      assertEquals(
        doc.results.map((x: { version: string; status: string }) => [x.version, x.status]),
        [["20260101000003", "reverted"], ["20260101000002", "failed"]],
      );

      // --quiet: warnings are shown, informational lines are not
      await Deno.remove(join(dir, "20260101000001_a.down.sql"));
      await Deno.rename(join(dir, "20260101000001_a.up.sql"), join(root, "a.up.sql.bak"));
      r = await cli("migrate", "verify", "--quiet");
      assertEquals([r.code, r.stdout], [0, ""]);
      assertStringIncludes(r.stderr, "warning: 20260101000001_a is applied but its file is missing");
      r = await cli("migrate", "verify");
      assertStringIncludes(r.stdout, "verified");
    } finally {
      await Deno.remove(root, { recursive: true });
    }
  });
});

Deno.test("--wait connects once the server accepts connections; a bounded wait fails naming how long it waited", async () => {
  await withTestDatabase("e2e_migrate_wait", async (_db, t) => {
    const root = await tempProject();
    // a port with nothing behind it yet: a proxy to the test server opens there after a while
    const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (probe.addr as Deno.NetAddr).port;
    probe.close();
    const server = new URL(t.url);
    const url = new URL(t.url);
    url.host = `127.0.0.1:${port}`;
    let listener: Deno.Listener | undefined;
    const pipes: Promise<unknown>[] = [];
    // a proxied connection ends with a reset on one side or the other: expected, kept for the record
    const ended: unknown[] = [];
    try {
      const short = await runCli(["migrate", "status", "-C", root, "--database-url", url.href, "--wait", "300ms"]);
      assertEquals(short.code, 5, short.stderr);
      assertStringIncludes(short.stderr, "error[CONNECTION_FAILED]");
      assertStringIncludes(short.stderr, "(--wait)");

      // The port closes the first connections at once (the driver retries one of those itself, so
      // several, for two seconds) and proxies to the server after: the command sees its connection
      // fail and waits, whatever the machine's speed.
      let refused = 0;
      let firstAt = 0;
      listener = Deno.listen({ hostname: "127.0.0.1", port });
      (async () => {
        for await (const conn of listener!) {
          firstAt ||= Date.now();
          if (refused < 4 || Date.now() - firstAt < 2000) {
            refused++;
            conn.close();
            continue;
          }
          const upstream = await Deno.connect({ hostname: server.hostname, port: Number(server.port || 5432) });
          pipes.push(
            conn.readable.pipeTo(upstream.writable).catch((e) => ended.push(e)),
            upstream.readable.pipeTo(conn.writable).catch((e) => ended.push(e)),
          );
        }
      })().catch((e) => ended.push(e));
      const started = runCli(["migrate", "status", "-C", root, "--database-url", url.href, "--wait", "60s"]);
      const r = await started;
      assertEquals(r.code, 2, r.stderr); // connected: the example project's migrations are pending
      assertStringIncludes(r.stderr, "(--wait)", `refused ${refused}: ${r.stderr}`);
      assertStringIncludes(r.stdout, "pending");
    } finally {
      listener?.close();
      await Promise.allSettled(pipes);
      await Deno.remove(root, { recursive: true });
    }
  });
});
