/**
 * The schema hash: one SHA-256 over the build's schema files (not the seeds),
 * in build order. For each file it takes, in sequence:
 *
 * 1. the relative path (UTF-8, `/`-separated, relative to the project root),
 * 2. a zero byte,
 * 3. the content length in bytes, as decimal ASCII digits,
 * 4. a zero byte,
 * 5. the content bytes as stored on disk.
 *
 * The hash is printed as 64 lowercase hex digits. Changing a file's content or
 * name, or adding, removing or reordering files changes it; file times and
 * permissions do not enter it.
 * @module
 */
const enc = new TextEncoder();

/**
 * Feeds files into the schema hash, in build order, as they are read.
 *
 * The digest is computed by WebCrypto (native SHA-256, no module to load) over
 * the input assembled from the pieces added; `node:crypto` would stream in
 * constant memory but costs tens of milliseconds to load in Deno, more than
 * hashing a whole build. The build holds every file in memory anyway.
 *
 * @example
 * ```ts
 * const h = new SchemaHasher();
 * h.add("db/schema/a.sql", new TextEncoder().encode("create table a ();\n"));
 * await h.digest(); // 64 hex digits
 * ```
 */
export class SchemaHasher {
  #parts: Uint8Array[] = [];
  #size = 0;

  /** Adds the next file of the build. */
  add(relPath: string, content: Uint8Array): void {
    const head = enc.encode(`${relPath}\0${content.length}\0`);
    this.#parts.push(head, content);
    this.#size += head.length + content.length;
  }

  /** The lowercase hex SHA-256 of everything added. */
  async digest(): Promise<string> {
    const all = new Uint8Array(this.#size);
    let at = 0;
    for (const p of this.#parts) {
      all.set(p, at);
      at += p.length;
    }
    const d = new Uint8Array(await crypto.subtle.digest("SHA-256", all));
    let hex = "";
    for (const b of d) hex += b.toString(16).padStart(2, "0");
    return hex;
  }
}

/**
 * The schema hash of files given in build order.
 *
 * @example
 * ```ts
 * import { schemaHash } from "./mod.ts";
 * const hash = await schemaHash([{ relPath: "db/schema/a.sql", bytes: new TextEncoder().encode("select 1;\n") }]);
 * console.log(hash); // 64 hex digits, as `build` prints it
 * ```
 */
export function schemaHash(files: Iterable<{ relPath: string; bytes: Uint8Array }>): Promise<string> {
  const h = new SchemaHasher();
  for (const f of files) h.add(f.relPath, f.bytes);
  return h.digest();
}
