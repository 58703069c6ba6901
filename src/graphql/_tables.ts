/**
 * The tables: columns, keys, unique and check constraints, foreign keys and indexes of every
 * stored type and join table, with their names.
 * @module
 */
import type { SourceLocation } from "../errors/mod.ts";
import type { ValueNode } from "graphql/language/ast.js";
import { type Classified, columnType, type FieldInfo, isGeneratedId, type ObjectInfo } from "./_classify.ts";
import type { JoinSpec, Relations } from "./_relations.ts";
import type { ColumnDef, ConstraintDef, FieldMapping, TableDef } from "./_schema.ts";
import type { Named } from "./_sdl.ts";
import type { Problems } from "./_problems.ts";
import { defaultSql } from "./_defaults.ts";
import { fragmentProblem } from "./_fragment.ts";
import { didYouMean } from "./_suggest.ts";
import { fitName, snakeCase, SQL_NAME, sqlIdent } from "./naming.ts";

/** The entity tables (one per stored type) with their field mappings, and the join tables. */
export interface Tables {
  entities: { info: ObjectInfo; table: TableDef; fields: Map<string, FieldMapping> }[];
  joins: TableDef[];
}

/** Builds every table; problems are recorded, not thrown. */
export function buildTables(
  c: Classified,
  rel: Relations,
  keyColumns: (info: ObjectInfo) => { name: string; type: string }[],
  locate: (node: ValueNode) => SourceLocation,
  problems: Problems,
): Tables {
  const fraise = c.settings.style === "fraiseql";
  const byInfo = new Map<ObjectInfo, TableDef>();
  const entities: Tables["entities"] = [];
  // The type of a column held for a relation (`@relation(fields:)`): the referenced column's.
  const viaType = new Map<FieldInfo, string>();
  for (const o of rel.owning.values()) o.viaFields?.forEach((f, i) => viaType.set(f, o.columns[i].type));

  for (const info of c.objects) {
    const obj = info.obj;
    const t: TableDef = {
      kind: "entity",
      name: info.table,
      ...(info.oldTable ? { renamedFrom: info.oldTable } : {}),
      object: obj,
      sources: [obj.source],
      origin: `type ${obj.name}`,
      ...(obj.description ? { comment: obj.description } : {}),
      columns: [],
      uniques: [],
      checks: [],
      foreignKeys: [],
      indexes: [],
      loc: obj.loc,
    };
    const fields = new Map<string, FieldMapping>();
    const seen = new Map<string, string>();
    const add = (col: ColumnDef, what: string) => {
      const before = seen.get(col.name);
      if (before) {
        problems.add(
          "GRAPHQL_NAME_COLLISION",
          `${what} and ${before} both become column "${col.name}" of ${t.name}`,
          col.loc,
          "rename one of them",
        );
        return;
      }
      seen.set(col.name, what);
      t.columns.push(col);
    };
    const idField = info.byName.get("id");
    const identField = obj.identifier ? info.byName.get("identifier") : undefined;
    if (fraise) {
      const pk = keyColumns(info)[0].name;
      add({
        name: pk,
        type: "bigint",
        notNull: true,
        identity: true,
        ...(info.oldEntity ? { renamedFrom: fitName(`pk_${info.oldEntity}`) } : {}),
        loc: obj.loc,
      }, `the key of ${obj.name}`);
      add({
        name: "id",
        type: "uuid",
        notNull: true,
        default: "gen_random_uuid()",
        ...(idField?.field.description ? { comment: idField.field.description } : {}),
        loc: idField?.field.loc ?? obj.loc,
      }, `the id of ${obj.name}`);
      if (idField?.kind === "scalar") fields.set("id", { kind: "column", column: "id" });
    }
    if (obj.identifier && identField && (identField.kind !== "scalar" || identField.field.type.list)) {
      problems.add(
        "GRAPHQL_INVALID_MODEL",
        `field ${obj.name}.identifier must be a single scalar (the @identifier column)`,
        identField.field.type.loc,
      );
    }
    // The @identifier column: after the keys (fraiseql: pk_, id), unless the SDL has the field.
    const identifierColumn = (): ColumnDef => ({
      name: "identifier",
      type: identField?.kind === "scalar" && !identField.field.type.list ? columnType(identField) : "text",
      notNull: identField?.field.type.nonNull ?? false,
      ...(identField?.field.description ? { comment: identField.field.description } : {}),
      loc: identField?.field.loc ?? obj.identifier!,
    });
    if (obj.identifier && fraise) {
      add(identifierColumn(), `the @identifier of ${obj.name}`);
      if (identField?.kind === "scalar") fields.set("identifier", { kind: "column", column: "identifier" });
    }
    const keySet = new Set(info.keyFields);
    for (const f of info.fields) {
      const sf = f.field;
      const what = `field ${obj.name}.${sf.name}`;
      if (f.kind === "ignored") continue;
      if (fraise && (f === idField || (obj.identifier && f === identField))) {
        const d = sf.default ?? sf.db;
        if (d) {
          problems.add(
            "GRAPHQL_INVALID_DIRECTIVE",
            `@${sf.default ? "default" : "db"} on ${what}: in the fraiseql style this column is generated ` +
              (f === idField ? "(id uuid DEFAULT gen_random_uuid())" : "(identifier text)"),
            d.loc,
          );
        }
        continue;
      }
      const renamed = sf.renamedFrom ? fitName(snakeCase(sf.renamedFrom.name)) : undefined;
      if (sf.default && (f.kind === "toOne" || f.kind === "toMany")) {
        problems.add("GRAPHQL_INVALID_DIRECTIVE", `@default on relation ${what}`, sf.default.loc);
      }
      if (sf.db && f.kind !== "scalar") {
        problems.add("GRAPHQL_INVALID_DIRECTIVE", `@db on ${what}, which is not a scalar`, sf.db.loc);
      }
      if (f.kind === "scalar" || f.kind === "enum") {
        const isKey = !fraise && keySet.has(f);
        const generated = isKey && isGeneratedId(f);
        const col: ColumnDef = {
          name: f.column,
          type: viaType.get(f) ?? (generated ? c.settings.idType : columnType(f)),
          notNull: sf.type.nonNull || isKey,
          ...(renamed && renamed !== f.column ? { renamedFrom: renamed } : {}),
          ...(sf.description ? { comment: sf.description } : {}),
          loc: sf.loc,
        };
        if (generated && c.settings.idType === "bigint") {
          col.identity = true;
          if (sf.default) {
            problems.add("GRAPHQL_INVALID_DIRECTIVE", `@default on ${what}, an identity key`, sf.default.loc);
          }
        } else if (generated) col.default = "gen_random_uuid()";
        if (sf.default?.sql !== undefined) {
          const bad = fragmentProblem(sf.default.sql);
          if (bad) problems.add("GRAPHQL_INVALID_DIRECTIVE", `@default(sql:) on ${what} holds ${bad}`, sf.default.loc);
          else if (!col.identity) col.default = sf.default.sql;
        } else if (sf.default?.value !== undefined && !col.identity) {
          const d = defaultSql(f, sf.default.value, col.type, locate, problems);
          if (d !== undefined) col.default = d;
        }
        add(col, what);
        fields.set(sf.name, { kind: "column", column: f.column });
        continue;
      }
      if (f.kind === "toOne") {
        const own = rel.owning.get(f);
        if (!own || own.viaFields) continue;
        own.columns.forEach((k, i) => {
          const old = own.oldNames?.[i];
          add({
            name: k.name,
            type: k.type,
            notNull: sf.type.nonNull || (!fraise && keySet.has(f)),
            ...(old && old !== k.name ? { renamedFrom: old } : {}),
            ...(sf.description && own.columns.length === 1 ? { comment: sf.description } : {}),
            loc: sf.loc,
          }, what);
        });
      }
    }
    if (obj.identifier && !fraise && !identField) {
      const keyNames = new Set(info.keyFields.map((k) => k.column));
      let at = 0;
      t.columns.forEach((col, i) => {
        if (keyNames.has(col.name)) at = i + 1;
      });
      const col = identifierColumn();
      if (seen.has(col.name)) add(col, `the @identifier of ${obj.name}`);
      else {
        seen.set(col.name, `the @identifier of ${obj.name}`);
        t.columns.splice(at, 0, col);
      }
    }
    byInfo.set(info, t);
    entities.push({ info, table: t, fields });
  }

  // Keys, foreign keys, constraints and indexes, once every table exists.
  for (const { info, table: t, fields } of entities) {
    const obj = info.obj;
    const cname = new ConstraintNames(t, problems);
    const keys = keyColumns(info).map((k) => k.name);
    if (keys.length > 0 && (fraise || info.keyFields.length > 0)) {
      t.primaryKey = { kind: "primary", name: fitName(`${t.name}_pkey`), columns: keys, loc: obj.loc };
      cname.claim(t.primaryKey);
    }
    const columnsOf = (n: Named, what: string): string[] | undefined => {
      const f = info.byName.get(n.name);
      if (f && (f.kind === "scalar" || f.kind === "enum")) {
        if (fraise && f.field.name === "id") return ["id"];
        return [f.column];
      }
      if (f?.kind === "toOne" && rel.owning.has(f)) return rel.owning.get(f)!.columns.map((k) => k.name);
      if (n.name === "identifier" && obj.identifier) return ["identifier"];
      if (fraise && n.name === "id") return ["id"];
      problems.add(
        "GRAPHQL_INVALID_DIRECTIVE",
        f ? `${what}: ${obj.name}.${n.name} has no column` : `${what}: ${obj.name} has no field "${n.name}"`,
        n.loc,
        f ? "name scalar fields or to-one relations" : didYouMean(n.name, info.fields.map((x) => x.field.name)),
      );
      return undefined;
    };
    const unique = (columns: string[], name: string | undefined, loc: SourceLocation, what: string) => {
      if (name !== undefined && !SQL_NAME.test(name)) {
        problems.add("GRAPHQL_INVALID_DIRECTIVE", `${what}: name "${name}" is not a lowercase SQL name`, loc);
        return;
      }
      if (name === undefined && t.uniques.some((u) => sameList(u.columns, columns))) return;
      const u: ConstraintDef = {
        kind: "unique",
        name: name ?? fitName(`${t.name}_${columns.join("_")}_key`),
        columns,
        loc,
      };
      if (cname.claim(u)) t.uniques.push(u);
    };
    if (fraise) unique(["id"], undefined, obj.loc, `type ${obj.name}`);
    if (obj.identifier) unique(["identifier"], undefined, obj.identifier, `@identifier on ${obj.name}`);
    for (const f of info.fields) {
      const what = `@unique on ${obj.name}.${f.field.name}`;
      for (const u of f.field.unique) {
        const cols = columnsOf({ name: f.field.name, loc: u.loc }, what);
        if (cols) unique(cols, u.name, u.loc, what);
      }
    }
    for (const u of obj.unique) {
      const what = `@unique on type ${obj.name}`;
      const cols = u.fields!.map((n) => columnsOf(n, what));
      if (cols.every((x) => x !== undefined)) unique(cols.flat(), u.name, u.loc, what);
    }
    for (const f of info.fields) {
      const own = rel.owning.get(f);
      if (own && rel.oneToOne.has(f)) {
        unique(own.columns.map((k) => k.name), undefined, f.field.loc, `one-to-one ${obj.name}.${f.field.name}`);
      }
    }
    // Checks: those a scalar implies, non-null list items, then @check on fields and the type.
    const check = (expr: string, name: string | undefined, fallback: string, loc: SourceLocation, what: string) => {
      const bad = fragmentProblem(expr);
      if (bad) {
        problems.add("GRAPHQL_INVALID_DIRECTIVE", `${what} holds ${bad}`, loc);
        return;
      }
      if (name !== undefined && !SQL_NAME.test(name)) {
        problems.add("GRAPHQL_INVALID_DIRECTIVE", `${what}: name "${name}" is not a lowercase SQL name`, loc);
        return;
      }
      let n = name ?? fitName(fallback);
      for (let k = 2; name === undefined && t.checks.some((x) => x.name === n); k++) n = fitName(`${fallback}${k}`);
      const def: ConstraintDef = { kind: "check", name: n, columns: [], check: expr, loc };
      if (cname.claim(def)) t.checks.push(def);
    };
    for (const f of info.fields) {
      const m = fields.get(f.field.name);
      if (m?.kind !== "column") continue;
      const col = sqlIdent(m.column);
      if (f.check && !f.field.type.list) {
        check(f.check.replaceAll("{col}", col), undefined, `${t.name}_${m.column}_format`, f.field.loc, f.scalar!);
      }
      if (f.field.type.list && f.field.type.itemNonNull) {
        check(
          `array_position(${col}, NULL) IS NULL`,
          undefined,
          `${t.name}_${m.column}_items`,
          f.field.type.loc,
          `[${f.field.type.name}!]`,
        );
      }
    }
    for (const f of info.fields) {
      for (const ck of f.field.check) {
        if (f.kind === "toMany" || f.kind === "ignored" || (f.kind === "toOne" && !rel.owning.has(f))) {
          problems.add(
            "GRAPHQL_INVALID_DIRECTIVE",
            `@check on ${obj.name}.${f.field.name}, which has no column`,
            ck.loc,
          );
          continue;
        }
        const cols = columnsOf({ name: f.field.name, loc: ck.loc }, `@check on ${obj.name}.${f.field.name}`);
        if (cols) {
          check(
            ck.sql,
            ck.name,
            `${t.name}_${cols.join("_")}_check`,
            ck.loc,
            `@check(sql:) on ${obj.name}.${f.field.name}`,
          );
        }
      }
    }
    for (const ck of obj.check) check(ck.sql, ck.name, `${t.name}_check`, ck.loc, `@check(sql:) on type ${obj.name}`);
    // Foreign keys.
    for (const f of info.fields) {
      const own = rel.owning.get(f);
      if (!own) continue;
      const cols = own.columns.map((k) => k.name);
      const fk: ConstraintDef = {
        kind: "foreign",
        name: fitName(`${t.name}_${cols.join("_")}_fkey`),
        columns: cols,
        ref: {
          table: byInfo.get(f.target!)!,
          columns: own.targetColumns,
          ...(f.field.relation?.onDelete ? { onDelete: f.field.relation.onDelete } : {}),
        },
        loc: f.field.loc,
      };
      if (cname.claim(fk)) t.foreignKeys.push(fk);
      fields.set(f.field.name, {
        kind: "toOne",
        relation: { field: f.field, table: t, columns: cols, target: fk.ref!.table, targetColumns: own.targetColumns },
      });
    }
    // Indexes: @index on fields and the type, then one per foreign key not already covered.
    const index = (
      cols: string[],
      spec: { unique: boolean; where?: string; name?: string; loc: SourceLocation },
      what: string,
    ) => {
      if (spec.where !== undefined) {
        const bad = fragmentProblem(spec.where);
        if (bad) return problems.add("GRAPHQL_INVALID_DIRECTIVE", `${what}: where holds ${bad}`, spec.loc);
      }
      if (spec.name !== undefined && !SQL_NAME.test(spec.name)) {
        return problems.add(
          "GRAPHQL_INVALID_DIRECTIVE",
          `${what}: name "${spec.name}" is not a lowercase SQL name`,
          spec.loc,
        );
      }
      t.indexes.push({
        name: spec.name ?? fitName(`${t.name}_${cols.join("_")}_idx`),
        columns: cols,
        unique: spec.unique,
        ...(spec.where !== undefined ? { where: spec.where } : {}),
        loc: spec.loc,
      });
    };
    for (const f of info.fields) {
      for (const i of f.field.index) {
        const what = `@index on ${obj.name}.${f.field.name}`;
        const cols = columnsOf({ name: f.field.name, loc: i.loc }, what);
        if (cols) index(cols, i, what);
      }
    }
    for (const i of obj.index) {
      const what = `@index on type ${obj.name}`;
      const cols = i.fields!.map((n) => columnsOf(n, what));
      if (cols.every((x) => x !== undefined)) index(cols.flat(), i, what);
    }
    for (const fk of t.foreignKeys) {
      const covered = [t.primaryKey, ...t.uniques].some((u) => u && startsWith(u.columns, fk.columns)) ||
        t.indexes.some((i) => i.where === undefined && startsWith(i.columns, fk.columns));
      if (!covered) index(fk.columns, { unique: false, loc: fk.loc }, `foreign key ${fk.name}`);
    }
  }

  const entityOf = new Map<FieldInfo, Tables["entities"][number]>();
  for (const e of entities) for (const f of e.info.fields) entityOf.set(f, e);
  for (const { info, fields } of entities) {
    for (const f of info.fields) {
      const owner = rel.inverseOne.get(f);
      const many = rel.inverseMany.get(f);
      const held = owner ?? many;
      const relation = held ? entityOf.get(held)?.fields.get(held.field.name) : undefined;
      if (relation?.kind === "toOne") {
        fields.set(f.field.name, { kind: owner ? "inverseOne" : "toMany", relation: relation.relation });
      }
    }
  }
  const joins = rel.joins.map((j) => joinTable(j, byInfo, problems));
  const joinOf = new Map(rel.joins.map((j, i) => [j, joins[i]]));
  for (const { info, fields } of entities) {
    for (const f of info.fields) {
      const j = rel.manyToMany.get(f);
      if (!j) continue;
      const own = j.a.field === f ? j.a : j.b;
      const other = own === j.a ? j.b : j.a;
      fields.set(f.field.name, {
        kind: "manyToMany",
        join: joinOf.get(j)!,
        ownColumns: own.columns.map((k) => k.name),
        otherColumns: other.columns.map((k) => k.name),
        ownKey: own.key,
        target: byInfo.get(other.info)!,
        targetKey: other.key,
      });
    }
  }
  return { entities, joins };
}

function joinTable(j: JoinSpec, byInfo: Map<ObjectInfo, TableDef>, problems: Problems): TableDef {
  const fa = j.a.field!;
  const t: TableDef = {
    kind: "join",
    name: j.table,
    ...(j.oldTable ? { renamedFrom: j.oldTable } : {}),
    sources: [...new Set([j.a.info.obj.source, j.b.info.obj.source])].sort(),
    origin: j.b.field
      ? `${fa.field.owner}.${fa.field.name} <-> ${j.b.field.field.owner}.${j.b.field.field.name}`
      : `${fa.field.owner}.${fa.field.name}`,
    columns: [],
    uniques: [],
    checks: [],
    foreignKeys: [],
    indexes: [],
    loc: j.loc,
  };
  const seen = new Set<string>();
  for (const side of [j.a, j.b]) {
    side.columns.forEach((k, i) => {
      if (seen.has(k.name)) {
        problems.add(
          "GRAPHQL_NAME_COLLISION",
          `join table ${t.name} (${t.origin}) would have two columns "${k.name}"`,
          j.loc,
          "give the list field another name, or pair the relation with @relation(name:)",
        );
        return;
      }
      seen.add(k.name);
      const old = side.oldColumns[i];
      t.columns.push({
        name: k.name,
        type: k.type,
        notNull: true,
        ...(old !== k.name ? { renamedFrom: old } : {}),
        loc: j.loc,
      });
    });
  }
  const colsA = j.a.columns.map((k) => k.name);
  const colsB = j.b.columns.map((k) => k.name);
  t.primaryKey = { kind: "primary", name: fitName(`${t.name}_pkey`), columns: [...colsA, ...colsB], loc: j.loc };
  for (const [side, cols] of [[j.a, colsA], [j.b, colsB]] as const) {
    t.foreignKeys.push({
      kind: "foreign",
      name: fitName(`${t.name}_${cols.join("_")}_fkey`),
      columns: cols,
      ref: { table: byInfo.get(side.info)!, columns: side.key, onDelete: "CASCADE" },
      loc: j.loc,
    });
  }
  t.indexes.push({ name: fitName(`${t.name}_${colsB.join("_")}_idx`), columns: colsB, unique: false, loc: j.loc });
  return t;
}

/** Constraint names of one table: a name used twice is a problem. */
class ConstraintNames {
  readonly #seen = new Map<string, ConstraintDef>();
  constructor(private readonly table: TableDef, private readonly problems: Problems) {}
  claim(c: ConstraintDef): boolean {
    const before = this.#seen.get(c.name);
    if (before) {
      this.problems.add(
        "GRAPHQL_NAME_COLLISION",
        `two constraints of ${this.table.name} are named ${c.name}`,
        c.loc,
        `the first is at ${before.loc.file}:${before.loc.line}:${before.loc.col}; give one a name:`,
      );
      return false;
    }
    this.#seen.set(c.name, c);
    return true;
  }
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function startsWith(list: string[], prefix: string[]): boolean {
  return prefix.length <= list.length && prefix.every((x, i) => list[i] === x);
}
