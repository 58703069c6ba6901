/**
 * The directives the generator reads, declared as GraphQL SDL (the prelude users can read, and
 * add to their editor's schema), and the same declarations as data for validation.
 * @module
 */

/** The kind of value a directive argument takes. */
export type ArgKind = "string" | "boolean" | "stringList" | "referentialAction" | "any";

/** One argument of a directive. */
export interface ArgSpec {
  name: string;
  kind: ArgKind;
  required?: boolean;
}

/** Where a directive may appear. */
export type DirectiveLocation = "OBJECT" | "FIELD_DEFINITION" | "SCALAR" | "ENUM" | "ENUM_VALUE";

/** One directive of the prelude. */
export interface DirectiveSpec {
  name: string;
  locations: readonly DirectiveLocation[];
  repeatable: boolean;
  args: readonly ArgSpec[];
}

/** The referential actions of `@relation(onDelete:)`. */
export const REFERENTIAL_ACTIONS = ["CASCADE", "RESTRICT", "NO_ACTION", "SET_NULL", "SET_DEFAULT"] as const;

/** A referential action of `@relation(onDelete:)`. */
export type ReferentialAction = (typeof REFERENTIAL_ACTIONS)[number];

const s = (name: string, required = false): ArgSpec => ({ name, kind: "string", required });

/** The directives, by name. */
export const DIRECTIVES: Readonly<Record<string, DirectiveSpec>> = {
  table: { name: "table", locations: ["OBJECT"], repeatable: false, args: [s("name", true)] },
  id: { name: "id", locations: ["FIELD_DEFINITION"], repeatable: false, args: [] },
  unique: {
    name: "unique",
    locations: ["FIELD_DEFINITION", "OBJECT"],
    repeatable: true,
    args: [{ name: "fields", kind: "stringList" }, s("name")],
  },
  index: {
    name: "index",
    locations: ["FIELD_DEFINITION", "OBJECT"],
    repeatable: true,
    args: [{ name: "fields", kind: "stringList" }, { name: "unique", kind: "boolean" }, s("where"), s("name")],
  },
  default: {
    name: "default",
    locations: ["FIELD_DEFINITION"],
    repeatable: false,
    args: [{ name: "value", kind: "any" }, s("sql")],
  },
  db: { name: "db", locations: ["FIELD_DEFINITION", "SCALAR"], repeatable: false, args: [s("type", true)] },
  check: {
    name: "check",
    locations: ["FIELD_DEFINITION", "OBJECT"],
    repeatable: true,
    args: [s("sql", true), s("name")],
  },
  relation: {
    name: "relation",
    locations: ["FIELD_DEFINITION"],
    repeatable: false,
    args: [
      s("name"),
      { name: "fields", kind: "stringList" },
      { name: "references", kind: "stringList" },
      { name: "onDelete", kind: "referentialAction" },
    ],
  },
  manyToMany: { name: "manyToMany", locations: ["FIELD_DEFINITION"], repeatable: false, args: [s("table")] },
  ignore: { name: "ignore", locations: ["FIELD_DEFINITION", "OBJECT"], repeatable: false, args: [] },
  renamedFrom: {
    name: "renamedFrom",
    locations: ["FIELD_DEFINITION", "OBJECT"],
    repeatable: false,
    args: [s("name", true)],
  },
  identifier: { name: "identifier", locations: ["OBJECT"], repeatable: false, args: [] },
};

/** Directives of GraphQL itself, accepted anywhere and ignored. */
export const BUILTIN_DIRECTIVES: ReadonlySet<string> = new Set(["deprecated", "specifiedBy", "oneOf"]);

/**
 * The prelude: every directive the generator reads, with what it does. Valid GraphQL SDL; add
 * it to the schema your editor validates (`confiture graphql --prelude > prelude.graphql`).
 */
export const PRELUDE = `# Directives read by \`confiture graphql\` (GraphQL SDL -> PostgreSQL DDL).

"""What a foreign key does when the row it references is deleted."""
enum ReferentialAction { CASCADE RESTRICT NO_ACTION SET_NULL SET_DEFAULT }

"""Any literal: a string, number, boolean, enum value, list or object (for JSON)."""
scalar DefaultValue

"""The table's name (plain style), or the entity name of tb_<name>, v_<name> and pk_<name> (fraiseql style)."""
directive @table(name: String!) on OBJECT

"""The primary key (several fields: a composite key). An ID field becomes uuid DEFAULT gen_random_uuid(), or a bigint identity with --id-type bigint."""
directive @id on FIELD_DEFINITION

"""A unique constraint: on a field, or on the type with the fields it spans."""
directive @unique(fields: [String!], name: String) repeatable on FIELD_DEFINITION | OBJECT

"""An index: on a field, or on the type with its fields; unique and partial (where: SQL over column names) if asked."""
directive @index(fields: [String!], unique: Boolean = false, where: String, name: String) repeatable on FIELD_DEFINITION | OBJECT

"""The column default: a literal of the field's type (value), or an SQL expression (sql)."""
directive @default(value: DefaultValue, sql: String) on FIELD_DEFINITION

"""The PostgreSQL type of a column, or of every column of a custom scalar."""
directive @db(type: String!) on FIELD_DEFINITION | SCALAR

"""A CHECK constraint (SQL over column names): on a field, or on the type."""
directive @check(sql: String!, name: String) repeatable on FIELD_DEFINITION | OBJECT

"""How a relation maps: name pairs the two sides; fields/references name the key columns (plain style); onDelete is the foreign key's action."""
directive @relation(name: String, fields: [String!], references: [String!], onDelete: ReferentialAction) on FIELD_DEFINITION

"""A list of another type stored in a join table (its name optional)."""
directive @manyToMany(table: String) on FIELD_DEFINITION

"""Not stored: a computed field, or a type that is not a table."""
directive @ignore on FIELD_DEFINITION | OBJECT

"""The previous GraphQL name of this type or field: the table or column is renamed, and keeps its data."""
directive @renamedFrom(name: String!) on FIELD_DEFINITION | OBJECT

"""An identifier text UNIQUE column (a human-readable key next to id)."""
directive @identifier on OBJECT
`;
