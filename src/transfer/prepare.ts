/**
 * What every schema-to-schema command starts with: the two sides opened and told apart, the
 * target built from the DDL tree when it is empty (the build medium), both catalogs inspected,
 * the mapping resolved and the plan made.
 * @module
 */
import { applyBuild, type BuildFile } from "../build/mod.ts";
import {
  databaseIdentity,
  heapPages,
  isStateTableShape,
  isSuperuser,
  type LoadMode,
  type ProgressSnapshot,
  sequenceValues,
  targetExtras,
} from "../copy/mod.ts";
import { type Database, isEmbeddedUrl } from "../db/mod.ts";
import { ConfitureError } from "../errors/mod.ts";
import { inspectTables } from "../inspect/mod.ts";
import type { TableFacts } from "../model/mod.ts";
import { renameHintsFromSql } from "../source/mod.ts";
import { parseTableName } from "../util/mod.ts";
import { fdwAvailability } from "./fdw.ts";
import { emptyMappingFile, type MappingFile, type Strategy } from "./mapping_file.ts";
import { type Mapping, resolveMapping } from "./mapping.ts";
import { type FdwAvailability, planTransfer, type TransferPlan } from "./plan.ts";
import { sessionProbe } from "./probe.ts";
import { PRIVATE_SCHEMA } from "./statements.ts";

/**
 * The `auto` strategy's threshold when none is given: fdw up to this source table size, copy
 * above. Measured (scripts/bench/schema_to_schema.ts, docs/benchmarks.md): up to 30,000 rows
 * (3.5 MiB) fdw moved a table about as fast as copy, at times faster; from 100,000 rows (11.5 MiB)
 * copy was faster in every run, twice as fast at 1M rows.
 */
export const DEFAULT_FDW_MAX_BYTES = 4 * 1024 * 1024;

/** What the commands share. */
export interface TransferOptions {
  /** The old database: a server URL (or `embedded:<folder>`, read with copy only). */
  source: string;
  /** The new database: a server URL, or `embedded:<folder>`. */
  target: string;
  /**
   * The DDL tree's files (`buildSchema(config).files`): an empty target is built from them,
   * and their `-- confiture:renamed-from` hints pair tables and columns.
   */
  tree?: BuildFile[];
  /** The mapping file (default: none, every table by name). */
  mapping?: MappingFile;
  /** The strategy of tables the mapping file gives none (default `auto`). */
  strategy?: Strategy;
  /** `auto`: fdw for source tables up to this many bytes, copy above (default {@link DEFAULT_FDW_MAX_BYTES}). */
  fdwMaxBytes?: number;
  /** Units loaded at once (worker threads). Default 1. */
  jobs?: number;
  /** Copy source tables larger than this (bytes) in ranges, by several jobs at once. */
  splitLargerThan?: number;
  /** Source tables never carried and never refused (the migration ledger), as `schema.table`. */
  never?: string[];
  /** Stops the run: finished tables stay, and a new run continues it. */
  signal?: AbortSignal;
  /** Receives progress events (see {@link TransferEvent}). */
  onEvent?: (e: TransferEvent) => void;
}

/** What the commands report while they run. None holds a row value. */
export type TransferEvent =
  | { type: "phase"; phase: string; detail?: string }
  | { type: "built"; files: number }
  | { type: "plan"; plan: TransferPlan }
  | { type: "progress"; progress: ProgressSnapshot }
  | { type: "table-done"; table: string; rows: number; bytes: number; seconds: number }
  | { type: "warning"; message: string };

/** The opened and planned migration. */
export interface Prepared {
  plan: TransferPlan;
  mapping: Mapping;
  source: TableFacts[];
  target: TableFacts[];
  fdw: FdwAvailability;
  mode: LoadMode;
  /** The target was built from the DDL tree now. */
  built: boolean;
  /** The source's and target's database names (servers), or the embedded folders. */
  names: { source: string; target: string };
  /** Same server (same system identifier): a cutover renames the databases. */
  sameServer: boolean;
}

/** Refuses a source and target that are one database; returns the names and whether they share a server. */
export async function identify(
  opts: Pick<TransferOptions, "source" | "target">,
  source: Database,
  target: Database,
): Promise<{ names: { source: string; target: string }; sameServer: boolean }> {
  if (isEmbeddedUrl(opts.source) || isEmbeddedUrl(opts.target)) {
    if (opts.source === opts.target) {
      throw new ConfitureError("REFUSED_UNSAFE", "the source and the target are the same database", {
        detail: opts.source,
      });
    }
    return { names: { source: opts.source, target: opts.target }, sameServer: false };
  }
  const [a, b] = await Promise.all([databaseIdentity(source), databaseIdentity(target)]);
  if (a.system === b.system && a.database === b.database) {
    throw new ConfitureError("REFUSED_UNSAFE", `the source and the target are the same database (${a.database})`, {
      detail: `both are database "${a.database}" of the server with system identifier ${a.system}`,
      hint: "schema-to-schema moves one database's data into another, built from the DDL tree",
    });
  }
  return { names: { source: a.database, target: b.database }, sameServer: a.system === b.system };
}

/** The tables of a side, without the private schema. */
export function sideTables(db: Database, stats: boolean): Promise<TableFacts[]> {
  return inspectTables(db, { stats, excludeSchemas: [PRIVATE_SCHEMA] });
}

/** Options of {@link prepare}. */
export interface PrepareOptions {
  /** Build an empty target from the tree (default true). */
  build?: boolean;
  /** Whether fdw may be used at all (default: when available). */
  fdw?: boolean;
  /** Plan every table with copy, whatever the mapping asks (verification moves nothing). */
  copyOnly?: boolean;
}

/** Opens, builds when empty, inspects, maps and plans (see the module documentation). */
export async function prepare(
  opts: TransferOptions,
  source: Database,
  target: Database,
  how: PrepareOptions = {},
): Promise<Prepared> {
  const emit = opts.onEvent ?? (() => {});
  const { names, sameServer } = await identify(opts, source, target);
  emit({ type: "phase", phase: "inspect" });
  let targetTables = await sideTables(target, false);
  let built = false;
  if (targetTables.length === 0 && how.build !== false) {
    if (!opts.tree?.length) {
      throw new ConfitureError("S2S_NO_RUN", "the target has no tables and there is no DDL tree to build it from", {
        hint: "point the project at the new schema's DDL tree (include_dirs), or build the target first",
      });
    }
    emit({ type: "phase", phase: "build", detail: `${opts.tree.length} file(s)` });
    await applyBuild(target, opts.tree, {
      signal: opts.signal,
      onWarning: (m) => emit({ type: "warning", message: m }),
    });
    built = true;
    emit({ type: "built", files: opts.tree.length });
    targetTables = await sideTables(target, false);
  }
  const sourceTables = await sideTables(source, true);
  const hints = opts.tree ? renameHintsFromSql(opts.tree.map((f) => f.text).join("\n")) : [];
  const file = opts.mapping ?? emptyMappingFile();
  const never = [
    ...(opts.never ?? []).map((n) => {
      const t = parseTableName(n);
      return `table:${t.schema}.${t.name}`;
    }),
    // A sync's state table (its own state is in the private schema, never read): bookkeeping.
    ...sourceTables.filter((t) => isStateTableShape(t.columns.map((c) => c.name))).map((t) => t.id),
  ];
  const mapping = await resolveMapping(
    { source: sourceTables, target: targetTables, hints, file, never, strategy: opts.strategy },
    sessionProbe(source),
  );
  const mode: LoadMode = (await isSuperuser(target)) ? "replica" : "alter";
  const fdw: FdwAvailability = how.fdw === false || how.copyOnly
    ? { available: false, reason: "not used here" }
    : await fdwAvailability(target, opts.target, opts.source);
  const filledSources = mapping.tables.flatMap((m) => (m.source.kind === "table" ? [m.source.table] : []));
  const plan = planTransfer({
    mapping,
    source: sourceTables,
    target: targetTables,
    targetExtras: await targetExtras(target, targetTables),
    heapPages: opts.splitLargerThan !== undefined ? await heapPages(source, filledSources, opts.splitLargerThan) : {},
    sequences: (await sequenceValues(source, filledSources)).values,
    fdw,
    options: {
      jobs: Math.max(1, opts.jobs ?? 1),
      splitLargerThan: opts.splitLargerThan,
      mode,
      fdwMaxBytes: opts.fdwMaxBytes ?? file.fdwMaxBytes ?? DEFAULT_FDW_MAX_BYTES,
      copyOnly: how.copyOnly,
    },
  });
  return { plan, mapping, source: sourceTables, target: targetTables, fdw, mode, built, names, sameServer };
}
