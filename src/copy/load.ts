/**
 * The target statements around a unit's data, so that rows load at COPY speed with the target's
 * triggers silent and every foreign key still enforced — and so that the target's schema is
 * exactly as before at every commit, also after a failed or killed run (each statement is in the
 * unit's transaction).
 *
 * Two modes, chosen by what the target role may do:
 * - `replica` (a superuser): `SET LOCAL session_replication_role = replica` silences user
 *   triggers and the foreign-key checks without touching the catalog or locking other tables, so
 *   units load in parallel; each foreign key of the unit's tables is then checked by one
 *   anti-join query before the commit (a violation is SQLSTATE 23503 naming the constraint and
 *   table, with no value). Triggers enabled `ALWAYS` or `REPLICA`, which fire in that mode, are
 *   disabled for the transaction.
 * - `alter` (any owner of the tables): user triggers are disabled and foreign keys dropped for the
 *   transaction, then re-created from their definitions (the server validates each in one pass)
 *   and re-enabled before the commit. Re-creating a foreign key locks the referenced table, so
 *   units referencing one table commit one after the other.
 * @module
 */
import { quoteIdent, quoteLiteral } from "../sql/mod.ts";
import { LOAD_TRANSACTION_SETTINGS } from "./settings.ts";

/** A foreign key of a loaded table (it references another table, or the same). */
export interface LoadForeignKey {
  name: string;
  /** `pg_get_constraintdef`: `FOREIGN KEY (a) REFERENCES s.t(id) ON DELETE CASCADE [NOT VALID]`. */
  definition: string;
  comment: string | null;
  columns: string[];
  /** The referenced table, quoted: `"public"."users"`. */
  refQualified: string;
  refColumns: string[];
  refPartitioned: boolean;
  /** MATCH FULL (a row with some but not all key columns null violates it). */
  matchFull: boolean;
  /** Defined on a partitioned parent and inherited by this partition: handled on the parent. */
  inherited: boolean;
  /** False for a key created NOT VALID and never validated: it is left unchecked, as it was. */
  validated: boolean;
}

/** A user trigger and its enabled state (`pg_trigger.tgenabled`). */
export interface LoadTrigger {
  name: string;
  /** O: fires in origin mode (the default), A: always, R: replica only, D: disabled. */
  enabled: "O" | "A" | "R" | "D";
}

/** What the statements need to know about a target table. */
export interface LoadTable {
  /** `schema.table` as shown. */
  table: string;
  /** Quoted: `"schema"."table"`. */
  qualified: string;
  partitioned: boolean;
  foreignKeys: LoadForeignKey[];
  triggers: LoadTrigger[];
}

/** How triggers and foreign keys are held during the load (see the module documentation). */
export type LoadMode = "replica" | "alter";

/** The statements before and after a unit's data. */
export interface LoadStatements {
  before: string[];
  after: string[];
}

const only = (qualified: string, partitioned: boolean) => (partitioned ? qualified : `ONLY ${qualified}`);

/**
 * The query-and-raise that checks one foreign key over the loaded rows (`replica` mode): a row
 * whose key is not null (MATCH SIMPLE: every column; MATCH FULL: any) and has no referenced row.
 */
export function foreignKeyCheck(t: LoadTable, fk: LoadForeignKey): string {
  const cols = fk.columns.map((c) => `c.${quoteIdent(c)}`);
  const present = fk.matchFull
    ? cols.map((c) => `${c} IS NOT NULL`).join(" OR ")
    : cols.map((c) => `${c} IS NOT NULL`).join(" AND ");
  const join = fk.columns.map((c, i) => `p.${quoteIdent(fk.refColumns[i])} = c.${quoteIdent(c)}`).join(" AND ");
  const partial = fk.matchFull && cols.length > 1
    ? ` OR ((${cols.map((c) => `${c} IS NULL`).join(" OR ")}) AND (${present}))`
    : "";
  const [schema, table] = splitQualified(t.table);
  const message = `insert or update on table ${JSON.stringify(t.table)} violates foreign key constraint ` +
    `${JSON.stringify(fk.name)}`;
  return `DO $confiture$ BEGIN
  IF EXISTS (SELECT 1 FROM ${only(t.qualified, t.partitioned)} c
              WHERE ((${present}) AND NOT EXISTS (SELECT 1 FROM ${only(fk.refQualified, fk.refPartitioned)} p
                                                  WHERE ${join}))${partial}) THEN
    RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', MESSAGE = ${quoteLiteral(message)},
      SCHEMA = ${quoteLiteral(schema)}, TABLE = ${quoteLiteral(table)}, CONSTRAINT = ${quoteLiteral(fk.name)},
      HINT = 'a row references a row that is not in the copy: filter the referenced table less, or subset with closure';
  END IF;
END $confiture$`;
}

function splitQualified(shown: string): [string, string] {
  const at = shown.indexOf(".");
  return at < 0 ? ["", shown] : [shown.slice(0, at), shown.slice(at + 1)];
}

/** The statements around the data of a unit loading `tables` (see the module documentation). */
export function loadStatements(tables: LoadTable[], mode: LoadMode): LoadStatements {
  const before = [LOAD_TRANSACTION_SETTINGS];
  const after: string[] = [];
  if (mode === "replica") {
    before.push("SET LOCAL session_replication_role = replica");
    for (const t of tables) {
      const firing = t.triggers.filter((tr) => tr.enabled === "A" || tr.enabled === "R");
      if (firing.length) {
        before.push(
          `ALTER TABLE ${t.qualified} ${firing.map((tr) => `DISABLE TRIGGER ${quoteIdent(tr.name)}`).join(", ")}`,
        );
        after.push(
          `ALTER TABLE ${t.qualified} ${
            firing.map((tr) => `ENABLE ${tr.enabled === "A" ? "ALWAYS" : "REPLICA"} TRIGGER ${quoteIdent(tr.name)}`)
              .join(", ")
          }`,
        );
      }
    }
    for (const t of tables) {
      for (const fk of t.foreignKeys) if (!fk.inherited && fk.validated) after.push(foreignKeyCheck(t, fk));
    }
    after.push("SET LOCAL session_replication_role = DEFAULT");
    return { before, after };
  }
  const reAdd: string[] = [];
  const enable: string[] = [];
  for (const t of tables) {
    const firing = t.triggers.filter((tr) => tr.enabled === "O" || tr.enabled === "A");
    const fks = t.foreignKeys.filter((fk) => !fk.inherited);
    const actions = [
      ...firing.map((tr) => `DISABLE TRIGGER ${quoteIdent(tr.name)}`),
      ...fks.map((fk) => `DROP CONSTRAINT ${quoteIdent(fk.name)}`),
    ];
    if (actions.length) before.push(`ALTER TABLE ${t.qualified} ${actions.join(", ")}`);
    if (fks.length) {
      reAdd.push(
        `ALTER TABLE ${t.qualified} ${
          fks.map((fk) => `ADD CONSTRAINT ${quoteIdent(fk.name)} ${fk.definition}`).join(", ")
        }`,
      );
      for (const fk of fks) {
        if (fk.comment !== null) {
          reAdd.push(`COMMENT ON CONSTRAINT ${quoteIdent(fk.name)} ON ${t.qualified} IS ${quoteLiteral(fk.comment)}`);
        }
      }
    }
    if (firing.length) {
      enable.push(
        `ALTER TABLE ${t.qualified} ${
          firing.map((tr) => `ENABLE ${tr.enabled === "A" ? "ALWAYS " : ""}TRIGGER ${quoteIdent(tr.name)}`).join(", ")
        }`,
      );
    }
  }
  after.push(...reAdd, ...enable);
  return { before, after };
}
