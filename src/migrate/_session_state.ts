/**
 * The session state a migration may leave behind, and putting it back. A migration may
 * `SET search_path`, `SET ROLE`, `SET SESSION AUTHORIZATION`, call
 * `set_config('search_path', '', false)` (as every pg_dump file does) or change any other setting
 * for the session; the next migration, and the runner's own statements, must start from the
 * state the run started with. The state is read once, before the first migration. Each migration
 * puts it back inside its own transaction, in two parts around its ledger row: the authorization
 * and role before it (so the row is written as the run's user), every setting after it (`RESET
 * ALL`, then the values the session had). A `SET LOCAL` keeps its meaning inside the migration,
 * and a rolled-back migration leaves nothing to undo.
 * @module
 */
import type { Session } from "../db/mod.ts";
import { quoteLiteral } from "../sql/mod.ts";
import type { SqlScript } from "./script.ts";

/** The statements that put a session back into the state captured by {@link captureSessionState}. */
export interface SessionState {
  /**
   * Before the ledger row: no statement timeout for the rest of the transaction, then the
   * session's authorization and role as they were. SQL text, several statements, no trailing
   * semicolon; run it inside a transaction.
   */
  identitySql: string;
  /**
   * After the ledger row: every setting back to the session's default (`RESET ALL`), then the
   * values set for the session when the run started. The runner's own `SET LOCAL`s go with it.
   */
  settingsSql: string;
}

/** Settings never put back: the transaction's own characteristics, fixed once the transaction ran a query. */
const NOT_RESTORED = ["transaction_isolation", "transaction_read_only", "transaction_deferrable"];

type Node = Record<string, unknown>;

/** The string constant of an `A_Const` argument node, when it is one. */
function constString(arg: unknown): string | undefined {
  const c = ((arg as Node | undefined)?.A_Const ?? undefined) as Node | undefined;
  const s = (c?.sval as Node | undefined)?.sval;
  return typeof s === "string" ? s : undefined;
}

/** Calls every function in the tree `node` (libpg_query JSON) with its name and arguments. */
function walkCalls(node: unknown, visit: (name: string, args: unknown[]) => void): void {
  if (Array.isArray(node)) {
    for (const n of node) walkCalls(n, visit);
    return;
  }
  if (!node || typeof node !== "object") return;
  for (const [k, v] of Object.entries(node as Node)) {
    if (k === "FuncCall" && v && typeof v === "object") {
      const f = v as Node;
      const parts = Array.isArray(f.funcname) ? f.funcname : [];
      const last = (parts[parts.length - 1] as Node | undefined)?.String as Node | undefined;
      if (typeof last?.sval === "string") visit(last.sval, Array.isArray(f.args) ? f.args : []);
    }
    walkCalls(v, visit);
  }
}

/**
 * Custom settings (`app.tenant`) the scripts `SET`, pass to `set_config` or read with
 * `current_setting`: they do not show in `pg_settings`, so the values the session has for them
 * when the run starts are kept by name.
 */
export function customSettingNames(scripts: readonly SqlScript[]): string[] {
  const names = new Set<string>();
  const add = (name: string | undefined) => {
    if (name && name.includes(".") && !name.toLowerCase().startsWith("confiture.")) names.add(name.toLowerCase());
  };
  for (const s of scripts) {
    for (const st of s.statements) {
      if (st.kind === "VariableSetStmt") add((st.node as Node).name as string | undefined);
      walkCalls(st.node, (fn, args) => {
        if (fn === "set_config" || fn === "current_setting") add(constString(args[0]));
      });
    }
  }
  return [...names].sort();
}

/**
 * Reads the session's state: its authorization and role, the settings set for it (`pg_settings`
 * with source `session`), and the values of the `custom` settings.
 */
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
  const lit = quoteLiteral;
  const values = [
    ...(JSON.parse(row.settings) as [string, string][]).filter(([n]) => !NOT_RESTORED.includes(n)),
    ...(JSON.parse(row.custom) as [string, string | null][]).filter((p): p is [string, string] => p[1] !== null),
  ];
  const identity = [
    // a statement_timeout the migration set must not cancel what follows
    "set local statement_timeout = 0",
    // the authorization first: setting the role may need it
    `select pg_catalog.set_config('session_authorization', ${lit(row.auth)}, false) ` +
    `where pg_catalog.current_setting('session_authorization') <> ${lit(row.auth)}`,
    `select pg_catalog.set_config('role', ${lit(row.role)}, false) where pg_catalog.current_setting('role') <> ${
      lit(row.role)
    }`,
  ];
  const settings = ["reset all"];
  if (values.length) {
    settings.push(`select ${values.map(([n, v]) => `pg_catalog.set_config(${lit(n)}, ${lit(v)}, false)`).join(", ")}`);
  }
  return { identitySql: identity.join(";\n"), settingsSql: settings.join(";\n") };
}
