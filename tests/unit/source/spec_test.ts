/** Reading a diff side as written on a command line, before anything is opened. */
import { assertEquals, assertThrows } from "../../_helpers/assert.ts";
import type { ConfitureError } from "../../../src/errors/mod.ts";
import { parseSourceSpec } from "../../../src/source/mod.ts";

Deno.test("parseSourceSpec: keywords, URLs and existing paths", () => {
  assertEquals(parseSourceSpec("schema", "/"), { kind: "keyword", keyword: "schema" });
  assertEquals(parseSourceSpec("migrations", "/"), { kind: "keyword", keyword: "migrations" });
  assertEquals(parseSourceSpec("postgres://u@h/db", "/"), { kind: "url", url: "postgres://u@h/db" });
  assertEquals(parseSourceSpec("embedded:memory", "/"), { kind: "url", url: "embedded:memory" });
  const here = new URL(".", import.meta.url).pathname.replace(/\/$/, "");
  assertEquals(parseSourceSpec("spec_test.ts", here), {
    kind: "path",
    path: `${here}/spec_test.ts`,
    display: "spec_test.ts",
  });
});

Deno.test("parseSourceSpec: a mistyped keyword is a usage error with the keyword suggested", () => {
  const e = assertThrows(() => parseSourceSpec("databse", "/tmp", "--from")) as ConfitureError;
  assertEquals(e.code, "USAGE_INVALID_ARGUMENT");
  assertEquals(e.message, 'unknown --from "databse"');
  assertEquals(e.hint, 'did you mean "database"?');
  const m = assertThrows(() => parseSourceSpec("migratons", "/tmp")) as ConfitureError;
  assertEquals(m.hint, 'did you mean "migrations"?');
});

Deno.test("parseSourceSpec: a missing file is FILE_NOT_FOUND named as given", () => {
  const e = assertThrows(() => parseSourceSpec("nope/new.sql", "/tmp")) as ConfitureError;
  assertEquals(e.code, "FILE_NOT_FOUND");
  assertEquals(e.message, "nope/new.sql does not exist");
});
