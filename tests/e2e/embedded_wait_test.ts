/**
 * `lock_timeout` of the environment file also bounds how long a command waits for another
 * process that has the same embedded data folder open.
 */
import { join } from "node:path";
import { assertEquals, assertStringIncludes } from "../_helpers/assert.ts";
import { runCli, tempProject } from "../_helpers/cli.ts";

Deno.test("embedded: a command waits lock_timeout for the process holding the folder, then names it", async () => {
  const root = await tempProject();
  const dataDir = join(root, ".confiture/embedded/local");
  try {
    await Deno.writeTextFile(
      join(root, "db/environments/local.yaml"),
      `database_url: embedded:${dataDir}\nlock_timeout: 1s\ninclude_dirs:\n  - db/schema\n`,
    );
    await Deno.mkdir(join(root, ".confiture/embedded"), { recursive: true });
    // This test process holds the folder's lock, as an engine of another command would.
    const lock = await Deno.open(`${dataDir}.lock`, { read: true, write: true, create: true });
    try {
      await lock.lock(true);
      await lock.write(new TextEncoder().encode(`${Deno.pid}\n`));
      const r = await runCli(["migrate", "status", "--json"], { cwd: root });
      assertEquals(r.code, 5, r.stdout + r.stderr);
      const doc = JSON.parse(r.stdout);
      assertEquals(doc.error.code, "EMBEDDED_ENGINE_FAILED");
      assertStringIncludes(doc.error.message, `is in use by pid ${Deno.pid}`);
      // gave up after the configured second, not after the 60 s default
      assertStringIncludes(doc.error.detail, "waited 1 s");
    } finally {
      lock.close();
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
