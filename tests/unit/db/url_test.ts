import { databaseOfUrl, displayUrl, parseServerUrl, SSL_MODES, sslOptionFor } from "../../../src/db/mod.ts";
import { ConfitureError, redact } from "../../../src/errors/mod.ts";
import { assert, assertEquals, assertThrows } from "../../_helpers/assert.ts";

Deno.test("sslmode maps to the postgres.js ssl option", () => {
  assertEquals(sslOptionFor("disable"), false);
  assertEquals(sslOptionFor("allow"), "prefer");
  assertEquals(sslOptionFor("prefer"), "prefer");
  assertEquals(sslOptionFor(undefined), "prefer", "libpq's default is prefer");
  assertEquals(sslOptionFor("require"), "require");
  assertEquals(sslOptionFor("REQUIRE"), "require");
  assertEquals(sslOptionFor("verify-full"), { rejectUnauthorized: true });
  assertEquals(sslOptionFor("verify-full", "PEM"), { rejectUnauthorized: true, ca: "PEM" });
  const ca = sslOptionFor("verify-ca", "PEM");
  assert(typeof ca === "object" && ca !== null);
  assertEquals(ca.rejectUnauthorized, true);
  assertEquals(ca.ca, "PEM");
  assertEquals(ca.checkServerIdentity?.(), undefined, "verify-ca skips the host name check");
  assertEquals(SSL_MODES.length, 6);
});

Deno.test("an unknown sslmode is a CONNECTION_INVALID_URL error", () => {
  const e = assertThrows(() => sslOptionFor("maybe"));
  assert(e instanceof ConfitureError);
  assertEquals(e.code, "CONNECTION_INVALID_URL");
});

Deno.test("parseServerUrl registers the password; displayUrl hides it", () => {
  const u = parseServerUrl("postgres://app:p%40ss-W0rd-unit@db.example:6543/app_db?sslmode=require");
  assertEquals(displayUrl(u), "postgres://app:***@db.example:6543/app_db?sslmode=require");
  assertEquals(redact("login with p@ss-W0rd-unit failed"), "login with *** failed");
  assertEquals(databaseOfUrl(u), "app_db");
  const q = parseServerUrl("postgresql://app@db/x?password=qp-Secret-unit");
  assert(!displayUrl(q).includes("qp-Secret-unit"));
});

Deno.test("parseServerUrl rejects other schemes and unparsable text without echoing secrets", () => {
  const e1 = assertThrows(() => parseServerUrl("mysql://root:pw@db/x"));
  assert(e1 instanceof ConfitureError);
  assertEquals(e1.code, "CONNECTION_INVALID_URL");
  const e2 = assertThrows(() => parseServerUrl("postgres://u:Unparsable-Secret@[bad/x"));
  assert(e2 instanceof ConfitureError);
  assert(!e2.message.includes("Unparsable-Secret"), e2.message);
});
