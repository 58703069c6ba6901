/**
 * The SDL document as the generator sees it: object types, enums and scalars with their
 * directives read and checked, every part with its place in the source.
 * @module
 */
import type { SourceLocation } from "../errors/mod.ts";
import type { ValueNode } from "graphql/language/ast.js";
import type { ReferentialAction } from "./prelude.ts";

/** A name written in SDL, with its place. */
export interface Named {
  name: string;
  loc: SourceLocation;
}

/** The type of a field: `T`, `T!`, `[T]`, `[T!]!`. */
export interface TypeRef {
  name: string;
  nonNull: boolean;
  list: boolean;
  /** For lists: the items are non-null (`[T!]`). */
  itemNonNull: boolean;
  /** A list of lists: not supported. */
  nested: boolean;
  loc: SourceLocation;
}

/** `@unique` on a field (no fields) or a type (with fields). */
export interface UniqueSpec {
  fields?: Named[];
  name?: string;
  loc: SourceLocation;
}

/** `@index` on a field (no fields) or a type (with fields). */
export interface IndexSpec {
  fields?: Named[];
  unique: boolean;
  where?: string;
  name?: string;
  loc: SourceLocation;
}

/** `@check`. */
export interface CheckSpec {
  sql: string;
  name?: string;
  loc: SourceLocation;
}

/** `@default`: a literal or an SQL expression. */
export interface DefaultSpec {
  value?: ValueNode;
  sql?: string;
  loc: SourceLocation;
}

/** `@relation`. */
export interface RelationSpec {
  name?: string;
  fields?: Named[];
  references?: Named[];
  onDelete?: ReferentialAction;
  loc: SourceLocation;
}

/** A field of an object type. */
export interface SdlField {
  name: string;
  /** The type that declares it. */
  owner: string;
  loc: SourceLocation;
  description?: string;
  type: TypeRef;
  id?: SourceLocation;
  unique: UniqueSpec[];
  index: IndexSpec[];
  default?: DefaultSpec;
  db?: { type: string; loc: SourceLocation };
  check: CheckSpec[];
  relation?: RelationSpec;
  manyToMany?: { table?: string; loc: SourceLocation };
  ignore: boolean;
  renamedFrom?: Named;
}

/** An object type. */
export interface SdlObject {
  name: string;
  loc: SourceLocation;
  /** The source (header name) that declares it. */
  source: string;
  description?: string;
  fields: SdlField[];
  table?: Named;
  unique: UniqueSpec[];
  index: IndexSpec[];
  check: CheckSpec[];
  ignore: boolean;
  renamedFrom?: Named;
  identifier?: SourceLocation;
}

/** An enum type. */
export interface SdlEnum {
  name: string;
  loc: SourceLocation;
  source: string;
  description?: string;
  values: Named[];
}

/** A declared scalar. */
export interface SdlScalar {
  name: string;
  loc: SourceLocation;
  db?: { type: string; loc: SourceLocation };
}

/** Types the generator does not store: interfaces, unions, input types, root operation types. */
export interface SdlOther {
  name: string;
  kind: "interface" | "union" | "input" | "root";
  loc: SourceLocation;
}

/** The whole document. */
export interface SdlDocument {
  /** Object types that become tables (root operation types excluded), in source order. */
  objects: SdlObject[];
  enums: SdlEnum[];
  scalars: Map<string, SdlScalar>;
  others: Map<string, SdlOther>;
}
