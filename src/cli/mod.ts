/**
 * The command-line interface: `run(args)` parses the command line, runs the
 * command, renders its result (human or `--json`) and returns the exit code.
 * @module
 */
import {
  closest,
  findProjectRoot,
  loadConfig,
  parseDuration,
  paths,
  type ProjectConfig,
  resolveConnection,
} from "../config/mod.ts";
import type { ConnectionInfo, Database } from "../db/mod.ts";
import { ConfitureError, EXIT_CODES, exitCodeFor, redact, toConfitureError } from "../errors/mod.ts";
import { GLOBAL_OPTIONS, leadingWords, parseCommandArgs, stringOpt } from "./args.ts";
import type { CommandContext, CommandSpec, GlobalOptions } from "./command.ts";
import { type CommandEntry, COMMANDS, GROUPS } from "./commands/index.ts";
import { commandHelp, groupHelp, rootHelp } from "./help.ts";
import { CliOutput, formatError, type Io, jsonEnvelope, makeStyle, processIo } from "./output.ts";
import { connectWhenReady } from "./wait.ts";
import denoJson from "../../deno.json" with { type: "json" };

const { resolve } = paths;

/**
 * The database layer, loaded when a command first needs it; the specifier is built at run time
 * for the reason given in ./commands/index.ts.
 */
function loadDb(): Promise<typeof import("../db/mod.ts")> {
  return import(new URL("../db/mod.ts", import.meta.url).href);
}

export type { CommandContext, CommandResult, CommandSpec } from "./command.ts";
export type { Io } from "./output.ts";

/** The version of Confiture. */
export const VERSION: string = denoJson.version;

/** Options of {@link run}; the defaults are the real process. */
export interface RunOptions {
  io?: Io;
  vars?: Record<string, string | undefined>;
  cwd?: string;
  signal?: AbortSignal;
}

const GLOBALS_WITH_VALUE = new Set(
  GLOBAL_OPTIONS.filter((o) => o.type === "string").flatMap((
    o,
  ) => [`--${o.name}`, ...(o.short ? [`-${o.short}`] : [])]),
);

function findEntry(words: string[]): { entry?: CommandEntry; group?: string; consumed: number } {
  const [w1, w2] = words;
  if (w1 === undefined) return { consumed: 0 };
  if (GROUPS[w1] !== undefined) {
    const entry = w2 === undefined ? undefined : COMMANDS.find((c) => c.name === `${w1} ${w2}`);
    return { entry, group: w1, consumed: entry ? 2 : 1 };
  }
  return { entry: COMMANDS.find((c) => c.name === w1), consumed: 1 };
}

/**
 * Runs the CLI and returns the process exit code.
 *
 * @example
 * ```ts
 * const code = await run(["build", "--show-hash"]);
 * ```
 */
export async function run(args: string[], opts: RunOptions = {}): Promise<number> {
  const io = opts.io ?? processIo();
  const vars = opts.vars ?? Deno.env.toObject();
  const cwd = opts.cwd ?? Deno.cwd();
  const wantsJson = args.includes("--json");
  const noColor = args.includes("--no-color") || (vars["NO_COLOR"] ?? "") !== "";
  const style = makeStyle(!noColor && !wantsJson && io.stderrIsTty);
  let commandName = "";

  const fail = (e: unknown): number => {
    const err = toConfitureError(e);
    if (wantsJson) io.stdout(jsonEnvelope({ ok: false, command: commandName || null, error: err.toJSON() }));
    else io.stderr(formatError(err, style, args.includes("--verbose") || args.includes("-v")));
    return exitCodeFor(err.code);
  };

  try {
    if (args.length === 0) {
      io.stderr(rootHelp(VERSION, COMMANDS, GROUPS, style));
      return EXIT_CODES.usage;
    }
    if (args[0] === "--version" || args[0] === "-V") {
      io.stdout(
        wantsJson ? jsonEnvelope({ ok: true, command: "version", version: VERSION }) : `confiture ${VERSION}\n`,
      );
      return 0;
    }
    const { words } = leadingWords(args, GLOBALS_WITH_VALUE);
    const found = findEntry(words);
    if (!found.entry) {
      if (found.group) {
        const entries = COMMANDS.filter((c) => c.name.startsWith(found.group + " "));
        const sub = words[1];
        if (sub === undefined || sub === "help") {
          const text = groupHelp(found.group, GROUPS[found.group], entries, style);
          if (args.includes("--help") || args.includes("-h") || sub === "help") {
            io.stdout(text);
            return 0;
          }
          if (wantsJson) {
            throw new ConfitureError("USAGE_INVALID_ARGUMENT", `"confiture ${found.group}" needs a subcommand`, {
              hint: `one of: ${entries.map((e) => e.name.split(" ")[1]).join(", ")}`,
            });
          }
          io.stderr(text);
          return EXIT_CODES.usage;
        }
        const near = closest(sub, entries.map((e) => e.name.split(" ")[1]));
        throw new ConfitureError("USAGE_UNKNOWN_COMMAND", `unknown subcommand "${found.group} ${sub}"`, {
          hint: near ? `did you mean "confiture ${found.group} ${near}"?` : `see: confiture ${found.group} --help`,
        });
      }
      if (words.length === 0 || words[0] === "help") {
        const text = rootHelp(VERSION, COMMANDS, GROUPS, style);
        if (args.includes("--help") || args.includes("-h") || words[0] === "help") {
          io.stdout(text);
          return 0;
        }
        if (wantsJson) {
          throw new ConfitureError("USAGE_INVALID_ARGUMENT", "a command is needed", { hint: "see: confiture --help" });
        }
        io.stderr(text);
        return EXIT_CODES.usage;
      }
      const names = [...new Set(COMMANDS.map((c) => c.name.split(" ")[0]))];
      const near = closest(words[0], names);
      throw new ConfitureError("USAGE_UNKNOWN_COMMAND", `unknown command "${words[0]}"`, {
        hint: near ? `did you mean "confiture ${near}"? See: confiture --help` : "see: confiture --help",
      });
    }
    commandName = found.entry.name;
    const spec = await found.entry.load();
    // remove the command words from the argument list
    const rest = [...args];
    for (const w of commandName.split(" ")) rest.splice(rest.indexOf(w), 1);
    const parsed = parseCommandArgs(rest, [...spec.options, ...GLOBAL_OPTIONS], commandName);
    if (parsed.values.help === true) {
      io.stdout(commandHelp(spec, makeStyle(!noColor && io.stdoutIsTty)));
      return 0;
    }
    return await execute(spec, parsed.values, parsed.positionals, { io, vars, cwd, signal: opts.signal, noColor });
  } catch (e) {
    return fail(e);
  }
}

/** `--wait DURATION` in milliseconds; a bad duration is a usage error. */
function waitOption(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  try {
    return parseDuration(v, "--wait");
  } catch (e) {
    throw new ConfitureError("USAGE_INVALID_ARGUMENT", `--wait: invalid duration "${v}"`, {
      hint: "e.g. 30s, 500ms, 2min",
      cause: e,
    });
  }
}

async function execute(
  spec: CommandSpec,
  values: Record<string, string | boolean | string[] | undefined>,
  positionals: string[],
  o: { io: Io; vars: Record<string, string | undefined>; cwd: string; signal?: AbortSignal; noColor: boolean },
): Promise<number> {
  const global: GlobalOptions = {
    json: values.json === true,
    verbose: values.verbose === true,
    quiet: values.quiet === true,
    color: !o.noColor && o.io.stderrIsTty && values.json !== true,
    env: stringOpt(values, "env") ?? "local",
    databaseUrl: stringOpt(values, "database-url"),
    project: stringOpt(values, "project"),
    waitMs: waitOption(stringOpt(values, "wait")),
  };
  const out = new CliOutput(o.io, global);
  const controller = new AbortController();
  const opened: Database[] = [];
  const onAbort = () => controller.abort(new ConfitureError("INTERRUPTED", "interrupted"));
  o.signal?.addEventListener("abort", onAbort);
  const connections: Record<string, ConnectionInfo> = {};
  // The error of the run, printed once: by the command's own failure, or by the signal handler
  // when the command does not stop in time.
  let reported = false;
  const report = (e: unknown): number => {
    const err = interruptedIfAborted(toConfitureError(e), controller.signal);
    if (!reported) {
      reported = true;
      out.clearProgress();
      if (global.json) {
        const doc: Record<string, unknown> = { ok: false, command: spec.name, error: err.toJSON() };
        if (Object.keys(connections).length) doc.connections = connections;
        if (out.warnings.length) doc.warnings = out.warnings;
        o.io.stdout(jsonEnvelope(doc));
      } else {
        o.io.stderr(formatError(err, out.style, global.verbose));
      }
    }
    return exitCodeFor(err.code);
  };
  // Ctrl-C / SIGTERM in a real process: stop the command, cancel its running statements (their
  // transactions roll back and release their locks), drop scratch databases, close connections,
  // report INTERRUPTED and exit 130.
  let interrupted = false;
  let cleanup: Promise<void> | undefined;
  let settled = false;
  let onSettled: (() => void) | undefined;
  let markSettled: () => void = () => {};
  const settledPromise = new Promise<void>((r) => (markSettled = r));
  const onSignal = () => {
    if (interrupted) Deno.exit(EXIT_CODES.interrupted);
    interrupted = true;
    onAbort();
    out.notice("interrupted: cleaning up (press Ctrl-C again to exit at once)");
    cleanup = (async () => {
      const { cancelAllScratch, disposeAllScratch } = await loadDb();
      await Promise.all([...opened.map((db) => db.cancel()), cancelAllScratch()]);
      // The command now fails and rolls back on its open connections: let it, for a moment.
      await Promise.race([settledPromise, new Promise((r) => setTimeout(r, 5_000))]);
      await disposeAllScratch();
      await Promise.all(opened.map((db) => db.close()));
    })();
    // Generous: dropping a scratch database cancels its statement first; a busy machine is slow.
    const deadline = new Promise((r) => setTimeout(r, 15_000));
    const exit = () => {
      // The command normally fails at once, reports and returns its exit code; give it a
      // moment, then report for it.
      if (settled) return;
      new Promise<void>((r) => {
        onSettled = r;
        setTimeout(r, 2_000);
      }).then(() => {
        if (settled) return;
        report(controller.signal.reason);
        Deno.exit(EXIT_CODES.interrupted);
      });
    };
    Promise.race([cleanup, deadline]).then(exit, (e) => {
      out.warn(`cleanup failed: ${e instanceof Error ? e.message : String(e)}`);
      exit();
    });
  };
  const signals: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
  const installed: Deno.Signal[] = [];
  if (!o.signal) {
    for (const s of signals) {
      try {
        Deno.addSignalListener(s, onSignal);
        installed.push(s);
      } catch (e) {
        out.debug(`cannot listen for ${s}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
  let configCache: Promise<ProjectConfig> | undefined;
  const config = () =>
    configCache ??= loadConfig({
      root: global.project ? resolve(o.cwd, global.project) : findProjectRoot(o.cwd),
      env: global.env,
      vars: o.vars,
    });
  const noteConnection = (role: string, info: ConnectionInfo) => {
    connections[role] = info;
    out.debug(`${role}: ${info.display} (${info.backend}, source: ${info.source})`);
  };
  let dbPromise: Promise<Database> | undefined;
  const database = () =>
    dbPromise ??= (async () => {
      const cfg = await config();
      const target = resolveConnection({ flag: global.databaseUrl, vars: o.vars, config: cfg });
      const { connect, isEmbeddedUrl } = await loadDb();
      const open = () =>
        connect({
          url: target.url,
          source: target.source,
          // lock_timeout also bounds the wait for another process on the same embedded folder
          embeddedWaitMs: cfg.lockTimeoutMs,
          onNotice: (m) => out.debug(`server: ${m}`),
          onWait: (m) => out.notice(`${out.style.yellow("note:")} ${m}`),
        });
      const db = global.waitMs && !isEmbeddedUrl(target.url)
        ? await connectWhenReady(open, {
          waitMs: global.waitMs,
          signal: controller.signal,
          onWaiting: (e) =>
            out.notice(
              `${out.style.yellow("note:")} ${e.message}; waiting up to ${stringOpt(values, "wait")} for it (--wait)`,
            ),
        })
        : await open();
      opened.push(db);
      if (isEmbeddedUrl(target.url)) {
        // its version, since what applies on the embedded engine may not on an older server
        const [v] = await db.query<{ v: string }>("SELECT pg_catalog.current_setting('server_version') AS v");
        out.notice(
          out.style.yellow("note:") +
            ` using the embedded PostgreSQL ${v?.v ?? ""} (${target.url.slice("embedded:".length)}), not a server` +
            (target.source === "embedded" ? "; set database_url or --database-url to use yours" : ""),
        );
      }
      noteConnection("database", db.info);
      return db;
    })();

  const ctx: CommandContext = {
    options: values,
    positionals,
    global,
    vars: o.vars,
    cwd: o.cwd,
    out,
    config,
    database,
    noteConnection,
    signal: controller.signal,
  };
  const started = performance.now();
  try {
    // The embedded engine keeps its pristine data directory in the user's cache folder; the db
    // layer never reads the environment itself.
    if (!spec.offline?.(values)) {
      const { configureEmbedded, embeddedCacheDirFrom } = await loadDb();
      configureEmbedded({ cacheDir: embeddedCacheDirFrom(o.vars) ?? null });
    }
    const result = await spec.run(ctx);
    out.clearProgress();
    // A failure the command reports with its results (migrate up --json) follows the interruption too.
    if (result.error) result.error = interruptedIfAborted(result.error, controller.signal);
    const code = result.error ? exitCodeFor(result.error.code) : result.exitCode ?? 0;
    if (global.json) {
      const doc: Record<string, unknown> = {
        ok: !result.error && (code === 0 || code === EXIT_CODES.differences),
        command: spec.name,
      };
      if (Object.keys(connections).length === 1 && connections.database) doc.connection = connections.database;
      else if (Object.keys(connections).length > 0) doc.connections = connections;
      Object.assign(doc, result.data ?? {});
      if (result.error) doc.error = result.error.toJSON();
      if (out.warnings.length) doc.warnings = out.warnings;
      o.io.stdout(jsonEnvelope(doc));
    } else if (result.error) {
      o.io.stderr(formatError(result.error, out.style, global.verbose));
    }
    out.debug(`done in ${Math.round(performance.now() - started)} ms`);
    return code;
  } catch (e) {
    return report(e);
  } finally {
    settled = true;
    markSettled();
    // Interrupted: the cleanup (scratch databases dropped) ends before the process does.
    if (cleanup) await cleanup.catch((e) => out.debug(`cleanup: ${redact(String(e))}`));
    onSettled?.();
    for (const db of opened) {
      await db.close().catch((e) => out.debug(`closing ${db.info.display}: ${redact(String(e))}`));
    }
    for (const s of installed) Deno.removeSignalListener(s, onSignal);
    o.signal?.removeEventListener("abort", onAbort);
  }
}

/**
 * Once the run was interrupted, whatever it failed with is the interruption's consequence (a
 * cancelled statement, a closed connection): INTERRUPTED, with that error as its detail.
 */
function interruptedIfAborted(err: ConfitureError, signal: AbortSignal): ConfitureError {
  if (!signal.aborted || err.code === "INTERRUPTED") return err;
  return new ConfitureError("INTERRUPTED", "interrupted", {
    detail: [`${err.code}: ${err.message}`, err.detail].filter((x) => x !== undefined).join("\n"),
    location: err.location,
    cause: err,
  });
}
