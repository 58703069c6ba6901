import { assert, assertEquals } from "../../_helpers/assert.ts";

interface InfoDependency {
  code?: { specifier: string };
  isDynamic?: boolean;
}
interface InfoModule {
  specifier: string;
  dependencies?: InfoDependency[];
}

/** Specifiers reachable from `entry` through static (non-dynamic, non-type-only) imports. */
async function staticGraph(entry: string): Promise<Set<string>> {
  const out = await new Deno.Command(Deno.execPath(), { args: ["info", "--json", entry], stderr: "inherit" }).output();
  assert(out.success, "deno info failed");
  const info = JSON.parse(new TextDecoder().decode(out.stdout)) as { roots: string[]; modules: InfoModule[] };
  const bySpec = new Map(info.modules.map((m) => [m.specifier, m]));
  const seen = new Set<string>();
  const todo = [...info.roots];
  while (todo.length) {
    const s = todo.pop()!;
    if (seen.has(s)) continue;
    seen.add(s);
    for (const d of bySpec.get(s)?.dependencies ?? []) {
      if (d.code && !d.isDynamic) todo.push(d.code.specifier);
    }
  }
  return seen;
}

Deno.test("importing src/db/mod.ts loads no driver: postgres.js, PGlite and libpg-query load on demand", async () => {
  const graph = await staticGraph(new URL("../../../src/db/mod.ts", import.meta.url).pathname);
  const heavy = [...graph].filter((s) => /postgres@|pglite|libpg-query/.test(s));
  assertEquals(heavy, []);
  assert([...graph].some((s) => s.endsWith("src/db/_connect.ts")), "the graph was read");
  // The detector sees a static driver import where there is one.
  const server = await staticGraph(new URL("../../../src/db/_server.ts", import.meta.url).pathname);
  assert([...server].some((s) => s.includes("postgres@")), "postgres.js is in _server.ts's static graph");
});
