/**
 * Reading the migrations folder: every file's text (strict UTF-8) and checksums, versioned
 * migrations in version order, repeatable ones in name order.
 * @module
 */
import { ConfitureError } from "../errors/mod.ts";
import { migrationChecksum, sha256Hex } from "./checksum.ts";
import { compareVersions, discoverMigrationFiles, type MigrationFile } from "./files.ts";
import type { ChecksummedFile } from "./status.ts";

/** The folder's migrations with their checksums, and the texts already read (by absolute path). */
export interface ReadMigrations {
  files: ChecksummedFile[];
  repeatables: ChecksummedFile[];
  texts: Map<string, string>;
}

/** Reads the files of `dir` and computes their checksums (over the files as written). */
export async function readMigrations(dir: string, root?: string): Promise<ReadMigrations> {
  const found = await discoverMigrationFiles(dir, root);
  const texts = new Map<string, string>();
  const checksummed = (list: MigrationFile[]) =>
    Promise.all(list.map(async (f): Promise<ChecksummedFile> => {
      const bytes = await readBytes(f.upPath, f.upFile);
      const text = decode(bytes, f.upFile);
      texts.set(f.upPath, text);
      return { ...f, checksum: migrationChecksum(text, f.type), rawChecksum: sha256Hex(bytes) };
    }));
  const [files, repeatables] = await Promise.all([checksummed(found.versioned), checksummed(found.repeatable)]);
  files.sort((a, b) => compareVersions(a.version, b.version));
  return { files, repeatables, texts };
}

/** Reads a file as strict UTF-8; `shown` names it in errors. */
export async function readText(path: string, shown: string): Promise<string> {
  return decode(await readBytes(path, shown), shown);
}

async function readBytes(path: string, shown: string): Promise<Uint8Array> {
  try {
    return await Deno.readFile(path);
  } catch (e) {
    throw new ConfitureError("FILE_UNREADABLE", `cannot read ${shown}`, { cause: e, detail: String(e) });
  }
}

function decode(bytes: Uint8Array, shown: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (e) {
    throw new ConfitureError("FILE_UNREADABLE", `${shown} is not valid UTF-8`, { cause: e });
  }
}
