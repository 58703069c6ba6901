/**
 * The shape of a CLI command. Each command lives in `src/cli/commands/<name>.ts`
 * and is listed in `src/cli/commands/index.ts`.
 * @module
 */
import type { ProjectConfig } from "../config/mod.ts";
import type { ConnectionInfo, Database } from "../db/mod.ts";
import type { ConfitureError } from "../errors/mod.ts";

/** A command-line flag. Global flags (--json, --env, …) are added by the CLI. */
export interface OptionSpec {
  /** Long name without dashes: `output` for `--output`. */
  name: string;
  /** One-letter alias without dash. */
  short?: string;
  type: "boolean" | "string";
  /** May be given several times (values collected in an array). */
  multiple?: boolean;
  /** Shown in --help, e.g. FILE. */
  valueName?: string;
  description: string;
  /**
   * The value used when the flag is not given, as a reader would write it (`1`, `local`,
   * `db/sync.yaml when present`). Shown by --help and in docs/cli.md; omit when there is none.
   */
  default?: string;
}

/** A positional argument, for --help. */
export interface PositionalSpec {
  name: string;
  description: string;
  required?: boolean;
}

/** A command or subcommand. */
export interface CommandSpec {
  /** `build`, or `migrate up` for a subcommand. */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Paragraphs shown by --help after the usage line. */
  description?: string;
  options: OptionSpec[];
  positionals?: PositionalSpec[];
  /** At least one; shown by --help. */
  examples: { command: string; description: string }[];
  run(ctx: CommandContext): Promise<CommandResult>;
  /**
   * True when this invocation opens no database (`build` without `--apply`): the CLI then does
   * not load the database layer, which keeps the command's start fast. Default: false.
   */
  offline?(options: OptionValues): boolean;
}

/** A group of subcommands (`migrate`). */
export interface CommandGroup {
  name: string;
  summary: string;
  description?: string;
  subcommands: CommandSpec[];
}

/** Parsed values of flags: string, boolean, or string[] for `multiple`. */
export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/** Flags every command accepts. */
export interface GlobalOptions {
  json: boolean;
  verbose: boolean;
  quiet: boolean;
  color: boolean;
  env: string;
  databaseUrl?: string;
  /** --project DIR, when given. */
  project?: string;
  /** --wait DURATION: how long to wait for the database to accept connections (ms); 0 or unset: no wait. */
  waitMs?: number;
}

/** Progress events engines emit; the CLI renders them (stderr, or nothing under --json/--quiet). */
export interface ProgressEvent {
  /** What is being done: "reading files", "applying". */
  phase: string;
  done?: number;
  total?: number;
  /** Current item: a file name, a migration. */
  item?: string;
}

/** Output channel of a command. Only the CLI writes to the terminal. */
export interface Output {
  /** A human line on stdout; suppressed under --json and --quiet. */
  info(line: string): void;
  /** Raw text on stdout (SQL, a built schema); suppressed under --json. */
  write(text: string): void;
  /** A warning line on stderr, also under --quiet (and kept for the JSON envelope's `warnings`). */
  warn(line: string): void;
  /** A note on stderr (e.g. "using the embedded PostgreSQL"), also under --json; hidden by --quiet. */
  notice(line: string): void;
  /** A line on stderr only with --verbose. */
  debug(line: string): void;
  /** A progress update on stderr (a TTY gets one rewriting line). */
  progress(e: ProgressEvent): void;
  /**
   * A block of progress lines on stderr (one per active item and a total): a TTY redraws it in
   * place; otherwise the lines are printed every few seconds. Nothing under --json or --quiet.
   */
  board(lines: string[]): void;
  /** Colour helpers; identity when colour is off (NO_COLOR, not a TTY, --json). */
  style: {
    bold(s: string): string;
    dim(s: string): string;
    red(s: string): string;
    green(s: string): string;
    yellow(s: string): string;
  };
}

/** What a command's `run` receives. */
export interface CommandContext {
  /** Command flags. */
  options: OptionValues;
  /** Positional arguments after the command name. */
  positionals: string[];
  global: GlobalOptions;
  /** The process environment (only the CLI and config read it). */
  vars: Readonly<Record<string, string | undefined>>;
  /** Working directory. */
  cwd: string;
  out: Output;
  /** Loads the project configuration (`--project`, `--env`), cached. */
  config(): Promise<ProjectConfig>;
  /**
   * Opens the database by the connection precedence. Says on stderr when it is the
   * embedded engine; records the connection for --verbose and the JSON envelope.
   * The CLI closes it when the command ends.
   */
  database(): Promise<Database>;
  /** Records a connection opened another way (a diff side), for the JSON envelope. */
  noteConnection(role: string, info: ConnectionInfo): void;
  /** Aborted on Ctrl-C / SIGTERM: engines should stop and clean up (drop scratch databases). */
  signal: AbortSignal;
}

/**
 * What a command returns. `data` is merged into the JSON envelope
 * `{"ok":true,"command":…, …data}`; `exitCode` defaults to 0. With `error`, the command failed
 * after doing part of its work: the error is printed (or is the envelope's `error`, with `ok:
 * false` and `data` beside it, so a script sees what was done) and decides the exit code.
 */
export interface CommandResult {
  exitCode?: number;
  data?: Record<string, unknown>;
  error?: ConfitureError;
}
