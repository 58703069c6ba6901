/**
 * The schema oracle and harness helpers: normalisation, dump differences,
 * rename hints. (That the oracle tells every case's from.sql and to.sql apart
 * is checked per case by the convergence harness.)
 */
import { assert, assertEquals, assertStringIncludes } from "../../_helpers/assert.ts";
import { dumpDiff, normalizeDump } from "../../_helpers/schema_oracle.ts";
import { isEmptySql, renameHints } from "./_harness.ts";

const header = (name: string, type: string) => `--\n-- Name: ${name}; Type: ${type}; Schema: public; Owner: -\n--\n\n`;

Deno.test("normalizeDump: entry order, SET lines and table column order do not matter", () => {
  const a = "SET lock_timeout = 0;\n\\restrict abc\n\n" + header("t", "TABLE") +
    "CREATE TABLE public.t (\n    a integer,\n    b text\n);\n\n\n" + header("f()", "FUNCTION") +
    "CREATE FUNCTION public.f() RETURNS integer\n    AS $$select 1;$$;\n\n--\n-- PostgreSQL database dump complete\n--\n";
  const b = header("f()", "FUNCTION") + "CREATE FUNCTION public.f() RETURNS integer\n    AS $$select 1;$$;\n\n" +
    "SET default_table_access_method = heap;\n" + header("t", "TABLE") +
    "CREATE TABLE public.t (\n    b text,\n    a integer\n);\n\\unrestrict abc\n";
  assertEquals(normalizeDump(a), normalizeDump(b));
});

Deno.test("normalizeDump: content differences remain, composite attribute order is kept", () => {
  const t = (cols: string) => header("t", "TABLE") + `CREATE TABLE public.t (\n${cols}\n);\n`;
  assert(normalizeDump(t("    a integer,\n    b text")) !== normalizeDump(t("    a bigint,\n    b text")));
  const ty = (attrs: string) => header("p", "TYPE") + `CREATE TYPE public.p AS (\n${attrs}\n);\n`;
  assert(normalizeDump(ty("    x integer,\n    y integer")) !== normalizeDump(ty("    y integer,\n    x integer")));
});

Deno.test("normalizeDump: the order of GRANT lines in a privileges entry does not matter", () => {
  const acl = (lines: string[]) => header("TABLE t", "ACL") + lines.join("\n") + "\n";
  const g1 = "GRANT ALL ON TABLE public.t TO a;";
  const g2 = "GRANT SELECT ON TABLE public.t TO b WITH GRANT OPTION;";
  assertEquals(normalizeDump(acl([g1, g2])), normalizeDump(acl([g2, g1])));
  assert(normalizeDump(acl([g1, g2])) !== normalizeDump(acl([g1])));
});

Deno.test("dumpDiff: marks lines only in one side", () => {
  const d = dumpDiff("a\nb\nc\n", "a\nB\nc\n", ["left", "right"]);
  assertStringIncludes(d, "- b");
  assertStringIncludes(d, "+ B");
  assertEquals(dumpDiff("x\n", "x\n"), "");
});

Deno.test("renameHints: tables and columns, quoted names", () => {
  const hints = renameHints(`CREATE TABLE app."Clients" ( -- confiture:renamed-from "Customer"
    id integer,
    "FullName" text, -- confiture:renamed-from name
    plain text
);
CREATE TABLE users (
    email text -- confiture:renamed-from mail
);`);
  assertEquals(hints, [
    { kind: "table", from: "table:app.Customer", to: "table:app.Clients" },
    { kind: "column", from: "column:app.Customer.name", to: "column:app.Clients.FullName" },
    { kind: "column", from: "column:public.users.mail", to: "column:public.users.email" },
  ]);
});

Deno.test("isEmptySql: comments and blank lines only", () => {
  assert(isEmptySql(""));
  assert(isEmptySql("-- nothing to do\n\n"));
  assert(!isEmptySql("-- hazard\nDROP TABLE t;\n"));
});
