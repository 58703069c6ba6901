import { copyToBlobDevice } from "../../../src/db/mod.ts";
import { coalesce, concatChunks, slices } from "../../../src/db/_copy.ts";
import { ConfitureError } from "../../../src/errors/mod.ts";
import { assert, assertEquals, assertThrows } from "../../_helpers/assert.ts";

Deno.test("copyToBlobDevice rewrites the top-level STDIN/STDOUT only", () => {
  assertEquals(copyToBlobDevice("COPY t FROM STDIN", "from"), "COPY t FROM '/dev/blob'");
  assertEquals(
    copyToBlobDevice('copy "stdin" (a, "from") from stdin with (format csv)', "from"),
    `copy "stdin" (a, "from") from '/dev/blob' with (format csv)`,
  );
  assertEquals(
    copyToBlobDevice("copy (select 'to stdout', stdout from stdout) to stdout", "to"),
    "copy (select 'to stdout', stdout from stdout) to '/dev/blob'",
  );
  assertEquals(
    copyToBlobDevice("copy /* to stdout */ t -- to stdout\n to stdout", "to"),
    "copy /* to stdout */ t -- to stdout\n to '/dev/blob'",
  );
  assertEquals(
    copyToBlobDevice("copy (select $$ ) to stdout $$) to stdout", "to"),
    "copy (select $$ ) to stdout $$) to '/dev/blob'",
  );
});

Deno.test("copyToBlobDevice: an E'…' string with an escaped quote and the words TO STDOUT inside", () => {
  // the escaped quote does not end the string, so neither its words nor its ")" count
  assertEquals(
    copyToBlobDevice("COPY (SELECT E'it\\'s ) FROM STDIN TO STDOUT' AS s) TO STDOUT", "to"),
    "COPY (SELECT E'it\\'s ) FROM STDIN TO STDOUT' AS s) TO '/dev/blob'",
  );
  assertEquals(
    copyToBlobDevice("copy t (a) from stdin with (format csv, quote e'\\'', escape E'\\\\')", "from"),
    "copy t (a) from '/dev/blob' with (format csv, quote e'\\'', escape E'\\\\')",
  );
  // a quoted identifier and a plain string holding the keywords are not keywords either
  assertEquals(
    copyToBlobDevice(`copy (select 1 as "to stdout", 'x'' to stdout') to stdout`, "to"),
    `copy (select 1 as "to stdout", 'x'' to stdout') to '/dev/blob'`,
  );
});

Deno.test("copyToBlobDevice refuses a statement that is not COPY … FROM STDIN / TO STDOUT", () => {
  const e = assertThrows(() => copyToBlobDevice("copy t from '/etc/passwd'", "from"));
  assert(e instanceof ConfitureError);
  assertEquals(e.code, "COPY_FAILED");
  assertThrows(() => copyToBlobDevice("copy t to stdout", "from"));
});

async function collect(it: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const c of it) out.push(c);
  return out;
}

async function* from(sizes: number[]): AsyncGenerator<Uint8Array> {
  let v = 0;
  for (const s of sizes) yield Uint8Array.from({ length: s }, () => v++ % 251);
}

Deno.test("coalesce regroups small chunks into chunks of at least the target size, keeping every byte", async () => {
  const sizes = Array.from({ length: 100 }, (_, i) => (i * 37) % 50);
  const out = await collect(coalesce(from(sizes), 200));
  const total = sizes.reduce((a, b) => a + b, 0);
  assertEquals(out.reduce((a, c) => a + c.length, 0), total);
  for (const c of out.slice(0, -1)) assert(c.length >= 200 && c.length < 250, `chunk of ${c.length}`);
  const flat = concatChunks(out, total);
  for (let i = 0; i < flat.length; i++) if (flat[i] !== i % 251) throw new Error(`byte ${i} differs`);
});

Deno.test("coalesce passes large chunks through and skips empty ones", async () => {
  const out = await collect(coalesce(from([0, 500, 0, 10]), 200));
  assertEquals(out.map((c) => c.length), [500, 10]);
});

Deno.test("slices cuts a buffer into views of at most the given size", () => {
  assertEquals([...slices(new Uint8Array(10), 4)].map((s) => s.length), [4, 4, 2]);
  assertEquals([...slices(new Uint8Array(0), 4)].length, 0);
});
