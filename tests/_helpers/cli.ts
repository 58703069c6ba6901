/** Runs the CLI as a user would: `deno run -A main.ts …` in a subprocess. */
import { join } from "node:path";
import type { Io } from "../../src/cli/mod.ts";

/** The repository root. */
export const REPO_ROOT = new URL("../..", import.meta.url).pathname;
/** Path of main.ts. */
export const MAIN = join(REPO_ROOT, "main.ts");

/** What a CLI run produced. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `confiture <args>` with `deno run <permissions> main.ts` (default `-A`).
 * `env` is added to a clean environment that keeps PATH, HOME and DENO_DIR, so
 * a developer's DATABASE_URL does not leak into tests.
 */
export async function runCli(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; permissions?: string[]; stdin?: string } = {},
): Promise<CliResult> {
  const keep: Record<string, string> = {};
  for (const k of ["PATH", "HOME", "DENO_DIR", "XDG_CACHE_HOME", "TMPDIR", "LANG"]) {
    const v = Deno.env.get(k);
    if (v !== undefined) keep[k] = v;
  }
  const cmd = new Deno.Command(Deno.execPath(), {
    args: ["run", ...(opts.permissions ?? ["-A"]), "--quiet", MAIN, ...args],
    cwd: opts.cwd ?? REPO_ROOT,
    env: { ...keep, NO_COLOR: "1", ...opts.env },
    clearEnv: true,
    stdin: opts.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  });
  const child = cmd.spawn();
  if (opts.stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(opts.stdin));
    await w.close();
  }
  const out = await child.output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** Copies the example project (db/) into a new temporary folder and returns it. */
export async function tempProject(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "confiture-e2e-" });
  await copyDir(join(REPO_ROOT, "db"), join(dir, "db"));
  return dir;
}

async function copyDir(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const e of Deno.readDir(from)) {
    if (e.isDirectory) await copyDir(join(from, e.name), join(to, e.name));
    else if (e.isFile) await Deno.copyFile(join(from, e.name), join(to, e.name));
  }
}

/** An in-memory {@link Io} for the CLI: what it wrote to stdout and stderr, as text. */
export function captureIo(tty = false): Io & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    stdout(t: string) {
      io.out += t;
    },
    stderr(t: string) {
      io.err += t;
    },
    stderrIsTty: tty,
    stdoutIsTty: tty,
  };
  return io;
}
