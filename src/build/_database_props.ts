/**
 * What a server database is made with, read from the catalogs before `--fresh` drops it, and the
 * statements that make a new one the same: encoding, locale provider, collation and ctype (ICU
 * locale and rules, builtin locale), owner, tablespace, connection limit, template and
 * connection flags, database-level settings (`ALTER DATABASE … SET`, `ALTER ROLE … IN DATABASE
 * … SET`), privileges and comment.
 * @module
 */
import type { Session } from "../db/mod.ts";
import { quoteIdent, quoteLiteral } from "../sql/mod.ts";

/** The properties of a database that `CREATE DATABASE` and the statements after it set. */
export interface DatabaseProperties {
  owner: string;
  encoding: string;
  collate: string;
  ctype: string;
  /** `libc`, `icu` or `builtin`; undefined before PostgreSQL 15 (always libc). */
  localeProvider?: "libc" | "icu" | "builtin";
  /** The ICU locale (provider icu) or the builtin locale (provider builtin). */
  locale?: string;
  /** ICU tailoring rules (PostgreSQL 16+). */
  icuRules?: string;
  tablespace: string;
  connectionLimit: number;
  isTemplate: boolean;
  allowConnections: boolean;
  /** `name=value` entries of pg_db_role_setting for the database; `role` set for per-role ones. */
  settings: { role?: string; config: string }[];
  /** Privileges when they are not the defaults (`datacl` set): one entry per grantee and privilege. */
  grants?: { grantee: string | null; privilege: string; grantable: boolean }[];
  comment?: string;
}

interface Row {
  d: Record<string, unknown>;
  owner: string;
  encoding: string;
  tablespace: string;
  comment: string | null;
}

/** Reads the properties of database `name`; undefined when it does not exist. */
export async function readDatabaseProperties(admin: Session, name: string): Promise<DatabaseProperties | undefined> {
  // to_jsonb: the locale columns differ between server versions (daticulocale became datlocale in 17)
  const [row] = await admin.query<Row>(
    `SELECT to_jsonb(d) AS d, pg_get_userbyid(d.datdba) AS owner, pg_encoding_to_char(d.encoding) AS encoding,
            t.spcname AS tablespace, shobj_description(d.oid, 'pg_database') AS comment
       FROM pg_database d JOIN pg_tablespace t ON t.oid = d.dattablespace
      WHERE d.datname = $1`,
    [name],
  );
  if (!row) return undefined;
  const d = typeof row.d === "string" ? JSON.parse(row.d) : row.d;
  const str = (k: string) => (typeof d[k] === "string" ? d[k] as string : undefined);
  const provider = ({ c: "libc", i: "icu", b: "builtin" } as const)[str("datlocprovider") ?? ""];
  const props: DatabaseProperties = {
    owner: row.owner,
    encoding: row.encoding,
    collate: str("datcollate") ?? "",
    ctype: str("datctype") ?? "",
    localeProvider: provider,
    locale: provider && provider !== "libc" ? str("datlocale") ?? str("daticulocale") : undefined,
    icuRules: provider === "icu" ? str("daticurules") : undefined,
    tablespace: row.tablespace,
    connectionLimit: Number(d.datconnlimit ?? -1),
    isTemplate: d.datistemplate === true,
    allowConnections: d.datallowconn !== false,
    settings: [],
  };
  const settings = await admin.query<{ role: string | null; config: string }>(
    `SELECT CASE WHEN s.setrole = 0 THEN NULL ELSE pg_get_userbyid(s.setrole) END AS role, c.config
       FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase,
            unnest(s.setconfig) WITH ORDINALITY AS c(config, n)
      WHERE d.datname = $1
      ORDER BY s.setrole <> 0, role, c.n`,
    [name],
  );
  props.settings = settings.map((s) => (s.role === null ? { config: s.config } : { role: s.role, config: s.config }));
  if (d.datacl !== null && d.datacl !== undefined) {
    props.grants = await admin.query<{ grantee: string | null; privilege: string; grantable: boolean }>(
      `SELECT CASE WHEN a.grantee = 0 THEN NULL ELSE pg_get_userbyid(a.grantee) END AS grantee,
              a.privilege_type AS privilege, a.is_grantable AS grantable
         FROM pg_database d, aclexplode(d.datacl) a
        WHERE d.datname = $1
        ORDER BY a.grantee, a.privilege_type`,
      [name],
    );
  }
  if (row.comment !== null) props.comment = row.comment;
  return props;
}

/** Whether a database with `p` can be copied from `template` (same encoding and locale). */
export function sameLocale(p: DatabaseProperties, template: DatabaseProperties): boolean {
  return p.encoding === template.encoding && p.collate === template.collate && p.ctype === template.ctype &&
    (p.localeProvider ?? "libc") === (template.localeProvider ?? "libc") && p.locale === template.locale &&
    p.icuRules === template.icuRules;
}

/**
 * Settings whose value is a list of names, written as one literal per element (the server
 * stores them joined, with names quoted where needed).
 */
const LIST_SETTINGS = new Set([
  "search_path",
  "temp_tablespaces",
  "session_preload_libraries",
  "local_preload_libraries",
  "shared_preload_libraries",
  "unix_socket_directories",
]);

/** Splits a stored list value (`app, "$user", public`) into its names, quotes removed. */
export function splitSettingList(value: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < value.length) {
    while (value[i] === " " || value[i] === "\t") i++;
    let item = "";
    if (value[i] === '"') {
      for (i++; i < value.length; i++) {
        if (value[i] === '"') {
          if (value[i + 1] !== '"') break;
          i++;
        }
        item += value[i];
      }
      i++;
      while (i < value.length && value[i] !== ",") i++;
    } else {
      const comma = value.indexOf(",", i);
      const end = comma < 0 ? value.length : comma;
      item = value.slice(i, end).trim();
      i = end;
    }
    out.push(item);
    i++; // the comma
  }
  return out;
}

/** `SET name TO value` for one stored `name=value` entry. */
export function setClause(config: string): string {
  const eq = config.indexOf("=");
  const name = eq < 0 ? config : config.slice(0, eq);
  const value = eq < 0 ? "" : config.slice(eq + 1);
  const quotedName = name.split(".").map(quoteIdent).join(".");
  const v = LIST_SETTINGS.has(name.toLowerCase())
    ? splitSettingList(value).map(quoteLiteral).join(", ")
    : quoteLiteral(value);
  return `SET ${quotedName} TO ${v}`;
}

/**
 * The statements that create database `name` with the properties `p`, from `template`
 * (`template1` when it has the same encoding and locale, else `template0`): `CREATE DATABASE`,
 * then its settings, privileges and comment.
 */
export function createDatabaseSql(name: string, p: DatabaseProperties, template: string): string[] {
  const db = quoteIdent(name);
  const opts = [
    `OWNER ${quoteIdent(p.owner)}`,
    `TEMPLATE ${quoteIdent(template)}`,
    `ENCODING ${quoteLiteral(p.encoding)}`,
  ];
  if (p.localeProvider) opts.push(`LOCALE_PROVIDER ${p.localeProvider}`);
  opts.push(`LC_COLLATE ${quoteLiteral(p.collate)}`, `LC_CTYPE ${quoteLiteral(p.ctype)}`);
  if (p.localeProvider === "icu" && p.locale !== undefined) opts.push(`ICU_LOCALE ${quoteLiteral(p.locale)}`);
  if (p.localeProvider === "icu" && p.icuRules !== undefined) opts.push(`ICU_RULES ${quoteLiteral(p.icuRules)}`);
  if (p.localeProvider === "builtin" && p.locale !== undefined) {
    opts.push(`BUILTIN_LOCALE ${quoteLiteral(p.locale)}`);
  }
  opts.push(`TABLESPACE ${quoteIdent(p.tablespace)}`, `CONNECTION LIMIT ${p.connectionLimit}`);
  if (p.isTemplate) opts.push("IS_TEMPLATE true");
  if (!p.allowConnections) opts.push("ALLOW_CONNECTIONS false");
  const out = [`CREATE DATABASE ${db} WITH ${opts.join(" ")}`];
  for (const s of p.settings) {
    out.push(
      s.role === undefined
        ? `ALTER DATABASE ${db} ${setClause(s.config)}`
        : `ALTER ROLE ${quoteIdent(s.role)} IN DATABASE ${db} ${setClause(s.config)}`,
    );
  }
  if (p.grants) {
    out.push(`REVOKE ALL ON DATABASE ${db} FROM PUBLIC`, `REVOKE ALL ON DATABASE ${db} FROM ${quoteIdent(p.owner)}`);
    for (const g of p.grants) {
      out.push(
        `GRANT ${g.privilege} ON DATABASE ${db} TO ${g.grantee === null ? "PUBLIC" : quoteIdent(g.grantee)}` +
          (g.grantable ? " WITH GRANT OPTION" : ""),
      );
    }
  }
  if (p.comment !== undefined) out.push(`COMMENT ON DATABASE ${db} IS ${quoteLiteral(p.comment)}`);
  return out;
}
