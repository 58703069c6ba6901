/**
 * Migration checksums. SQL files: SHA-256 over the text with comments removed and
 * runs of whitespace outside literals collapsed, so reformatting or recommenting a
 * file does not change it. TypeScript files: SHA-256 over the text with line
 * endings normalized.
 * @module
 */
import { createHash } from "node:crypto";
import { normalizeForChecksum } from "../sql/mod.ts";

/** Lowercase hex SHA-256 of a string (UTF-8) or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The checksum of a migration file's text, by its type. */
export function migrationChecksum(text: string, type: "sql" | "ts"): string {
  if (type === "ts") return sha256Hex(text.replace(/\r\n?/g, "\n"));
  return sha256Hex(normalizeForChecksum(text));
}

/**
 * The checksum format found in a ledger row, compared with the file:
 * - `current`: Confiture's normalized checksum, equal;
 * - `raw`: SHA-256 of the raw file bytes (what the reference Python tool writes), equal;
 * - `none`: the row has no checksum (nothing to compare);
 * - `mismatch`: neither matches: the file was edited after it was applied.
 */
export type ChecksumState = "current" | "raw" | "none" | "mismatch";

/** Compares a stored checksum with a file. */
export function compareChecksum(
  stored: string | null | undefined,
  file: { checksum: string; rawChecksum: string },
): ChecksumState {
  if (stored === null || stored === undefined || stored === "") return "none";
  const s = stored.trim().toLowerCase();
  if (s === file.checksum) return "current";
  if (s === file.rawChecksum) return "raw";
  return "mismatch";
}
