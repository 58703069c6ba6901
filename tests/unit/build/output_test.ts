import { join } from "node:path";
import { writeOutput } from "../../../src/build/mod.ts";
import { assert, assertEquals, assertThrows } from "../../_helpers/assert.ts";

const enc = new TextEncoder();

async function withDir(fn: (dir: string) => void | Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "confiture-output-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("writeOutput: creates the folder, replaces a file keeping its mode, leaves no temporary file", () =>
  withDir((dir) => {
    const p = join(dir, "db/generated/schema_local.sql");
    writeOutput(p, enc.encode("one\n"));
    assertEquals(Deno.readTextFileSync(p), "one\n");
    if (Deno.build.os !== "windows") Deno.chmodSync(p, 0o640);
    writeOutput(p, enc.encode("two\n"));
    assertEquals(Deno.readTextFileSync(p), "two\n");
    if (Deno.build.os !== "windows") assertEquals(Deno.statSync(p).mode! & 0o777, 0o640);
    assertEquals([...Deno.readDirSync(join(dir, "db/generated"))].map((e) => e.name), ["schema_local.sql"]);
  }));

Deno.test("writeOutput: a failed write leaves the previous build whole", () =>
  withDir((dir) => {
    const p = join(dir, "schema.sql");
    Deno.writeTextFileSync(p, "previous build\n");
    // the temporary file cannot be created: a folder holds its name
    Deno.mkdirSync(`${p}.${Deno.pid}.tmp/blocker`, { recursive: true });
    assertThrows(() => writeOutput(p, enc.encode("new build\n")));
    assertEquals(Deno.readTextFileSync(p), "previous build\n");
  }));

Deno.test("writeOutput: a symbolic link is written through, not replaced", () =>
  withDir((dir) => {
    if (Deno.build.os === "windows") return;
    const target = join(dir, "real.sql");
    const link = join(dir, "link.sql");
    Deno.writeTextFileSync(target, "old\n");
    Deno.symlinkSync(target, link);
    writeOutput(link, enc.encode("new\n"));
    assert(Deno.lstatSync(link).isSymlink);
    assertEquals(Deno.readTextFileSync(target), "new\n");
  }));
