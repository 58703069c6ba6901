/**
 * The inspection queries (one `.sql` file each, under `queries/`) and the typed rows they return.
 * Every query orders its rows; the fact queries take one parameter, the table oids to read as a
 * JSON array, or null for every table of the user schemas.
 * @module
 */
import type { Session } from "../db/mod.ts";
import type { CollationRow } from "./_collations.ts";
import type { ColumnRow } from "./_columns.ts";
import type { ConstraintRow } from "./_constraints.ts";
import type { DefaultPrivilegesRow } from "./_default_privileges.ts";
import type { DependRow } from "./_depend.ts";
import type { ExtensionMemberRow, ExtensionRow } from "./_extensions.ts";
import type { ForeignKeyRow, KeyRow, OwnedSequenceRow, TableColumnRow, TableStatsRow } from "./_facts.ts";
import type { FunctionRow } from "./_functions.ts";
import type { IndexRow } from "./_indexes.ts";
import type { PolicyRow } from "./_policies.ts";
import type { PublicationRow } from "./_publications.ts";
import type { RelationRow } from "./_relations.ts";
import type { RuleRow } from "./_rules.ts";
import type { SchemaRow } from "./_schemas.ts";
import type { SequenceRow } from "./_sequences.ts";
import type { StatisticsRow } from "./_statistics.ts";
import type { TextSearchRow } from "./_text_search.ts";
import type { EventTriggerRow, TriggerRow } from "./_triggers.ts";
import type { TypeRow } from "./_types.ts";
import qCasts from "./queries/casts.sql" with { type: "text" };
import qCollations from "./queries/collations.sql" with { type: "text" };
import qColumns from "./queries/columns.sql" with { type: "text" };
import qConstraints from "./queries/constraints.sql" with { type: "text" };
import qDefaultPrivileges from "./queries/default_privileges.sql" with { type: "text" };
import qDepend from "./queries/depend.sql" with { type: "text" };
import qEventTriggers from "./queries/event_triggers.sql" with { type: "text" };
import qExtMembers from "./queries/ext_members.sql" with { type: "text" };
import qExtensions from "./queries/extensions.sql" with { type: "text" };
import qForeignKeys from "./queries/foreign_keys.sql" with { type: "text" };
import qFunctions from "./queries/functions.sql" with { type: "text" };
import qIndexes from "./queries/indexes.sql" with { type: "text" };
import qKeys from "./queries/keys.sql" with { type: "text" };
import qOwnedSequences from "./queries/owned_sequences.sql" with { type: "text" };
import qPolicies from "./queries/policies.sql" with { type: "text" };
import qPublications from "./queries/publications.sql" with { type: "text" };
import qRelations from "./queries/relations.sql" with { type: "text" };
import qRules from "./queries/rules.sql" with { type: "text" };
import qSchemas from "./queries/schemas.sql" with { type: "text" };
import qSequences from "./queries/sequences.sql" with { type: "text" };
import qStatistics from "./queries/statistics.sql" with { type: "text" };
import qTableColumns from "./queries/table_columns.sql" with { type: "text" };
import qTableStats from "./queries/table_stats.sql" with { type: "text" };
import qTables from "./queries/tables.sql" with { type: "text" };
import qTextSearch from "./queries/text_search.sql" with { type: "text" };
import qTriggers from "./queries/triggers.sql" with { type: "text" };
import qTypes from "./queries/types.sql" with { type: "text" };
import qUnsupported from "./queries/unsupported.sql" with { type: "text" };

/** A row of `queries/casts.sql`: a cast between two types (`format_type` names). */
export interface CastRow {
  source: string;
  target: string;
}

/** A row of `queries/unsupported.sql`: an object of a kind the diff does not handle. */
export interface UnsupportedRow {
  kind: string;
  name: string;
}

/** A row of `queries/tables.sql`. */
export interface TableRow {
  oid: string;
  schema: string;
  name: string;
  relkind: string;
  relispartition: boolean;
  /** `[[schema, name], …]` of the inheritance parents in order, as JSON. */
  parents: unknown;
}

/** The rows of each catalog query, by query name. */
export interface InspectRows {
  schemas: SchemaRow[];
  extensions: ExtensionRow[];
  extMembers: ExtensionMemberRow[];
  relations: RelationRow[];
  columns: ColumnRow[];
  sequences: SequenceRow[];
  constraints: ConstraintRow[];
  indexes: IndexRow[];
  types: TypeRow[];
  functions: FunctionRow[];
  triggers: TriggerRow[];
  eventTriggers: EventTriggerRow[];
  policies: PolicyRow[];
  rules: RuleRow[];
  collations: CollationRow[];
  statistics: StatisticsRow[];
  defaultPrivileges: DefaultPrivilegesRow[];
  depend: DependRow[];
  unsupported: UnsupportedRow[];
  casts: CastRow[];
  publications: PublicationRow[];
  textSearch: TextSearchRow[];
  keys: KeyRow[];
  foreignKeys: ForeignKeyRow[];
  /** Empty unless statistics were asked for. */
  tableStats: TableStatsRow[];
}

/** The rows of the queries of `inspectTables` only. */
export interface TableRows {
  tables: TableRow[];
  tableColumns: TableColumnRow[];
  ownedSequences: OwnedSequenceRow[];
}

/** The queries of `inspectCatalog`: SQL text by the name its rows go under. */
export const CATALOG_QUERIES: { readonly [K in keyof InspectRows]: string } = {
  schemas: qSchemas,
  extensions: qExtensions,
  extMembers: qExtMembers,
  relations: qRelations,
  columns: qColumns,
  sequences: qSequences,
  constraints: qConstraints,
  indexes: qIndexes,
  types: qTypes,
  functions: qFunctions,
  triggers: qTriggers,
  eventTriggers: qEventTriggers,
  policies: qPolicies,
  rules: qRules,
  collations: qCollations,
  statistics: qStatistics,
  defaultPrivileges: qDefaultPrivileges,
  depend: qDepend,
  unsupported: qUnsupported,
  casts: qCasts,
  publications: qPublications,
  textSearch: qTextSearch,
  keys: qKeys,
  foreignKeys: qForeignKeys,
  tableStats: qTableStats,
};

/** The queries only `inspectTables` runs. */
export const TABLE_QUERIES: { readonly [K in keyof TableRows]: string } = {
  tables: qTables,
  tableColumns: qTableColumns,
  ownedSequences: qOwnedSequences,
};

/** The catalog queries that take table oids as `$1` (a JSON array, or null for every table). */
export const TABLE_OID_QUERIES: ReadonlySet<keyof InspectRows> = new Set(["keys", "foreignKeys", "tableStats"]);

type AllRows = InspectRows & TableRows;
const ALL: { readonly [K in keyof AllRows]: string } = { ...CATALOG_QUERIES, ...TABLE_QUERIES };

/** Runs the query `name` with `params` and returns its rows, typed. */
export function runQuery<K extends keyof AllRows>(
  db: Session,
  name: K,
  params: readonly unknown[] = [],
): Promise<AllRows[K]> {
  return db.query(ALL[name], params) as Promise<AllRows[K]>;
}

/**
 * Runs every catalog query at once (the driver pipelines them on the session), the table fact
 * queries over every table; `tableStats` only when `stats` is set (else no rows).
 */
export async function readCatalogRows(db: Session, stats: boolean): Promise<InspectRows> {
  const names = (Object.keys(CATALOG_QUERIES) as (keyof InspectRows)[]).filter((k) => k !== "tableStats" || stats);
  const results = await Promise.all(names.map((k) => runQuery(db, k, TABLE_OID_QUERIES.has(k) ? [null] : [])));
  const rows: Partial<Record<keyof InspectRows, unknown[]>> = { tableStats: [] };
  names.forEach((k, i) => rows[k] = results[i]);
  return rows as InspectRows;
}
