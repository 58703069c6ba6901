/**
 * Migration status: files and ledger rows side by side (pure).
 * @module
 */
import { type ChecksumState, compareChecksum } from "./checksum.ts";
import { compareVersions, type MigrationFile, sameVersion } from "./files.ts";
import type { LedgerRow, PartialFailure } from "./ledger.ts";

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
 * - `pending`: file not in the ledger yet (a repeatable migration: or changed since it was applied);
 * - `out_of_order`: pending, but older than the newest applied migration;
 * - `partial`: a migration run outside a transaction stopped midway: the statements before the
 *   failure stay applied, and it is pending (see {@link StatusEntry.partial});
 * - `checksum_mismatch`: applied, but the file was edited since;
 * - `missing_file`: in the ledger, but no file has its version.
 */
export type MigrationState =
  | "applied"
  | "pending"
  | "out_of_order"
  | "partial"
  | "checksum_mismatch"
  | "missing_file";

/** One line of `migrate status`. */
export interface StatusEntry {
  /** The version; for a repeatable migration its ledger key `R_<name>`. */
  version: string;
  /** The migration's name. */
  name: string;
  /** Its state: pending, applied, … */
  state: MigrationState;
  /** `repeatable` for `R_<name>.sql` migrations. */
  kind: "versioned" | "repeatable";
  /** The up file, when it exists. */
  file?: string;
  /** An SQL file or a TypeScript module. */
  type?: "sql" | "ts";
  /** A down migration exists. */
  hasDown: boolean;
  /** When it was applied (ledger). */
  appliedAt?: Date;
  /** How long it took, milliseconds (ledger). */
  executionTimeMs?: number | null;
  /** The database role that applied it (ledger). */
  appliedBy?: string | null;
  /**
   * How the ledger checksum compares with the file: for applied migrations, and for a repeatable
   * migration pending because it changed (`mismatch`).
   */
  checksum?: ChecksumState;
  /** The baseline a squash archived this row into (reference tool): applied, never compared or reverted. */
  archivedInto?: string;
  /** State `partial`: where the migration stopped. */
  partial?: PartialFailure & { at: Date };
}

/** The whole status. */
export interface MigrationStatus {
  /** Every migration, files and ledger rows merged: versioned ones in version order, then repeatable ones by name. */
  entries: StatusEntry[];
  /** The ledger table exists. */
  ledgerExists: boolean;
  /** How many entries are in each state. */
  counts: Record<MigrationState, number>;
  /** The newest applied version. */
  current?: string;
}

/** Merges files and ledger rows (repeatable migrations are given apart, or flagged `repeatable`). */
export function computeStatus(
  files: readonly ChecksummedFile[],
  ledger: readonly LedgerRow[] | null,
  repeatables: readonly ChecksummedFile[] = [],
): MigrationStatus {
  const all = ledger ?? [];
  const rows = all.filter((r) => (r.kind ?? "versioned") === "versioned");
  const partials = new Map(all.filter((r) => r.kind === "partial").map((r) => [r.version, r]));
  const entries: StatusEntry[] = [];
  const used = new Set<LedgerRow>();
  let newest: string | undefined;
  for (const r of rows) if (newest === undefined || compareVersions(r.version, newest) > 0) newest = r.version;
  const byVersion = new Map<string, LedgerRow>();
  for (const r of rows) byVersion.set(r.version, r);
  const versioned = files.filter((f) => !f.repeatable);
  for (const f of versioned) {
    const row = byVersion.get(f.version) ?? rows.find((r) => !used.has(r) && sameVersion(r.version, f.version));
    const base = {
      version: f.version,
      name: f.name,
      kind: "versioned" as const,
      file: f.upFile,
      type: f.type,
      hasDown: Boolean(f.downPath),
    };
    if (row?.archivedInto) {
      used.add(row);
      entries.push({ ...base, state: "applied", ...applied(row), checksum: "none", archivedInto: row.archivedInto });
    } else if (row) {
      used.add(row);
      const cs = compareChecksum(row.checksum, f);
      entries.push({
        ...base,
        state: cs === "mismatch" ? "checksum_mismatch" : "applied",
        ...applied(row),
        checksum: cs,
      });
    } else {
      const partial = partials.get(f.version);
      if (partial) {
        partials.delete(f.version);
        entries.push({ ...base, state: "partial", ...partialOf(partial) });
        continue;
      }
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
        kind: "versioned",
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
      kind: "versioned",
      state: "missing_file",
      hasDown: false,
      ...applied(r),
    });
  }
  // a partial row whose file is gone: still shown, nothing can run it
  for (const p of partials.values()) {
    entries.push({
      version: p.version,
      name: p.name,
      kind: "versioned",
      state: "partial",
      hasDown: false,
      ...partialOf(p),
    });
  }
  entries.sort((a, b) => compareVersions(a.version, b.version));
  entries.push(...repeatableEntries([...repeatables, ...files.filter((f) => f.repeatable)], all));
  const counts: Record<MigrationState, number> = {
    applied: 0,
    pending: 0,
    out_of_order: 0,
    partial: 0,
    checksum_mismatch: 0,
    missing_file: 0,
  };
  for (const e of entries) counts[e.state]++;
  const out: MigrationStatus = { entries, ledgerExists: ledger !== null, counts };
  if (newest !== undefined) out.current = newest;
  return out;
}

/** Repeatable migrations: applied while the ledger holds their current checksum, pending otherwise. */
function repeatableEntries(files: readonly ChecksummedFile[], rows: readonly LedgerRow[]): StatusEntry[] {
  const byKey = new Map(rows.filter((r) => r.kind === "repeatable").map((r) => [r.version, r]));
  const entries: StatusEntry[] = [];
  for (const f of files) {
    const row = byKey.get(f.version);
    byKey.delete(f.version);
    const base = {
      version: f.version,
      name: f.name,
      kind: "repeatable" as const,
      file: f.upFile,
      type: f.type,
      hasDown: false,
    };
    if (!row) {
      entries.push({ ...base, state: "pending" });
      continue;
    }
    const cs = compareChecksum(row.checksum, f);
    entries.push({
      ...base,
      state: cs === "current" || cs === "raw" ? "applied" : "pending",
      ...applied(row),
      checksum: cs,
    });
  }
  for (const r of byKey.values()) {
    entries.push({
      version: r.version,
      name: r.name,
      kind: "repeatable",
      state: "missing_file",
      hasDown: false,
      ...applied(r),
    });
  }
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function applied(r: LedgerRow): Pick<StatusEntry, "appliedAt" | "executionTimeMs" | "appliedBy"> {
  return { appliedAt: r.appliedAt, executionTimeMs: r.executionTimeMs, appliedBy: r.appliedBy };
}

function partialOf(r: LedgerRow): Pick<StatusEntry, "partial"> {
  const f: PartialFailure = r.failure ?? { statement: 0, statements: 0, message: "stopped midway" };
  return { partial: { ...f, at: r.appliedAt } };
}
