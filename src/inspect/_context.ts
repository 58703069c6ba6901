/**
 * The state shared by the steps that turn inspection rows into a catalog, and the small
 * decoders of the values the queries return. Each step reads what the steps before it filled
 * (see `PIPELINE` in `_pipeline.ts`).
 * @module
 */
import { quoteQualified } from "../sql/mod.ts";
import type { AclEntry, CatalogObject, ObjectKind, TableShape, TableStats, UnsupportedObject } from "../model/mod.ts";
import type { InspectOptions } from "./_options.ts";
import type { ColumnRow } from "./_columns.ts";
import type { RelationRow } from "./_relations.ts";
import type { SequenceRow } from "./_sequences.ts";

/** Object ids of the system catalogs (`pg_class` oid of each), as `pg_depend.classid` holds them. */
export const CLS = {
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
} as const;

/** An object of the catalog before its defaults (no deps, no privileges, no comment) are filled in. */
export type NewObject = Omit<CatalogObject, "deps" | "acl" | "comment"> & Partial<CatalogObject>;

/** A relation of `relations.sql` with its catalog identity; `kind` null for kinds the diff does not handle. */
export interface Rel {
  r: RelationRow;
  id: string;
  kind: ObjectKind | null;
}

/** The catalog under construction and the lookups the steps share. */
export interface BuildContext {
  /** Objects kept (in wanted schemas), by identity. */
  objects: Record<string, CatalogObject>;
  /** Objects of kinds the diff does not handle. */
  unsupported: UnsupportedObject[];
  /** `${classid}:${oid}` (a `pg_depend` reference) → identity, for every object seen, kept or not. */
  byOid: Map<string, string>;
  /** `${relid}:${attnum}` → identity of the column (or of the view, for view columns). */
  colKey: Map<string, string>;
  /** Default identity → its column identity (the default follows its column, added after sorting). */
  defaultDeps: Map<string, string>;
  /** Function identity → lower-cased words of its body (soft dependencies). */
  functionNames: Map<string, string[]>;
  /** Relations by oid (step `relations`). */
  rels: Map<string, Rel>;
  /** Column rows by relation oid (step `relations`). */
  colsByRel: Map<string, ColumnRow[]>;
  /** Sequence rows by sequence oid (step `relations`). */
  seqByOid: Map<string, SequenceRow>;
  /** `${relid}:${attnum}` → the identity sequence of that column (step `relations`). */
  identityOf: Map<string, SequenceRow>;
  /** Casts that exist, `source\ttarget` (step `casts`). */
  casts: string[];
  /** Table facts by table identity (step `tableFacts`). */
  tables: Record<string, TableShape>;
  /** Table statistics by table identity, when read (step `tableFacts`). */
  stats: Record<string, TableStats>;
  /** Whether objects of `schema` are kept (null: schema-less objects, always kept). */
  wanted(schema: string | null): boolean;
  /** Adds an object (when wanted) and records its oid; returns it either way. */
  add(o: NewObject, oidKey?: string): CatalogObject;
}

/** A fresh context for `opts`. */
export function newContext(opts: InspectOptions): BuildContext {
  const objects: Record<string, CatalogObject> = {};
  const byOid = new Map<string, string>();
  const include = opts.includeSchemas && opts.includeSchemas.length > 0 ? new Set(opts.includeSchemas) : null;
  const exclude = new Set(opts.excludeSchemas ?? []);
  const wanted = (schema: string | null) =>
    schema === null || ((include === null || include.has(schema)) && !exclude.has(schema));
  return {
    objects,
    unsupported: [],
    byOid,
    colKey: new Map(),
    defaultDeps: new Map(),
    functionNames: new Map(),
    rels: new Map(),
    colsByRel: new Map(),
    seqByOid: new Map(),
    identityOf: new Map(),
    casts: [],
    tables: {},
    stats: {},
    wanted,
    add(o, oidKey) {
      const obj: CatalogObject = { deps: [], acl: null, comment: null, ...o };
      if (oidKey) byOid.set(oidKey, obj.id);
      // A schema is filtered by its own name (--schema, --exclude-schema), other objects by their schema.
      if (!wanted(obj.kind === "schema" ? obj.name : obj.schema)) return obj;
      objects[obj.id] = obj;
      return obj;
    },
  };
}

/** The `schema:` dependency of an object in a schema. */
export function schemaOf(o: CatalogObject): string[] {
  return o.schema ? [`schema:${o.schema}`] : [];
}

/** A JSON column: parsed by the driver, or still text. */
export function jsonValue(v: unknown): unknown {
  return typeof v === "string" ? JSON.parse(v) : v;
}

/** A privileges column (`[[grantee, privilege, grantable], …]` as JSON) as entries, in aclitem order. */
export function acl(raw: unknown): AclEntry[] {
  const v = jsonValue(raw);
  if (!Array.isArray(v)) return [];
  // Array order is kept: it is the order of the aclitems, which dumps show.
  return (v as [string, string, boolean][]).map(([grantee, privilege, grantable]) => ({
    grantee,
    privilege,
    grantable,
  }));
}

/** A `text[]` column: an array from the embedded engine, `{a,b}` text from the server. */
export function pgArray(v: unknown): string[] {
  if (v == null) return [];
  if (Array.isArray(v)) return v as string[];
  const s = String(v);
  if (s === "{}") return [];
  return s.replace(/^\{|\}$/g, "").split(",").map((x) => x.replace(/^"|"$/g, ""));
}

/** SQL text without its final semicolon. */
export function stripSemi(s: string): string {
  return s.trim().replace(/;$/, "").trim();
}

/** The `ALTER … {DISABLE|ENABLE REPLICA|ENABLE ALWAYS}` word of an enabled state (`O`, the default: none). */
export function enabledWord(state: string): string | undefined {
  return ({ D: "DISABLE", R: "ENABLE REPLICA", A: "ENABLE ALWAYS" } as Record<string, string>)[state];
}

/** The qualified name of a registered relation, or "" when unknown. */
export function relName(ctx: BuildContext, oid: string): string {
  const rel = ctx.rels.get(oid);
  return rel ? quoteQualified(rel.r.schema, rel.r.name) : "";
}
