import { basename, join } from "node:path";
import { assert, assertEquals } from "../../_helpers/assert.ts";
import { listBenchmarks, splitArgs } from "../../../scripts/bench/mod.ts";

Deno.test("bench: --only is read by the runner, every other argument is passed on", () => {
  assertEquals(splitArgs(["--quick", "--only", "build,migrate", "--rounds", "3"]), {
    only: ["build", "migrate"],
    passed: ["--quick", "--rounds", "3"],
  });
  assertEquals(splitArgs(["--only=diff"]), { only: ["diff"], passed: [] });
  assertEquals(splitArgs(["--quick"]), { only: undefined, passed: ["--quick"] });
});

Deno.test("bench: every benchmark file, in name order, without the runner and private helpers", async () => {
  const dir = await Deno.makeTempDir({ prefix: "confiture-bench-list-" });
  try {
    for (const f of ["mod.ts", "_helper.ts", "migrate.ts", "build.ts", "notes.md", "x_test.ts"]) {
      await Deno.writeTextFile(join(dir, f), "");
    }
    await Deno.mkdir(join(dir, "data.ts"));
    assertEquals((await listBenchmarks(dir)).map((f) => basename(f)), ["build.ts", "migrate.ts"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  const real = (await listBenchmarks()).map((f) => basename(f));
  assert(real.includes("build.ts") && !real.includes("mod.ts"), real.join(", "));
});
