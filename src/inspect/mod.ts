/**
 * Catalog inspection: one batched query per object kind (each in `queries/*.sql`),
 * turned into a {@link Catalog}. PostgreSQL deparses every definition
 * (`pg_get_viewdef`, `pg_get_functiondef`, `pg_get_indexdef`, …); dependencies come
 * from `pg_depend` plus references found in function bodies.
 * @module
 */
import type { Session } from "../db/mod.ts";
import { columnDefinition, defaultIsInline } from "../model/mod.ts";
import type { AclEntry, Catalog, CatalogObject, ColumnInfo, ObjectKind, UnsupportedObject } from "../model/mod.ts";
import { quoteIdent, quoteLiteral, quoteQualified } from "../sql/mod.ts";
import qSchemas from "./queries/schemas.sql" with { type: "text" };
import qExtensions from "./queries/extensions.sql" with { type: "text" };
import qRelations from "./queries/relations.sql" with { type: "text" };
import qColumns from "./queries/columns.sql" with { type: "text" };
import qSequences from "./queries/sequences.sql" with { type: "text" };
import qConstraints from "./queries/constraints.sql" with { type: "text" };
import qIndexes from "./queries/indexes.sql" with { type: "text" };
import qTypes from "./queries/types.sql" with { type: "text" };
import qFunctions from "./queries/functions.sql" with { type: "text" };
import qTriggers from "./queries/triggers.sql" with { type: "text" };
import qEventTriggers from "./queries/event_triggers.sql" with { type: "text" };
import qPolicies from "./queries/policies.sql" with { type: "text" };
import qRules from "./queries/rules.sql" with { type: "text" };
import qCollations from "./queries/collations.sql" with { type: "text" };
import qStatistics from "./queries/statistics.sql" with { type: "text" };
import qDefaultPrivileges from "./queries/default_privileges.sql" with { type: "text" };
import qDepend from "./queries/depend.sql" with { type: "text" };
import qExtMembers from "./queries/ext_members.sql" with { type: "text" };
import qUnsupported from "./queries/unsupported.sql" with { type: "text" };
import qCasts from "./queries/casts.sql" with { type: "text" };
import qPublications from "./queries/publications.sql" with { type: "text" };
import qTextSearch from "./queries/text_search.sql" with { type: "text" };

/** Options of {@link inspectCatalog}. */
export interface InspectOptions {
  /** Only these schemas (default: every non-system schema). */
  includeSchemas?: string[];
  /** Leave these schemas out. */
  excludeSchemas?: string[];
}

// deno-lint-ignore no-explicit-any
type R = Record<string, any>;

const CLS = {
  class: "1259",
  type: "1247",
  proc: "1255",
  constraint: "2606",
  attrdef: "2604",
  rewrite: "2618",
  trigger: "2620",
  namespace: "2615",
  extension: "3079",
  collation: "3456",
  policy: "3256",
  statistic: "3381",
  eventTrigger: "3466",
  tsDict: "3600",
  tsConfig: "3602",
};

const q = quoteIdent;
const qq = quoteQualified;

function acl(raw: unknown): AclEntry[] {
  const v = jsonValue(raw);
  if (!Array.isArray(v)) return [];
  // Array order is kept: it is the order of the aclitems, which dumps show.
  return (v as [string, string, boolean][]).map(([grantee, privilege, grantable]) => ({
    grantee,
    privilege,
    grantable,
  }));
}

function stripSemi(s: string): string {
  return s.trim().replace(/;$/, "").trim();
}

function jsonValue(v: unknown): unknown {
  return typeof v === "string" ? JSON.parse(v) : v;
}

function pgArray(v: unknown): string[] {
  if (v == null) return [];
  if (Array.isArray(v)) return v as string[];
  const s = String(v);
  if (s === "{}") return [];
  return s.replace(/^\{|\}$/g, "").split(",").map((x) => x.replace(/^"|"$/g, ""));
}

/**
 * Reads the schema of the database behind `db` into a {@link Catalog}. The session's
 * `search_path` is set to empty for the duration so every deparsed name is qualified.
 *
 * @example
 * ```ts
 * const catalog = await inspectCatalog(db, { excludeSchemas: ["audit"] });
 * console.log(Object.keys(catalog.objects).length);
 * ```
 */
export async function inspectCatalog(db: Session, opts: InspectOptions = {}): Promise<Catalog> {
  const [{ path, version, role }] = await db.query<{ path: string; version: string; role: string }>(
    "select pg_catalog.current_setting('search_path') as path, pg_catalog.current_setting('server_version_num') as version, pg_catalog.quote_ident(current_user) as role",
  );
  await db.query("select pg_catalog.set_config('search_path', '', false)");
  try {
    const run = (text: string) => db.query<R>(text);
    // One query per object kind, all sent at once: the driver pipelines them on the session.
    const kinds = {
      schemas: qSchemas,
      extensions: qExtensions,
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
      extMembers: qExtMembers,
      unsupported: qUnsupported,
      casts: qCasts,
      publications: qPublications,
      textSearch: qTextSearch,
    };
    const results = await Promise.all(Object.values(kinds).map(run));
    const rows = Object.fromEntries(Object.keys(kinds).map((k, i) => [k, results[i]])) as Record<
      keyof typeof kinds,
      R[]
    >;
    return { ...buildCatalog(Number(version), rows, opts), currentUser: role };
  } finally {
    await db.query("select pg_catalog.set_config('search_path', $1, false)", [path]);
  }
}

/** Raw rows of each inspection query, by query name. */
export type InspectRows = Record<string, R[]>;

/** Builds a {@link Catalog} from the rows of the inspection queries (pure). */
export function buildCatalog(serverVersion: number, rows: InspectRows, opts: InspectOptions = {}): Catalog {
  const objects: Record<string, CatalogObject> = {};
  const unsupported: UnsupportedObject[] = [];
  const byOid = new Map<string, string>(); // `${classid}:${oid}` -> id
  const colKey = new Map<string, string>(); // `${relid}:${attnum}` -> column id
  const defaultDeps = new Map<string, string>(); // default id -> column id
  const include = opts.includeSchemas && opts.includeSchemas.length > 0 ? new Set(opts.includeSchemas) : null;
  const exclude = new Set(opts.excludeSchemas ?? []);
  const wanted = (schema: string | null) =>
    schema === null || ((include === null || include.has(schema)) && !exclude.has(schema));

  const add = (o: Omit<CatalogObject, "deps" | "acl" | "comment"> & Partial<CatalogObject>, oidKey?: string) => {
    const obj: CatalogObject = { deps: [], acl: null, comment: null, ...o };
    if (oidKey) byOid.set(oidKey, obj.id);
    // A schema is filtered by its own name (--schema, --exclude-schema), other objects by their schema.
    if (!wanted(obj.kind === "schema" ? obj.name : obj.schema)) return obj;
    objects[obj.id] = obj;
    return obj;
  };

  // Extensions and their members.
  const extByOid = new Map<string, string>();
  for (const r of rows.extensions) {
    const id = `extension:${r.name}`;
    extByOid.set(r.oid, id);
    add({
      id,
      kind: "extension",
      schema: null,
      name: r.name,
      target: `EXTENSION ${q(r.name)}`,
      definition: `extension ${r.name} schema ${r.schema}`,
      create: [`CREATE EXTENSION IF NOT EXISTS ${q(r.name)} WITH SCHEMA ${q(r.schema)}`],
      drop: [`DROP EXTENSION ${q(r.name)}`],
      comment: r.comment,
      deps: [`schema:${r.schema}`],
    }, `${CLS.extension}:${r.oid}`);
  }
  const extMember = new Map<string, string>();
  for (const r of rows.extMembers) {
    const ext = extByOid.get(r.extoid);
    if (ext) extMember.set(`${r.classid}:${r.objid}`, ext);
  }
  for (const [k, v] of extMember) byOid.set(k, v);

  for (const r of rows.schemas) {
    add({
      id: `schema:${r.name}`,
      kind: "schema",
      schema: null,
      name: r.name,
      target: `SCHEMA ${q(r.name)}`,
      owner: r.owner,
      grantTarget: `SCHEMA ${q(r.name)}`,
      definition: `schema ${r.name}`,
      create: [`CREATE SCHEMA ${q(r.name)}`],
      drop: [`DROP SCHEMA ${q(r.name)}`],
      comment: r.comment,
      acl: acl(r.acl),
    }, `${CLS.namespace}:${r.oid}`);
  }
  const schemaOf = (o: CatalogObject) => (o.schema ? [`schema:${o.schema}`] : []);

  // Collations.
  for (const r of rows.collations) {
    const p = jsonValue(r.props) as R;
    const provider = ({ c: "libc", i: "icu", b: "builtin", d: "default" } as R)[p.collprovider] ?? "libc";
    const locale = p.colllocale ?? p.colliculocale ?? null;
    const parts = [`provider = ${provider}`];
    if (provider === "libc") {
      parts.push(`lc_collate = ${quoteLiteral(p.collcollate ?? "")}`, `lc_ctype = ${quoteLiteral(p.collctype ?? "")}`);
    } else parts.push(`locale = ${quoteLiteral(locale ?? "")}`);
    if (p.collicurules) parts.push(`rules = ${quoteLiteral(p.collicurules)}`);
    if (p.collisdeterministic === false) parts.push("deterministic = false");
    const name = qq(r.schema, r.name);
    const o = add({
      id: `collation:${r.schema}.${r.name}`,
      kind: "collation",
      schema: r.schema,
      name: r.name,
      target: `COLLATION ${name}`,
      owner: r.owner,
      definition: parts.join(", "),
      create: [`CREATE COLLATION ${name} (${parts.join(", ")})`],
      drop: [`DROP COLLATION ${name}`],
      comment: r.comment,
    }, `${CLS.collation}:${r.oid}`);
    o.deps.push(...schemaOf(o));
  }

  // Text search dictionaries, then configurations (their mappings name dictionaries).
  const tsRows = rows.textSearch ?? [];
  for (
    const r of [
      ...tsRows.filter((x) => x.what === "dictionary"),
      ...tsRows.filter((x) => x.what !== "dictionary"),
    ]
  ) {
    const dict = r.what === "dictionary";
    const name = qq(r.schema, r.name);
    const word = dict ? "TEXT SEARCH DICTIONARY" : "TEXT SEARCH CONFIGURATION";
    const deps = [`schema:${r.schema}`];
    let create: string[];
    if (dict) {
      create = [`CREATE ${word} ${name} (TEMPLATE = ${r.template}${r.options ? `, ${r.options}` : ""})`];
    } else {
      create = [`CREATE ${word} ${name} (PARSER = ${r.parser})`];
      const byToken = new Map<string, string[]>();
      for (
        const [alias, , dictOid, dictName] of (jsonValue(r.mappings) as [string, number, string, string][] | null) ?? []
      ) {
        let l = byToken.get(alias);
        if (!l) byToken.set(alias, l = []);
        l.push(dictName);
        const d = byOid.get(`${CLS.tsDict}:${dictOid}`);
        if (d && !deps.includes(d)) deps.push(d);
      }
      for (const [alias, dicts] of byToken) {
        create.push(`ALTER ${word} ${name} ADD MAPPING FOR ${q(alias)} WITH ${dicts.join(", ")}`);
      }
    }
    const o = add({
      id: `${dict ? "text_search_dictionary" : "text_search_configuration"}:${r.schema}.${r.name}`,
      kind: dict ? "text_search_dictionary" : "text_search_configuration",
      schema: r.schema,
      name: r.name,
      target: `${word} ${name}`,
      owner: r.owner,
      definition: create.join(";\n"),
      create,
      drop: [`DROP ${word} ${name}`],
      comment: r.comment,
    }, `${dict ? CLS.tsDict : CLS.tsConfig}:${r.oid}`);
    o.deps.push(...deps);
  }

  // Types.
  for (const r of rows.types) {
    const name = qq(r.schema, r.name);
    const key = `${CLS.type}:${r.oid}`;
    if (r.typtype === "m") continue; // multirange: made with its range type
    if (r.typtype === "b" || r.typtype === "p") {
      if (wanted(r.schema)) unsupported.push({ kind: r.typtype === "b" ? "base_type" : "shell_type", id: name });
      continue;
    }
    let o: CatalogObject;
    if (r.typtype === "e") {
      const labels = jsonValue(r.labels) as string[] ?? [];
      o = add({
        id: `type:${r.schema}.${r.name}`,
        kind: "type",
        schema: r.schema,
        name: r.name,
        target: `TYPE ${name}`,
        owner: r.owner,
        grantTarget: `TYPE ${name}`,
        definition: `enum (${labels.map(quoteLiteral).join(", ")})`,
        create: [`CREATE TYPE ${name} AS ENUM (${labels.map(quoteLiteral).join(", ")})`],
        drop: [`DROP TYPE ${name}`],
        comment: r.comment,
        acl: acl(r.acl),
        enumLabels: labels,
      }, key);
    } else if (r.typtype === "d") {
      o = add({
        id: `domain:${r.schema}.${r.name}`,
        kind: "domain",
        schema: r.schema,
        name: r.name,
        target: `DOMAIN ${name}`,
        owner: r.owner,
        grantTarget: `DOMAIN ${name}`,
        definition: "",
        create: [],
        drop: [`DROP DOMAIN ${name}`],
        comment: r.comment,
        acl: acl(r.acl),
        domain: {
          baseType: r.base_type,
          notNull: r.typnotnull,
          default: r.typdefault,
          collation: r.collation,
          constraints: {},
        },
      }, key);
    } else {
      const g = jsonValue(r.range) as R;
      const parts = [`SUBTYPE = ${g.subtype}`];
      if (g.opclass) parts.push(`SUBTYPE_OPCLASS = ${g.opclass}`);
      if (g.collation) parts.push(`COLLATION = ${g.collation}`);
      if (g.canonical) parts.push(`CANONICAL = ${g.canonical}`);
      if (g.subdiff) parts.push(`SUBTYPE_DIFF = ${g.subdiff}`);
      if (g.multirange) parts.push(`MULTIRANGE_TYPE_NAME = ${g.multirange}`);
      o = add({
        id: `type:${r.schema}.${r.name}`,
        kind: "type",
        schema: r.schema,
        name: r.name,
        target: `TYPE ${name}`,
        owner: r.owner,
        grantTarget: `TYPE ${name}`,
        definition: `range (${parts.join(", ")})`,
        create: [`CREATE TYPE ${name} AS RANGE (${parts.join(", ")})`],
        drop: [`DROP TYPE ${name}`],
        comment: r.comment,
        acl: acl(r.acl),
      }, key);
      if (g.multirange_oid) byOid.set(`${CLS.type}:${g.multirange_oid}`, o.id);
    }
    if (r.typarray && r.typarray !== "0") byOid.set(`${CLS.type}:${r.typarray}`, o.id);
    o.deps.push(...schemaOf(o));
  }

  // Relations.
  interface Rel {
    r: R;
    id: string;
    kind: ObjectKind | null;
  }
  const rels = new Map<string, Rel>();
  const relName = (oid: string) => {
    const rel = rels.get(oid);
    return rel ? qq(rel.r.schema, rel.r.name) : "";
  };
  for (const r of rows.relations) {
    const kind: ObjectKind | null = ({
      r: "table",
      p: "table",
      v: "view",
      m: "materialized_view",
      c: "type",
      S: "sequence",
    } as Record<string, ObjectKind>)[r.relkind] ?? null;
    // Typed tables (CREATE TABLE … OF type) and foreign tables are not handled: listed as unsupported.
    const other = r.relkind === "f" ? "foreign_table" : r.is_typed ? "typed_table" : null;
    const id = kind && !other ? `${kind}:${r.schema}.${r.name}` : `${other}:${r.schema}.${r.name}`;
    rels.set(r.oid, { r, id, kind: other ? null : kind });
    byOid.set(`${CLS.class}:${r.oid}`, id);
    if (r.reltype && r.reltype !== "0") byOid.set(`${CLS.type}:${r.reltype}`, id);
    if (r.typarray && r.typarray !== "0") byOid.set(`${CLS.type}:${r.typarray}`, id);
    if (other && wanted(r.schema)) unsupported.push({ kind: other, id: qq(r.schema, r.name) });
  }
  const colsByRel = new Map<string, R[]>();
  for (const c of rows.columns) {
    let list = colsByRel.get(c.relid);
    if (!list) colsByRel.set(c.relid, list = []);
    list.push(c);
  }
  const seqByOid = new Map<string, R>();
  for (const s of rows.sequences) seqByOid.set(s.oid, s);
  const identityOf = new Map<string, R>(); // `${relid}:${attnum}` -> identity sequence row
  for (const s of rows.sequences) {
    if (!s.owner) continue;
    const [relid, attnum, deptype] = String(s.owner).split(":");
    if (deptype === "i") identityOf.set(`${relid}:${attnum}`, s);
  }

  /**
   * A column inherited from a parent (partitions, INHERITS) is created by the parent; what the
   * child sets on its own (a NOT NULL or a default the parent lacks) becomes an object of the
   * child: a `constraint` (type `n`) for NOT NULL, a `default` for the default.
   */
  const inheritedOverrides = (r: R, tableId: string, tname: string, c: R): string | undefined => {
    let pc: R | undefined;
    let prel: Rel | undefined;
    for (const poid of (jsonValue(r.parent_oids) as string[] | null) ?? []) {
      pc = (colsByRel.get(poid) ?? []).find((x) => x.name === c.name);
      if (pc) {
        prel = rels.get(poid);
        break;
      }
    }
    if (!pc || !prel) return undefined;
    const pcol = `${prel.r.schema}.${prel.r.name}.${c.name}`;
    if (c.attgenerated || c.attidentity) return `column:${pcol}`;
    const base = `${r.schema}.${r.name}.${c.name}`;
    const col = `ALTER TABLE ONLY ${tname} ALTER COLUMN ${q(c.name)}`;
    if (c.attnotnull && !pc.attnotnull) {
      const o = add({
        id: `constraint:${base} not null`,
        kind: "constraint",
        schema: r.schema,
        name: `${c.name} not null`,
        parent: tableId,
        target: "",
        definition: "NOT NULL",
        create: [`ALTER TABLE ${tname} ALTER COLUMN ${q(c.name)} SET NOT NULL`],
        drop: [`ALTER TABLE ${tname} ALTER COLUMN ${q(c.name)} DROP NOT NULL`],
        constraintType: "n",
      });
      o.deps.push(tableId, `column:${pcol}`, `constraint:${pcol} not null`);
    }
    if ((c.default_expr ?? null) !== (pc.default_expr ?? null)) {
      const reset = pc.default_expr != null ? `${col} SET DEFAULT ${pc.default_expr}` : `${col} DROP DEFAULT`;
      const o = add({
        id: `default:${base}`,
        kind: "default",
        schema: r.schema,
        name: c.name,
        parent: tableId,
        target: "",
        definition: c.default_expr ?? "NULL",
        create: [c.default_expr != null ? `${col} SET DEFAULT ${c.default_expr}` : `${col} DROP DEFAULT`],
        drop: [reset],
      });
      // After the parent's default, whose changes reach the children.
      o.deps.push(tableId, `column:${pcol}`, `default:${pcol}`);
      if (c.default_oid) byOid.set(`${CLS.attrdef}:${c.default_oid}`, o.id);
    }
    return `column:${pcol}`;
  };

  for (const [oid, rel] of rels) {
    const r = rel.r;
    if (!rel.kind) continue;
    const name = qq(r.schema, r.name);
    const cols = colsByRel.get(oid) ?? [];
    if (rel.kind === "sequence") {
      const s = seqByOid.get(oid);
      if (!s) continue;
      let ownedBy: string | null = null;
      let ownedByRef: string | undefined;
      if (s.owner) {
        const [relid, attnum, deptype] = String(s.owner).split(":");
        const owner = rels.get(relid);
        const col = (colsByRel.get(relid) ?? []).find((c) => String(c.attnum) === attnum);
        if (deptype === "i") {
          // An identity sequence is made and dropped with its column; only its comment and
          // privileges are its own.
          if (!owner || !col) continue;
          const cid = `column:${owner.r.schema}.${owner.r.name}.${col.name}`;
          add({
            id: rel.id,
            kind: "sequence",
            schema: r.schema,
            name: r.name,
            target: `SEQUENCE ${name}`,
            grantTarget: `SEQUENCE ${name}`,
            owner: r.owner,
            definition: `identity of ${cid}`,
            create: [],
            drop: [],
            comment: r.comment,
            acl: acl(r.acl),
            deps: [cid],
            autoDropsWith: cid,
            sequence: {
              dataType: s.data_type,
              start: s.start,
              increment: s.increment,
              min: s.min,
              max: s.max,
              cache: s.cache,
              cycle: s.cycle,
              ownedBy: null,
              identityOf: cid,
            },
          });
          continue;
        }
        if (owner && col) {
          ownedBy = `column:${owner.r.schema}.${owner.r.name}.${col.name}`;
          ownedByRef = `${qq(owner.r.schema, owner.r.name)}.${q(col.name)}`;
        }
      }
      const opts = seqOptions(s);
      const o = add({
        id: rel.id,
        kind: "sequence",
        schema: r.schema,
        name: r.name,
        target: `SEQUENCE ${name}`,
        owner: r.owner,
        grantTarget: `SEQUENCE ${name}`,
        definition: `AS ${s.data_type} ${opts}`,
        create: [`CREATE SEQUENCE ${name} AS ${s.data_type} ${opts}`],
        drop: [`DROP SEQUENCE ${name}`],
        comment: r.comment,
        acl: acl(r.acl),
        sequence: {
          dataType: s.data_type,
          start: s.start,
          increment: s.increment,
          min: s.min,
          max: s.max,
          cache: s.cache,
          cycle: s.cycle,
          ownedBy,
        },
      });
      if (ownedBy) {
        o.autoDropsWith = ownedBy;
        o.sequence!.ownedByRef = ownedByRef;
        o.create.push(`ALTER SEQUENCE ${name} OWNED BY ${o.sequence!.ownedByRef}`);
      }
      o.deps.push(...schemaOf(o));
      continue;
    }
    if (rel.kind === "type") {
      const attrs = cols.map((c) => `${q(c.name)} ${c.type}${c.collation ? ` COLLATE ${c.collation}` : ""}`);
      const sub: Record<string, string> = {};
      for (const c of cols) if (c.comment != null) sub[`COLUMN ${name}.${q(c.name)}`] = c.comment;
      const o = add({
        id: rel.id,
        kind: "type",
        schema: r.schema,
        name: r.name,
        target: `TYPE ${name}`,
        owner: r.owner,
        grantTarget: `TYPE ${name}`,
        definition: `composite (${attrs.join(", ")})`,
        create: [`CREATE TYPE ${name} AS (${attrs.join(", ")})`],
        drop: [`DROP TYPE ${name}`],
        comment: r.type_comment,
        subComments: sub,
      });
      o.deps.push(...schemaOf(o));
      continue;
    }
    if (rel.kind === "view" || rel.kind === "materialized_view") {
      const mat = rel.kind === "materialized_view";
      const opts = pgArray(r.reloptions);
      const withOpts = opts.length ? ` WITH (${opts.join(", ")})` : "";
      const body = stripSemi(r.viewdef ?? "");
      const sub: Record<string, string> = {};
      for (const c of cols) if (c.comment != null) sub[`COLUMN ${name}.${q(c.name)}`] = c.comment;
      const viewDefaults: Record<string, string> = {};
      for (const c of cols) if (c.default_expr != null) viewDefaults[c.name] = c.default_expr;
      const columnAcl: Record<string, AclEntry[]> = {};
      for (const c of cols) {
        const entries = acl(c.acl);
        if (entries.length) columnAcl[c.name] = entries;
      }
      const create = mat
        ? `CREATE MATERIALIZED VIEW ${name}${
          r.access_method ? ` USING ${q(r.access_method)}` : ""
        }${withOpts} AS\n${body}\nWITH DATA`
        : `CREATE VIEW ${name}${withOpts} AS\n${body}`;
      const o = add({
        id: rel.id,
        kind: rel.kind,
        schema: r.schema,
        name: r.name,
        target: `${mat ? "MATERIALIZED VIEW" : "VIEW"} ${name}`,
        owner: r.owner,
        grantTarget: `TABLE ${name}`,
        definition: create,
        create: [create],
        drop: [`DROP ${mat ? "MATERIALIZED VIEW" : "VIEW"} ${name}`],
        comment: r.comment,
        acl: acl(r.acl),
        subComments: sub,
        columnAcl,
        viewDefaults,
        columns: cols.map((c) => `${q(c.name)} ${c.type}`),
      });
      o.deps.push(...schemaOf(o));
      for (const c of cols) colKey.set(`${oid}:${c.attnum}`, rel.id);
      continue;
    }
    // Tables.
    const isPartition = !!r.relispartition;
    const parents = (jsonValue(r.parents) as string[] | null) ?? [];
    const table = add({
      id: rel.id,
      kind: "table",
      schema: r.schema,
      name: r.name,
      target: `TABLE ${name}`,
      owner: r.owner,
      grantTarget: `TABLE ${name}`,
      definition: "",
      create: [],
      drop: [`DROP TABLE ${name}`],
      comment: r.comment,
      acl: acl(r.acl),
      table: {
        relkind: r.relkind,
        unlogged: r.relpersistence === "u",
        rowSecurity: r.relrowsecurity,
        forceRowSecurity: r.relforcerowsecurity,
        replicaIdentity: r.relreplident,
        replicaIndex: r.replica_index,
        clusterIndex: r.cluster_index ?? null,
        reloptions: [...pgArray(r.reloptions), ...pgArray(r.toast_options).map((o) => `toast.${o}`)],
        partitionKey: r.partkey,
        partitionOf: isPartition ? parents[0] ?? null : null,
        partitionBound: r.partbound,
        inherits: isPartition ? [] : parents,
        accessMethod: r.access_method,
      },
    });
    table.deps.push(...schemaOf(table));
    for (const c of cols) {
      const cid = `column:${r.schema}.${r.name}.${c.name}`;
      const inherited = isPartition || (c.attinhcount > 0);
      const ident = identityOf.get(`${oid}:${c.attnum}`);
      if (ident) byOid.set(`${CLS.class}:${ident.oid}`, inherited ? rel.id : cid);
      const columnBase = {
        id: cid,
        kind: "column" as const,
        schema: r.schema,
        name: c.name,
        parent: rel.id,
        target: `COLUMN ${name}.${q(c.name)}`,
        grantTarget: `TABLE ${name}`,
        definition: "",
        create: [],
        comment: c.comment,
        acl: acl(c.acl),
      };
      if (inherited) {
        colKey.set(`${oid}:${c.attnum}`, cid);
        if (c.default_oid) byOid.set(`${CLS.attrdef}:${c.default_oid}`, rel.id);
        const parentCol = inheritedOverrides(r, rel.id, name, c);
        add({
          ...columnBase,
          drop: [],
          deps: [rel.id, ...(parentCol ? [parentCol] : [])],
          autoDropsWith: parentCol,
          column: { ...columnOf(c, ""), inherited: true },
        });
        continue;
      }
      colKey.set(`${oid}:${c.attnum}`, cid);
      const col = add({
        ...columnBase,
        drop: [`ALTER TABLE ${name} DROP COLUMN ${q(c.name)}`],
        column: columnOf(c, ident ? `SEQUENCE NAME ${relName(ident.oid) || "?"} ${seqOptions(ident)}` : ""),
      });
      col.deps.push(rel.id);
      if (c.default_oid && !c.attgenerated) {
        const did = `default:${r.schema}.${r.name}.${c.name}`;
        add({
          id: did,
          kind: "default",
          schema: r.schema,
          name: c.name,
          parent: rel.id,
          target: "",
          definition: c.default_expr,
          create: [`ALTER TABLE ${name} ALTER COLUMN ${q(c.name)} SET DEFAULT ${c.default_expr}`],
          drop: [`ALTER TABLE ${name} ALTER COLUMN ${q(c.name)} DROP DEFAULT`],
          deps: [cid],
        }, `${CLS.attrdef}:${c.default_oid}`);
        defaultDeps.set(did, cid);
      } else if (c.default_oid) {
        byOid.set(`${CLS.attrdef}:${c.default_oid}`, cid);
      }
    }
  }

  // Constraints.
  const conById = new Map<string, R>();
  for (const r of rows.constraints) conById.set(r.oid, r);
  for (const r of rows.constraints) {
    if (r.typid && r.typid !== "0") {
      const did = byOid.get(`${CLS.type}:${r.typid}`);
      const d = did ? objects[did] : undefined;
      byOid.set(`${CLS.constraint}:${r.oid}`, did ?? "");
      if (d?.domain) d.domain.constraints[r.name] = r.def;
      if (d?.domain && r.comment != null) {
        (d.subComments ??= {})[`CONSTRAINT ${q(r.name)} ON DOMAIN ${qq(d.schema!, d.name)}`] = r.comment;
      }
      continue;
    }
    const rel = rels.get(r.relid);
    if (!rel || rel.kind !== "table") continue;
    if ((r.parentid && r.parentid !== "0") || (!r.conislocal && r.coninhcount > 0)) {
      byOid.set(`${CLS.constraint}:${r.oid}`, rel.id);
      continue;
    }
    const tname = qq(rel.r.schema, rel.r.name);
    const id = `constraint:${rel.r.schema}.${rel.r.name}.${r.name}`;
    // The comment of a constraint's index (COMMENT ON INDEX) belongs to the constraint.
    const indexComments: Record<string, string> = {};
    if (r.index_comment != null && r.index_name) {
      indexComments[`INDEX ${qq(rel.r.schema, r.index_name)}`] = r.index_comment;
    }
    // pg_get_constraintdef leaves out the storage parameters of the index: they go before DEFERRABLE.
    const indexOptions = pgArray(r.index_options);
    if (indexOptions.length) {
      r.def = String(r.def).replace(
        /((?: DEFERRABLE)?(?: INITIALLY DEFERRED)?)$/,
        ` WITH (${indexOptions.join(", ")})$1`,
      );
    }
    const o = add({
      id,
      kind: "constraint",
      schema: rel.r.schema,
      name: r.name,
      parent: rel.id,
      target: `CONSTRAINT ${q(r.name)} ON ${tname}`,
      definition: r.def,
      create: [`ALTER TABLE ${tname} ADD CONSTRAINT ${q(r.name)} ${r.def}`],
      drop: [`ALTER TABLE ${tname} DROP CONSTRAINT IF EXISTS ${q(r.name)}`],
      comment: r.comment,
      constraintType: r.contype,
      subComments: indexComments,
      notValid: !r.convalidated,
      onPartitioned: rel.r.relkind === "p",
    }, `${CLS.constraint}:${r.oid}`);
    o.deps.push(rel.id);
    if (r.indid && r.indid !== "0" && "pux".includes(r.contype)) byOid.set(`${CLS.class}:${r.indid}`, id);
  }

  // Indexes.
  const attached: [string, string, string, string][] = []; // child index id and oid, parent index oid, table id
  for (const r of rows.indexes) {
    const rel = rels.get(r.relid);
    if (!rel) continue;
    if (r.constraint_oid) continue; // mapped with its constraint
    const name = qq(r.schema, r.name);
    // On a partitioned table, create the index on every partition too (PostgreSQL attaches them).
    if (r.table_relkind === "p") r.def = String(r.def).replace(/ ON ONLY /, " ON ");
    const indexCreate = [String(r.def)];
    for (const [attnum, target] of (jsonValue(r.column_statistics) as [number, number][] | null) ?? []) {
      indexCreate.push(`ALTER INDEX ${name} ALTER COLUMN ${attnum} SET STATISTICS ${target}`);
    }
    const o = add({
      id: `index:${r.schema}.${r.name}`,
      kind: "index",
      schema: r.schema,
      name: r.name,
      parent: rel.id,
      target: `INDEX ${name}`,
      definition: indexCreate.join(";\n"),
      create: indexCreate,
      // An index attached to a partitioned index goes with it (or with its table).
      drop: r.is_partition_child ? [] : [`DROP INDEX IF EXISTS ${name}`],
      comment: r.comment,
      onPartitioned: r.table_relkind === "p",
    }, `${CLS.class}:${r.oid}`);
    o.deps.push(rel.id);
    if (r.is_partition_child) attached.push([o.id, r.oid, r.parent_index, rel.id]);
  }
  // The index of a partition attached to a partitioned index is made first, under its own name:
  // creating the partitioned index then attaches it instead of making one with a generated name.
  for (const [child, childOid, parentOid, tableId] of attached) {
    const parent = byOid.get(`${CLS.class}:${parentOid}`);
    const p = parent ? objects[parent] : undefined;
    if (p?.kind === "index" && objects[child]) {
      objects[child].autoDropsWith = p.id;
      // Ordering only (created after its attached indexes), never a reason to rebuild.
      (p.softDeps ??= []).push(child);
    } else {
      // Attached to a constraint's index: the constraint makes it.
      delete objects[child];
      byOid.set(`${CLS.class}:${childOid}`, tableId);
    }
  }
  // Replica identity using an index: the table depends on it.
  for (const o of Object.values(objects)) {
    if (o.table?.replicaIdentity === "i" && o.table.replicaIndex) {
      const idx = `index:${o.schema}.${o.table.replicaIndex}`;
      o.table.replicaIndex = idx;
    }
  }

  // Functions, procedures, aggregates.
  const functionNames = new Map<string, string[]>();
  for (const r of rows.functions) {
    const kind: ObjectKind = r.prokind === "p" ? "procedure" : r.prokind === "a" ? "aggregate" : "function";
    const name = qq(r.schema, r.name);
    const id = `${kind}:${r.schema}.${r.name}(${r.argtypes})`;
    const word = kind === "procedure" ? "PROCEDURE" : kind === "aggregate" ? "AGGREGATE" : "FUNCTION";
    let create: string;
    if (kind === "aggregate") {
      const a = jsonValue(r.aggregate) as R;
      const parts = [`SFUNC = ${a.sfunc}`, `STYPE = ${a.stype}`];
      if (a.sspace) parts.push(`SSPACE = ${a.sspace}`);
      if (a.finalfunc) parts.push(`FINALFUNC = ${a.finalfunc}`);
      if (a.finalextra) parts.push("FINALFUNC_EXTRA");
      if (a.finalfunc && a.finalmodify && a.finalmodify !== (a.kind === "n" ? "r" : "w")) {
        parts.push(`FINALFUNC_MODIFY = ${({ r: "READ_ONLY", s: "SHAREABLE", w: "READ_WRITE" } as R)[a.finalmodify]}`);
      }
      if (a.combinefunc) parts.push(`COMBINEFUNC = ${a.combinefunc}`);
      if (a.serialfunc) parts.push(`SERIALFUNC = ${a.serialfunc}`);
      if (a.deserialfunc) parts.push(`DESERIALFUNC = ${a.deserialfunc}`);
      if (a.initcond != null) parts.push(`INITCOND = ${quoteLiteral(a.initcond)}`);
      if (a.msfunc) parts.push(`MSFUNC = ${a.msfunc}`, `MINVFUNC = ${a.minvfunc}`, `MSTYPE = ${a.mstype}`);
      if (a.mfinalfunc) parts.push(`MFINALFUNC = ${a.mfinalfunc}`);
      if (a.minitcond != null) parts.push(`MINITCOND = ${quoteLiteral(a.minitcond)}`);
      if (a.sortop) parts.push(`SORTOP = ${a.sortop.replace(/\(.*$/, "")}`);
      if (a.parallel && a.parallel !== "u") {
        parts.push(`PARALLEL = ${({ s: "SAFE", r: "RESTRICTED" } as R)[a.parallel]}`);
      }
      if (a.kind === "h") parts.push("HYPOTHETICAL");
      create = `CREATE AGGREGATE ${name}(${r.args || "*"}) (${parts.join(", ")})`;
    } else {
      create = String(r.def).trim();
    }
    const o = add({
      id,
      kind,
      schema: r.schema,
      name: r.name,
      target: `${word} ${name}(${r.identity_args})`,
      owner: r.owner,
      grantTarget: `${kind === "procedure" ? "PROCEDURE" : "FUNCTION"} ${name}(${r.identity_args})`,
      definition: create,
      create: [create],
      drop: [`DROP ${word} ${name}(${r.identity_args})`],
      comment: r.comment,
      acl: acl(r.acl),
      signature: { args: r.args, result: r.result ?? "" },
    }, `${CLS.proc}:${r.oid}`);
    o.deps.push(...schemaOf(o));
    if (!r.atomic && (r.language === "sql" || r.language === "plpgsql") && kind !== "aggregate") {
      functionNames.set(o.id, identifierWords(String(r.source ?? "")));
    }
  }

  // Triggers.
  for (const r of rows.triggers) {
    const rel = rels.get(r.relid);
    if (!rel || !rel.kind) continue;
    const tname = qq(rel.r.schema, rel.r.name);
    if (r.is_clone) {
      byOid.set(`${CLS.trigger}:${r.oid}`, rel.id);
      continue;
    }
    const create = [String(r.def)];
    const en = ({ D: "DISABLE", R: "ENABLE REPLICA", A: "ENABLE ALWAYS" } as R)[r.enabled];
    if (en) create.push(`ALTER TABLE ${tname} ${en} TRIGGER ${q(r.name)}`);
    const o = add({
      id: `trigger:${rel.r.schema}.${rel.r.name}.${r.name}`,
      kind: "trigger",
      schema: rel.r.schema,
      name: r.name,
      parent: rel.id,
      target: `TRIGGER ${q(r.name)} ON ${tname}`,
      definition: create.join(";\n"),
      create,
      drop: [`DROP TRIGGER IF EXISTS ${q(r.name)} ON ${tname}`],
      comment: r.comment,
    }, `${CLS.trigger}:${r.oid}`);
    o.deps.push(rel.id);
  }

  // Event triggers.
  for (const r of rows.eventTriggers) {
    const tags = pgArray(r.tags);
    const create = [
      `CREATE EVENT TRIGGER ${q(r.name)} ON ${q(r.event)}${
        tags.length ? ` WHEN TAG IN (${tags.map(quoteLiteral).join(", ")})` : ""
      } EXECUTE FUNCTION ${r.function}()`,
    ];
    const en = ({ D: "DISABLE", R: "ENABLE REPLICA", A: "ENABLE ALWAYS" } as R)[r.enabled];
    if (en) create.push(`ALTER EVENT TRIGGER ${q(r.name)} ${en}`);
    add({
      id: `event_trigger:${r.name}`,
      kind: "event_trigger",
      schema: null,
      name: r.name,
      target: `EVENT TRIGGER ${q(r.name)}`,
      owner: r.owner,
      definition: create.join(";\n"),
      create,
      drop: [`DROP EVENT TRIGGER ${q(r.name)}`],
      comment: r.comment,
    }, `${CLS.eventTrigger}:${r.oid}`);
  }

  // Policies.
  for (const r of rows.policies) {
    const rel = rels.get(r.relid);
    if (!rel || !rel.kind) continue;
    const tname = qq(rel.r.schema, rel.r.name);
    const cmd = ({ r: "SELECT", a: "INSERT", w: "UPDATE", d: "DELETE", "*": "ALL" } as R)[r.cmd];
    const roles = (jsonValue(r.roles) as string[] | null) ?? ["PUBLIC"];
    let sql = `CREATE POLICY ${q(r.name)} ON ${tname} AS ${r.polpermissive ? "PERMISSIVE" : "RESTRICTIVE"} FOR ${cmd}` +
      ` TO ${roles.join(", ")}`;
    if (r.qual != null) sql += ` USING (${r.qual})`;
    if (r.with_check != null) sql += ` WITH CHECK (${r.with_check})`;
    const o = add({
      id: `policy:${rel.r.schema}.${rel.r.name}.${r.name}`,
      kind: "policy",
      schema: rel.r.schema,
      name: r.name,
      parent: rel.id,
      target: `POLICY ${q(r.name)} ON ${tname}`,
      definition: sql,
      create: [sql],
      drop: [`DROP POLICY IF EXISTS ${q(r.name)} ON ${tname}`],
      roles,
      comment: r.comment,
    }, `${CLS.policy}:${r.oid}`);
    o.deps.push(rel.id);
  }

  // Rules.
  for (const r of rows.rules) {
    const rel = rels.get(r.relid);
    if (!rel) continue;
    if (r.name === "_RETURN") {
      byOid.set(`${CLS.rewrite}:${r.oid}`, rel.id);
      continue;
    }
    const tname = qq(rel.r.schema, rel.r.name);
    const ruleCreate = [stripSemi(r.def)];
    const ruleState = ({ D: "DISABLE", R: "ENABLE REPLICA", A: "ENABLE ALWAYS" } as R)[r.enabled];
    if (ruleState) ruleCreate.push(`ALTER TABLE ${tname} ${ruleState} RULE ${q(r.name)}`);
    const o = add({
      id: `rule:${rel.r.schema}.${rel.r.name}.${r.name}`,
      kind: "rule",
      schema: rel.r.schema,
      name: r.name,
      parent: rel.id,
      target: `RULE ${q(r.name)} ON ${tname}`,
      definition: ruleCreate.join(";\n"),
      create: ruleCreate,
      drop: [`DROP RULE IF EXISTS ${q(r.name)} ON ${tname}`],
      comment: r.comment,
    }, `${CLS.rewrite}:${r.oid}`);
    o.deps.push(rel.id);
  }

  // Extended statistics.
  for (const r of rows.statistics) {
    const rel = rels.get(r.relid);
    const name = qq(r.schema, r.name);
    const o = add({
      id: `statistics:${r.schema}.${r.name}`,
      kind: "statistics",
      schema: r.schema,
      name: r.name,
      parent: rel?.id,
      target: `STATISTICS ${name}`,
      owner: r.owner,
      definition: r.def,
      create: [r.def],
      drop: [`DROP STATISTICS IF EXISTS ${name}`],
      comment: r.comment,
    }, `${CLS.statistic}:${r.oid}`);
    if (rel) o.deps.push(rel.id);
  }

  // Publications: any change recreates them (their tables and schemas are part of the definition).
  for (const r of rows.publications ?? []) {
    const members: string[] = [];
    const deps: string[] = [];
    for (const t of (jsonValue(r.tables) as R[] | null) ?? []) {
      const rel = rels.get(t.relid);
      if (!rel) continue;
      const cols = (t.columns as string[] | null) ?? [];
      members.push(
        `TABLE ONLY ${qq(rel.r.schema, rel.r.name)}${cols.length ? ` (${cols.map(q).join(", ")})` : ""}${
          t.qual != null ? ` WHERE (${t.qual})` : ""
        }`,
      );
      deps.push(rel.id, ...cols.map((c) => `column:${rel.r.schema}.${rel.r.name}.${c}`));
    }
    for (const s of (jsonValue(r.schemas) as string[] | null) ?? []) {
      members.push(`TABLES IN SCHEMA ${s}`);
      deps.push(`schema:${s.startsWith('"') ? s.slice(1, -1).replaceAll('""', '"') : s}`);
    }
    const publish = [
      r.pubinsert && "insert",
      r.pubupdate && "update",
      r.pubdelete && "delete",
      r.pubtruncate && "truncate",
    ].filter(Boolean).join(", ");
    const scope = r.all_tables ? " FOR ALL TABLES" : "";
    const create = [
      `CREATE PUBLICATION ${q(r.name)}${scope} WITH (publish = ${quoteLiteral(publish)}, publish_via_partition_root = ${
        r.pubviaroot ? "true" : "false"
      })`,
      ...members.map((m) => `ALTER PUBLICATION ${q(r.name)} ADD ${m}`),
    ];
    const o = add({
      id: `publication:${r.name}`,
      kind: "publication",
      schema: null,
      name: r.name,
      target: `PUBLICATION ${q(r.name)}`,
      owner: r.owner,
      definition: create.join(";\n"),
      create,
      drop: [`DROP PUBLICATION ${q(r.name)}`],
      comment: r.comment,
    });
    o.deps.push(...deps);
  }

  // Default privileges.
  for (const r of rows.defaultPrivileges) {
    if (r.schema && !wanted(r.schema)) continue;
    const id = `default_privileges:${r.role}.${r.schema}.${r.objtype}`;
    const entries = acl(r.acl).filter((e) => e.grantee !== r.role);
    objects[id] = {
      id,
      kind: "default_privileges",
      schema: r.schema || null,
      name: `${r.role}.${r.objtype}`,
      target: "",
      definition: JSON.stringify({ role: r.role, schema: r.schema, objtype: r.objtype }),
      create: [],
      drop: [],
      deps: r.schema ? [`schema:${r.schema}`] : [],
      comment: null,
      acl: entries,
      roles: [r.role],
    };
  }

  // Domains: definitions now that constraints are known.
  for (const o of Object.values(objects)) {
    if (!o.domain) continue;
    const d = o.domain;
    const name = qq(o.schema!, o.name);
    const create = [
      `CREATE DOMAIN ${name} AS ${d.baseType}${d.collation ? ` COLLATE ${d.collation}` : ""}${
        d.default != null ? ` DEFAULT ${d.default}` : ""
      }${d.notNull ? " NOT NULL" : ""}`,
    ];
    for (const [cn, def] of Object.entries(d.constraints).sort()) {
      create.push(`ALTER DOMAIN ${name} ADD CONSTRAINT ${q(cn)} ${def}`);
    }
    o.create = create;
    o.definition = create.join(";\n");
  }

  // Dependencies from pg_depend.
  const resolve = (cls: string, oid: string, sub: number): string | undefined => {
    if (cls === CLS.class && sub > 0) return colKey.get(`${oid}:${sub}`) ?? byOid.get(`${cls}:${oid}`);
    return byOid.get(`${cls}:${oid}`);
  };
  for (const d of rows.depend) {
    const from = resolve(d.classid, d.objid, Number(d.objsubid));
    const to = resolve(d.refclassid, d.refobjid, Number(d.refobjsubid));
    if (!from || !to || from === to) continue;
    const o = objects[from];
    if (!o) continue;
    if (o.kind === "sequence" && d.deptype === "a") continue; // OWNED BY: recorded as ownedBy
    // An object never depends on its own parts (a clone mapped to its table, e.g. the
    // foreign keys PostgreSQL adds towards each partition of a referenced table).
    if (objects[to]?.parent === from) continue;
    if (!o.deps.includes(to)) o.deps.push(to);
  }
  // Function bodies (not recorded by pg_depend): a word naming another object is a soft dependency.
  if (functionNames.size > 0) {
    const named = new Map<string, string[]>();
    for (const o of Object.values(objects)) {
      if (
        !["table", "view", "materialized_view", "function", "procedure", "sequence", "type", "domain"].includes(o.kind)
      ) {
        continue;
      }
      const k = o.name.toLowerCase();
      let l = named.get(k);
      if (!l) named.set(k, l = []);
      l.push(o.id);
    }
    for (const [fid, words] of functionNames) {
      const o = objects[fid];
      if (!o) continue;
      const soft = new Set<string>();
      for (const w of words) for (const id of named.get(w) ?? []) if (id !== fid) soft.add(id);
      o.softDeps = [...soft].sort();
    }
  }
  for (const o of Object.values(objects)) o.deps = o.deps.filter((d) => d !== o.id).sort();
  for (const [did, cid] of defaultDeps) {
    const o = objects[did];
    if (o && !o.deps.includes(cid)) o.deps.push(cid);
  }

  for (const r of rows.unsupported) unsupported.push({ kind: r.kind, id: r.name });
  // Table definitions need their columns and defaults.
  // Columns grouped by table once: finishing each table stays linear in the number of objects.
  const columnsOf = new Map<string, CatalogObject[]>();
  for (const o of Object.values(objects)) {
    if (o.kind !== "column" || !o.parent || o.column?.inherited) continue;
    const list = columnsOf.get(o.parent);
    if (list) list.push(o);
    else columnsOf.set(o.parent, [o]);
  }
  for (const o of Object.values(objects)) if (o.kind === "table") finishTable(o, objects, columnsOf.get(o.id) ?? []);
  const casts = (rows.casts ?? []).map((r) => `${r.source}\t${r.target}`);
  return { serverVersion, objects, unsupported, casts };
}

/** Attribute options set by users; keys starting with `pg_` are the server's own bookkeeping. */
/** The properties of a column row (columns.sql), with its identity options as given. */
function columnOf(c: R, identityOptions: string): ColumnInfo {
  return {
    type: c.type,
    notNull: c.attnotnull,
    identity: c.attidentity ?? "",
    identityOptions,
    generated: c.attgenerated ?? "",
    generationExpr: c.attgenerated ? c.default_expr : null,
    collation: c.collation,
    storage: c.storage,
    statistics: c.statistics == null ? null : Number(c.statistics),
    compression: c.compression,
    options: attributeOptions(c.attoptions),
    position: c.attnum,
  };
}

function attributeOptions(v: unknown): string[] {
  return pgArray(v).filter((o) => !o.startsWith("pg_"));
}

function seqOptions(s: R): string {
  return `START WITH ${s.start} INCREMENT BY ${s.increment} MINVALUE ${s.min} MAXVALUE ${s.max} CACHE ${s.cache}${
    s.cycle ? " CYCLE" : " NO CYCLE"
  }`;
}

/** Lower-cased identifier-like words of a function body. */
function identifierWords(src: string): string[] {
  const set = new Set<string>();
  for (const m of src.matchAll(/"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*)/g)) {
    set.add(m[1] !== undefined ? m[1].replaceAll('""', '"').toLowerCase() : m[2].toLowerCase());
  }
  return [...set];
}

function finishTable(t: CatalogObject, objects: Record<string, CatalogObject>, columns: CatalogObject[]): void {
  const info = t.table!;
  const name = quoteQualified(t.schema!, t.name);
  const cols = [...columns];
  cols.sort((a, b) => a.column!.position - b.column!.position);
  const defs = cols.map((c) => {
    const d = objects[`default:${c.id.slice(7)}`];
    return "    " + columnDefinition(c, d && defaultIsInline(d) ? d.definition : null);
  });
  let sql = `CREATE ${info.unlogged ? "UNLOGGED " : ""}TABLE ${name}`;
  if (info.partitionOf) {
    sql += ` PARTITION OF ${info.partitionOf}${defs.length ? ` (\n${defs.join(",\n")}\n)` : ""} ${info.partitionBound}`;
  } else {
    sql += ` (\n${defs.join(",\n")}\n)`;
    if (info.inherits.length) sql += ` INHERITS (${info.inherits.join(", ")})`;
  }
  if (info.partitionKey) sql += ` PARTITION BY ${info.partitionKey}`;
  if (info.accessMethod) sql += ` USING ${quoteIdent(info.accessMethod)}`;
  if (info.reloptions.length) sql += ` WITH (${info.reloptions.join(", ")})`;
  t.create = [sql];
  t.definition = [
    info.partitionOf ? `partition of ${info.partitionOf} ${info.partitionBound}` : "",
    info.inherits.join(","),
    info.partitionKey ?? "",
    info.accessMethod ?? "",
  ].join("|");
}
