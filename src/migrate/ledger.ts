/**
 * The ledger of applied migrations (`tb_confiture` by default), with the columns
 * of the reference Python tool so a database migrated by either can be read by
 * the other, plus two nullable columns of Confiture's own (`kind`, `failure`) for
 * repeatable migrations and partly applied ones.
 *
 * Every statement here names the ledger schema-qualified and every function through
 * `pg_catalog`: a migration may leave any `search_path` behind, and the runner's own
 * statements must not depend on it.
 * @module
 */
import type { SourceLocation } from "../errors/mod.ts";
import type { Session } from "../db/mod.ts";
import { quoteIdent, quoteLiteral } from "../sql/mod.ts";

/**
 * Starts the clock of a migration inside its transaction block: several blocks may share one
 * message, and `now()`/`statement_timestamp()` are the same for all of them.
 */
export const LEDGER_CLOCK_START =
  "select pg_catalog.set_config('confiture.started_at', pg_catalog.clock_timestamp()::pg_catalog.text, true)";

/** The ledger key of a repeatable migration named `name` (`R_<name>`, as its file). */
export function repeatableKey(name: string): string {
  return `R_${name}`;
}

/**
 * The ledger key of the row recording that migration `version` stopped midway. It is not the
 * version itself, so a reader that does not know the `kind` column (an older Confiture, the
 * reference tool) never takes the migration for applied.
 */
export function partialKey(version: string): string {
  return `partial:${version}`;
}

/** Where a non-transactional migration stopped (the `failure` column of its `partial` row). */
export interface PartialFailure {
  /** 1-based index of the statement that failed. */
  statement: number;
  /** Statements in the file. */
  statements: number;
  /** The failing statement in the file. */
  location?: SourceLocation;
  /** The server's message (never its detail, which may carry row values). */
  message: string;
  /** The SQLSTATE of the failure, when the server sent one. */
  sqlstate?: string;
  /** Invalid indexes the failure left behind (schema-qualified). */
  invalidIndexes?: string[];
}

/** One ledger row. */
export interface LedgerRow {
  /** The migration's version; for a repeatable migration `R_<name>`; for a partial row, the version it belongs to. */
  version: string;
  name: string;
  slug: string;
  appliedAt: Date;
  executionTimeMs: number | null;
  checksum: string | null;
  appliedBy: string | null;
  /**
   * Set on a row the reference tool's `migrate squash` archived into a baseline (column
   * `archived_into`): applied and kept for the record, never pending, never compared with a file,
   * never rolled back.
   */
  archivedInto?: string | null;
  /**
   * `versioned` (no `kind`: every row the reference tool writes), `repeatable` (applied with the
   * checksum shown), or `partial` (a non-transactional migration that stopped midway).
   */
  kind?: "versioned" | "repeatable" | "partial";
  /** For a `partial` row: where it stopped. */
  failure?: PartialFailure;
}

/** A ledger table name split into schema and table. */
export interface LedgerTable {
  schema?: string;
  table: string;
  /** Quoted, possibly qualified name for SQL. */
  sql: string;
  /** The schema was named in the configuration: it is created when missing. */
  explicitSchema?: boolean;
}

/** Splits `schema.table` (or `table`) and quotes it. */
export function ledgerTable(name: string): LedgerTable {
  const dot = name.indexOf(".");
  if (dot < 0) return { table: name, sql: quoteIdent(name) };
  const schema = name.slice(0, dot);
  const table = name.slice(dot + 1);
  return { schema, table, sql: quoteIdent(schema) + "." + quoteIdent(table), explicitSchema: true };
}

/**
 * The ledger table with its schema resolved once, before any migration runs: the schema of the
 * table the session's `search_path` finds, else the schema a `create table` would use
 * (`current_schema()`). A name that is already qualified is returned as it is.
 */
export async function resolveLedgerTable(s: Session, name: string): Promise<LedgerTable> {
  const t = ledgerTable(name);
  if (t.schema !== undefined) return t;
  const [row] = await s.query<{ schema: string | null }>(
    `select coalesce((select n.nspname::pg_catalog.text from pg_catalog.pg_class c
                        join pg_catalog.pg_namespace n on n.oid = c.relnamespace
                       where c.oid = pg_catalog.to_regclass($1)),
                     pg_catalog.current_schema()::pg_catalog.text) as schema`,
    [quoteIdent(t.table)],
  );
  if (!row?.schema) return t; // no schema to create it in: the server says so when it is created
  return { schema: row.schema, table: t.table, sql: quoteIdent(row.schema) + "." + quoteIdent(t.table) };
}

function regclassLiteral(t: LedgerTable): string {
  return quoteLiteral(t.sql);
}

/** True when the ledger table exists. */
export async function ledgerExists(s: Session, t: LedgerTable): Promise<boolean> {
  const rows = await s.query<{ ok: boolean }>(
    `select pg_catalog.to_regclass(${regclassLiteral(t)}) is not null as ok`,
  );
  return rows[0]?.ok === true;
}

/**
 * Creates the ledger when it does not exist (and its schema), and adds the columns a ledger
 * made by an older version (of Confiture or of the reference tool) lacks: `applied_by`, `kind`,
 * `failure`, all nullable, so the rows already there keep their meaning.
 * Call it with the migration lock held.
 */
export async function ensureLedger(s: Session, t: LedgerTable): Promise<void> {
  if (await ledgerExists(s, t)) {
    await s.exec(
      `alter table ${t.sql} add column if not exists applied_by text, add column if not exists kind varchar(16), ` +
        `add column if not exists failure jsonb`,
    );
    return;
  }
  const idx = (suffix: string) => quoteIdent(`idx_${t.table}_${suffix}`);
  const schema = t.schema !== undefined && t.explicitSchema
    ? `create schema if not exists ${quoteIdent(t.schema)};\n`
    : "";
  await s.exec(`${schema}create table if not exists ${t.sql} (
  id uuid primary key default gen_random_uuid(),
  pk_confiture bigint generated always as identity unique,
  slug text not null unique,
  version varchar(255) not null unique,
  name varchar(255) not null,
  applied_at timestamptz not null default pg_catalog.now(),
  execution_time_ms integer,
  checksum varchar(64),
  applied_by text,
  kind varchar(16),
  failure jsonb
);
create index if not exists ${idx("applied_at")} on ${t.sql} (applied_at desc);
comment on table ${t.sql} is 'Applied migrations (Confiture).';`);
}

/** Reads the ledger in the order migrations were applied; `null` when it does not exist. */
export async function readLedger(s: Session, t: LedgerTable): Promise<LedgerRow[] | null> {
  if (!(await ledgerExists(s, t))) return null;
  const cols = await s.query<{ attname: string }>(
    `select attname::pg_catalog.text as attname from pg_catalog.pg_attribute where attrelid = pg_catalog.to_regclass(${
      regclassLiteral(t)
    }) and attnum > 0 and not attisdropped order by attnum`,
  );
  const has = new Set(cols.map((c) => c.attname));
  const appliedBy = has.has("applied_by") ? "applied_by" : "null::text";
  const archived = has.has("archived_into") ? "archived_into::text" : "null::text";
  const kind = has.has("kind") ? "kind::text" : "null::text";
  const failure = has.has("failure") ? "failure::text" : "null::text";
  const order = has.has("pk_confiture") ? "pk_confiture" : "applied_at, version";
  const rows = await s.query<Record<string, unknown>>(
    `select version::text as version, name::text as name, slug::text as slug, applied_at, execution_time_ms,
            checksum::text as checksum, ${appliedBy} as applied_by, ${archived} as archived_into,
            ${kind} as kind, ${failure} as failure
       from ${t.sql} order by ${order}`,
  );
  return rows.map((r) => {
    const k = r.kind === "repeatable" || r.kind === "partial" ? r.kind : "versioned";
    let version = String(r.version);
    if (k === "partial" && version.startsWith(partialKey(""))) version = version.slice(partialKey("").length);
    const row: LedgerRow = {
      version,
      name: String(r.name),
      slug: String(r.slug),
      appliedAt: r.applied_at instanceof Date ? r.applied_at : new Date(String(r.applied_at)),
      executionTimeMs: r.execution_time_ms === null || r.execution_time_ms === undefined
        ? null
        : Number(r.execution_time_ms),
      checksum: r.checksum === null || r.checksum === undefined ? null : String(r.checksum),
      appliedBy: r.applied_by === null || r.applied_by === undefined ? null : String(r.applied_by),
      archivedInto: r.archived_into === null || r.archived_into === undefined ? null : String(r.archived_into),
      kind: k,
    };
    if (k === "partial" && typeof r.failure === "string") row.failure = JSON.parse(r.failure) as PartialFailure;
    return row;
  });
}

/** What a migration changes in the ledger when it commits. */
export type LedgerChange =
  /** A versioned migration applied (its `partial` row, if any, removed), or a repeatable one (re)applied. */
  | {
    op: "apply";
    version: string;
    name: string;
    checksum: string | null;
    repeatable?: boolean;
    /** Remove the `partial` row of this version. */
    clearPartial?: boolean;
    /** Measured by the caller; by default the server's clock since {@link LEDGER_CLOCK_START}. */
    executionTimeMs?: number;
  }
  /** A versioned migration reverted. */
  | { op: "revert"; version: string };

/**
 * The statements that record `change`, as SQL text (one or more statements separated by `;`),
 * to send in the migration's transaction. `applied_at` is the insert's own clock time, so rows
 * written by one message keep their order.
 */
export function ledgerChangeSql(t: LedgerTable, change: LedgerChange): string {
  if (change.op === "revert") return `delete from ${t.sql} where version = ${quoteLiteral(change.version)}`;
  const started =
    "coalesce(nullif(pg_catalog.current_setting('confiture.started_at', true), '')::pg_catalog.timestamptz, " +
    "pg_catalog.statement_timestamp())";
  const ms = change.executionTimeMs !== undefined
    ? String(Math.max(0, Math.round(change.executionTimeMs)))
    : `(extract(epoch from pg_catalog.clock_timestamp() - ${started}) * 1000)::integer`;
  const key = change.repeatable ? repeatableKey(change.name) : change.version;
  const pre: string[] = [];
  if (change.repeatable) pre.push(`delete from ${t.sql} where version = ${quoteLiteral(key)}`);
  if (change.clearPartial) pre.push(`delete from ${t.sql} where version = ${quoteLiteral(partialKey(change.version))}`);
  const kind = change.repeatable ? ", kind" : "";
  const kindValue = change.repeatable ? ", 'repeatable'" : "";
  const insert =
    `insert into ${t.sql} (slug, version, name, applied_at, execution_time_ms, checksum, applied_by${kind}) ` +
    `values (${quoteLiteral(change.repeatable ? key : `${change.version}_${change.name}`)}, ${quoteLiteral(key)}, ` +
    `${quoteLiteral(change.name)}, pg_catalog.clock_timestamp(), ${ms}, ` +
    `${change.checksum === null ? "null" : quoteLiteral(change.checksum)}, current_user${kindValue})`;
  return [...pre, insert].join(";\n");
}

/**
 * Records (or replaces) the `partial` row of a non-transactional migration that stopped midway:
 * `migrate status` shows it, and the migration stays pending.
 */
export function partialRowSql(
  t: LedgerTable,
  row: { version: string; name: string; checksum: string | null; failure: PartialFailure },
): string {
  const key = partialKey(row.version);
  return `delete from ${t.sql} where version = ${quoteLiteral(key)};\n` +
    `insert into ${t.sql} (slug, version, name, applied_at, execution_time_ms, checksum, applied_by, kind, failure) ` +
    `values (${quoteLiteral(`${key}_${row.name}`)}, ${quoteLiteral(key)}, ${quoteLiteral(row.name)}, ` +
    `pg_catalog.clock_timestamp(), null, ${row.checksum === null ? "null" : quoteLiteral(row.checksum)}, ` +
    `current_user, 'partial', ${quoteLiteral(JSON.stringify(row.failure))}::jsonb)`;
}

/** Adds a ledger row (inside the migration's transaction). */
export async function insertLedgerRow(
  s: Session,
  t: LedgerTable,
  row: { version: string; name: string; checksum: string | null; executionTimeMs: number; appliedBy?: string },
): Promise<void> {
  await s.query(
    `insert into ${t.sql} (slug, version, name, execution_time_ms, checksum, applied_by)
     values ($1, $2, $3, $4, $5, coalesce($6, current_user))`,
    [`${row.version}_${row.name}`, row.version, row.name, row.executionTimeMs, row.checksum, row.appliedBy ?? null],
  );
}

/** Removes ledger rows by their `version` column (a version, a repeatable or partial key). */
export async function deleteLedgerRows(s: Session, t: LedgerTable, keys: readonly string[]): Promise<void> {
  for (const k of keys) await s.query(`delete from ${t.sql} where version = $1`, [k]);
}

/** Replaces a row's checksum (`migrate repair`). */
export async function updateLedgerChecksum(
  s: Session,
  t: LedgerTable,
  version: string,
  checksum: string,
): Promise<void> {
  await s.query(`update ${t.sql} set checksum = $2 where version = $1`, [version, checksum]);
}
