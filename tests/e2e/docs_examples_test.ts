/**
 * The documentation's examples are tests: every fenced shell block of README.md and docs/*.md that
 * runs `confiture` is executed, in document order, in one shell session per file (its folder and
 * exported variables carry from one block to the next), and each command's exit code is checked
 * against the one the text gives (`# exit 2`, default 0). Blocks marked
 * `*(not run by the tests: …)*` are skipped; `<!-- file: PATH -->` blocks are written where they
 * appear. Conventions: tests/_helpers/doc_examples.ts.
 *
 * docs/getting-started.md starts in an empty folder; every other file in a copy of the example
 * project (db/). The environments point at throwaway databases of the test server: local through
 * DATABASE_URL (and, in getting-started.md, a database_url line added to the local.yaml that init
 * writes), production, staging and test through their *_DATABASE_URL variables; production
 * holds the example schema and the test seeds, staging the schema without rows. With
 * CONFITURE_DOCS_EMBEDDED=1, getting-started.md runs on the embedded engine instead, as a reader
 * without a server would (slower).
 */
import { join } from "node:path";
import { assert, assertEquals } from "../_helpers/assert.ts";
import { MAIN, REPO_ROOT, runCli, tempProject } from "../_helpers/cli.ts";
import { connectAdmin, createTestDatabase, type TestDatabase } from "../_helpers/db.ts";
import { type DocStep, docSteps } from "../_helpers/doc_examples.ts";

const DOCS = [
  "README.md",
  ...[...Deno.readDirSync(join(REPO_ROOT, "docs"))].map((e) => `docs/${e.name}`)
    .filter((n) => n.endsWith(".md")).sort(),
];
const EMBEDDED_GUIDE = Deno.env.get("CONFITURE_DOCS_EMBEDDED") === "1";

/** A shell session over a document: its folder, exported variables and a `confiture` on PATH. */
class Session {
  private constructor(readonly state: string, readonly env: Record<string, string>) {}

  static async start(cwd: string, vars: Record<string, string>): Promise<Session> {
    const state = await Deno.makeTempDir({ prefix: "confiture-docs-session-" });
    await Deno.mkdir(join(state, "bin"));
    const bin = join(state, "bin", "confiture");
    await Deno.writeTextFile(bin, `#!/bin/sh\nexec "${Deno.execPath()}" run -A --quiet "${MAIN}" "$@"\n`);
    await Deno.chmod(bin, 0o755);
    await Deno.writeTextFile(join(state, "cwd"), cwd);
    await Deno.writeTextFile(join(state, "env"), "");
    const env: Record<string, string> = { NO_COLOR: "1", ...vars };
    for (const k of ["HOME", "DENO_DIR", "XDG_CACHE_HOME", "TMPDIR", "LANG"]) {
      const v = Deno.env.get(k);
      if (v !== undefined) env[k] = v;
    }
    env.PATH = `${join(state, "bin")}:${Deno.env.get("PATH") ?? "/usr/bin:/bin"}`;
    return new Session(state, env);
  }

  async cwd(): Promise<string> {
    return (await Deno.readTextFile(join(this.state, "cwd"))).trim();
  }

  /** Runs a block's commands in one bash; returns each command's exit code and the block's output. */
  async run(commands: string[]): Promise<{ codes: number[]; output: string }> {
    const rc = join(this.state, "rc");
    await Deno.writeTextFile(rc, "");
    const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const script = [
      `cd "$(cat ${q(join(this.state, "cwd"))})"`,
      `. ${q(join(this.state, "env"))}`,
      ...commands.flatMap((c, i) => [`echo "$ ${i + 1}> "${q(c)} >&2`, c, `echo $? >> ${q(rc)}`]),
      `pwd > ${q(join(this.state, "cwd"))}`,
      `export -p | grep -v -e ' PATH=' -e ' OLDPWD' -e ' PWD=' -e ' SHLVL=' > ${q(join(this.state, "env"))}`,
    ].join("\n");
    const out = await new Deno.Command("bash", {
      args: ["-c", script],
      env: this.env,
      clearEnv: true,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const dec = new TextDecoder();
    const codes = (await Deno.readTextFile(rc)).split("\n").filter((l) => l !== "").map(Number);
    return { codes, output: dec.decode(out.stdout) + dec.decode(out.stderr) };
  }

  async close(): Promise<void> {
    await Deno.remove(this.state, { recursive: true });
  }
}

/** Throwaway databases for one document: created empty, dropped with what a cutover renamed. */
async function databases(names: string[]): Promise<{ urls: Record<string, string>; drop(): Promise<void> }> {
  const made: TestDatabase[] = [];
  const urls: Record<string, string> = {};
  for (const n of names) {
    const t = await createTestDatabase(`docs_${n}`);
    made.push(t);
    urls[n] = t.url;
  }
  return {
    urls,
    async drop() {
      for (const t of made) await t.drop();
      const admin = await connectAdmin();
      try {
        for (const t of made) await admin.exec(`DROP DATABASE IF EXISTS "${t.name}_s2s_old" WITH (FORCE)`);
      } finally {
        await admin.close();
      }
    },
  };
}

async function runDoc(
  doc: string,
  steps: DocStep[],
  cwd: string,
  vars: Record<string, string>,
  afterStep?: (cwd: string) => Promise<void>,
): Promise<number> {
  const session = await Session.start(cwd, vars);
  let ran = 0;
  try {
    for (const step of steps) {
      if (step.kind === "file") {
        const path = join(await session.cwd(), step.path);
        await Deno.mkdir(join(path, ".."), { recursive: true });
        await Deno.writeTextFile(path, step.content);
        await afterStep?.(await session.cwd());
        continue;
      }
      if (step.skip !== undefined) continue;
      const { codes, output } = await session.run(step.commands.map((c) => c.text));
      assertEquals(codes.length, step.commands.length, `${doc}:${step.line}: the block stopped early\n${output}`);
      step.commands.forEach((c, i) => {
        assertEquals(
          codes[i],
          c.exit,
          `${doc}:${c.line}: \`${c.text}\` exited ${codes[i]}, the text says ${c.exit}\n${output}`,
        );
      });
      ran += step.commands.length;
      await afterStep?.(await session.cwd());
    }
  } finally {
    await session.close();
  }
  return ran;
}

Deno.test("every example that cannot run says why, visibly", async () => {
  let examples = 0;
  for (const doc of DOCS) {
    for (const s of docSteps(await Deno.readTextFile(join(REPO_ROOT, doc)))) {
      if (s.kind !== "shell") continue;
      examples++;
      if (s.skip !== undefined) assert(s.skip.trim().length > 10, `${doc}:${s.line}: the reason is too short`);
    }
  }
  assert(examples >= 10, `${examples} examples`);
});

Deno.test("docs/getting-started.md runs from an empty folder to the end", async () => {
  const steps = docSteps(await Deno.readTextFile(join(REPO_ROOT, "docs/getting-started.md")));
  const dir = await Deno.makeTempDir({ prefix: "confiture-docs-start-" });
  const dbs = EMBEDDED_GUIDE ? { urls: {}, drop: async () => {} } : await databases(["local", "staging", "v2"]);
  try {
    const u = dbs.urls as Record<string, string>;
    const vars: Record<string, string> = EMBEDDED_GUIDE
      ? {}
      : { STAGING_DATABASE_URL: u.staging, V2_DATABASE_URL: u.v2 };
    // On the server, the environment "local" that init writes (no database_url: the embedded
    // engine) is pointed at a throwaway database as soon as it exists.
    const pointLocal = async (cwd: string) => {
      const file = join(cwd, "db/environments/local.yaml");
      const text = await Deno.readTextFile(file).catch(() => undefined);
      if (text !== undefined && !/^database_url:/m.test(text)) {
        await Deno.writeTextFile(file, text + `\ndatabase_url: ${u.local}\n`);
      }
    };
    const ran = await runDoc("docs/getting-started.md", steps, dir, vars, EMBEDDED_GUIDE ? undefined : pointLocal);
    assert(ran >= 12, `${ran} commands`);
  } finally {
    await dbs.drop();
    await Deno.remove(dir, { recursive: true });
  }
});

for (const doc of DOCS.filter((d) => d !== "docs/getting-started.md")) {
  const steps = docSteps(await Deno.readTextFile(join(REPO_ROOT, doc)));
  if (!steps.some((s) => s.kind === "shell" && s.skip === undefined)) continue;
  Deno.test(`the examples of ${doc} run on a copy of the example project`, async () => {
    const project = await tempProject();
    const dbs = await databases(["local", "production", "staging", "test", "next"]);
    try {
      const vars = {
        DATABASE_URL: dbs.urls.local,
        PRODUCTION_DATABASE_URL: dbs.urls.production,
        STAGING_DATABASE_URL: dbs.urls.staging,
        TEST_DATABASE_URL: dbs.urls.test,
        NEXT_DATABASE_URL: dbs.urls.next,
        CONFITURE_ANONYMIZE_KEY: "docs-examples-test-key-0123456789",
      };
      // sync and schema-to-schema read an environment's own database_url (or its embedded folder)
      const local = join(project, "db/environments/local.yaml");
      await Deno.writeTextFile(local, (await Deno.readTextFile(local)) + `database_url: ${dbs.urls.local}\n`);
      for (
        const args of [
          ["build", "--apply", "--with-seeds", "--env", "test", "--database-url", dbs.urls.production],
          ["build", "--apply", "--database-url", dbs.urls.staging],
        ]
      ) {
        const r = await runCli(args, { cwd: project, env: vars });
        assertEquals(r.code, 0, r.stderr);
      }
      await runDoc(doc, steps, project, vars);
    } finally {
      await dbs.drop();
      await Deno.remove(project, { recursive: true });
    }
  });
}
