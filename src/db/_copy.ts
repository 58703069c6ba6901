/**
 * COPY helpers shared by both backends: chunk coalescing and the rewrite of
 * `STDIN`/`STDOUT` to PGlite's `/dev/blob` device (on the tokens of the SQL lexer).
 */
import { ConfitureError } from "../errors/mod.ts";
import { sqlTokens } from "../sql/mod.ts";

/** Target size of the chunks a COPY stream emits or sends (512 KiB). */
export const COPY_CHUNK_BYTES = 512 * 1024;

/** Concatenates `parts` (total `size` bytes) into one array; returns the single part as is. */
export function concatChunks(parts: readonly Uint8Array[], size: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Regroups the chunks of `source` into chunks of at least `size` bytes (the last one may be
 * smaller). Holds at most one output chunk plus one input chunk.
 */
export async function* coalesce(
  source: AsyncIterable<Uint8Array>,
  size = COPY_CHUNK_BYTES,
): AsyncGenerator<Uint8Array> {
  let parts: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of source) {
    if (chunk.length === 0) continue;
    if (bytes === 0 && chunk.length >= size) {
      yield chunk;
      continue;
    }
    parts.push(chunk);
    bytes += chunk.length;
    if (bytes >= size) {
      const out = concatChunks(parts, bytes);
      parts = [];
      bytes = 0;
      yield out;
    }
  }
  if (bytes > 0) yield concatChunks(parts, bytes);
}

/** Splits `data` into views of at most `size` bytes. */
export function* slices(data: Uint8Array, size = COPY_CHUNK_BYTES): Generator<Uint8Array> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, Math.min(data.length, at + size));
}

/**
 * Rewrites `COPY … FROM STDIN` / `COPY … TO STDOUT` for PGlite, which reads and writes COPY data
 * through its `/dev/blob` device: the `STDIN`/`STDOUT` keyword that follows the top-level
 * `FROM`/`TO` becomes `'/dev/blob'`. Parentheses (a `COPY (SELECT …)` query, column lists,
 * options) are skipped.
 */
export function copyToBlobDevice(copySql: string, direction: "from" | "to"): string {
  const want = direction === "from" ? "stdin" : "stdout";
  let depth = 0;
  let prev: string | null = null;
  for (const t of sqlTokens(copySql)) {
    const text = copySql.slice(t.start, t.end);
    if (t.kind === "punct" && (text === "(" || text === ")")) {
      depth += text === "(" ? 1 : -1;
      continue;
    }
    if (depth !== 0) continue;
    const word = t.kind === "word" ? text.toLowerCase() : null;
    if (word === want && prev === direction) {
      return copySql.slice(0, t.start) + "'/dev/blob'" + copySql.slice(t.end);
    }
    prev = word;
  }
  throw new ConfitureError(
    "COPY_FAILED",
    `expected a COPY … ${direction.toUpperCase()} ${want.toUpperCase()} statement`,
    { detail: copySql.length > 200 ? copySql.slice(0, 200) + "…" : copySql },
  );
}
