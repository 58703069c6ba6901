import { connect, type Database } from "../../../src/db/mod.ts";
import { ConfitureError } from "../../../src/errors/mod.ts";
import { assert, assertEquals, assertRejects, assertStringIncludes } from "../../_helpers/assert.ts";
import { withTestDatabase } from "../../_helpers/db.ts";

const enc = new TextEncoder();

/** Rows `id\tpayload\n`, generated lazily, in chunks of `perChunk` rows. */
async function* rows(
  count: number,
  opts: { perChunk?: number; payload?: number; duplicateAt?: number; failAt?: number } = {},
): AsyncGenerator<Uint8Array> {
  const per = opts.perChunk ?? 1000;
  const pad = "x".repeat(opts.payload ?? 20);
  let buf = "";
  for (let i = 1; i <= count; i++) {
    if (opts.failAt === i) throw new Error("source broke");
    const id = opts.duplicateAt === i ? 1 : i;
    buf += `${id}\t${pad}${i}\n`;
    if (i % per === 0) {
      yield enc.encode(buf);
      buf = "";
    }
  }
  if (buf) yield enc.encode(buf);
}

async function count(db: Database, table: string): Promise<number> {
  const [r] = await db.query<{ n: string }>(`select count(*) as n from ${table}`);
  return Number(r.n);
}

Deno.test("copyFrom loads a lazily generated stream and reports the row count", async () => {
  await withTestDatabase("copy_load", async (db) => {
    await db.exec("create table t (id int primary key, v text)");
    const n = await db.copyFrom("copy t (id, v) from stdin", rows(50_000));
    assertEquals(n, 50_000);
    assertEquals(await count(db, "t"), 50_000);
  });
});

Deno.test("copyFrom: a duplicate key mid-stream rejects with the server's error; nothing is kept", async () => {
  await withTestDatabase("copy_dup", async (db) => {
    await db.exec("create table t (id int primary key, v text)");
    const e = await assertRejects(() =>
      db.copyFrom("copy t (id, v) from stdin", rows(200_000, { duplicateAt: 100_000, payload: 100 }))
    );
    assert(e instanceof ConfitureError, String(e));
    assertEquals(e.code, "SQL_ERROR");
    assertEquals(e.sqlstate, "23505");
    assertStringIncludes(e.detail ?? "", "already exists");
    assertEquals(await count(db, "t"), 0);
    assertEquals((await db.sql<{ one: number }>`select 1 as one`)[0].one, 1);
  });
});

Deno.test("copyFrom: a failure detected after the end of the data rejects (no hang)", async () => {
  await withTestDatabase("copy_dup_end", async (db) => {
    await db.exec("create table t (id int primary key)");
    const src = (async function* () {
      yield enc.encode("1\n2\n1\n");
    })();
    const e = await assertRejects(() => db.copyFrom("copy t from stdin", src));
    assert(e instanceof ConfitureError);
    assertEquals(e.sqlstate, "23505");
    assertEquals(await count(db, "t"), 0);
    // The session is usable for another COPY.
    const src2 = (async function* () {
      yield enc.encode("1\n2\n");
    })();
    assertEquals(await db.copyFrom("copy t from stdin", src2), 2);
  });
});

Deno.test("copyFrom: bad data rejects with SQLSTATE 22P02 and the COPY context", async () => {
  await withTestDatabase("copy_bad", async (db) => {
    await db.exec("create table t (id int)");
    const src = (async function* () {
      yield enc.encode("1\nnot a number\n");
    })();
    const e = await assertRejects(() => db.copyFrom("copy t from stdin", src));
    assert(e instanceof ConfitureError);
    assertEquals(e.sqlstate, "22P02");
    assertStringIncludes(e.detail ?? "", "COPY t");
  });
});

Deno.test("copyFrom inside a transaction: the failure rolls the transaction back", async () => {
  await withTestDatabase("copy_tx", async (db) => {
    await db.exec("create table t (id int primary key, v text)");
    await assertRejects(() =>
      db.transaction(async (tx) => {
        await tx.exec("insert into t values (-1, 'before')");
        await tx.copyFrom("copy t (id, v) from stdin", rows(20_000, { duplicateAt: 15_000 }));
      })
    );
    assertEquals(await count(db, "t"), 0);
    // Outside any transaction again: now() is this statement's start.
    const [{ autocommit }] = await db.query<{ autocommit: boolean }>(
      "select now() = statement_timestamp() as autocommit",
    );
    assertEquals(autocommit, true);
  });
});

Deno.test("copyFrom: a failing source aborts the COPY with COPY_FAILED; nothing is kept", async () => {
  await withTestDatabase("copy_srcfail", async (db) => {
    await db.exec("create table t (id int primary key, v text)");
    const e = await assertRejects(() => db.copyFrom("copy t (id, v) from stdin", rows(100_000, { failAt: 60_000 })));
    assert(e instanceof ConfitureError);
    assertEquals(e.code, "COPY_FAILED");
    assertStringIncludes(e.detail ?? "", "source broke");
    assertEquals(await count(db, "t"), 0);
  });
});

Deno.test("copyFrom: an invalid COPY statement rejects with its SQL error", async () => {
  await withTestDatabase("copy_invalid", async (db) => {
    const e = await assertRejects(() => db.copyFrom("copy missing_table from stdin", rows(1)));
    assert(e instanceof ConfitureError);
    assertEquals(e.sqlstate, "42P01");
    assertEquals(await db.query("select 1 as x"), [{ x: 1 }]);
  });
});

Deno.test("copyTo streams in chunks of about 512 KiB; output is complete", async () => {
  await withTestDatabase("copy_out", async (db) => {
    let total = 0;
    let chunks = 0;
    let maxChunk = 0;
    for await (
      const c of db.copyTo("copy (select n, repeat('y', 50) from generate_series(1, 100000) n) to stdout")
    ) {
      total += c.length;
      chunks++;
      maxChunk = Math.max(maxChunk, c.length);
    }
    // Each line: digits + tab + 50 + newline.
    let expected = 0;
    for (let n = 1; n <= 100_000; n++) expected += String(n).length + 52;
    assertEquals(total, expected);
    assert(chunks >= 10 && chunks <= 20, `chunks: ${chunks}`);
    assert(maxChunk < 512 * 1024 + 1024, `max chunk ${maxChunk}`);
    assertEquals(await db.query("select 2 as x"), [{ x: 2 }]);
  });
});

Deno.test("copyTo: stopping early cancels the COPY and leaves the session usable", async () => {
  await withTestDatabase("copy_early", async (db) => {
    for await (const c of db.copyTo("copy (select n from generate_series(1, 2000000) n) to stdout")) {
      assert(c.length > 0);
      break;
    }
    assertEquals(await db.query("select 3 as x"), [{ x: 3 }]);
  });
});

Deno.test("copyTo: an error mid-stream rejects with the server's error", async () => {
  await withTestDatabase("copy_out_err", async (db) => {
    const e = await assertRejects(async () => {
      for await (const _ of db.copyTo("copy (select 1 / (n - 150000) from generate_series(1, 200000) n) to stdout")) {
        // consume
      }
    });
    assert(e instanceof ConfitureError);
    assertEquals(e.sqlstate, "22012");
    assertEquals(await db.query("select 4 as x"), [{ x: 4 }]);
  });
});

Deno.test("copyTo holds back the server while the consumer waits (backpressure)", async () => {
  await withTestDatabase("copy_bp", async (db, t) => {
    const [{ pid }] = await db.query<{ pid: number }>("select pg_backend_pid() as pid");
    const watcher = await connect({ url: t.url, source: "flag" });
    try {
      const it = db.copyTo("copy (select n, repeat('z', 200) from generate_series(1, 400000) n) to stdout")[
        Symbol.asyncIterator
      ]();
      const first = await it.next();
      assert(!first.done);
      // The consumer now waits; the server must end up blocked writing to the client.
      let waitEvent = "";
      for (let i = 0; i < 200 && waitEvent !== "ClientWrite"; i++) {
        const [r] = await watcher.query<{ w: string | null }>(
          "select wait_event as w from pg_stat_activity where pid = $1",
          [pid],
        );
        waitEvent = r.w ?? "";
        if (waitEvent !== "ClientWrite") await new Promise((r) => setTimeout(r, 25));
      }
      assertEquals(waitEvent, "ClientWrite");
      let rest = first.value!.length;
      for (let r = await it.next(); !r.done; r = await it.next()) rest += r.value.length;
      assert(rest > 60 * 1024 * 1024, `bytes ${rest}`);
    } finally {
      await watcher.close();
    }
  });
});

Deno.test("server to server: 200k rows round-trip with bounded memory", async () => {
  await withTestDatabase("copy_rt_src", async (src) => {
    await withTestDatabase("copy_rt_dst", async (dst) => {
      await src.exec(
        "create table t (id int primary key, v text); " +
          "insert into t select n, repeat(md5(n::text), 32) from generate_series(1, 200000) n",
      );
      await dst.exec("create table t (id int primary key, v text)");
      // Live memory only: garbage left between collections says nothing about buffering, so
      // the heap is collected before each sample (`deno task test` passes --expose-gc).
      const gc = (globalThis as { gc?: () => void }).gc;
      assert(gc !== undefined, "run through `deno task test`, which passes --v8-flags=--expose-gc");
      const live = () => {
        gc();
        const m = Deno.memoryUsage();
        return m.heapUsed + m.external;
      };
      const base = live();
      let peak = 0;
      let bytes = 0;
      let nextSample = 0;
      async function* tap(source: AsyncIterable<Uint8Array>) {
        for await (const c of source) {
          bytes += c.length;
          if (bytes >= nextSample) {
            nextSample = bytes + 4 * 1024 * 1024;
            peak = Math.max(peak, live() - base);
          }
          yield c;
        }
      }
      const n = await dst.copyFrom("copy t (id, v) from stdin", tap(src.copyTo("copy t (id, v) to stdout")));
      assertEquals(n, 200_000);
      assert(bytes > 190 * 1024 * 1024, `bytes ${bytes}`);
      assert(peak < bytes / 4, `memory grew by ${peak} bytes while ${bytes} bytes went through`);
      const [a] = await src.query<{ h: string }>(
        "select count(*)::text || ':' || sum(id)::text || ':' || sum(hashtext(v)::bigint)::text as h from t",
      );
      const [b] = await dst.query<{ h: string }>(
        "select count(*)::text || ':' || sum(id)::text || ':' || sum(hashtext(v)::bigint)::text as h from t",
      );
      assertEquals(a.h, b.h);
    });
  });
});

Deno.test("embedded: copyFrom and copyTo through /dev/blob; failures are data-safe", async () => {
  const db = await connect({ url: "embedded:memory", source: "flag" });
  try {
    await db.exec("create table t (id int8 primary key, v text)");
    assertEquals(await db.copyFrom("COPY t (id, v) FROM STDIN", rows(5000)), 5000);
    assertEquals(await count(db, "t"), 5000);
    let text = "";
    const dec = new TextDecoder();
    for await (const c of db.copyTo("copy (select * from t where id <= 2 order by id) to stdout")) {
      text += dec.decode(c, { stream: true });
    }
    assertEquals(text, `1\t${"x".repeat(20)}1\n2\t${"x".repeat(20)}2\n`);
    const e = await assertRejects(() => db.copyFrom("copy t from stdin", rows(10, { duplicateAt: 5 })));
    assert(e instanceof ConfitureError);
    assertEquals(e.sqlstate, "23505");
    assertEquals(await count(db, "t"), 5000);
    const [r] = await db.query<{ id: unknown }>("select max(id) as id from t");
    assertEquals(r.id, "5000");
    // COPY FROM failures name the table, column and constraint, never a row value
    await copyFailures(db);
  } finally {
    await db.close();
  }
});

/** Every text of `e` a user or a log can see: message, detail, hint, JSON, stack, cause chain. */
function shown(e: ConfitureError): string {
  let out = JSON.stringify(e.toJSON()) + "\n" + e.message + "\n" + (e.stack ?? "");
  for (let c: unknown = e.cause; c instanceof Error; c = c.cause) out += "\n" + c.message + "\n" + (c.stack ?? "");
  return out;
}

function assertNoValue(e: ConfitureError, values: string[]): void {
  const text = shown(e);
  for (const v of values) assert(!text.includes(v), `the row value ${JSON.stringify(v)} leaked:\n${text}`);
}

const PII = ["alice@example.com", "Alice Liddell", "not-a-number"];

/** COPY FROM failures on a unique key and on a type mismatch: names, no values; the session stays usable. */
async function copyFailures(db: Database): Promise<void> {
  await db.exec(
    "create table users (id int primary key, email text constraint users_email_key unique, name text, age int)",
  );
  const data = (text: string) =>
    (async function* () {
      yield enc.encode(text);
    })();

  const dup = await assertRejects(() =>
    db.copyFrom(
      "copy users (id, email, name, age) from stdin",
      data("1\talice@example.com\tAlice Liddell\t30\n2\talice@example.com\tAlice Liddell\t31\n"),
    )
  );
  assert(dup instanceof ConfitureError, String(dup));
  assertEquals(dup.code, "SQL_ERROR");
  assertEquals(dup.sqlstate, "23505");
  assertEquals(dup.message, 'duplicate key value violates unique constraint "users_email_key"');
  assertEquals(dup.detail, "Key (email)=(…) already exists.\ncontext: COPY users, line 2");
  assertEquals(dup.server?.table, "users");
  assertEquals(dup.server?.constraint, "users_email_key");
  assertEquals(dup.server?.copyLine, 2);
  assertEquals(dup.server?.dataSafe, true);
  assertNoValue(dup, PII);

  const bad = await assertRejects(() =>
    db.copyFrom("copy users (id, email, name, age) from stdin", data("3\tbob@x\tBob\t40\n4\tc@x\tC\tnot-a-number\n"))
  );
  assert(bad instanceof ConfitureError, String(bad));
  assertEquals(bad.sqlstate, "22P02");
  assertEquals(bad.message, "invalid input syntax for type integer");
  assertEquals(bad.detail, "context: COPY users, line 2, column age");
  assertEquals([bad.server?.table, bad.server?.column, bad.server?.copyLine], ["users", "age", 2]);
  assertNoValue(bad, PII);

  // nothing was kept, and the session takes the next COPY and statement
  assertEquals(await count(db, "users"), 0);
  assertEquals(await db.copyFrom("copy users (id, email) from stdin", data("1\talice@example.com\n")), 1);
  assertEquals(await count(db, "users"), 1);

  // COPY TO is data-safe too
  const out = await assertRejects(async () => {
    for await (const _ of db.copyTo("copy (select (email || '-x')::int from users) to stdout")) {
      // consume
    }
  });
  assert(out instanceof ConfitureError);
  assertEquals([out.sqlstate, out.message], ["22P02", "invalid input syntax for type integer"]);
  assertNoValue(out, ["alice@example.com"]);

  // Ordinary statements keep the server's texts; a data-safe view of the session removes the values.
  const insert = "insert into users (id, email) select 2, email from users";
  const plain = await assertRejects(() => db.exec(insert));
  assert(plain instanceof ConfitureError);
  assert(plain.detail?.includes("alice@example.com"), plain.detail);
  const safe = await assertRejects(() => db.dataSafe().exec(insert));
  assert(safe instanceof ConfitureError);
  assertEquals(safe.detail, "Key (email)=(…) already exists.");
  assertNoValue(safe, ["alice@example.com"]);
  const safeQuery = await assertRejects(() =>
    db.dataSafe().query("insert into users (id, email) values ($1, $2)", [3, "alice@example.com"])
  );
  assert(safeQuery instanceof ConfitureError);
  assertNoValue(safeQuery, ["alice@example.com"]);
  // a data-safe transaction: its statements and its nested savepoints are data-safe
  const inTx = await assertRejects(() => db.dataSafe().transaction((tx) => tx.transaction((sp) => sp.exec(insert))));
  assert(inTx instanceof ConfitureError);
  assertNoValue(inTx, ["alice@example.com"]);
  assertEquals(await count(db, "users"), 1);

  // A transaction whose function swallows a COPY error does not "succeed" with a COMMIT that the
  // server turns into a rollback: it fails with that error, still data-safe.
  const swallowed = await assertRejects(() =>
    db.transaction(async (tx) => {
      await tx.exec("insert into users (id, email) values (7, 'kept@x')");
      await tx.copyFrom("copy users (id, email) from stdin", data("9\talice@example.com\n")).catch(() => undefined);
    })
  );
  assert(swallowed instanceof ConfitureError, String(swallowed));
  assertEquals(swallowed.sqlstate, "23505");
  assertNoValue(swallowed, ["alice@example.com"]);
  assertEquals(await count(db, "users"), 1);
  assertEquals(await db.query("select 5 as x"), [{ x: 5 }]);
}

Deno.test("server: COPY FROM failures name the table, column and constraint, never a row value", async () => {
  await withTestDatabase("copy_safe", async (db) => {
    await copyFailures(db);
  });
});
