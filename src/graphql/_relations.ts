/**
 * Relations: which to-one fields hold foreign key columns (and which are the inverse side of a
 * one-to-one), which to-one field each list field is the inverse of, and which lists pair into
 * a many-to-many join table. Ambiguities are problems at the field.
 * @module
 */
import type { SourceLocation } from "../errors/mod.ts";
import type { Classified, FieldInfo, KeyColumn, ObjectInfo } from "./_classify.ts";
import { columnType, isGeneratedId } from "./_classify.ts";
import type { Problems } from "./_problems.ts";
import { fitName, singular, snakeCase, SQL_NAME } from "./naming.ts";

/** The foreign key columns of an owning to-one field. */
export interface OwningColumns {
  /** The columns of the field's table, with their types. */
  columns: KeyColumn[];
  /** The referenced columns of the target table. */
  targetColumns: string[];
  /** With `@relation(fields:)`: the scalar fields that are those columns (no new column). */
  viaFields?: FieldInfo[];
  /** The columns' names before a `@renamedFrom` of the field. */
  oldNames?: string[];
}

/** A many-to-many join table. */
export interface JoinSpec {
  /** The table name, and its name before a rename of either side. */
  table: string;
  oldTable?: string;
  /** The two sides: `a` lists `b`'s rows (and `b.field`, when paired, lists `a`'s). */
  a: JoinSide;
  b: JoinSide;
  loc: SourceLocation;
}

/** One side of a join table. */
export interface JoinSide {
  info: ObjectInfo;
  /** The list field of this side, if it has one (one-sided many-to-many: only `a` has). */
  field?: FieldInfo;
  /** The join columns referencing this side's key, and their names before a rename. */
  columns: KeyColumn[];
  oldColumns: string[];
  /** This side's key columns. */
  key: string[];
}

/** The relations of the whole model. */
export interface Relations {
  owning: Map<FieldInfo, OwningColumns>;
  /** The inverse side of a one-to-one, and the owning field it mirrors. */
  inverseOne: Map<FieldInfo, FieldInfo>;
  /** A list that is the inverse of a to-one field of the listed type. */
  inverseMany: Map<FieldInfo, FieldInfo>;
  /** A list stored in a join table. */
  manyToMany: Map<FieldInfo, JoinSpec>;
  joins: JoinSpec[];
  /** One-to-one owners: their columns are unique. */
  oneToOne: Set<FieldInfo>;
  warnings: { loc: SourceLocation; message: string }[];
}

const who = (f: FieldInfo) => `${f.field.owner}.${f.field.name}`;
const relName = (f: FieldInfo) => f.field.relation?.name;

/** Resolves every relation; problems are recorded, not thrown. */
export function resolveRelations(
  c: Classified,
  keyColumns: (info: ObjectInfo) => KeyColumn[],
  problems: Problems,
): Relations {
  const rel: Relations = {
    owning: new Map(),
    inverseOne: new Map(),
    inverseMany: new Map(),
    manyToMany: new Map(),
    joins: [],
    oneToOne: new Set(),
    warnings: [],
  };
  const style = c.settings.style;
  const all = c.objects.flatMap((o) => o.fields);
  const ownerOf = new Map<FieldInfo, ObjectInfo>();
  for (const o of c.objects) for (const f of o.fields) ownerOf.set(f, o);
  checkRelationDirectives(all, style, problems);

  // One-to-one: two to-one fields with the same @relation(name) pointing at each other.
  const toOnes = all.filter((f) => f.kind === "toOne");
  for (const f of toOnes) {
    const name = relName(f);
    if (name === undefined || rel.inverseOne.has(f) || rel.oneToOne.has(f)) continue;
    const mine = ownerOf.get(f)!;
    const partners = f.target!.fields.filter((g) =>
      g !== f && g.kind === "toOne" && g.target === mine && relName(g) === name
    );
    if (partners.length === 0) continue;
    if (partners.length > 1) {
      problems.add(
        "GRAPHQL_AMBIGUOUS_RELATION",
        `field ${who(f)}: relation "${name}" has ${partners.length + 1} to-one fields`,
        f.field.relation!.loc,
        "a relation name pairs exactly two fields",
      );
      continue;
    }
    const g = partners[0];
    const owner = pickOwner(f, g);
    if (!owner) {
      problems.add(
        "GRAPHQL_AMBIGUOUS_RELATION",
        `one-to-one ${who(f)} <-> ${who(g)}: which side holds the foreign key?`,
        f.field.loc,
        style === "plain"
          ? "make that side non-null (and the other nullable), or give it @relation(fields: …)"
          : "make that side non-null, and the other nullable",
      );
      continue;
    }
    const inverse = owner === f ? g : f;
    rel.oneToOne.add(owner);
    rel.inverseOne.set(inverse, owner);
  }

  // Owning to-one fields: their foreign key columns.
  for (const f of toOnes) {
    if (rel.inverseOne.has(f)) continue;
    const cols = owningColumns(f, ownerOf.get(f)!, keyColumns, c, problems);
    if (cols) rel.owning.set(f, cols);
  }
  // Unnamed owning fields by "owner type -> target type", to find pairs that point at each other.
  const unnamed = new Map<string, FieldInfo[]>();
  for (const f of rel.owning.keys()) {
    if (relName(f) !== undefined) continue;
    const k = `${ownerOf.get(f)!.obj.name}\0${f.target!.obj.name}`;
    unnamed.set(k, [...(unnamed.get(k) ?? []), f]);
  }
  for (const f of rel.owning.keys()) {
    const mine = ownerOf.get(f)!;
    if (relName(f) !== undefined || f.target === mine) continue;
    const back = unnamed.get(`${f.target!.obj.name}\0${mine.obj.name}`)?.[0];
    if (back && mine.obj.name < f.target!.obj.name) {
      rel.warnings.push({
        loc: f.field.loc,
        message: `${who(f)} and ${who(back)} reference each other with two foreign keys; if they are the two sides ` +
          `of one relation, pair them with @relation(name: …) on both`,
      });
    }
  }

  // Lists: the inverse of a to-one, or a many-to-many.
  const lists = all.filter((f) => f.kind === "toMany");
  const resolution = new Map<FieldInfo, { inverse: FieldInfo } | { partner?: FieldInfo }>();
  // The to-one fields of the listed type a list can be the inverse of.
  const oneCandidates = (f: FieldInfo) =>
    f.target!.fields.filter((g) =>
      g !== f && g.kind === "toOne" && g.target === ownerOf.get(f) && relName(g) === relName(f) && rel.owning.has(g)
    );
  // A list can pair with another into a many-to-many when it is marked so, or is no inverse.
  const pairable = (g: FieldInfo) => Boolean(g.field.manyToMany) || oneCandidates(g).length === 0;
  for (const f of lists) {
    const mine = ownerOf.get(f)!;
    const y = f.target!;
    const name = relName(f);
    const listCands = y.fields.filter((g) =>
      g !== f && g.kind === "toMany" && g.target === mine && relName(g) === name && pairable(g)
    );
    if (f.field.manyToMany) {
      let cands = listCands;
      if (cands.length > 1) cands = cands.filter((g) => g.field.manyToMany);
      if (cands.length > 1) {
        ambiguous(problems, f, cands, "lists");
        continue;
      }
      resolution.set(f, { partner: cands[0] });
      continue;
    }
    const oneCands = oneCandidates(f);
    if (oneCands.length > 1) ambiguous(problems, f, oneCands, "to-one fields");
    else if (oneCands.length === 1) resolution.set(f, { inverse: oneCands[0] });
    else if (listCands.length > 1) ambiguous(problems, f, listCands, "lists");
    else if (listCands.length === 1) resolution.set(f, { partner: listCands[0] });
    else {
      problems.add(
        "GRAPHQL_AMBIGUOUS_RELATION",
        `field ${who(f)}: type ${y.obj.name} has no field referring back to ${mine.obj.name}` +
          (name === undefined ? "" : ` in relation "${name}"`),
        f.field.loc,
        `add a to-one field of type ${mine.obj.name} to ${y.obj.name} (one-to-many), ` +
          `or mark the list @manyToMany (join table)`,
      );
    }
  }
  const inverseUsers = new Map<FieldInfo, FieldInfo>();
  for (const f of lists) {
    const r = resolution.get(f);
    if (!r) continue;
    if ("inverse" in r) {
      const first = inverseUsers.get(r.inverse);
      if (first) {
        problems.add(
          "GRAPHQL_AMBIGUOUS_RELATION",
          `fields ${who(first)} and ${who(f)} are both the inverse of ${who(r.inverse)}`,
          f.field.loc,
          "name each relation with @relation(name: …) on both of its sides",
        );
        continue;
      }
      inverseUsers.set(r.inverse, f);
      rel.inverseMany.set(f, r.inverse);
      continue;
    }
    const g = r.partner;
    if (g) {
      const back = resolution.get(g);
      if (!back || !("partner" in back) || back.partner !== f) {
        problems.add(
          "GRAPHQL_AMBIGUOUS_RELATION",
          `field ${who(f)} pairs with ${who(g)}, which pairs with another field`,
          f.field.loc,
          "name each relation with @relation(name: …) on both of its sides",
        );
        continue;
      }
      if (rel.manyToMany.has(g)) {
        rel.manyToMany.set(f, rel.manyToMany.get(g)!);
        continue;
      }
    }
    const spec = joinSpec(f, g, ownerOf, keyColumns, style, problems);
    if (!spec) continue;
    rel.joins.push(spec);
    rel.manyToMany.set(f, spec);
  }
  return rel;
}

function ambiguous(problems: Problems, f: FieldInfo, cands: FieldInfo[], what: string): void {
  problems.add(
    "GRAPHQL_AMBIGUOUS_RELATION",
    `field ${who(f)} is ambiguous: ${f.target!.obj.name} has ${cands.length} ${what} referring back (${
      cands.map((g) => g.field.name).join(", ")
    })`,
    f.field.loc,
    "name the relation with @relation(name: …) on both of its sides",
  );
}

function pickOwner(f: FieldInfo, g: FieldInfo): FieldInfo | undefined {
  const fHas = Boolean(f.field.relation?.fields);
  const gHas = Boolean(g.field.relation?.fields);
  if (fHas !== gHas) return fHas ? f : g;
  if (fHas && gHas) return undefined;
  if (f.field.type.nonNull !== g.field.type.nonNull) return f.field.type.nonNull ? f : g;
  return undefined;
}

function checkRelationDirectives(all: FieldInfo[], style: string, problems: Problems): void {
  for (const f of all) {
    const r = f.field.relation;
    const m = f.field.manyToMany;
    if (f.kind === "ignored") continue;
    if (r && f.kind !== "toOne" && f.kind !== "toMany") {
      problems.add("GRAPHQL_INVALID_DIRECTIVE", `@relation on ${who(f)}, which is not a relation`, r.loc);
    }
    if (m && f.kind !== "toMany") {
      problems.add("GRAPHQL_INVALID_DIRECTIVE", `@manyToMany on ${who(f)}, which is not a list of a type`, m.loc);
    }
    if (m?.table !== undefined && !SQL_NAME.test(m.table)) {
      problems.add("GRAPHQL_INVALID_DIRECTIVE", `@manyToMany(table: "${m.table}") is not a lowercase SQL name`, m.loc);
    }
    if (r && f.kind === "toMany" && (r.fields || r.references || r.onDelete)) {
      problems.add(
        "GRAPHQL_INVALID_DIRECTIVE",
        `@relation on list ${who(f)}: fields, references and onDelete go on the to-one side`,
        r.loc,
        "on a list, @relation takes only name",
      );
    }
    if (r && f.kind === "toOne" && style === "fraiseql" && (r.fields || r.references)) {
      problems.add(
        "GRAPHQL_INVALID_DIRECTIVE",
        `@relation(fields:, references:) on ${who(f)}: the fraiseql style always references pk_ columns`,
        r.loc,
      );
    }
    if (r?.onDelete === "SET_NULL" && f.field.type.nonNull && !r.fields) {
      problems.add(
        "GRAPHQL_INVALID_DIRECTIVE",
        `@relation(onDelete: SET_NULL) on non-null field ${who(f)}`,
        r.loc,
        "make the field nullable, or choose another action",
      );
    }
  }
}

function owningColumns(
  f: FieldInfo,
  mine: ObjectInfo,
  keyColumns: (info: ObjectInfo) => KeyColumn[],
  c: Classified,
  problems: Problems,
): OwningColumns | undefined {
  const y = f.target!;
  const r = f.field.relation;
  const old = f.field.renamedFrom ? fitName(snakeCase(f.field.renamedFrom.name)) : undefined;
  if (c.settings.style === "fraiseql") {
    const key = keyColumns(y);
    return {
      columns: [{ name: fitName(`fk_${f.column}`), type: "bigint" }],
      targetColumns: key.map((k) => k.name),
      ...(old ? { oldNames: [fitName(`fk_${old}`)] } : {}),
    };
  }
  if (!r?.fields) {
    if (r?.references) {
      problems.add("GRAPHQL_INVALID_DIRECTIVE", `@relation(references:) on ${who(f)} needs fields too`, r.loc);
      return undefined;
    }
    const key = keyColumns(y);
    if (key.length === 0) {
      problems.add(
        "GRAPHQL_INVALID_MODEL",
        `field ${who(f)}: type ${y.obj.name} has no key to reference`,
        f.field.type.loc,
        `mark its key with @id (or give it an "id: ID!" field)`,
      );
      return undefined;
    }
    return {
      columns: key.map((k) => ({ name: fitName(`${f.column}_${k.name}`), type: k.type })),
      targetColumns: key.map((k) => k.name),
      ...(old ? { oldNames: key.map((k) => fitName(`${old}_${k.name}`)) } : {}),
    };
  }
  const via: FieldInfo[] = [];
  for (const n of r.fields) {
    const g = mine.byName.get(n.name);
    if (!g || (g.kind !== "scalar" && g.kind !== "enum") || g.field.type.list) {
      problems.add(
        "GRAPHQL_INVALID_DIRECTIVE",
        g
          ? `@relation(fields:) on ${who(f)}: ${mine.obj.name}.${n.name} is not a single-value scalar field`
          : `@relation(fields:) on ${who(f)}: ${mine.obj.name} has no field "${n.name}"`,
        n.loc,
      );
      return undefined;
    }
    via.push(g);
  }
  let refs: FieldInfo[];
  if (r.references) {
    refs = [];
    for (const n of r.references) {
      const g = y.byName.get(n.name);
      if (!g || (g.kind !== "scalar" && g.kind !== "enum") || g.field.type.list) {
        problems.add(
          "GRAPHQL_INVALID_DIRECTIVE",
          g
            ? `@relation(references:) on ${who(f)}: ${y.obj.name}.${n.name} is not a single-value scalar field`
            : `@relation(references:) on ${who(f)}: ${y.obj.name} has no field "${n.name}"`,
          n.loc,
        );
        return undefined;
      }
      refs.push(g);
    }
  } else {
    refs = y.keyFields.filter((k) => k.kind !== "toOne");
    if (refs.length === 0 || refs.length !== y.keyFields.length) {
      problems.add(
        "GRAPHQL_INVALID_MODEL",
        `field ${who(f)}: type ${y.obj.name} has no scalar key to reference`,
        r.loc,
        "name the referenced fields with references: [...]",
      );
      return undefined;
    }
  }
  if (refs.length !== via.length) {
    problems.add(
      "GRAPHQL_INVALID_DIRECTIVE",
      `@relation on ${who(f)}: ${via.length} field(s) for ${refs.length} referenced field(s)`,
      r.loc,
    );
    return undefined;
  }
  if (!isUniqueSet(y, refs)) {
    problems.add(
      "GRAPHQL_INVALID_MODEL",
      `@relation(references:) on ${who(f)}: ${refs.map((g) => g.field.name).join(", ")} of ${y.obj.name} is not a key`,
      r.loc,
      "reference the @id fields, a @unique field, or the fields of a @unique on the type",
    );
    return undefined;
  }
  return {
    columns: via.map((g, i) => ({
      name: g.column,
      type: isGeneratedId(refs[i]) && y.keyFields.includes(refs[i]) ? c.settings.idType : columnType(refs[i]),
    })),
    targetColumns: refs.map((g) => g.column),
    viaFields: via,
  };
}

function isUniqueSet(y: ObjectInfo, refs: FieldInfo[]): boolean {
  const names = new Set(refs.map((g) => g.field.name));
  const same = (list: string[]) => list.length === names.size && list.every((n) => names.has(n));
  if (same(y.keyFields.map((k) => k.field.name))) return true;
  if (refs.length === 1 && refs[0].field.unique.length > 0) return true;
  if (y.obj.unique.some((u) => same((u.fields ?? []).map((n) => n.name)))) return true;
  return y.obj.index.some((i) => i.unique && i.where === undefined && same((i.fields ?? []).map((n) => n.name)));
}

function joinSpec(
  f: FieldInfo,
  g: FieldInfo | undefined,
  ownerOf: Map<FieldInfo, ObjectInfo>,
  keyColumns: (info: ObjectInfo) => KeyColumn[],
  style: string,
  problems: Problems,
): JoinSpec | undefined {
  // Sides in a stable order: by table name, then field name.
  let [fa, fb] = [f, g];
  if (g) {
    const ka = `${ownerOf.get(f)!.table}\0${f.field.name}`;
    const kb = `${ownerOf.get(g)!.table}\0${g.field.name}`;
    if (kb < ka) [fa, fb] = [g, f];
  }
  const a = ownerOf.get(fa)!;
  const b = fa.target!;
  for (const side of [a, b]) {
    if (keyColumns(side).length === 0) {
      problems.add(
        "GRAPHQL_INVALID_MODEL",
        `field ${who(f)}: type ${side.obj.name} has no key for the join table`,
        f.field.loc,
        `mark its key with @id (or give it an "id: ID!" field)`,
      );
      return undefined;
    }
  }
  const tables = [fa.field.manyToMany?.table, fb?.field.manyToMany?.table].filter((t): t is string => t !== undefined);
  if (tables.length === 2 && tables[0] !== tables[1]) {
    problems.add(
      "GRAPHQL_INVALID_DIRECTIVE",
      `@manyToMany on ${who(fa)} and ${who(fb!)} name two tables (${tables[0]}, ${tables[1]})`,
      fb!.field.manyToMany!.loc,
    );
    return undefined;
  }
  const naming = (aTable: string, aEntity: string, bTable: string, bEntity: string, aField: string) => {
    const fraise = style === "fraiseql";
    if (fb && a !== b) {
      return fraise ? `tb_${[aEntity, bEntity].sort().join("_")}` : [aTable, bTable].sort().join("_");
    }
    return fraise ? `tb_${aEntity}_${snakeCase(aField)}` : `${aTable}_${snakeCase(aField)}`;
  };
  const oldName = (o: ObjectInfo) => ({ table: o.oldTable ?? o.table, entity: o.oldEntity ?? o.entity });
  const oldField = (x: FieldInfo) => x.field.renamedFrom?.name ?? x.field.name;
  const table = tables[0] ?? fitName(naming(a.table, a.entity, b.table, b.entity, fa.field.name));
  const previous = tables[0] ??
    fitName(naming(oldName(a).table, oldName(a).entity, oldName(b).table, oldName(b).entity, oldField(fa)));
  // Column prefixes: the entity of each side; for a type related to itself, named after the fields.
  let prefixA = a.entity, prefixB = b.entity, oldPrefixA = oldName(a).entity, oldPrefixB = oldName(b).entity;
  if (a === b) {
    if (fb) {
      [prefixA, prefixB] = [singular(snakeCase(fb.field.name)), singular(snakeCase(fa.field.name))];
      [oldPrefixA, oldPrefixB] = [singular(snakeCase(oldField(fb))), singular(snakeCase(oldField(fa)))];
    } else {
      prefixB = singular(snakeCase(fa.field.name));
      oldPrefixB = singular(snakeCase(oldField(fa)));
    }
  }
  const cols = (o: ObjectInfo, prefix: string): KeyColumn[] =>
    style === "fraiseql"
      ? [{ name: fitName(`fk_${prefix}`), type: "bigint" }]
      : keyColumns(o).map((k) => ({ name: fitName(`${prefix}_${k.name}`), type: k.type }));
  const side = (o: ObjectInfo, field: FieldInfo | undefined, prefix: string, oldPrefix: string): JoinSide => ({
    info: o,
    ...(field ? { field } : {}),
    columns: cols(o, prefix),
    oldColumns: cols(o, oldPrefix).map((k) => k.name),
    key: keyColumns(o).map((k) => k.name),
  });
  return {
    table,
    ...(previous !== table ? { oldTable: previous } : {}),
    a: side(a, fa, prefixA, oldPrefixA),
    b: side(b, fb, prefixB, oldPrefixB),
    loc: (fa.field.manyToMany ?? fb?.field.manyToMany)?.loc ?? fa.field.loc,
  };
}
