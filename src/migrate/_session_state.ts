/**
 * The session state a migration may leave behind, and putting it back. A migration may
 * `SET search_path`, `SET ROLE`, `SET SESSION AUTHORIZATION`, call
 * `set_config('search_path', '', false)` (as every pg_dump file does) or change any other setting
 * for the session; the next migration, and the runner's own statements, must start from the
 * state the run started with. The state is read once, before the first migration; each migration
 * restores it just before its ledger row is written, inside its own transaction, so a `SET LOCAL`
 * keeps its meaning inside the migration and a rolled-back migration leaves nothing to undo.
 * @module
 */
import type { Session } from "../db/mod.ts";
import { quoteLiteral } from "../sql/mod.ts";
import type { SqlScript } from "./script.ts";

/** The statements that put a session back into the state captured by {@link captureSessionState}. */
export interface SessionState {
  /**
   * SQL text (several statements, no trailing semicolon), safe under any `search_path`; run it
   * inside a transaction (it starts with a `SET LOCAL`).
   */
  restoreSql: string;
}

/**
 * Settings never restored: the transaction's own characteristics (they cannot change once the
 * transaction has run a query), `temp_buffers` (fixed once a temporary table was used), and the
 * runner's own `confiture.*` settings.
 */
const NOT_RESTORED = ["transaction_isolation", "transaction_read_only", "transaction_deferrable", "temp_buffers"];

type Node = Record<string, unknown>;

/**
 * Custom settings (`app.tenant`) the scripts `SET`: they do not show in `pg_settings`, so they are
 * restored by name.
 */
export function customSettingNames(scripts: readonly SqlScript[]): string[] {
  const names = new Set<string>();
  for (const s of scripts) {
    for (const st of s.statements) {
      if (st.kind !== "VariableSetStmt") continue;
      const name = (st.node as Node).name;
      if (typeof name === "string" && name.includes(".") && !name.toLowerCase().startsWith("confiture.")) {
        names.add(name.toLowerCase());
      }
    }
  }
  return [...names].sort();
}

/** Reads the session's state: its authorization, role, the settings set for it, and `custom` settings. */
export async function captureSessionState(s: Session, custom: readonly string[] = []): Promise<SessionState> {
  const [row] = await s.query<{ auth: string; role: string; settings: string; custom: string }>(
    `select pg_catalog.current_setting('session_authorization') as auth,
            pg_catalog.current_setting('role') as role,
            coalesce((select pg_catalog.json_agg(pg_catalog.json_build_array(name, setting) order by name)::pg_catalog.text
                        from pg_catalog.pg_settings where source = 'session'), '[]') as settings,
            coalesce((select pg_catalog.json_agg(pg_catalog.json_build_array(n, pg_catalog.current_setting(n, true)))::pg_catalog.text
                        from pg_catalog.json_array_elements_text($1::pg_catalog.text::pg_catalog.json) as n), '[]') as custom`,
    [JSON.stringify(custom)],
  );
  const settings = (JSON.parse(row.settings) as [string, string][]).filter(([n]) => !NOT_RESTORED.includes(n));
  const customValues = JSON.parse(row.custom) as [string, string | null][];
  const lit = quoteLiteral;
  const names = settings.length ? `ARRAY[${settings.map(([n]) => lit(n)).join(", ")}]` : "ARRAY[]::pg_catalog.text[]";
  const values = settings.length
    ? `ARRAY[${settings.map(([, v]) => lit(v)).join(", ")}]`
    : "ARRAY[]::pg_catalog.text[]";
  const statements = [
    // a statement_timeout the migration set must not cancel the restore (run it in a transaction);
    // every setting set for the session is set again below, whether or not it looks changed: a
    // value equal to the start's may be a SET LOCAL above a changed session value
    "set local statement_timeout = 0",
    // the authorization first, then the role: the settings after them may need their privileges
    `select pg_catalog.set_config('session_authorization', ${lit(row.auth)}, false) ` +
    `where pg_catalog.current_setting('session_authorization') <> ${lit(row.auth)}`,
    `select pg_catalog.set_config('role', ${lit(row.role)}, false) where pg_catalog.current_setting('role') <> ${
      lit(row.role)
    }`,
    `select pg_catalog.count(pg_catalog.set_config(s.name, coalesce(b.setting, s.reset_val), false)) ` +
    `from pg_catalog.pg_settings s left join rows from (pg_catalog.unnest(${names}), pg_catalog.unnest(${values})) as b(name, setting) ` +
    `on b.name = s.name where (s.source = 'session' or b.name is not null) ` +
    `and s.name not in (${NOT_RESTORED.map(lit).join(", ")}) and s.name !~ '^confiture\\.'`,
  ];
  for (const [n, v] of customValues) {
    statements.push(
      `select pg_catalog.set_config(${lit(n)}, ${lit(v ?? "")}, false) ` +
        `where pg_catalog.current_setting(${lit(n)}, true) is distinct from ${lit(v ?? "")}`,
    );
  }
  return { restoreSql: statements.join(";\n") };
}
