/**
 * The Catalog model: every schema object of a database, keyed by a stable
 * identity such as `table:public.users`, `column:public.users.email` or
 * `function:public.f(integer)`. Pure types and small helpers; no database access.
 * @module
 */
import { quoteIdent } from "../sql/mod.ts";
import type { TableShape, TableStats } from "./table_facts.ts";

export { listTableFacts, rowKey, tableFacts } from "./table_facts.ts";
export type {
  ColumnFacts,
  ForeignKey,
  ForeignKeyAction,
  OwnedSequence,
  PrimaryKey,
  TableFacts,
  TableShape,
  TableStats,
  UniqueKey,
} from "./table_facts.ts";

/** The kinds of objects a {@link Catalog} holds. */
export type ObjectKind =
  | "schema"
  | "extension"
  | "collation"
  | "text_search_dictionary"
  | "text_search_configuration"
  | "type" // enum, composite, range
  | "domain"
  | "sequence"
  | "table"
  | "column"
  | "default"
  | "constraint"
  | "index"
  | "view"
  | "materialized_view"
  | "function"
  | "procedure"
  | "aggregate"
  | "trigger"
  | "event_trigger"
  | "policy"
  | "publication"
  | "rule"
  | "statistics"
  | "default_privileges";

/** Every handled kind, in the order objects of equal rank are created. */
export const OBJECT_KINDS: readonly ObjectKind[] = [
  "schema",
  "extension",
  "collation",
  "text_search_dictionary",
  "text_search_configuration",
  "type",
  "domain",
  "function",
  "aggregate",
  "procedure",
  "sequence",
  "table",
  "column",
  "default",
  "constraint",
  "index",
  "view",
  "materialized_view",
  "rule",
  "trigger",
  "event_trigger",
  "policy",
  "publication",
  "statistics",
  "default_privileges",
];

/** One privilege: `grantee` (a quoted role name or `PUBLIC`), `privilege` (`SELECT`…), grant option. */
export interface AclEntry {
  /** The role granted to, quoted, or `PUBLIC`. */
  grantee: string;
  /** The privilege (`SELECT`, `USAGE`, …). */
  privilege: string;
  /** Granted `WITH GRANT OPTION`. */
  grantable: boolean;
}

/** A column of a table (kind `column`). */
export interface ColumnInfo {
  /** `format_type` text, schema-qualified when not in pg_catalog. */
  type: string;
  /** `NOT NULL`. */
  notNull: boolean;
  /** `a` (ALWAYS) or `d` (BY DEFAULT) for identity columns, else "". */
  identity: string;
  /** Sequence options of an identity column, canonical text. */
  identityOptions: string;
  /** `s` (stored) or `v` (virtual) for generated columns, else "". */
  generated: string;
  /** Generation expression. */
  generationExpr: string | null;
  /** Qualified collation when it differs from the type's default. */
  collation: string | null;
  /** Storage when it differs from the type's default (`p`, `e`, `m`, `x`). */
  storage: string | null;
  /** Statistics target when set (SET STATISTICS). */
  statistics: number | null;
  /** Compression method when set (`p` pglz, `l` lz4). */
  compression: string | null;
  /** Attribute options (`n_distinct=100`), as ALTER COLUMN … SET takes them. */
  options?: string[];
  /**
   * The column comes from a parent (partition, INHERITS): its type, default and NOT NULL
   * follow the parent; only its own settings (comment, privileges, storage, statistics,
   * options) belong to it.
   */
  inherited?: boolean;
  /** Position in the table (for CREATE TABLE). */
  position: number;
}

/** Table-level properties (kind `table`). */
export interface TableInfo {
  /** `r` ordinary, `p` partitioned. */
  relkind: string;
  /** `UNLOGGED`. */
  unlogged: boolean;
  /** Row-level security enabled. */
  rowSecurity: boolean;
  /** Row-level security forced on the owner too. */
  forceRowSecurity: boolean;
  /** `d` default, `n` nothing, `f` full, `i` index. */
  replicaIdentity: string;
  /** Index name for replica identity `i`. */
  replicaIndex: string | null;
  /** Name of the index the table is clustered on (CLUSTER ON), if any. */
  clusterIndex?: string | null;
  /** Storage parameters (`fillfactor=70`). */
  reloptions: string[];
  /** `PARTITION BY` clause body, e.g. `RANGE (created_at)`. */
  partitionKey: string | null;
  /** Parent table (qualified) when this is a partition. */
  partitionOf: string | null;
  /** `FOR VALUES …` / `DEFAULT`. */
  partitionBound: string | null;
  /** Inheritance parents (qualified, in order) for non-partition children. */
  inherits: string[];
  /** Table access method when not heap. */
  accessMethod: string | null;
}

/** Sequence properties (kind `sequence`). */
export interface SequenceInfo {
  /** The sequence's type (`bigint`). */
  dataType: string;
  /** `START WITH` value. */
  start: string;
  /** `INCREMENT BY` value. */
  increment: string;
  /** `MINVALUE`. */
  min: string;
  /** `MAXVALUE`. */
  max: string;
  /** `CACHE`. */
  cache: string;
  /** `CYCLE`. */
  cycle: boolean;
  /** `column:` identity of the owning column (OWNED BY), if any. */
  ownedBy: string | null;
  /** The owning column as SQL (`"public"."t"."id"`). */
  ownedByRef?: string;
  /** `column:` identity of the identity column this sequence implements (made and dropped with it). */
  identityOf?: string;
}

/** Domain properties (kind `domain`). */
export interface DomainInfo {
  /** The type the domain is based on. */
  baseType: string;
  /** `NOT NULL`. */
  notNull: boolean;
  /** Default expression, or null. */
  default: string | null;
  /** Qualified collation when set, or null. */
  collation: string | null;
  /** Constraint name to definition (`CHECK (…)`, possibly `NOT VALID`). */
  constraints: Record<string, string>;
}

/** One object of the catalog. */
export interface CatalogObject {
  /** Stable identity: `<kind>:<schema>.<name>[(args)]`. */
  id: string;
  /** The kind of object. */
  kind: ObjectKind;
  /** Schema name, or null for schema-less objects (schemas, extensions, event triggers). */
  schema: string | null;
  /** Object name (unqualified). */
  name: string;
  /** The owning table/view identity for columns, defaults, constraints, indexes, triggers, policies, rules. */
  parent?: string;
  /** SQL reference used after `COMMENT ON`: `TABLE "public"."t"`. */
  target: string;
  /** SQL reference used after `GRANT … ON`, when the kind has privileges. */
  grantTarget?: string;
  /** Canonical definition text: two objects with the same id and definition are equal. */
  definition: string;
  /** Statements that create the object (for tables and columns the plan builds them). */
  create: string[];
  /** Statements that drop the object. */
  drop: string[];
  /** Identities this object depends on (pg_depend). */
  deps: string[];
  /** Identities named in a function body (pg_depend does not record them): used for ordering only. */
  softDeps?: string[];
  /** `COMMENT ON` text, or null. */
  comment: string | null;
  /** Privileges (owner's own entries left out); null when the kind has none. */
  acl: AclEntry[] | null;
  /** Sub-object comments (view columns, composite attributes): COMMENT ON target to text. */
  subComments?: Record<string, string>;
  /** Owner role (quoted), for kinds that have an owner of their own (not indexes, constraints…). */
  owner?: string;
  /** Roles the object names (policy `TO` roles, the role of default privileges), quoted as in SQL. */
  roles?: string[];
  /** Column defaults of a view (ALTER VIEW … ALTER COLUMN … SET DEFAULT): column name to expression. */
  viewDefaults?: Record<string, string>;
  /** Column privileges of a view or materialized view: column name to entries. */
  columnAcl?: Record<string, AclEntry[]>;
  /** Table properties (kind `table`). */
  table?: TableInfo;
  /** Column properties (kind `column`). */
  column?: ColumnInfo;
  /** Sequence properties (kind `sequence`). */
  sequence?: SequenceInfo;
  /** Domain properties (kind `domain`). */
  domain?: DomainInfo;
  /** Enum labels in order (kind `type`, enums only). */
  enumLabels?: string[];
  /** Function result type and argument list, for CREATE OR REPLACE decisions. */
  signature?: { args: string; result: string };
  /** Result column list (name type), for views: CREATE OR REPLACE is valid when columns are only appended. */
  columns?: string[];
  /** Constraint type letter (`p`, `u`, `c`, `f`, `x`) for constraints. */
  constraintType?: string;
  /** True when the constraint was created NOT VALID and never validated. */
  notValid?: boolean;
  /** Whether an index belongs to a partitioned table (no CONCURRENTLY). */
  onPartitioned?: boolean;
  /** True for a dependent that the server drops automatically with its parent. */
  autoDropsWith?: string;
  /** Comment lines in the source DDL naming a previous name (`-- confiture:renamed-from old`). */
  renamedFrom?: string;
}

/** An object present in the database that the diff does not handle. */
export interface UnsupportedObject {
  /** The object's kind (`pg_class` relkind or catalog name). */
  kind: string;
  /** Its identity, as for catalog objects. */
  id: string;
}

/** A database schema as the diff sees it. */
export interface Catalog {
  /** `server_version_num` of the inspected database. */
  serverVersion: number;
  /** Every object, by identity. */
  objects: Record<string, CatalogObject>;
  /** Objects of kinds the diff does not handle, listed so that the diff can refuse loudly. */
  unsupported: UnsupportedObject[];
  /** The role that inspected the database (quoted): objects a script creates belong to it. */
  currentUser?: string;
  /** Casts that exist (`source\ttarget`, `format_type` names without modifiers), for `USING` expressions. */
  casts?: string[];
  /**
   * Keys, foreign keys, column facts and owned sequences of each table, by table identity; read for
   * data movement and never compared by the diff (see {@link tableFacts}).
   */
  tables?: Record<string, TableShape>;
  /** Row and size estimates of each table, by table identity: they change from run to run and are never compared. */
  stats?: Record<string, TableStats>;
}

/** The identity of an object: `kind:schema.name`, or `kind:name` for schema-less kinds. */
export function objectId(kind: string, schema: string | null, name: string): string {
  return schema === null ? `${kind}:${name}` : `${kind}:${schema}.${name}`;
}

/** Objects of `catalog` sorted by identity. */
export function sortedObjects(catalog: Catalog): CatalogObject[] {
  return Object.keys(catalog.objects).sort().map((k) => catalog.objects[k]);
}

/** Column definition text as used in CREATE TABLE and ADD COLUMN. */
export function columnDefinition(o: CatalogObject, inlineDefault: string | null): string {
  const c = o.column!;
  let s = `${quoteIdent(o.name)} ${c.type}`;
  if (c.collation) s += ` COLLATE ${c.collation}`;
  if (c.generated) {
    s += ` GENERATED ALWAYS AS (${c.generationExpr})${c.generated === "v" ? " VIRTUAL" : " STORED"}`;
  }
  if (c.identity) {
    s += ` GENERATED ${c.identity === "a" ? "ALWAYS" : "BY DEFAULT"} AS IDENTITY${
      c.identityOptions ? ` (${c.identityOptions})` : ""
    }`;
  }
  if (inlineDefault != null) s += ` DEFAULT ${inlineDefault}`;
  if (c.notNull) s += " NOT NULL";
  return s;
}

const INLINE_DEFAULT_DEPS = ["type:", "domain:", "collation:", "extension:", "schema:", "function:"];

/**
 * True when a default can be written inside CREATE TABLE / ADD COLUMN: it depends on
 * nothing but its table, types, collations, extensions and functions (not on a sequence).
 */
export function defaultIsInline(d: CatalogObject): boolean {
  const parent = d.parent;
  if (parent === undefined) return false;
  return d.deps.every((x) =>
    x === parent || x.startsWith(`column:${parent.slice(6)}.`) || INLINE_DEFAULT_DEPS.some((p) => x.startsWith(p))
  );
}

/** ALTER COLUMN statements for column settings that CREATE TABLE cannot hold everywhere (storage, statistics, compression). */
export function columnSettingsSql(table: string, o: CatalogObject): string[] {
  const c = o.column!;
  const col = `ALTER TABLE ${table} ALTER COLUMN ${quoteIdent(o.name)}`;
  const out: string[] = [];
  const storage = ({ p: "PLAIN", e: "EXTERNAL", m: "MAIN", x: "EXTENDED" } as Record<string, string>)[c.storage ?? ""];
  if (storage) out.push(`${col} SET STORAGE ${storage}`);
  if (c.statistics != null) out.push(`${col} SET STATISTICS ${c.statistics}`);
  const comp = ({ p: "pglz", l: "lz4" } as Record<string, string>)[c.compression ?? ""];
  if (comp) out.push(`${col} SET COMPRESSION ${comp}`);
  if (c.options?.length) out.push(`${col} SET (${c.options.join(", ")})`);
  return out;
}
