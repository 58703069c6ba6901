/**
 * Migration status: files and ledger rows side by side (pure).
 * @module
 */
import { type ChecksumState, compareChecksum } from "./checksum.ts";
import { compareVersions, type MigrationFile, sameVersion } from "./files.ts";
import type { LedgerRow } from "./ledger.ts";

/** A migration file with its checksums. */
export interface ChecksummedFile extends MigrationFile {
  /** Confiture's checksum of the up file. */
  checksum: string;
  /** SHA-256 of the raw bytes of the up file (the reference tool's format). */
  rawChecksum: string;
}

/**
 * The state of one migration:
 * - `applied`: in the ledger, file unchanged;
 * - `pending`: file not in the ledger yet;
 * - `out_of_order`: pending, but older than the newest applied migration;
 * - `checksum_mismatch`: applied, but the file was edited since;
 * - `missing_file`: in the ledger, but no file has its version.
 */
export type MigrationState = "applied" | "pending" | "out_of_order" | "checksum_mismatch" | "missing_file";

/** One line of `migrate status`. */
export interface StatusEntry {
  version: string;
  name: string;
  state: MigrationState;
  /** The up file, when it exists. */
  file?: string;
  type?: "sql" | "ts";
  hasDown: boolean;
  appliedAt?: Date;
  executionTimeMs?: number | null;
  appliedBy?: string | null;
  /** For applied migrations: how the ledger checksum compares with the file. */
  checksum?: ChecksumState;
  /** The baseline a squash archived this row into (reference tool): applied, never compared or reverted. */
  archivedInto?: string;
}

/** The whole status. */
export interface MigrationStatus {
  /** Every migration, files and ledger rows merged, in version order. */
  entries: StatusEntry[];
  /** The ledger table exists. */
  ledgerExists: boolean;
  counts: Record<MigrationState, number>;
  /** The newest applied version. */
  current?: string;
}

/** Merges files and ledger rows. */
export function computeStatus(files: readonly ChecksummedFile[], ledger: readonly LedgerRow[] | null): MigrationStatus {
  const rows = ledger ?? [];
  const entries: StatusEntry[] = [];
  const used = new Set<LedgerRow>();
  let newest: string | undefined;
  for (const r of rows) if (newest === undefined || compareVersions(r.version, newest) > 0) newest = r.version;
  const byVersion = new Map<string, LedgerRow>();
  for (const r of rows) byVersion.set(r.version, r);
  for (const f of files) {
    const row = byVersion.get(f.version) ?? rows.find((r) => !used.has(r) && sameVersion(r.version, f.version));
    const base = { version: f.version, name: f.name, file: f.upFile, type: f.type, hasDown: Boolean(f.downPath) };
    if (row?.archivedInto) {
      used.add(row);
      entries.push({ ...base, state: "applied", ...applied(row), checksum: "none", archivedInto: row.archivedInto });
    } else if (row) {
      used.add(row);
      const cs = compareChecksum(row.checksum, f);
      entries.push({
        ...base,
        state: cs === "mismatch" ? "checksum_mismatch" : "applied",
        appliedAt: row.appliedAt,
        executionTimeMs: row.executionTimeMs,
        appliedBy: row.appliedBy,
        checksum: cs,
      });
    } else {
      const older = newest !== undefined && compareVersions(f.version, newest) < 0;
      entries.push({ ...base, state: older ? "out_of_order" : "pending" });
    }
  }
  for (const r of rows) {
    if (used.has(r)) continue;
    if (r.archivedInto) {
      // squashed into a baseline: its file is gone on purpose
      entries.push({
        version: r.version,
        name: r.name,
        state: "applied",
        hasDown: false,
        ...applied(r),
        archivedInto: r.archivedInto,
      });
      continue;
    }
    entries.push({
      version: r.version,
      name: r.name,
      state: "missing_file",
      hasDown: false,
      appliedAt: r.appliedAt,
      executionTimeMs: r.executionTimeMs,
      appliedBy: r.appliedBy,
    });
  }
  entries.sort((a, b) => compareVersions(a.version, b.version));
  const counts: Record<MigrationState, number> = {
    applied: 0,
    pending: 0,
    out_of_order: 0,
    checksum_mismatch: 0,
    missing_file: 0,
  };
  for (const e of entries) counts[e.state]++;
  const out: MigrationStatus = { entries, ledgerExists: ledger !== null, counts };
  if (newest !== undefined) out.current = newest;
  return out;
}

function applied(r: LedgerRow): Pick<StatusEntry, "appliedAt" | "executionTimeMs" | "appliedBy"> {
  return { appliedAt: r.appliedAt, executionTimeMs: r.executionTimeMs, appliedBy: r.appliedBy };
}
