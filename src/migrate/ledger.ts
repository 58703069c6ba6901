/**
 * The ledger of applied migrations (`tb_confiture` by default), with the columns
 * of the reference Python tool so a database migrated by either can be read by
 * the other.
 * @module
 */
import type { Session } from "../db/mod.ts";
import { quoteIdent, quoteLiteral } from "../sql/mod.ts";

/**
 * Starts the clock of a migration inside its transaction block: several blocks may share one
 * message, and `now()`/`statement_timestamp()` are the same for all of them.
 */
export const LEDGER_CLOCK_START = "select set_config('confiture.started_at', clock_timestamp()::text, true)";

/**
 * The INSERT of a ledger row as SQL text, for a migration sent as a block
 * (`begin; …; insert …; commit`). `applied_at` is the insert's own clock time, so rows written by
 * one message keep their order; `execution_time_ms` runs from {@link LEDGER_CLOCK_START} (or, without
 * it, from the start of the message).
 */
export function insertLedgerRowSql(
  t: LedgerTable,
  row: { version: string; name: string; checksum: string | null },
): string {
  const started = "coalesce(nullif(current_setting('confiture.started_at', true), '')::timestamptz, " +
    "statement_timestamp())";
  return `insert into ${t.sql} (slug, version, name, applied_at, execution_time_ms, checksum, applied_by) values (` +
    `${quoteLiteral(`${row.version}_${row.name}`)}, ${quoteLiteral(row.version)}, ${quoteLiteral(row.name)}, ` +
    `clock_timestamp(), (extract(epoch from clock_timestamp() - ${started}) * 1000)::integer, ` +
    `${row.checksum === null ? "null" : quoteLiteral(row.checksum)}, current_user)`;
}

/** The DELETE of a ledger row as SQL text (see {@link insertLedgerRowSql}). */
export function deleteLedgerRowSql(t: LedgerTable, version: string): string {
  return `delete from ${t.sql} where version = ${quoteLiteral(version)}`;
}

/** One ledger row. */
export interface LedgerRow {
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
}

/** A ledger table name split into schema and table. */
export interface LedgerTable {
  schema?: string;
  table: string;
  /** Quoted, possibly qualified name for SQL. */
  sql: string;
}

/** Splits `schema.table` (or `table`) and quotes it. */
export function ledgerTable(name: string): LedgerTable {
  const dot = name.indexOf(".");
  if (dot < 0) return { table: name, sql: quoteIdent(name) };
  const schema = name.slice(0, dot);
  const table = name.slice(dot + 1);
  return { schema, table, sql: quoteIdent(schema) + "." + quoteIdent(table) };
}

function regclassLiteral(t: LedgerTable): string {
  return quoteLiteral(t.sql);
}

/** True when the ledger table exists. */
export async function ledgerExists(s: Session, t: LedgerTable): Promise<boolean> {
  const rows = await s.query<{ ok: boolean }>(`select to_regclass(${regclassLiteral(t)}) is not null as ok`);
  return rows[0]?.ok === true;
}

/**
 * Creates the ledger when it does not exist (and its schema), and adds the
 * `applied_by` column to a ledger made by an older version of the reference tool.
 * Call it with the migration lock held.
 */
export async function ensureLedger(s: Session, t: LedgerTable): Promise<void> {
  if (await ledgerExists(s, t)) {
    await s.exec(`alter table ${t.sql} add column if not exists applied_by text`);
    return;
  }
  const idx = (suffix: string) => quoteIdent(`idx_${t.table}_${suffix}`);
  const schema = t.schema !== undefined ? `create schema if not exists ${quoteIdent(t.schema)};\n` : "";
  await s.exec(`${schema}create table if not exists ${t.sql} (
  id uuid primary key default gen_random_uuid(),
  pk_confiture bigint generated always as identity unique,
  slug text not null unique,
  version varchar(255) not null unique,
  name varchar(255) not null,
  applied_at timestamptz not null default now(),
  execution_time_ms integer,
  checksum varchar(64),
  applied_by text
);
create index if not exists ${idx("applied_at")} on ${t.sql} (applied_at desc);
comment on table ${t.sql} is 'Applied migrations (Confiture).';`);
}

/** Reads the ledger in the order migrations were applied; `null` when it does not exist. */
export async function readLedger(s: Session, t: LedgerTable): Promise<LedgerRow[] | null> {
  if (!(await ledgerExists(s, t))) return null;
  const cols = await s.query<{ attname: string }>(
    `select attname from pg_attribute where attrelid = to_regclass(${
      regclassLiteral(t)
    }) and attnum > 0 and not attisdropped order by attnum`,
  );
  const has = new Set(cols.map((c) => c.attname));
  const appliedBy = has.has("applied_by") ? "applied_by" : "null::text";
  const archived = has.has("archived_into") ? "archived_into::text" : "null::text";
  const order = has.has("pk_confiture") ? "pk_confiture" : "applied_at, version";
  const rows = await s.query<Record<string, unknown>>(
    `select version::text as version, name::text as name, slug::text as slug, applied_at, execution_time_ms,
            checksum::text as checksum, ${appliedBy} as applied_by, ${archived} as archived_into
       from ${t.sql} order by ${order}`,
  );
  return rows.map((r) => ({
    version: String(r.version),
    name: String(r.name),
    slug: String(r.slug),
    appliedAt: r.applied_at instanceof Date ? r.applied_at : new Date(String(r.applied_at)),
    executionTimeMs: r.execution_time_ms === null || r.execution_time_ms === undefined
      ? null
      : Number(r.execution_time_ms),
    checksum: r.checksum === null || r.checksum === undefined ? null : String(r.checksum),
    appliedBy: r.applied_by === null || r.applied_by === undefined ? null : String(r.applied_by),
    archivedInto: r.archived_into === null || r.archived_into === undefined ? null : String(r.archived_into),
  }));
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

/** Removes a ledger row (inside the rollback's transaction). */
export async function deleteLedgerRow(s: Session, t: LedgerTable, version: string): Promise<void> {
  await s.query(`delete from ${t.sql} where version = $1`, [version]);
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
