import { assert, assertEquals, assertStringIncludes } from "../../_helpers/assert.ts";
import { captureIo } from "../../_helpers/cli.ts";
import { run } from "../../../src/cli/mod.ts";
import { formatError, makeStyle } from "../../../src/cli/output.ts";
import { ConfitureError } from "../../../src/errors/mod.ts";

Deno.test("no arguments prints the help on stderr with the usage exit code", async () => {
  const io = captureIo();
  assertEquals(await run([], { io, vars: {}, cwd: "/" }), 3);
  assertStringIncludes(io.err, "Usage: confiture <command>");
  assertEquals(io.out, "");
});

Deno.test("--json makes stdout exactly one JSON document, also for errors", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const io = captureIo();
    assertEquals(await run(["init", "--json"], { io, vars: {}, cwd: dir }), 0);
    const doc = JSON.parse(io.out);
    assertEquals(doc.ok, true);
    assertEquals(doc.command, "init");
    assertEquals(doc.changed, true);
    const io2 = captureIo();
    assertEquals(await run(["nope", "--json"], { io: io2, vars: {}, cwd: dir }), 3);
    assertEquals(JSON.parse(io2.out).error.code, "USAGE_UNKNOWN_COMMAND");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("--quiet suppresses informational lines", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const io = captureIo();
    assertEquals(await run(["init", "--quiet"], { io, vars: {}, cwd: dir }), 0);
    assertEquals(io.out, "");
    assertEquals(io.err, "");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("NO_COLOR turns colours off even on a terminal", async () => {
  const io = captureIo(true);
  await run(["nope"], { io, vars: { NO_COLOR: "1" }, cwd: "/" });
  assert(!io.err.includes("\x1b["), io.err);
  const coloured = captureIo(true);
  await run(["nope"], { io: coloured, vars: {}, cwd: "/" });
  assert(coloured.err.includes("\x1b["));
});

Deno.test("errors print file:line:col, detail and hint, and never a password", () => {
  const e = new ConfitureError("SQL_ERROR", "cannot reach postgres://app:hunter22@db/x", {
    location: { file: "db/schema/10_tables/users.sql", line: 14, col: 5 },
    detail: "password=hunter22 was refused",
    hint: "check the URL",
    sqlstate: "42P07",
  });
  const text = formatError(e, makeStyle(false), true);
  assertStringIncludes(
    text,
    "db/schema/10_tables/users.sql:14:5: error[SQL_ERROR] cannot reach postgres://app:***@db/x",
  );
  assertStringIncludes(text, "  sqlstate: 42P07");
  assertStringIncludes(text, "  detail: password=*** was refused");
  assertStringIncludes(text, "  hint: check the URL");
  assert(!text.includes("hunter22"));
});

Deno.test("an unknown subcommand of a group suggests the closest", async () => {
  const io = captureIo();
  assertEquals(await run(["migrate", "stauts"], { io, vars: {}, cwd: "/" }), 3);
  assertStringIncludes(io.err, 'did you mean "confiture migrate status"');
});

Deno.test("--json without a command or subcommand is still one JSON document on stdout", async () => {
  for (const args of [["--json"], ["migrate", "--json"]]) {
    const io = captureIo();
    assertEquals(await run(args, { io, vars: {}, cwd: "/" }), 3);
    const doc = JSON.parse(io.out);
    assertEquals([doc.ok, doc.error.code], [false, "USAGE_INVALID_ARGUMENT"]);
    assertEquals(io.err, "");
  }
  const help = captureIo();
  assertEquals(await run(["migrate", "--help", "--json"], { io: help, vars: {}, cwd: "/" }), 0);
  assertStringIncludes(help.out, "Usage: confiture migrate <subcommand>");
});
