/**
 * What a data copy reads besides the tables' structure (sync and schema-to-schema alike): the
 * target's triggers and foreign-key texts, the source's sequence values and heap sizes, whether
 * the target role is a superuser, and each side's identity (to refuse copying a database onto
 * itself). Catalog reads only; on the source, inside the run's read-only snapshot, and never an
 * error there (it would abort the snapshot): what the role may not read is left out and reported.
 * @module
 */
import type { Session } from "../db/mod.ts";
import { ConfitureError } from "../errors/mod.ts";
import type { TableFacts } from "../model/mod.ts";
import { quoteIdent, quoteQualified } from "../sql/mod.ts";
import type { LoadForeignKey, LoadTable, LoadTrigger } from "./load.ts";

/** `"schema"."name"` of a table. */
export function tableName(t: { schema: string; name: string }): string {
  return quoteQualified(t.schema, t.name);
}

/**
 * A table's own rows in `FROM` or `TRUNCATE`: `ONLY "schema"."name"`, except for a partitioned
 * table, whose rows are its partitions'.
 */
export function ownRows(t: { schema: string; name: string; relkind?: string }): string {
  return t.relkind === "p" ? tableName(t) : `ONLY ${tableName(t)}`;
}

/**
 * Tries a row filter on a table without reading a row (`SELECT 1 … WHERE (…) LIMIT 0`, data-safe):
 * a condition that does not parse or names an unknown column throws the server's error.
 */
export async function probeCondition(db: Session, t: TableFacts, where: string): Promise<void> {
  await db.dataSafe().query(`SELECT 1 FROM ${ownRows(t)} WHERE (${where}\n) LIMIT 0`);
}

/** What the target says about a table beyond its facts: triggers, and each foreign key's text. */
export interface TargetExtras {
  triggers: LoadTrigger[];
  /**
   * By constraint name: `pg_get_constraintdef`, the comment, and whether the key is inherited
   * from a partitioned parent (then handled there).
   */
  foreignKeys: Record<string, { definition: string; comment: string | null; inherited: boolean }>;
}

/** A sequence value read on the source in the run's snapshot. */
export interface SequenceValue {
  lastValue: string;
  isCalled: boolean;
}

const pairs = (tables: { schema: string; name: string }[]) => JSON.stringify(tables.map((t) => [t.schema, t.name]));

/**
 * Triggers (user triggers, not cloned to partitions) and foreign-key texts of `tables` on the
 * target, by table identity. Definitions are read with an empty search_path, so the referenced
 * tables come out schema-qualified.
 */
export async function targetExtras(db: Session, tables: TableFacts[]): Promise<Record<string, TargetExtras>> {
  const out: Record<string, TargetExtras> = {};
  for (const t of tables) out[t.id] = { triggers: [], foreignKeys: {} };
  if (tables.length === 0) return out;
  const byKey = new Map(tables.map((t) => [`${t.schema}\u0000${t.name}`, t.id]));
  await db.transaction(async (tx) => {
    await tx.exec("SET LOCAL search_path TO pg_catalog");
    const triggers = await tx.query<{ schema: string; rel: string; name: string; enabled: string }>(
      `SELECT n.nspname AS schema, c.relname AS rel, t.tgname AS name, t.tgenabled::text AS enabled
         FROM pg_catalog.pg_trigger t
         JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_catalog.jsonb_array_elements($1::pg_catalog.text::pg_catalog.jsonb) AS w(x) ON w.x->>0 = n.nspname AND w.x->>1 = c.relname
        WHERE NOT t.tgisinternal AND t.tgparentid = 0
        ORDER BY 1, 2, 3`,
      [pairs(tables)],
    );
    for (const r of triggers) {
      out[byKey.get(`${r.schema}\u0000${r.rel}`)!].triggers.push({
        name: r.name,
        enabled: r.enabled as TargetExtras["triggers"][number]["enabled"],
      });
    }
    const fks = await tx.query<
      { schema: string; rel: string; name: string; definition: string; comment: string | null; inherited: boolean }
    >(
      `SELECT n.nspname AS schema, c.relname AS rel, k.conname AS name,
              pg_catalog.pg_get_constraintdef(k.oid) AS definition,
              pg_catalog.obj_description(k.oid, 'pg_constraint') AS comment,
              k.conparentid <> 0 AS inherited
         FROM pg_catalog.pg_constraint k
         JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_catalog.jsonb_array_elements($1::pg_catalog.text::pg_catalog.jsonb) AS w(x) ON w.x->>0 = n.nspname AND w.x->>1 = c.relname
        WHERE k.contype = 'f'
        ORDER BY 1, 2, 3`,
      [pairs(tables)],
    );
    for (const r of fks) {
      out[byKey.get(`${r.schema}\u0000${r.rel}`)!].foreignKeys[r.name] = {
        definition: r.definition,
        comment: r.comment,
        inherited: r.inherited,
      };
    }
  });
  return out;
}

/**
 * The values of the sequences `tables` own, read on the source, by sequence identity. Sequences the
 * role may not read are listed in `unreadable`.
 */
export async function sequenceValues(
  db: Session,
  tables: TableFacts[],
): Promise<{ values: Record<string, SequenceValue>; unreadable: string[] }> {
  const ids = [...new Set(tables.flatMap((t) => t.ownedSequences.map((s) => s.sequence)))];
  const values: Record<string, SequenceValue> = {};
  const unreadable: string[] = [];
  if (ids.length === 0) return { values, unreadable };
  const seqs = await db.query<{ id: string; schema: string; name: string; readable: boolean }>(
    `SELECT 'sequence:' || n.nspname || '.' || c.relname AS id, n.nspname AS schema, c.relname AS name,
            pg_catalog.has_sequence_privilege(c.oid, 'SELECT') AS readable
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'S' AND ('sequence:' || n.nspname || '.' || c.relname) = ANY (
        ARRAY(SELECT pg_catalog.jsonb_array_elements_text($1::pg_catalog.text::pg_catalog.jsonb)))
      ORDER BY 1`,
    [JSON.stringify(ids)],
  );
  const readable = seqs.filter((s) => s.readable);
  unreadable.push(...seqs.filter((s) => !s.readable).map((s) => `${s.schema}.${s.name}`));
  if (readable.length) {
    const sql = readable.map((s, i) =>
      `SELECT ${i} AS i, last_value::text AS v, is_called AS c FROM ${quoteIdent(s.schema)}.${quoteIdent(s.name)}`
    ).join(" UNION ALL ");
    const rows = await db.query<{ i: number; v: string; c: boolean }>(sql);
    for (const r of rows) values[readable[r.i].id] = { lastValue: r.v, isCalled: r.c };
  }
  return { values, unreadable };
}

/** Heap pages of the source tables larger than `bytes`, by identity (for key ranges). */
export async function heapPages(db: Session, tables: TableFacts[], bytes: number): Promise<Record<string, number>> {
  const big = tables.filter((t) => (t.stats?.bytes ?? 0) > bytes && t.relkind === "r");
  if (big.length === 0) return {};
  const rows = await db.query<{ schema: string; name: string; pages: string }>(
    `SELECT n.nspname AS schema, c.relname AS name,
            (pg_catalog.pg_relation_size(c.oid) / pg_catalog.current_setting('block_size')::bigint)::text AS pages
       FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_catalog.jsonb_array_elements($1::pg_catalog.text::pg_catalog.jsonb) AS w(x) ON w.x->>0 = n.nspname AND w.x->>1 = c.relname
      ORDER BY 1, 2`,
    [pairs(big)],
  );
  const out: Record<string, number> = {};
  for (const r of rows) out[big.find((t) => t.schema === r.schema && t.name === r.name)!.id] = Number(r.pages);
  return out;
}

/** A database's identity: the cluster's system identifier and the database name. */
export async function databaseIdentity(db: Session): Promise<{ system: string; database: string }> {
  const [r] = await db.query<{ system: string; database: string }>(
    "SELECT (SELECT system_identifier::text FROM pg_catalog.pg_control_system()) AS system, " +
      "pg_catalog.current_database() AS database",
  );
  return r;
}

/** True when the session's role is a superuser (the `replica` load mode needs one). */
export async function isSuperuser(db: Session): Promise<boolean> {
  const [r] = await db.query<{ s: string }>("SELECT pg_catalog.current_setting('is_superuser') AS s");
  return r.s === "on";
}

/** `table:schema.name` → [schema, name] (the name may hold dots; the schema is the first part). */
export function splitTableId(id: string): [string, string] {
  const body = id.slice(id.indexOf(":") + 1);
  const at = body.indexOf(".");
  return [body.slice(0, at), body.slice(at + 1)];
}

/**
 * What the load statements ({@link loadStatements}) need to know about a target table: its
 * foreign keys with their definitions (from {@link targetExtras}) and its triggers. `targets`
 * holds the target's tables by identity, to qualify the referenced ones.
 */
export function loadTableOf(dst: TableFacts, extras: TargetExtras, targets: Map<string, TableFacts>): LoadTable {
  const shown = `${dst.schema}.${dst.name}`;
  const foreignKeys: LoadForeignKey[] = dst.foreignKeys.map((fk) => {
    const text = extras.foreignKeys[fk.name];
    if (!text) {
      throw new ConfitureError("INTERNAL_ERROR", `${shown}: no definition read for foreign key ${fk.name}`);
    }
    const ref = targets.get(fk.references);
    const [schema, name] = ref ? [ref.schema, ref.name] : splitTableId(fk.references);
    return {
      name: fk.name,
      definition: text.definition,
      comment: text.comment,
      columns: fk.columns,
      refQualified: `${quoteIdent(schema)}.${quoteIdent(name)}`,
      refColumns: fk.referencedColumns,
      refPartitioned: ref?.relkind === "p",
      matchFull: fk.match === "FULL",
      inherited: text.inherited,
      validated: fk.validated,
    };
  });
  return {
    table: shown,
    qualified: `${quoteIdent(dst.schema)}.${quoteIdent(dst.name)}`,
    partitioned: dst.relkind === "p",
    foreignKeys,
    triggers: extras.triggers,
  };
}
