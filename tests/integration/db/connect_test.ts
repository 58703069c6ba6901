import { connect } from "../../../src/db/mod.ts";
import { ConfitureError } from "../../../src/errors/mod.ts";
import { assert, assertEquals, assertMatch, assertRejects, assertStringIncludes } from "../../_helpers/assert.ts";
import { TEST_SERVER_URL, withTestDatabase } from "../../_helpers/db.ts";

const PASSWORD = "Zq7-hunter2-Secret";

function withPassword(url: string, mutate: (u: URL) => void = () => {}): string {
  const u = new URL(url);
  u.password = PASSWORD;
  mutate(u);
  return u.href;
}

/** A TCP port with nothing listening on it. */
function closedPort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** Every printable form of an error and of its cause chain. */
function printedForms(e: unknown): string[] {
  const out: string[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 10 && cur !== undefined && cur !== null; i++) {
    out.push(String(cur), Deno.inspect(cur, { depth: 10, showHidden: true }));
    if (cur instanceof Error) out.push(cur.message, cur.stack ?? "");
    try {
      out.push(JSON.stringify(cur));
    } catch (jsonError) {
      out.push(String(jsonError));
    }
    if (cur instanceof ConfitureError) out.push(cur.detail ?? "", cur.hint ?? "", JSON.stringify(cur.toJSON()));
    cur = (cur as { cause?: unknown }).cause;
  }
  return out;
}

function assertNoPassword(e: unknown): void {
  for (const text of printedForms(e)) {
    assert(!text.includes(PASSWORD), `the password appears in:\n${text}`);
    assert(!text.includes(encodeURIComponent(PASSWORD)), `the encoded password appears in:\n${text}`);
  }
}

Deno.test("sessions are named confiture in pg_stat_activity", async () => {
  await withTestDatabase("conn_appname", async (db) => {
    const [r] = await db.query<{ app: string }>(
      "select application_name as app from pg_stat_activity where pid = pg_backend_pid()",
    );
    assertEquals(r.app, "confiture");
  });
});

Deno.test("a closed port fails with CONNECTION_FAILED (connection refused); no password printed", async () => {
  const url = withPassword(TEST_SERVER_URL, (u) => (u.port = String(closedPort())));
  const e = await assertRejects(() => connect({ url, source: "flag", connectTimeout: 5 }));
  assert(e instanceof ConfitureError, String(e));
  assertEquals(e.code, "CONNECTION_FAILED");
  assertStringIncludes(e.message, "connection refused");
  assertStringIncludes(e.message, "***");
  assertNoPassword(e);
});

Deno.test("a server that never answers fails within the connect timeout", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  const accepted: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const c of listener) accepted.push(c); // never reads nor answers
  })();
  try {
    const url = withPassword(TEST_SERVER_URL, (u) => (u.port = String(port)));
    const e = await assertRejects(() => connect({ url, source: "flag", connectTimeout: 1 }));
    assert(e instanceof ConfitureError, String(e));
    assertEquals(e.code, "CONNECTION_FAILED");
    assertStringIncludes(e.message, "timed out after 1 s");
    assertNoPassword(e);
  } finally {
    listener.close();
    await accepting;
    for (const c of accepted) c.close();
  }
});

Deno.test("an unknown role fails with a CONNECTION_* error; no password printed", async () => {
  const url = withPassword(TEST_SERVER_URL, (u) => (u.username = "confiture_no_such_role"));
  const e = await assertRejects(() => connect({ url, source: "flag" }));
  assert(e instanceof ConfitureError, String(e));
  assertMatch(e.code, /^CONNECTION_/);
  assertEquals(e.sqlstate, "28000");
  assertStringIncludes(e.message, "confiture_no_such_role");
  assertNoPassword(e);
});

Deno.test("an unknown database fails with CONNECTION_FAILED (3D000); no password printed", async () => {
  const url = withPassword(TEST_SERVER_URL, (u) => (u.pathname = "/confiture_no_such_database"));
  const e = await assertRejects(() => connect({ url, source: "flag" }));
  assert(e instanceof ConfitureError, String(e));
  assertEquals(e.code, "CONNECTION_FAILED");
  assertEquals(e.sqlstate, "3D000");
  assertStringIncludes(e.message, "confiture_no_such_database");
  assert(e.hint !== undefined);
  assertNoPassword(e);
});

Deno.test("a wrong password in a query parameter is never printed either", async () => {
  const u = new URL(TEST_SERVER_URL);
  u.port = String(closedPort());
  u.searchParams.set("password", PASSWORD);
  const e = await assertRejects(() => connect({ url: u.href, source: "flag", connectTimeout: 5 }));
  assertNoPassword(e);
});

Deno.test("server errors carry SQLSTATE, detail, hint and the character position", async () => {
  await withTestDatabase("conn_errors", async (db) => {
    const e1 = await assertRejects(() => db.query("select nosuchcolumn from pg_class"));
    assert(e1 instanceof ConfitureError);
    assertEquals(e1.code, "SQL_ERROR");
    assertEquals(e1.sqlstate, "42703");
    assertEquals(e1.position, 8);

    const e2 = await assertRejects(() => db.query("select 'é' || no_such_function(1)"));
    assert(e2 instanceof ConfitureError);
    assertEquals(e2.sqlstate, "42883");
    assertEquals(e2.position, 15, "a character offset, not a byte offset");
    assertStringIncludes(e2.hint ?? "", "function");

    await db.exec("create table t (id int primary key)");
    await db.exec("insert into t values (1)");
    const e3 = await assertRejects(() => db.exec("insert into t values (1)"));
    assert(e3 instanceof ConfitureError);
    assertEquals(e3.sqlstate, "23505");
    assertStringIncludes(e3.detail ?? "", "already exists");
  });
});

Deno.test("sslmode=disable and sslmode=prefer connect to a server without TLS; require fails clearly", async () => {
  for (const mode of ["disable", "prefer", "allow"]) {
    const u = new URL(TEST_SERVER_URL);
    u.searchParams.set("sslmode", mode);
    const db = await connect({ url: u.href, source: "flag" });
    try {
      assertEquals(await db.query("select 1 as x"), [{ x: 1 }]);
    } finally {
      await db.close();
    }
  }
  const [r] = await (async () => {
    const db = await connect({ url: TEST_SERVER_URL, source: "flag" });
    try {
      return await db.query<{ ssl: string }>("select current_setting('ssl') as ssl");
    } finally {
      await db.close();
    }
  })();
  if (r.ssl === "off") {
    const u = new URL(TEST_SERVER_URL);
    u.searchParams.set("sslmode", "require");
    const e = await assertRejects(() => connect({ url: u.href, source: "flag", connectTimeout: 5 }));
    assert(e instanceof ConfitureError, String(e));
    assertEquals(e.code, "CONNECTION_FAILED");
  }
});

Deno.test("an unknown sslmode is rejected before connecting", async () => {
  const u = new URL(TEST_SERVER_URL);
  u.searchParams.set("sslmode", "sometimes");
  const e = await assertRejects(() => connect({ url: u.href, source: "flag" }));
  assert(e instanceof ConfitureError);
  assertEquals(e.code, "CONNECTION_INVALID_URL");
});
