import { CliOutput, streamWriter } from "../../../src/cli/output.ts";
import { captureIo } from "../../_helpers/cli.ts";
import { assertEquals, assertStringIncludes } from "../../_helpers/assert.ts";

Deno.test("--quiet leaves errors and warnings: no info, notes or progress; asked-for output stays", () => {
  const io = captureIo();
  const out = new CliOutput(io, { json: false, quiet: true, verbose: false, color: false });
  out.info("2 migration(s) applied.");
  out.notice("note: using the embedded PostgreSQL");
  out.progress({ phase: "applying", done: 1, total: 2 });
  out.warn("db/migrations/x.up.sql was changed after it was applied");
  out.write("create table t ();\n");
  assertEquals(io.out, "create table t ();\n");
  assertEquals(io.err, "warning: db/migrations/x.up.sql was changed after it was applied\n");
  assertEquals(out.warnings.length, 1);
});

Deno.test("without --quiet, notes and info are shown", () => {
  const io = captureIo();
  const out = new CliOutput(io, { json: false, quiet: false, verbose: false, color: false });
  out.info("done");
  out.notice("note: using the embedded PostgreSQL");
  assertEquals(io.out, "done\n");
  assertStringIncludes(io.err, "note: using the embedded PostgreSQL");
});

Deno.test("streamWriter: writes every byte; once the reader is gone, drops the rest without failing", () => {
  const got: string[] = [];
  let open = true;
  const write = streamWriter({
    writeSync(p: Uint8Array) {
      if (!open) throw new Deno.errors.BrokenPipe("Broken pipe (os error 32)");
      const n = Math.min(3, p.length);
      got.push(new TextDecoder().decode(p.subarray(0, n)));
      return n;
    },
  });
  write("abcdefg");
  assertEquals(got.join(""), "abcdefg");
  open = false;
  write("more");
  write("and more");
  assertEquals(got.join(""), "abcdefg");
});

Deno.test("progress board without a terminal: a block every 5 s from the start, none in a shorter run", () => {
  const io = captureIo();
  let t = 1_000_000;
  const out = new CliOutput(io, { json: false, quiet: false, verbose: false, color: false }, () => t);
  out.board(["total: 0/3 tables"]);
  t += 4_000;
  out.board(["total: 1/3 tables"]);
  assertEquals(io.err, "", "nothing in the first 5 s");
  t += 1_500;
  out.board(["  public.orders  10 rows", "total: 2/3 tables"]);
  t += 1_000;
  out.board(["total: 2/3 tables"]);
  assertEquals(io.err, "  public.orders  10 rows\ntotal: 2/3 tables\n");
  t += 5_000;
  out.board(["total: 3/3 tables"]);
  assertEquals(io.err.endsWith("total: 3/3 tables\n"), true);
});
