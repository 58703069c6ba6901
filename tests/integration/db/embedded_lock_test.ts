/**
 * The embedded engine's data directory across OS processes: processes that open the same folder
 * at once take turns (none fails, none loses another's writes, the folder is created once), and a
 * process that cannot wait long enough fails with EMBEDDED_ENGINE_FAILED naming the holder's pid.
 */
import { join } from "node:path";
import { assert, assertEquals, assertStringIncludes } from "../../_helpers/assert.ts";

const DB_MOD = new URL("../../../src/db/mod.ts", import.meta.url).href;

/** A child process running `body` with `connect` imported and `url` (the data directory's URL) defined. */
function child(url: string, body: string): Deno.ChildProcess {
  const code = `import { connect } from ${JSON.stringify(DB_MOD)};\nconst url = ${JSON.stringify(url)};\n${body}`;
  return new Deno.Command(Deno.execPath(), {
    args: ["eval", "--ext=ts", code],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

Deno.test("embedded data directory: processes opening it at once take turns", async () => {
  const root = await Deno.makeTempDir({ prefix: "confiture_embedded_lock_" });
  try {
    const url = `embedded:${join(root, "embedded/local")}`;
    // Each process adds one row to a counter table (made by whichever comes first): read, then write.
    const procs = [1, 2, 3].map((i) =>
      child(
        url,
        `const db = await connect({ url, source: "flag", onWait: (m) => console.error(m) });
await db.exec("create table if not exists hits (n int)");
const [r] = await db.query("select count(*)::int as n from hits");
await db.exec("insert into hits values (" + (r.n + 1) + ")");
await db.exec("create table t_${i} (id int)");
await db.close();
console.log("done ${i}");`,
      )
    );
    const outs = await Promise.all(procs.map(async (p) => {
      await p.stdin.close();
      return await p.output();
    }));
    const dec = new TextDecoder();
    for (const [i, o] of outs.entries()) {
      assertEquals(o.code, 0, dec.decode(o.stderr));
      assertEquals(dec.decode(o.stdout).trim(), `done ${i + 1}`, "nothing else on stdout");
    }
    const check = child(
      url,
      `const db = await connect({ url, source: "flag" });
console.log(JSON.stringify(await db.query("select (select array_agg(n order by n) from hits) as hits, " +
  "(select array_agg(relname::text order by relname) from pg_class where relname like 't\\\\_%') as tables")));
await db.close();`,
    );
    await check.stdin.close();
    const o = await check.output();
    assertEquals(o.code, 0, dec.decode(o.stderr));
    assertEquals(JSON.parse(dec.decode(o.stdout)), [{ hits: [1, 2, 3], tables: ["t_1", "t_2", "t_3"] }]);
    const left: string[] = [];
    for await (const e of Deno.readDir(join(root, "embedded"))) left.push(e.name);
    assertEquals(left.sort(), ["local", "local.lock"], "no temporary folder is left");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("embedded data directory: a process that cannot wait names the pid that holds it", async () => {
  const root = await Deno.makeTempDir({ prefix: "confiture_embedded_lock_" });
  try {
    const url = `embedded:${join(root, "local")}`;
    // The holder opens the folder, says so, and keeps it until its stdin closes.
    const holder = child(
      url,
      `const db = await connect({ url, source: "flag" });
console.log("open");
for await (const _ of Deno.stdin.readable) { /* until closed */ }
await db.close();`,
    );
    const reader = holder.stdout.pipeThrough(new TextDecoderStream()).getReader();
    const first = await reader.read();
    assertEquals(first.value?.trim(), "open");
    const waiter = child(
      url,
      `try {
  await connect({ url, source: "flag", embeddedWaitMs: 300, onWait: (m) => console.error(m) });
  console.log("opened");
} catch (e) {
  console.log(JSON.stringify({ code: e.code, message: e.message }));
}`,
    );
    await waiter.stdin.close();
    const w = await waiter.output();
    const dec = new TextDecoder();
    const got = JSON.parse(dec.decode(w.stdout));
    assertEquals(got.code, "EMBEDDED_ENGINE_FAILED");
    assertStringIncludes(got.message, `is in use by pid ${holder.pid}`);
    assertStringIncludes(dec.decode(w.stderr), `waiting for pid ${holder.pid} to release`);
    await holder.stdin.close();
    await reader.cancel();
    const h = await holder.status;
    assert(h.success, "the holder closes cleanly");
    await holder.stderr.cancel();
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
