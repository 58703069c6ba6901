/**
 * Parses SDL sources with the `graphql` package's parser and walks the AST into an
 * {@link SdlDocument}: object types, enums, scalars and their directives. Syntax errors,
 * duplicate types and bad directives are problems at `file:line:col`.
 * @module
 */
import type { SourceLocation } from "../errors/mod.ts";
import { parse } from "graphql/language/parser.mjs";
import { Source } from "graphql/language/source.mjs";
import { GraphQLError } from "graphql/error/GraphQLError.mjs";
import { Kind } from "graphql/language/kinds.mjs";
import type {
  DefinitionNode,
  EnumTypeDefinitionNode,
  EnumTypeExtensionNode,
  FieldDefinitionNode,
  ObjectTypeDefinitionNode,
  ObjectTypeExtensionNode,
  ScalarTypeDefinitionNode,
  ScalarTypeExtensionNode,
  TypeNode,
} from "graphql/language/ast.js";
import {
  actionArg,
  booleanArg,
  type DirectiveContext,
  type DirectiveUse,
  listArg,
  namedArg,
  readDirectives,
  stringArg,
} from "./_directives.ts";
import type { Problems } from "./_problems.ts";
import type { SdlDocument, SdlEnum, SdlField, SdlObject, SdlScalar, TypeRef } from "./_sdl.ts";
import { SPEC_SCALARS } from "./scalars.ts";
import { DIRECTIVES } from "./prelude.ts";

/** One SDL input. */
export interface GraphqlSource {
  /** The name written in the generated files' headers (a path relative to the project root). */
  name: string;
  /** The SDL text. */
  text: string;
  /** The path shown in error locations (default: `name`). */
  file?: string;
}

const ROOT_NAMES = ["Query", "Mutation", "Subscription"];

type Located = { loc?: { startToken: { line: number; column: number }; source: { name: string } } };

/**
 * Parses every source and reads the document. Throws a ConfitureError when a source does not
 * parse; other problems (a wrong directive, a type defined twice) are recorded in `problems`
 * and left out of the document.
 */
export function readSdl(sources: readonly GraphqlSource[], problems: Problems): SdlDocument {
  const headerName = new Map<string, string>();
  const definitions: DefinitionNode[] = [];
  for (const src of sources) {
    const shown = src.file ?? src.name;
    headerName.set(shown, src.name);
    try {
      definitions.push(...parse(new Source(src.text, shown)).definitions);
    } catch (e) {
      if (!(e instanceof GraphQLError)) throw e;
      const at = e.locations?.[0] ?? { line: 1, column: 1 };
      problems.add(
        "GRAPHQL_SYNTAX_ERROR",
        e.message.replace(/^Syntax Error: /, ""),
        { file: shown, line: at.line, col: at.column },
      );
    }
  }
  problems.throwIfAny();

  const locate = (node: Located): SourceLocation => ({
    file: node.loc?.source.name ?? "",
    line: node.loc?.startToken.line ?? 1,
    col: node.loc?.startToken.column ?? 1,
  });
  const foreign = new Set<string>();
  for (const d of definitions) if (d.kind === Kind.DIRECTIVE_DEFINITION) foreign.add(d.name.value);
  // A declaration of one of the generator's own directives (a copy of the prelude) is not foreign.
  const ctx: DirectiveContext = { problems, foreign, locate };
  for (const d of definitions) {
    if (d.kind === Kind.DIRECTIVE_DEFINITION && isOwnDirective(d.name.value)) foreign.delete(d.name.value);
  }

  const roots = new Set(ROOT_NAMES);
  for (const d of definitions) {
    if (d.kind === Kind.SCHEMA_DEFINITION || d.kind === Kind.SCHEMA_EXTENSION) {
      for (const op of d.operationTypes ?? []) roots.add(op.type.name.value);
    }
  }

  const firstSeen = new Map<string, SourceLocation>();
  const claim = (name: string, loc: SourceLocation): boolean => {
    const before = firstSeen.get(name);
    if (before) {
      problems.add(
        "GRAPHQL_NAME_COLLISION",
        `type ${name} is defined twice (first at ${before.file}:${before.line}:${before.col})`,
        loc,
        "use `extend type` to add fields to a type defined elsewhere",
      );
      return false;
    }
    firstSeen.set(name, loc);
    return true;
  };

  const doc: SdlDocument = { objects: [], enums: [], scalars: new Map(), others: new Map() };
  const objects = new Map<string, SdlObject>();
  const enums = new Map<string, SdlEnum>();
  const extensions: (ObjectTypeExtensionNode | EnumTypeExtensionNode | ScalarTypeExtensionNode)[] = [];
  const source = (node: Located) => headerName.get(node.loc?.source.name ?? "") ?? "";

  for (const d of definitions) {
    switch (d.kind) {
      case Kind.OBJECT_TYPE_DEFINITION: {
        const loc = locate(d.name);
        if (!claim(d.name.value, loc)) break;
        if (roots.has(d.name.value)) {
          doc.others.set(d.name.value, { name: d.name.value, kind: "root", loc });
          break;
        }
        const o = readObject(d, source(d), ctx);
        objects.set(o.name, o);
        doc.objects.push(o);
        break;
      }
      case Kind.ENUM_TYPE_DEFINITION: {
        const loc = locate(d.name);
        if (!claim(d.name.value, loc)) break;
        const e = readEnum(d, source(d), ctx);
        enums.set(e.name, e);
        doc.enums.push(e);
        break;
      }
      case Kind.SCALAR_TYPE_DEFINITION: {
        const loc = locate(d.name);
        if (SPEC_SCALARS.has(d.name.value)) {
          problems.add("GRAPHQL_NAME_COLLISION", `scalar ${d.name.value} is built into GraphQL`, loc);
          break;
        }
        if (!claim(d.name.value, loc)) break;
        doc.scalars.set(d.name.value, readScalar(d, ctx));
        break;
      }
      case Kind.INTERFACE_TYPE_DEFINITION:
      case Kind.UNION_TYPE_DEFINITION:
      case Kind.INPUT_OBJECT_TYPE_DEFINITION: {
        const loc = locate(d.name);
        if (!claim(d.name.value, loc)) break;
        const kind = d.kind === Kind.INTERFACE_TYPE_DEFINITION
          ? "interface"
          : d.kind === Kind.UNION_TYPE_DEFINITION
          ? "union"
          : "input";
        doc.others.set(d.name.value, { name: d.name.value, kind, loc });
        break;
      }
      case Kind.OBJECT_TYPE_EXTENSION:
      case Kind.ENUM_TYPE_EXTENSION:
      case Kind.SCALAR_TYPE_EXTENSION:
        extensions.push(d);
        break;
      default:
        // Directive definitions, schema definitions, other extensions and executable
        // definitions (queries) hold nothing to store.
        break;
    }
  }

  for (const x of extensions) {
    const name = x.name.value;
    const loc = locate(x.name);
    if (x.kind === Kind.OBJECT_TYPE_EXTENSION) {
      if (roots.has(name)) continue;
      const o = objects.get(name);
      if (!o) {
        problems.add("GRAPHQL_UNKNOWN_TYPE", `extend type ${name}: no type ${name} is defined`, loc);
        continue;
      }
      const more = readObject(x, o.source, ctx);
      o.fields.push(...more.fields);
      mergeObjectDirectives(o, more, problems, loc);
    } else if (x.kind === Kind.ENUM_TYPE_EXTENSION) {
      const e = enums.get(name);
      if (!e) {
        problems.add("GRAPHQL_UNKNOWN_TYPE", `extend enum ${name}: no enum ${name} is defined`, loc);
        continue;
      }
      readDirectives(x.directives, "ENUM", `enum ${name}`, ctx);
      e.values.push(...(x.values ?? []).map((v) => {
        readDirectives(v.directives, "ENUM_VALUE", `enum value ${name}.${v.name.value}`, ctx);
        return { name: v.name.value, loc: locate(v.name) };
      }));
    } else {
      const s = doc.scalars.get(name);
      if (!s) {
        problems.add("GRAPHQL_UNKNOWN_TYPE", `extend scalar ${name}: no scalar ${name} is declared`, loc);
        continue;
      }
      const db = readScalar(x, ctx).db;
      if (db && s.db) problems.add("GRAPHQL_INVALID_DIRECTIVE", `@db is given twice on scalar ${name}`, db.loc);
      else if (db) s.db = db;
    }
  }

  for (const o of doc.objects) {
    const seen = new Map<string, SourceLocation>();
    for (const f of o.fields) {
      const before = seen.get(f.name);
      if (before) {
        problems.add(
          "GRAPHQL_NAME_COLLISION",
          `field ${o.name}.${f.name} is defined twice (first at ${before.file}:${before.line}:${before.col})`,
          f.loc,
        );
      } else seen.set(f.name, f.loc);
    }
  }
  for (const e of doc.enums) {
    const seen = new Set<string>();
    for (const v of e.values) {
      if (seen.has(v.name)) {
        problems.add("GRAPHQL_NAME_COLLISION", `enum value ${e.name}.${v.name} is defined twice`, v.loc);
      }
      seen.add(v.name);
    }
  }
  return doc;
}

function isOwnDirective(name: string): boolean {
  return Object.hasOwn(DIRECTIVES, name);
}

function typeRef(node: TypeNode, ctx: DirectiveContext): TypeRef {
  const loc = ctx.locate(node);
  let t = node;
  let nonNull = false;
  if (t.kind === Kind.NON_NULL_TYPE) {
    nonNull = true;
    t = t.type;
  }
  if (t.kind === Kind.NAMED_TYPE) {
    return { name: t.name.value, nonNull, list: false, itemNonNull: false, nested: false, loc };
  }
  let item = t.type;
  let itemNonNull = false;
  if (item.kind === Kind.NON_NULL_TYPE) {
    itemNonNull = true;
    item = item.type;
  }
  if (item.kind === Kind.LIST_TYPE) {
    let inner: TypeNode = item;
    while (inner.kind !== Kind.NAMED_TYPE) inner = inner.type;
    return { name: inner.name.value, nonNull, list: true, itemNonNull, nested: true, loc };
  }
  return { name: item.name.value, nonNull, list: true, itemNonNull, nested: false, loc };
}

function readField(f: FieldDefinitionNode, owner: string, ctx: DirectiveContext): SdlField {
  const who = `field ${owner}.${f.name.value}`;
  const dirs = readDirectives(f.directives, "FIELD_DEFINITION", who, ctx);
  const one = (n: string): DirectiveUse | undefined => dirs.get(n)?.[0];
  const field: SdlField = {
    name: f.name.value,
    owner,
    loc: ctx.locate(f.name),
    ...(f.description ? { description: f.description.value } : {}),
    type: typeRef(f.type, ctx),
    unique: [],
    index: [],
    check: [],
    ignore: Boolean(one("ignore")),
  };
  const id = one("id");
  if (id) field.id = id.loc;
  for (const u of dirs.get("unique") ?? []) {
    if (u.args.has("fields")) {
      ctx.problems.add(
        "GRAPHQL_INVALID_DIRECTIVE",
        `@unique(fields:) on ${who}: fields are for @unique on the type`,
        u.args.get("fields")!.loc,
        "on a field, @unique applies to that field",
      );
      continue;
    }
    field.unique.push({ name: stringArg(u, "name"), loc: u.loc });
  }
  for (const u of dirs.get("index") ?? []) {
    if (u.args.has("fields")) {
      ctx.problems.add(
        "GRAPHQL_INVALID_DIRECTIVE",
        `@index(fields:) on ${who}: fields are for @index on the type`,
        u.args.get("fields")!.loc,
        "on a field, @index applies to that field",
      );
      continue;
    }
    field.index.push({
      unique: booleanArg(u, "unique") ?? false,
      where: stringArg(u, "where"),
      name: stringArg(u, "name"),
      loc: u.loc,
    });
  }
  const def = one("default");
  if (def) {
    const value = def.args.get("value")?.value;
    const sql = stringArg(def, "sql");
    if ((value === undefined) === (sql === undefined)) {
      ctx.problems.add("GRAPHQL_INVALID_DIRECTIVE", `@default on ${who} needs one of value or sql`, def.loc);
    } else field.default = { value, sql, loc: def.loc };
  }
  const db = one("db");
  if (db) field.db = { type: stringArg(db, "type")!, loc: db.args.get("type")!.loc };
  for (const c of dirs.get("check") ?? []) {
    field.check.push({ sql: stringArg(c, "sql")!, name: stringArg(c, "name"), loc: c.args.get("sql")!.loc });
  }
  const rel = one("relation");
  if (rel) {
    field.relation = {
      name: stringArg(rel, "name"),
      fields: listArg(rel, "fields", ctx),
      references: listArg(rel, "references", ctx),
      onDelete: actionArg(rel, "onDelete"),
      loc: rel.loc,
    };
  }
  const m2m = one("manyToMany");
  if (m2m) field.manyToMany = { table: stringArg(m2m, "table"), loc: m2m.loc };
  const ren = one("renamedFrom");
  if (ren) field.renamedFrom = namedArg(ren, "name");
  return field;
}

function readObject(
  d: ObjectTypeDefinitionNode | ObjectTypeExtensionNode,
  source: string,
  ctx: DirectiveContext,
): SdlObject {
  const name = d.name.value;
  const dirs = readDirectives(d.directives, "OBJECT", `type ${name}`, ctx);
  const one = (n: string): DirectiveUse | undefined => dirs.get(n)?.[0];
  const o: SdlObject = {
    name,
    loc: ctx.locate(d.name),
    source,
    ...(d.kind === Kind.OBJECT_TYPE_DEFINITION && d.description ? { description: d.description.value } : {}),
    fields: (d.fields ?? []).map((f) => readField(f, name, ctx)),
    unique: [],
    index: [],
    check: [],
    ignore: Boolean(one("ignore")),
  };
  const table = one("table");
  if (table) o.table = namedArg(table, "name");
  for (const u of dirs.get("unique") ?? []) {
    const fields = listArg(u, "fields", ctx);
    if (!fields || fields.length === 0) {
      ctx.problems.add("GRAPHQL_INVALID_DIRECTIVE", `@unique on type ${name} needs fields: ["a", "b"]`, u.loc);
      continue;
    }
    o.unique.push({ fields, name: stringArg(u, "name"), loc: u.loc });
  }
  for (const u of dirs.get("index") ?? []) {
    const fields = listArg(u, "fields", ctx);
    if (!fields || fields.length === 0) {
      ctx.problems.add("GRAPHQL_INVALID_DIRECTIVE", `@index on type ${name} needs fields: ["a", "b"]`, u.loc);
      continue;
    }
    o.index.push({
      fields,
      unique: booleanArg(u, "unique") ?? false,
      where: stringArg(u, "where"),
      name: stringArg(u, "name"),
      loc: u.loc,
    });
  }
  for (const c of dirs.get("check") ?? []) {
    o.check.push({ sql: stringArg(c, "sql")!, name: stringArg(c, "name"), loc: c.args.get("sql")!.loc });
  }
  const ren = one("renamedFrom");
  if (ren) o.renamedFrom = namedArg(ren, "name");
  const ident = one("identifier");
  if (ident) o.identifier = ident.loc;
  return o;
}

function mergeObjectDirectives(o: SdlObject, more: SdlObject, problems: Problems, loc: SourceLocation): void {
  o.unique.push(...more.unique);
  o.index.push(...more.index);
  o.check.push(...more.check);
  const twice = (k: string) => problems.add("GRAPHQL_INVALID_DIRECTIVE", `@${k} is given twice on type ${o.name}`, loc);
  if (more.table) o.table ? twice("table") : o.table = more.table;
  if (more.renamedFrom) o.renamedFrom ? twice("renamedFrom") : o.renamedFrom = more.renamedFrom;
  if (more.identifier) o.identifier ? twice("identifier") : o.identifier = more.identifier;
  if (more.ignore) o.ignore ? twice("ignore") : o.ignore = true;
}

function readEnum(d: EnumTypeDefinitionNode, source: string, ctx: DirectiveContext): SdlEnum {
  readDirectives(d.directives, "ENUM", `enum ${d.name.value}`, ctx);
  return {
    name: d.name.value,
    loc: ctx.locate(d.name),
    source,
    ...(d.description ? { description: d.description.value } : {}),
    values: (d.values ?? []).map((v) => {
      readDirectives(v.directives, "ENUM_VALUE", `enum value ${d.name.value}.${v.name.value}`, ctx);
      return { name: v.name.value, loc: ctx.locate(v.name) };
    }),
  };
}

function readScalar(d: ScalarTypeDefinitionNode | ScalarTypeExtensionNode, ctx: DirectiveContext): SdlScalar {
  const dirs = readDirectives(d.directives, "SCALAR", `scalar ${d.name.value}`, ctx);
  const db = dirs.get("db")?.[0];
  return {
    name: d.name.value,
    loc: ctx.locate(d.name),
    ...(db ? { db: { type: stringArg(db, "type")!, loc: db.args.get("type")!.loc } } : {}),
  };
}
