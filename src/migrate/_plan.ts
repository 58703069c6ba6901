/**
 * Planning a run: which migrations run, in which order, each loaded (SQL parsed and classified,
 * TypeScript imported) before the first one runs, with the ledger change it commits.
 * @module
 */
import { ConfitureError } from "../errors/mod.ts";
import { compareVersions, sameVersion } from "./files.ts";
import type { LedgerChange } from "./ledger.ts";
import type { Placeholders } from "./placeholders.ts";
import { readText } from "./_read.ts";
import {
  importMigrationModule,
  type MigrationModule,
  parseSqlScript,
  type SqlScript,
  type TypeScriptLoader,
} from "./script.ts";
import type { ChecksummedFile, MigrationStatus, StatusEntry } from "./status.ts";
import { type IndexRef, indexRefs } from "./_invalid_index.ts";
import type { Operation, PlannedMigration, PlannedStatement } from "./_types.ts";

/** One migration of a run, loaded. */
export interface Step {
  file: ChecksummedFile;
  direction: "up" | "down";
  script?: SqlScript;
  module?: MigrationModule;
  /** Path shown: the file that runs. */
  shown: string;
  /** Absolute path of the file that runs. */
  path: string;
  /** What it records in the ledger, in its transaction. */
  ledger: LedgerChange;
  /** Indexes it creates with `IF NOT EXISTS`: checked valid before its ledger row is written. */
  indexes: IndexRef[];
  /** Tables its statements lock (to name the session that blocks it). */
  tables: string[];
}

/** How steps are loaded. */
export interface LoadOptions {
  texts: Map<string, string>;
  serverVersionNum: number;
  loader?: TypeScriptLoader;
  placeholders?: Placeholders;
}

/** Loads the file that runs for `f` in `direction`; a missing down file or export refuses the run. */
export async function loadStep(
  f: ChecksummedFile,
  direction: "up" | "down",
  o: LoadOptions,
  entry?: StatusEntry,
): Promise<Step> {
  const ledger: LedgerChange = direction === "down" ? { op: "revert", version: f.version } : {
    op: "apply",
    version: f.version,
    name: f.name,
    checksum: f.checksum,
    repeatable: f.repeatable,
    clearPartial: entry?.state === "partial",
  };
  const step = (s: Omit<Step, "ledger" | "indexes" | "tables">): Step => ({
    ...s,
    ledger,
    indexes: s.script ? indexRefs(s.script) : [],
    tables: s.script ? s.script.classes.flatMap((c) => (c.target ? [c.target] : [])) : [],
  });
  if (f.type === "ts") {
    const module = await importMigrationModule(f.upPath, f.upFile, { loader: o.loader });
    if (direction === "down" && !module.down) {
      throw new ConfitureError("MIGRATION_DOWN_MISSING", `${f.upFile} does not export down(ctx): cannot roll it back`, {
        location: { file: f.upFile, line: 1, col: 1 },
        hint: "add `export async function down(ctx)`; nothing was changed",
      });
    }
    return step({ file: f, direction, module, shown: f.upFile, path: f.upPath });
  }
  const parse = (text: string, file: string) =>
    parseSqlScript(text, file, { serverVersionNum: o.serverVersionNum, placeholders: o.placeholders });
  if (direction === "up") {
    const script = await parse(o.texts.get(f.upPath) ?? await readText(f.upPath, f.upFile), f.upFile);
    return step({ file: f, direction, script, shown: f.upFile, path: f.upPath });
  }
  if (!f.downPath || !f.downFile) {
    const downName = f.upFile.replace(/\.up\.sql$/, ".down.sql");
    throw new ConfitureError("MIGRATION_DOWN_MISSING", `${downName} does not exist: cannot roll back ${f.version}`, {
      location: { file: f.upFile, line: 1, col: 1 },
      hint: `write ${downName}; nothing was changed`,
    });
  }
  const script = await parse(await readText(f.downPath, f.downFile), f.downFile);
  return step({ file: f, direction, script, shown: f.downFile, path: f.downPath });
}

/** The plan of a step, as dry runs show it. */
export function planOf(step: Step): PlannedMigration {
  const s = step.script;
  return {
    version: step.file.version,
    name: step.file.name,
    direction: step.direction,
    file: step.shown,
    type: step.file.type,
    repeatable: step.file.repeatable === true,
    transactional: s ? s.transactional : true,
    forcedNoTransaction: s ? s.forcedNoTransaction : false,
    statements: s
      ? s.statements.map((st, i) => {
        const c = s.classes[i];
        const p: PlannedStatement = {
          line: st.line,
          col: st.col,
          kind: st.kind,
          summary: summarize(st.text),
          lock: c.lock,
          rewrites: c.rewrites,
          deletesData: c.deletesData,
          nonTransactional: c.nonTransactional,
          hazards: c.hazards,
        };
        if (c.target !== undefined) p.target = c.target;
        return p;
      })
      : [],
  };
}

function summarize(text: string): string {
  const l = text.split("\n")[0].trim();
  return l.length > 80 ? l.slice(0, 77) + "..." : l;
}

/** The status entry of version `v`, or MIGRATION_UNKNOWN_VERSION naming the flag. */
export function findVersion(status: MigrationStatus, v: string, flag: string): StatusEntry {
  const e = status.entries.find((x) => x.kind === "versioned" && sameVersion(x.version, v));
  if (!e) {
    throw new ConfitureError("MIGRATION_UNKNOWN_VERSION", `${flag} ${v}: no migration has this version`, {
      hint: "`confiture migrate status` lists the versions",
    });
  }
  return e;
}

/** The checksum refusal naming the edited files. */
export function mismatchError(bad: StatusEntry[]): ConfitureError {
  const first = bad[0];
  return new ConfitureError(
    "MIGRATION_CHECKSUM_MISMATCH",
    bad.length === 1
      ? `${first.file} was changed after it was applied`
      : `${bad.length} applied migrations were changed after they were applied: ${bad.map((b) => b.file).join(", ")}`,
    {
      location: first.file ? { file: first.file, line: 1, col: 1 } : undefined,
      detail: "formatting and comments do not count: the statements differ from what ran",
      hint: "restore the file (a change belongs in a new migration), or, after review, accept it with " +
        "`confiture migrate repair --yes`",
    },
  );
}

/** True for an entry that `migrate up` runs: pending, out of order, or stopped midway (with its file). */
export function isPending(e: StatusEntry): boolean {
  return (e.state === "pending" || e.state === "out_of_order" || e.state === "partial") && e.file !== undefined;
}

/**
 * The entries `migrate up` runs, in order: pending versioned migrations (up to `target`), then,
 * without a target, the repeatable migrations that are new or changed, by name. Refuses pending
 * migrations older than the newest applied one unless allowed.
 */
export function pendingEntries(status: MigrationStatus, op: Extract<Operation, { op: "up" }>): StatusEntry[] {
  let pending = status.entries.filter((e) => e.kind === "versioned" && isPending(e));
  if (op.target !== undefined) {
    const t = findVersion(status, op.target, "--target");
    pending = pending.filter((e) => compareVersions(e.version, t.version) <= 0);
  }
  const ooo = pending.filter((e) => e.state === "out_of_order");
  if (ooo.length && !op.allowOutOfOrder) {
    throw new ConfitureError(
      "MIGRATION_OUT_OF_ORDER",
      `${ooo[0].file} is older than the newest applied migration ${status.current}` +
        (ooo.length > 1 ? ` (and ${ooo.length - 1} more)` : ""),
      {
        location: ooo[0].file ? { file: ooo[0].file, line: 1, col: 1 } : undefined,
        detail: `pending out of order: ${ooo.map((e) => e.version).join(", ")}`,
        hint: "usually a branch merged late: check it does not depend on newer migrations, then run with " +
          "--allow-out-of-order (or give it a newer version)",
      },
    );
  }
  if (op.target === undefined) pending.push(...status.entries.filter((e) => e.kind === "repeatable" && isPending(e)));
  return pending;
}

/** The entries `migrate down` reverts, newest first (`steps`, default 1, or every one newer than `to`). */
export function revertEntries(status: MigrationStatus, op: Extract<Operation, { op: "down" }>): StatusEntry[] {
  const applied = status.entries.filter((e) =>
    e.kind === "versioned" && (e.state === "applied" || e.state === "checksum_mismatch" || e.state === "missing_file")
  ).reverse();
  if (op.to !== undefined) {
    const t = findVersion(status, op.to, "--to");
    return applied.filter((e) => compareVersions(e.version, t.version) > 0);
  }
  const n = op.steps ?? 1;
  if (!Number.isInteger(n) || n < 1) {
    throw new ConfitureError("USAGE_INVALID_ARGUMENT", `--steps must be a positive integer, got ${n}`);
  }
  return applied.slice(0, n);
}
