/**
 * Terminal rendering: the human and JSON output of commands, errors, progress.
 * Only the CLI writes to the terminal. `--quiet` leaves exactly errors and warnings on the
 * terminal (and the output a command was asked for, such as SQL on stdout).
 */
import { type ConfitureError, redact } from "../errors/mod.ts";
import type { Output, ProgressEvent } from "./command.ts";

/** Where the CLI writes; injectable for tests. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stderr is a terminal (progress line, colours). */
  stderrIsTty: boolean;
  /** True when stdout is a terminal (colours). */
  stdoutIsTty: boolean;
}

const enc = new TextEncoder();

/** The process's real terminal. */
export function processIo(): Io {
  return {
    stdout: streamWriter(Deno.stdout),
    stderr: streamWriter(Deno.stderr),
    stderrIsTty: Deno.stderr.isTerminal(),
    stdoutIsTty: Deno.stdout.isTerminal(),
  };
}

/**
 * Writes every byte of each text to `w`. Once its reader has gone (`confiture diff | head`), the
 * rest is dropped quietly, as other command-line tools do, instead of failing the command.
 */
export function streamWriter(w: { writeSync(p: Uint8Array): number }): (text: string) => void {
  let gone = false;
  return (text) => {
    let data = enc.encode(text);
    try {
      while (!gone && data.length > 0) data = data.subarray(w.writeSync(data));
    } catch (e) {
      if (!(e instanceof Deno.errors.BrokenPipe)) throw e;
      gone = true;
    }
  };
}

function ansi(code: string, on: boolean) {
  return (s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);
}

/** Builds the colour helpers. */
export function makeStyle(color: boolean): Output["style"] {
  return {
    bold: ansi("1", color),
    dim: ansi("2", color),
    red: ansi("31", color),
    green: ansi("32", color),
    yellow: ansi("33", color),
  };
}

/** The {@link Output} given to commands, plus what the CLI needs to finish. */
export class CliOutput implements Output {
  readonly warnings: string[] = [];
  readonly style: Output["style"];
  private progressShown = false;
  private lastProgress = 0;
  /** Lines of the progress board on screen (TTY). */
  private boardShown = 0;
  private lastBoard = 0;

  constructor(
    private readonly io: Io,
    private readonly mode: { json: boolean; quiet: boolean; verbose: boolean; color: boolean },
    /** The clock of the progress throttles (tests). */
    private readonly now: () => number = Date.now,
  ) {
    this.style = makeStyle(mode.color);
  }

  info(line: string): void {
    if (this.mode.json || this.mode.quiet) return;
    this.clearProgress();
    this.io.stdout(redact(line) + "\n");
  }

  write(text: string): void {
    if (this.mode.json) return;
    this.clearProgress();
    this.io.stdout(text);
  }

  /** A warning on stderr: shown with --quiet too ("only errors and warnings"). */
  warn(line: string): void {
    const l = redact(line);
    this.warnings.push(l);
    this.clearProgress();
    this.io.stderr(this.style.yellow("warning: ") + l + "\n");
  }

  /** A note on stderr (e.g. which engine is used), also under --json; --quiet hides it. */
  notice(line: string): void {
    if (this.mode.quiet) return;
    this.clearProgress();
    this.io.stderr(redact(line) + "\n");
  }

  debug(line: string): void {
    if (!this.mode.verbose) return;
    this.clearProgress();
    this.io.stderr(this.style.dim(redact(line)) + "\n");
  }

  progress(e: ProgressEvent): void {
    if (this.mode.json || this.mode.quiet) return;
    const count = e.total !== undefined ? ` ${e.done ?? 0}/${e.total}` : e.done !== undefined ? ` ${e.done}` : "";
    const text = `${e.phase}${count}${e.item ? ` ${e.item}` : ""}`;
    if (this.io.stderrIsTty) {
      const now = Date.now();
      const last = e.total !== undefined && e.done === e.total;
      if (!last && now - this.lastProgress < 80) return;
      this.lastProgress = now;
      const cols = 100;
      this.io.stderr("\r\x1b[2K" + this.style.dim(redact(text).slice(0, cols)));
      this.progressShown = true;
    } else if (this.mode.verbose) {
      this.io.stderr(redact(text) + "\n");
    }
  }

  board(lines: string[]): void {
    if (this.mode.json || this.mode.quiet) return;
    const now = this.now();
    if (this.io.stderrIsTty) {
      if (now - this.lastBoard < 100) return;
      this.lastBoard = now;
      this.clearProgress();
      const cols = 120;
      this.io.stderr(lines.map((l) => redact(l).slice(0, cols)).join("\n"));
      this.boardShown = lines.length;
    } else {
      // Plain periodic lines for logs: one block every 5 s, the first 5 s after the start (a run
      // shorter than that shows only its summary, not a stale "0/N tables").
      if (this.lastBoard === 0) this.lastBoard = now;
      if (now - this.lastBoard < 5_000) return;
      this.lastBoard = now;
      this.io.stderr(lines.map((l) => redact(l) + "\n").join(""));
    }
  }

  /** Erases a progress line or board before other output. */
  clearProgress(): void {
    if (this.progressShown) {
      this.io.stderr("\r\x1b[2K");
      this.progressShown = false;
    }
    if (this.boardShown > 0) {
      this.io.stderr("\r\x1b[2K" + "\x1b[1A\x1b[2K".repeat(this.boardShown - 1));
      this.boardShown = 0;
    }
  }
}

/** Formats an error for humans: `file:line:col: error[CODE] message` then detail/hint lines. */
export function formatError(e: ConfitureError, style: Output["style"], verbose: boolean): string {
  const where = e.location ? `${e.location.file}:${e.location.line}:${e.location.col}: ` : "";
  const lines = [`${where}${style.red(style.bold(`error[${e.code}]`))} ${e.message}`];
  if (e.sqlstate) lines.push(`  sqlstate: ${e.sqlstate}`);
  if (e.detail) lines.push(...e.detail.split("\n").map((l, i) => (i === 0 ? `  detail: ${l}` : `          ${l}`)));
  if (e.hint) lines.push(...e.hint.split("\n").map((l, i) => (i === 0 ? `  hint: ${l}` : `        ${l}`)));
  if (verbose) {
    let cur: unknown = e;
    for (let i = 0; i < 6 && cur instanceof Error; i++) {
      if (cur.stack) lines.push(style.dim(cur.stack));
      cur = cur.cause;
    }
  }
  return redact(lines.join("\n")) + "\n";
}

/** Serialises the JSON envelope; secrets are redacted from the whole document. */
export function jsonEnvelope(doc: Record<string, unknown>): string {
  return redact(JSON.stringify(doc, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2)) + "\n";
}
