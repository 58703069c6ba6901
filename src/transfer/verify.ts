/**
 * `schema-to-schema verify`: proves the target holds the source's data as mapped.
 *
 * - Per filled table: the row count and an order-independent content hash, computed by each
 *   server over the same values: on the source the mapped expressions converted to the target's
 *   column types, on the target the columns (bounded memory: aggregates over a stream).
 * - Every foreign key of the target holds (checked over the rows, whatever the constraint says).
 * - Every sequence a filled column owns is at or past the column's largest value.
 * - The mapping file's `checks:`: each pair of queries returns the same rows on both sides.
 *
 * The source's write counters are read first and kept with the result in the target's state:
 * `cutover` refuses when they moved since. A mismatch names the table, key, sequence or check;
 * no row value is shown (a check's results only when every value is a number).
 * @module
 */
import {
  contentHashSql,
  COPY_SESSION_SETTINGS,
  foreignKeyCheck,
  loadTableOf,
  ownRows,
  targetExtras,
} from "../copy/mod.ts";
import { connect, type Database, type Session } from "../db/mod.ts";
import { ConfitureError } from "../errors/mod.ts";
import { quoteIdent } from "../sql/mod.ts";
import type { CheckSpec } from "./mapping_file.ts";
import type { TableMapping } from "./mapping.ts";
import { prepare, type TransferOptions } from "./prepare.ts";
import { planFingerprint } from "./run.ts";
import { STATE, writeCounters } from "./state.ts";
import { sourceHashExpressions, sourceRows, targetHashExpressions, targetQualified } from "./statements.ts";

/** One table compared. */
export interface TableVerification {
  /** The target table, `schema.table`. */
  table: string;
  /** Where its rows come from (the source table, or `query`). */
  source: string;
  /** Rows the mapping gives on the source. */
  sourceRows: number;
  /** Rows on the target. */
  targetRows: number;
  /** Counts and content hashes agree. */
  ok: boolean;
}

/** The result of a verification. */
export interface VerifyResult {
  /** Every table, foreign key, sequence and check agrees. */
  ok: boolean;
  /** The run verified. */
  runId: string;
  /** Every filled table, compared. */
  tables: TableVerification[];
  /** Foreign keys of the target whose rows do not hold. */
  foreignKeys: { table: string; constraint: string; ok: boolean }[];
  /** Sequences owned by filled columns; `ok` when at or past the column's largest value (not shown). */
  sequences: { sequence: string; table: string; column: string; ok: boolean }[];
  /** The mapping file's checks, with both sides' results. */
  checks: { name: string; ok: boolean; source?: string; target?: string }[];
  /** Every mismatch, named. */
  failures: string[];
  /** Remarks that did not fail the verification. */
  warnings: string[];
}

/**
 * Compares the source and the target (see the module documentation).
 *
 * @example
 * ```ts
 * import { buildSchema, loadConfig, loadMappingFile, schemaToSchemaVerify } from "./mod.ts";
 * const cfg = await loadConfig({ root: ".", vars: Deno.env.toObject() });
 * const tree = (await buildSchema(cfg)).files;
 * const mapping = await loadMappingFile("db/schema_to_schema.yaml", cfg.root);
 * const sides = { source: "postgres://app@old-db/app", target: "postgres://app@new-db/app", tree, mapping };
 * const v = await schemaToSchemaVerify(sides);
 * if (!v.ok) for (const f of v.failures) console.error(f);
 * ```
 */
export async function verify(opts: TransferOptions): Promise<VerifyResult> {
  const warnings: string[] = [];
  const source = await connect({ url: opts.source, source: "flag", applicationName: "confiture s2s (verify)" });
  let target: Database | undefined;
  try {
    target = await connect({ url: opts.target, source: "flag", applicationName: "confiture s2s (verify)" });
    await source.exec(COPY_SESSION_SETTINGS);
    await target.exec(COPY_SESSION_SETTINGS);
    const run = (await STATE.exists(target)) ? await STATE.latestRun(target) : undefined;
    if (!run) {
      throw new ConfitureError("S2S_NO_RUN", "there is no schema-to-schema run on the target to verify", {
        hint: "schema-to-schema run comes first",
      });
    }
    if (run.rows.some((r) => r.finishedAt === null)) {
      throw new ConfitureError("S2S_NO_RUN", `the last run (${run.runId}) did not finish`, {
        hint: "run again: it resumes where it stopped",
      });
    }
    const plan = (await prepare(opts, source, target, { build: false, copyOnly: true })).plan;
    const fingerprint = await planFingerprint(plan);
    const failures: string[] = [];
    if (fingerprint !== run.fingerprint) {
      failures.push("the mapping or the schemas changed since the run: run again before verifying");
    }
    const read = [
      ...new Set(
        plan.filled.flatMap((
          m,
        ) => (m.source.kind === "table" ? [m.source.table.id] : m.source.kind === "query" ? m.source.reads : [])),
      ),
    ].map((id) => id.slice(6));
    const { counters, tracked } = await writeCounters(source, read);
    if (!tracked) warnings.push("track_counts is off on the source: cutover cannot see writes made after verify");
    opts.onEvent?.({ type: "phase", phase: "verify", detail: `${plan.filled.length} table(s)` });

    const tables: TableVerification[] = [];
    for (const m of plan.filled) {
      const v = await compareTable(source, target, m);
      tables.push(v);
      if (!v.ok) {
        failures.push(
          v.sourceRows !== v.targetRows
            ? `${m.table}: ${v.sourceRows} row(s) from the source, ${v.targetRows} on the target`
            : `${m.table}: the content differs (same count, ${v.targetRows} row(s))`,
        );
      }
    }
    const foreignKeys = await checkForeignKeys(target, plan.filled);
    for (const f of foreignKeys) if (!f.ok) failures.push(`${f.table}: foreign key ${f.constraint} does not hold`);
    const sequences = await checkSequences(target, plan.filled);
    for (const s of sequences) {
      if (!s.ok) failures.push(`${s.table}: sequence ${s.sequence} is behind the largest value of ${s.column}`);
    }
    const checks = await runChecks(source, target, opts.mapping?.checks ?? []);
    for (const c of checks) if (!c.ok) failures.push(`check "${c.name}" differs`);
    const ok = failures.length === 0;
    await STATE.setNote(target, run, "verify", { ok, at: new Date().toISOString(), counters, failures });
    return { ok, runId: run.runId, tables, foreignKeys, sequences, checks, failures, warnings };
  } finally {
    await Promise.allSettled([source.close(), target?.close()]);
  }
}

async function compareTable(source: Session, target: Session, m: TableMapping): Promise<TableVerification> {
  const from = ownRows(m.target);
  const [[s], [t]] = await Promise.all([
    source.dataSafe().query<{ rows: string; hash: string }>(
      contentHashSql(sourceHashExpressions(m), sourceRows(m), m.where),
    ),
    target.dataSafe().query<{ rows: string; hash: string }>(contentHashSql(targetHashExpressions(m), from)),
  ]);
  return {
    table: m.table,
    source: m.source.kind === "table" ? `${m.source.table.schema}.${m.source.table.name}` : "query",
    sourceRows: Number(s.rows),
    targetRows: Number(t.rows),
    ok: s.rows === t.rows && s.hash === t.hash,
  };
}

/** Checks every foreign key of the filled tables over their rows. */
async function checkForeignKeys(
  target: Session,
  filled: TableMapping[],
): Promise<{ table: string; constraint: string; ok: boolean }[]> {
  const facts = filled.map((m) => m.target);
  const extras = await targetExtras(target, facts);
  const all = new Map(facts.map((t) => [t.id, t]));
  const out: { table: string; constraint: string; ok: boolean }[] = [];
  for (const t of facts) {
    const lt = loadTableOf(t, extras[t.id] ?? { triggers: [], foreignKeys: {} }, all);
    for (const fk of lt.foreignKeys) {
      if (fk.inherited) continue;
      let ok = true;
      try {
        await target.dataSafe().exec(foreignKeyCheck(lt, fk));
      } catch (e) {
        // The check raises foreign_key_violation for a row without its referenced row.
        if (!(e instanceof ConfitureError) || e.sqlstate !== "23503") throw e;
        ok = false;
      }
      out.push({ table: lt.table, constraint: fk.name, ok });
    }
  }
  return out;
}

/** Checks that each sequence owned by a filled column is at or past the column's largest value. */
async function checkSequences(target: Session, filled: TableMapping[]): Promise<VerifyResult["sequences"]> {
  const out: VerifyResult["sequences"] = [];
  for (const m of filled) {
    for (const s of m.target.ownedSequences) {
      const body = s.sequence.slice(s.sequence.indexOf(":") + 1);
      const at = body.indexOf(".");
      const seq = `${quoteIdent(body.slice(0, at))}.${quoteIdent(body.slice(at + 1))}`;
      const [r] = await target.query<{ v: string; called: boolean; max: string | null }>(
        `SELECT s.last_value::text AS v, s.is_called AS called,
                (SELECT max(t.${quoteIdent(s.column)})::text FROM ${targetQualified(m)} AS t) AS max
           FROM ${seq} AS s`,
      );
      const ok = r.max === null || (r.called ? BigInt(r.v) >= BigInt(r.max) : BigInt(r.v) > BigInt(r.max));
      out.push({ sequence: body, table: m.table, column: s.column, ok });
    }
  }
  return out;
}

/** Runs the checks: the rows of each side as JSON text, compared. */
async function runChecks(source: Session, target: Session, checks: CheckSpec[]): Promise<VerifyResult["checks"]> {
  const out: VerifyResult["checks"] = [];
  for (const c of checks) {
    const run = async (db: Session, sql: string, side: string) => {
      try {
        return await db.dataSafe().query<Record<string, unknown>>(sql);
      } catch (e) {
        const err = e instanceof ConfitureError ? e : new ConfitureError("INTERNAL_ERROR", String(e), { cause: e });
        throw new ConfitureError(err.code, `check "${c.name}" (${side}): ${err.message}`, {
          detail: err.detail,
          location: c.location,
          sqlstate: err.sqlstate,
          cause: err,
        });
      }
    };
    const [a, b] = await Promise.all([run(source, c.source, "source"), run(target, c.target, "target")]);
    const text = (rows: Record<string, unknown>[]) => JSON.stringify(rows.map((r) => Object.values(r).map(String)));
    const ok = text(a) === text(b);
    const numeric = (rows: Record<string, unknown>[]) =>
      rows.every((r) => Object.values(r).every((v) => v === null || /^-?\d+(\.\d+)?$/.test(String(v))));
    out.push({
      name: c.name,
      ok,
      ...(numeric(a) && numeric(b) && a.length <= 10 && b.length <= 10 ? { source: text(a), target: text(b) } : {}),
    });
  }
  return out;
}
