/**
 * First pass over the SDL document: the SQL name of every type and field, what each field's
 * type is (a scalar with its PostgreSQL type, an enum, a to-one or to-many relation, or not
 * stored), and the key of every table.
 * @module
 */
import type { SdlDocument, SdlField, SdlObject } from "./_sdl.ts";
import type { EnumDef, Settings } from "./_schema.ts";
import type { Problems } from "./_problems.ts";
import { didYouMean } from "./_suggest.ts";
import { fragmentProblem } from "./_fragment.ts";
import { fitName, plural, snakeCase, SQL_NAME, sqlQualified } from "./naming.ts";
import { BUILTIN_SCALARS, type ScalarMapping } from "./scalars.ts";

/** A stored field's kind. */
export type FieldKind = "scalar" | "enum" | "toOne" | "toMany" | "ignored";

/** What the first pass knows about a field. */
export interface FieldInfo {
  field: SdlField;
  kind: FieldKind;
  /** The column name (snake_case of the field name). */
  column: string;
  /** The GraphQL scalar (kind `scalar`). */
  scalar?: string;
  /** The PostgreSQL type of one value (scalars and enums; lists add `[]`). */
  sqlType?: string;
  /** The CHECK the scalar implies, `{col}` for the column. */
  check?: string;
  /** The literals `@default(value:)` accepts (scalars). */
  literals?: ScalarMapping["literals"];
  enumDef?: EnumDef;
  /** The related type (kinds `toOne`, `toMany`). */
  target?: ObjectInfo;
}

/** What the first pass knows about a stored object type. */
export interface ObjectInfo {
  obj: SdlObject;
  /** The table name. */
  table: string;
  /** The entity name: snake_case singular (`tb_<entity>`, `pk_<entity>` in the fraiseql style). */
  entity: string;
  /** The table and entity names before an `@renamedFrom`. */
  oldTable?: string;
  oldEntity?: string;
  fields: FieldInfo[];
  byName: Map<string, FieldInfo>;
  /** Plain style: the key fields (`@id`, or a field named `id`); fraiseql style: the `id` field, if any. */
  keyFields: FieldInfo[];
}

/** The result of the first pass. */
export interface Classified {
  settings: Settings;
  objects: ObjectInfo[];
  byName: Map<string, ObjectInfo>;
  enums: EnumDef[];
}

/** A key column as other tables reference it. */
export interface KeyColumn {
  name: string;
  /** The type a referencing column gets (`uuid`, `bigint`, …). */
  type: string;
}

/** Classifies every type and field; problems are recorded, not thrown. */
export function classify(doc: SdlDocument, settings: Settings, problems: Problems): Classified {
  const enums: EnumDef[] = doc.enums.map((e) => ({
    name: fitName(snakeCase(e.name)),
    values: e.values.map((v) => v.name),
    ...(e.description ? { comment: e.description } : {}),
    sdl: e,
  }));
  const enumByName = new Map(enums.map((e) => [e.sdl.name, e]));
  const byName = new Map<string, ObjectInfo>();
  const objects: ObjectInfo[] = [];
  const ignoredObjects = new Set(doc.objects.filter((o) => o.ignore).map((o) => o.name));
  for (const obj of doc.objects) {
    if (obj.ignore) continue;
    if (obj.table && !SQL_NAME.test(obj.table.name)) {
      problems.add(
        "GRAPHQL_INVALID_DIRECTIVE",
        `@table(name: "${obj.table.name}") on type ${obj.name} is not a lowercase SQL name`,
        obj.table.loc,
        "use letters, digits and _, starting with a letter or _",
      );
    }
    const names = tableNames(obj.name, obj.table?.name, settings);
    const info: ObjectInfo = { obj, ...names, fields: [], byName: new Map(), keyFields: [] };
    if (obj.renamedFrom) {
      const old = obj.renamedFrom.name;
      const previous = /^[a-z]/.test(old) ? tableNames(old, old, settings) : tableNames(old, undefined, settings);
      if (previous.table !== info.table) info.oldTable = previous.table;
      if (previous.entity !== info.entity) info.oldEntity = previous.entity;
    }
    objects.push(info);
    byName.set(obj.name, info);
  }
  const known = [
    ...Object.keys(BUILTIN_SCALARS),
    ...doc.scalars.keys(),
    ...doc.enums.map((e) => e.name),
    ...doc.objects.map((o) => o.name),
    ...doc.others.keys(),
  ];
  for (const info of objects) {
    for (const f of info.obj.fields) {
      const fi = classifyField(f, info, {
        doc,
        byName,
        enumByName,
        ignoredObjects,
        known,
        problems,
        schema: settings.schema,
      });
      info.fields.push(fi);
      info.byName.set(f.name, fi);
    }
    info.keyFields = keyFieldsOf(info, settings, problems);
  }
  return { settings, objects, byName, enums };
}

function tableNames(typeName: string, override: string | undefined, s: Settings): { table: string; entity: string } {
  const entity = fitName(override ?? snakeCase(typeName));
  if (s.style === "fraiseql") return { table: fitName(`tb_${entity}`), entity };
  return { table: override ?? fitName(plural(snakeCase(typeName))), entity };
}

interface FieldContext {
  doc: SdlDocument;
  byName: Map<string, ObjectInfo>;
  enumByName: Map<string, EnumDef>;
  ignoredObjects: Set<string>;
  known: string[];
  schema: string;
  problems: Problems;
}

function classifyField(f: SdlField, owner: ObjectInfo, c: FieldContext): FieldInfo {
  const who = `${owner.obj.name}.${f.name}`;
  const column = fitName(snakeCase(f.name));
  const ignored: FieldInfo = { field: f, kind: "ignored", column };
  if (f.ignore) return ignored;
  const t = f.type;
  const p = c.problems;
  if (t.nested) {
    p.add("GRAPHQL_UNSUPPORTED", `field ${who}: lists of lists have no column type`, t.loc, "use JSON, or @ignore");
    return ignored;
  }
  const enumDef = c.enumByName.get(t.name);
  const target = c.byName.get(t.name);
  const other = c.doc.others.get(t.name);
  if (enumDef) return { field: f, kind: "enum", column, sqlType: sqlQualified(c.schema, enumDef.name), enumDef };
  if (target) return { field: f, kind: t.list ? "toMany" : "toOne", column, target };
  if (c.ignoredObjects.has(t.name)) {
    p.add(
      "GRAPHQL_INVALID_MODEL",
      `field ${who} refers to type ${t.name}, which is @ignore (no table)`,
      t.loc,
      "mark the field @ignore too",
    );
    return ignored;
  }
  if (other) {
    const what = other.kind === "root" ? "a root operation type" : `the ${other.kind} ${t.name}`;
    p.add(
      other.kind === "interface" || other.kind === "union" ? "GRAPHQL_UNSUPPORTED" : "GRAPHQL_INVALID_MODEL",
      `field ${who} has ${what} as its type: ${
        other.kind === "input" ? "input types are for arguments" : "it has no table"
      }`,
      t.loc,
      other.kind === "interface" || other.kind === "union"
        ? "use an object type, or mark the field @ignore (the API resolves it)"
        : "mark the field @ignore",
    );
    return ignored;
  }
  const declared = c.doc.scalars.get(t.name);
  const builtin = BUILTIN_SCALARS[t.name];
  let mapping: ScalarMapping | undefined;
  if (declared?.db) {
    const bad = fragmentProblem(declared.db.type);
    if (bad) p.add("GRAPHQL_INVALID_DIRECTIVE", `@db(type:) on scalar ${t.name} holds ${bad}`, declared.db.loc);
    mapping = { type: declared.db.type, literals: ["string", "int", "float", "boolean"] };
  } else if (builtin) mapping = builtin;
  if (!mapping) {
    if (declared) {
      p.add(
        "GRAPHQL_UNKNOWN_TYPE",
        `field ${who}: scalar ${t.name} has no PostgreSQL type`,
        t.loc,
        `declare it with one: scalar ${t.name} @db(type: "text")`,
      );
    } else {
      p.add(
        "GRAPHQL_UNKNOWN_TYPE",
        `field ${who}: unknown type ${t.name}`,
        t.loc,
        didYouMean(t.name, c.known) ?? "define it, or declare a scalar with @db(type:)",
      );
    }
    return ignored;
  }
  let sqlType = mapping.type;
  if (f.db) {
    const bad = fragmentProblem(f.db.type);
    if (bad) p.add("GRAPHQL_INVALID_DIRECTIVE", `@db(type:) on field ${who} holds ${bad}`, f.db.loc);
    sqlType = f.db.type;
  }
  return {
    field: f,
    kind: "scalar",
    column,
    scalar: t.name,
    sqlType,
    ...(mapping.check && !f.db ? { check: mapping.check } : {}),
    literals: mapping.literals,
  };
}

function keyFieldsOf(info: ObjectInfo, s: Settings, p: Problems): FieldInfo[] {
  const marked = info.fields.filter((f) => f.field.id !== undefined);
  for (const f of marked) {
    if (f.kind === "ignored" && f.field.ignore) {
      p.add("GRAPHQL_INVALID_MODEL", `field ${info.obj.name}.${f.field.name} is both @id and @ignore`, f.field.id!);
    } else if (f.kind === "toMany" || f.field.type.list) {
      p.add("GRAPHQL_INVALID_MODEL", `@id on list field ${info.obj.name}.${f.field.name}`, f.field.id!);
    }
  }
  const idField = info.byName.get("id");
  if (s.style === "fraiseql") {
    for (const f of marked) {
      if (f.field.name !== "id") {
        p.add(
          "GRAPHQL_INVALID_MODEL",
          `@id on ${info.obj.name}.${f.field.name}: in the fraiseql style the key is pk_${info.entity} and the public id is the field "id"`,
          f.field.id!,
          "use @unique for a natural key",
        );
      }
    }
    if (idField && idField.kind !== "ignored" && (idField.scalar !== "ID" || idField.field.type.list)) {
      p.add(
        "GRAPHQL_INVALID_MODEL",
        `field ${info.obj.name}.id must be of type ID in the fraiseql style (it is the uuid id column)`,
        idField.field.type.loc,
      );
    }
    return idField && idField.kind === "scalar" ? [idField] : [];
  }
  for (const f of marked) {
    if (f.kind === "toOne" && f.field.relation?.fields) {
      p.add(
        "GRAPHQL_INVALID_MODEL",
        `@id on ${info.obj.name}.${f.field.name}, whose key columns are the fields of @relation(fields:)`,
        f.field.id!,
        "put @id on those fields instead",
      );
    }
  }
  const keys = marked.filter((f) =>
    f.kind === "scalar" || f.kind === "enum" || (f.kind === "toOne" && !f.field.relation?.fields)
  );
  if (keys.length > 0) return keys;
  if (marked.length === 0 && idField && idField.kind === "scalar" && !idField.field.type.list) return [idField];
  return [];
}

/** The SQL type of a scalar or enum field, with `[]` for a list. */
export function columnType(f: FieldInfo): string {
  return f.field.type.list ? `${f.sqlType}[]` : f.sqlType!;
}

/** Whether a key field is an `ID` that becomes a generated key (uuid or identity). */
export function isGeneratedId(f: FieldInfo): boolean {
  return f.kind === "scalar" && f.scalar === "ID" && !f.field.db && !f.field.type.list;
}

/**
 * The key columns of a type as other tables reference them (empty when it has none), computed
 * once per type; a key that goes round through to-one key fields is a problem.
 */
export function keyColumnsResolver(
  c: Classified,
  problems: Problems,
): (info: ObjectInfo) => KeyColumn[] {
  const memo = new Map<ObjectInfo, KeyColumn[]>();
  const visiting = new Set<ObjectInfo>();
  const resolve = (info: ObjectInfo): KeyColumn[] => {
    const done = memo.get(info);
    if (done) return done;
    if (c.settings.style === "fraiseql") {
      const cols = [{ name: fitName(`pk_${info.entity}`), type: "bigint" }];
      memo.set(info, cols);
      return cols;
    }
    if (visiting.has(info)) {
      problems.add(
        "GRAPHQL_INVALID_MODEL",
        `the key of type ${info.obj.name} goes round through its own relations`,
        info.obj.loc,
      );
      return [];
    }
    visiting.add(info);
    const cols: KeyColumn[] = [];
    for (const k of info.keyFields) {
      if (k.kind === "toOne") {
        for (const t of resolve(k.target!)) cols.push({ name: fitName(`${k.column}_${t.name}`), type: t.type });
      } else if (isGeneratedId(k)) {
        cols.push({ name: k.column, type: c.settings.idType });
      } else cols.push({ name: k.column, type: columnType(k) });
    }
    visiting.delete(info);
    memo.set(info, cols);
    return cols;
  };
  return resolve;
}
