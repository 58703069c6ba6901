import {
  ConfitureError,
  ERROR_CODES,
  type ErrorCode,
  EXIT_CODES,
  exitCodeFor,
  isAbortError,
  isConfitureError,
  redact,
  registerSecret,
  toConfitureError,
} from "../../../src/errors/mod.ts";
import { assert, assertEquals, assertStringIncludes } from "../../_helpers/assert.ts";

Deno.test("redact: the password of a connection URL, whatever the scheme", () => {
  assertEquals(redact("postgres://app:s3cret@db.example/app"), "postgres://app:***@db.example/app");
  assertEquals(
    redact("postgresql://app:s3cret@db:5432/app?sslmode=require"),
    "postgresql://app:***@db:5432/app?sslmode=require",
  );
  assertEquals(
    redact("failed: postgres://a:x@h1/d1, then POSTGRES://b:y@h2/d2"),
    "failed: postgres://a:***@h1/d1, then POSTGRES://b:***@h2/d2",
  );
  assertEquals(redact("postgres://app:p%40ss%2Fw@db/app"), "postgres://app:***@db/app");
});

Deno.test("redact: an unencoded @ inside the password does not leak its end", () => {
  const out = redact("postgres://app:p@ssw0rd@db/app");
  assertEquals(out, "postgres://app:***@db/app");
  assert(!out.includes("ssw0rd"));
});

Deno.test("redact: URLs without a password and plain text stay as they are", () => {
  for (
    const s of [
      "postgres://app@db/app",
      "postgres://db/app",
      "embedded:/home/me/.confiture/embedded/local",
      'relation "users" already exists',
      "see https://example.org/a@b",
    ]
  ) assertEquals(redact(s), s);
});

Deno.test("redact: password= pairs in keyword/value strings and query parameters", () => {
  assertEquals(redact("host=db user=app password=s3cret dbname=app"), "host=db user=app password=*** dbname=app");
  assertEquals(redact("host=db password='with space' user=app"), "host=db password=*** user=app");
  assertEquals(redact("PASSWORD = hunter2 port=5432"), "PASSWORD = *** port=5432");
  assertEquals(
    redact("postgres://db/app?user=a&password=s3cret&sslmode=disable"),
    "postgres://db/app?user=a&password=***&sslmode=disable",
  );
  // the text after a URL in a message stays intact; a ":" inside the password is still part of it
  assertEquals(
    redact("postgres://u@db/app?password=s3cret: password authentication failed"),
    "postgres://u@db/app?password=***: password authentication failed",
  );
  assertEquals(redact("postgres://db/app?password=a:b:c"), "postgres://db/app?password=***");
  assertEquals(redact("password=x:y port=5432"), "password=*** port=5432");
});

Deno.test("redact: registered secrets disappear anywhere, also URI-encoded", () => {
  registerSecret("Tr0ub4dor&3-errors-test");
  assertEquals(redact("auth failed for Tr0ub4dor&3-errors-test!"), "auth failed for ***!");
  assertEquals(redact("url had Tr0ub4dor%263-errors-test in it"), "url had *** in it");
});

Deno.test("redact: a registered secret that contains another is removed whole", () => {
  registerSecret("abc-short-errors-test");
  registerSecret("abc-short-errors-test-and-longer");
  assertEquals(redact("x abc-short-errors-test-and-longer y"), "x *** y");
});

Deno.test("redact: empty and one-character secrets are not registered", () => {
  registerSecret("");
  registerSecret("q");
  registerSecret(undefined);
  registerSecret(null);
  assertEquals(redact("quick question"), "quick question");
});

Deno.test("ConfitureError redacts its message, detail and hint, and keeps its fields", () => {
  const cause = new Error("inner");
  const e = new ConfitureError("CONNECTION_FAILED", "cannot reach postgres://u:pw123@h/db", {
    detail: "password=pw123 was given",
    hint: "check postgres://u:pw123@h/db",
    location: { file: "db/environments/local.yaml", line: 2, col: 15 },
    sqlstate: "08006",
    position: 4,
    cause,
  });
  assertEquals(e.message, "cannot reach postgres://u:***@h/db");
  assertEquals(e.detail, "password=*** was given");
  assertEquals(e.hint, "check postgres://u:***@h/db");
  assertEquals(e.code, "CONNECTION_FAILED");
  assertEquals(e.name, "ConfitureError");
  assertEquals(e.position, 4);
  assertEquals(e.cause, cause);
  assert(e instanceof Error);
  assert(isConfitureError(e));
  assertEquals(e.toJSON(), {
    code: "CONNECTION_FAILED",
    message: "cannot reach postgres://u:***@h/db",
    detail: "password=*** was given",
    hint: "check postgres://u:***@h/db",
    location: { file: "db/environments/local.yaml", line: 2, col: 15 },
    sqlstate: "08006",
  });
  assert(!JSON.stringify(e).includes("pw123"));
});

Deno.test("ConfitureError without options has no optional fields in JSON", () => {
  const e = new ConfitureError("INTERNAL_ERROR", "boom");
  assertEquals(e.toJSON(), { code: "INTERNAL_ERROR", message: "boom" });
  assertEquals(e.cause, undefined);
});

Deno.test("toConfitureError: returns a ConfitureError as is, finds one in the cause chain, wraps the rest", () => {
  const inner = new ConfitureError("SQL_ERROR", "relation does not exist", { sqlstate: "42P01" });
  assertEquals(toConfitureError(inner), inner);
  const wrapped = new Error("outer", { cause: new Error("middle", { cause: inner }) });
  assertEquals(toConfitureError(wrapped), inner);
  const plain = toConfitureError(new TypeError("x is undefined"));
  assertEquals(plain.code, "INTERNAL_ERROR");
  assertEquals(plain.message, "x is undefined");
  const str = toConfitureError("postgres://a:leak@h/d", "CONNECTION_FAILED");
  assertEquals(str.code, "CONNECTION_FAILED");
  assertEquals(str.message, "postgres://a:***@h/d");
});

Deno.test("every ERROR_CODES entry has a known exit category and a description", () => {
  const categories = Object.keys(EXIT_CODES);
  const entries = Object.entries(ERROR_CODES);
  assert(entries.length > 0);
  for (const [code, info] of entries) {
    assert(/^[A-Z][A-Z0-9_]*$/.test(code), `${code} is not UPPER_SNAKE_CASE`);
    assert(categories.includes(info.exit), `${code} has the unknown category ${info.exit}`);
    assert(info.description.trim().length > 10, `${code} has no description`);
    assertEquals(exitCodeFor(code as ErrorCode), EXIT_CODES[info.exit], code);
  }
});

Deno.test("exit codes are distinct and stable", () => {
  assertEquals(EXIT_CODES, {
    ok: 0,
    internal: 1,
    differences: 2,
    usage: 3,
    config: 4,
    connection: 5,
    sql: 6,
    lock: 7,
    unsafe: 8,
    interrupted: 130,
  });
  assertEquals(new Set(Object.values(EXIT_CODES)).size, Object.keys(EXIT_CODES).length);
});

Deno.test("exitCodeFor maps codes to their category's exit code", () => {
  assertEquals(exitCodeFor("INTERNAL_ERROR"), 1);
  assertEquals(exitCodeFor("USAGE_UNKNOWN_OPTION"), 3);
  assertEquals(exitCodeFor("CONFIG_UNKNOWN_KEY"), 4);
  assertEquals(exitCodeFor("CONFIG_MISSING_VARIABLE"), 4);
  assertEquals(exitCodeFor("CONNECTION_FAILED"), 5);
  assertEquals(exitCodeFor("SQL_ERROR"), 6);
  assertEquals(exitCodeFor("LOCK_TIMEOUT"), 7);
  assertEquals(exitCodeFor("MIGRATION_CHECKSUM_MISMATCH"), 8);
  assertEquals(exitCodeFor("INTERRUPTED"), 130);
  // A code missing from the registry (from an older or newer build) is an internal error.
  assertEquals(exitCodeFor("NO_SUCH_CODE" as ErrorCode), 1);
});

Deno.test("a ConfitureError's message is the first line the CLI prints", () => {
  const e = new ConfitureError("CONFIG_UNKNOWN_KEY", 'unknown key "databse_url"', {
    hint: 'did you mean "database_url"?',
  });
  assertStringIncludes(String(e), 'unknown key "databse_url"');
});

Deno.test("server fields: set through options, carried by a wrapping error, in the JSON", () => {
  const inner = new ConfitureError("SQL_ERROR", 'duplicate key value violates unique constraint "users_email_key"', {
    sqlstate: "23505",
    server: {
      sqlstate: "23505",
      schema: "public",
      table: "users",
      constraint: "users_email_key",
      copyLine: 3,
      dataSafe: true,
    },
  });
  assertEquals(inner.toJSON().server, {
    sqlstate: "23505",
    schema: "public",
    table: "users",
    constraint: "users_email_key",
    copyLine: 3,
    dataSafe: true,
  });
  const outer = new ConfitureError("BUILD_STATEMENT_FAILED", inner.message, { cause: inner });
  assertEquals(outer.server, inner.server);
  assertEquals(outer.toJSON().server, inner.toJSON().server);
  // a wrapper may give its own fields
  const own = new ConfitureError("SQL_ERROR", "x", { cause: inner, server: { sqlstate: "22P02" } });
  assertEquals(own.server, { sqlstate: "22P02" });
  // no server fields: none in the JSON
  assertEquals("server" in new ConfitureError("SQL_ERROR", "y", { sqlstate: "42P01" }).toJSON(), false);
});

Deno.test("server fields: secrets are redacted from names too", () => {
  registerSecret("s3cr3t-name-errors-test");
  const e = new ConfitureError("SQL_ERROR", "x", { server: { sqlstate: "42P01", table: "t_s3cr3t-name-errors-test" } });
  assertEquals(e.server?.table, "t_***");
});

Deno.test("toConfitureError: an AbortError (an aborted signal's reason) is INTERRUPTED", () => {
  const ac = new AbortController();
  ac.abort();
  assert(isAbortError(ac.signal.reason));
  const e = toConfitureError(ac.signal.reason);
  assertEquals(e.code, "INTERRUPTED");
  assertEquals(exitCodeFor(e.code), 130);
  const named = new Error("stopped");
  named.name = "AbortError";
  assertEquals(toConfitureError(named).code, "INTERRUPTED");
  assertEquals(isAbortError(new Error("plain")), false);
  assertEquals(toConfitureError(new Error("plain")).code, "INTERNAL_ERROR");
});
