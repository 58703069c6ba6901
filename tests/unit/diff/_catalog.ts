/**
 * Small catalog builders for pure diff and plan tests: objects shaped as the inspector makes them
 * (identities, definitions, create and drop statements), with only what a test needs.
 */
import type { Catalog, CatalogObject, ColumnInfo, TableInfo } from "../../../src/model/mod.ts";

const q = (s: string) => `"${s}"`;

/** A catalog of `objects`. */
export function catalog(...objects: CatalogObject[]): Catalog {
  return { serverVersion: 150000, objects: Object.fromEntries(objects.map((o) => [o.id, o])), unsupported: [] };
}

function base(kind: CatalogObject["kind"], id: string, name: string, extra: Partial<CatalogObject>): CatalogObject {
  return {
    id,
    kind,
    schema: "public",
    name,
    target: "",
    definition: "",
    create: [],
    drop: [],
    deps: [],
    comment: null,
    acl: null,
    ...extra,
  };
}

/** A table; `partitionOf` names its parent table (a partition), `key` its partition key. */
export function table(name: string, opts: { partitionOf?: string; bound?: string; key?: string } = {}): CatalogObject {
  const info: TableInfo = {
    relkind: opts.key ? "p" : "r",
    unlogged: false,
    rowSecurity: false,
    forceRowSecurity: false,
    replicaIdentity: "d",
    replicaIndex: null,
    reloptions: [],
    partitionKey: opts.key ?? null,
    partitionOf: opts.partitionOf ? `public.${opts.partitionOf}` : null,
    partitionBound: opts.partitionOf ? opts.bound ?? "DEFAULT" : null,
    inherits: [],
    accessMethod: null,
  };
  const qn = `public.${q(name)}`;
  return base("table", `table:public.${name}`, name, {
    target: `TABLE ${qn}`,
    table: info,
    definition: [
      info.partitionOf ? `partition of ${info.partitionOf} ${info.partitionBound}` : "",
      "",
      info.partitionKey ?? "",
      "",
    ].join("|"),
    create: [
      info.partitionOf
        ? `CREATE TABLE ${qn} PARTITION OF ${info.partitionOf} ${info.partitionBound}`
        : `CREATE TABLE ${qn} ()${info.partitionKey ? ` PARTITION BY ${info.partitionKey}` : ""}`,
    ],
    drop: [`DROP TABLE ${qn}`],
    deps: opts.partitionOf ? [`table:public.${opts.partitionOf}`] : [],
  });
}

/** A column of `table`; `inherited` for a partition's columns. */
export function column(
  table: string,
  name: string,
  type: string,
  opts: Partial<ColumnInfo> = {},
): CatalogObject {
  const tid = `table:public.${table}`;
  return base("column", `column:public.${table}.${name}`, name, {
    parent: tid,
    target: `COLUMN public.${q(table)}.${q(name)}`,
    drop: opts.inherited ? [] : [`ALTER TABLE public.${q(table)} DROP COLUMN ${q(name)}`],
    deps: [tid],
    column: {
      type,
      notNull: false,
      identity: "",
      identityOptions: "",
      generated: "",
      generationExpr: null,
      collation: null,
      storage: null,
      statistics: null,
      compression: null,
      position: 1,
      ...opts,
    },
  });
}

/** A constraint of `table` (`p`, `u`, `f`, `c`, or `n` for a partition's own NOT NULL). */
export function constraint(table: string, name: string, type: string, def: string): CatalogObject {
  const tid = `table:public.${table}`;
  return base("constraint", `constraint:public.${table}.${name}`, name, {
    parent: tid,
    target: `CONSTRAINT ${q(name)} ON public.${q(table)}`,
    definition: def,
    create: [`ALTER TABLE public.${q(table)} ADD CONSTRAINT ${q(name)} ${def}`],
    drop: [`ALTER TABLE public.${q(table)} DROP CONSTRAINT IF EXISTS ${q(name)}`],
    deps: [tid],
    constraintType: type,
  });
}

/** An index of `table` on `columns`; `attachedTo` names the partitioned index it is attached to. */
export function index(
  table: string,
  name: string,
  columns: string,
  opts: { attachedTo?: string; partitioned?: boolean } = {},
): CatalogObject {
  const tid = `table:public.${table}`;
  const create = `CREATE INDEX ${name} ON public.${table} USING btree (${columns})`;
  return base("index", `index:public.${name}`, name, {
    parent: tid,
    target: `INDEX public.${q(name)}`,
    definition: create,
    create: [create],
    drop: opts.attachedTo ? [] : [`DROP INDEX IF EXISTS public.${q(name)}`],
    deps: [tid],
    onPartitioned: opts.partitioned ?? false,
    ...(opts.attachedTo ? { autoDropsWith: `index:public.${opts.attachedTo}` } : {}),
  });
}

/** A view whose definition uses `deps` (identities). */
export function view(name: string, deps: string[]): CatalogObject {
  const create = `CREATE VIEW public.${q(name)} AS\n SELECT 1`;
  return base("view", `view:public.${name}`, name, {
    target: `VIEW public.${q(name)}`,
    definition: create,
    create: [create],
    drop: [`DROP VIEW public.${q(name)}`],
    deps,
  });
}

/** A sequence, owned by a column (`table.column`) when given. */
export function sequence(name: string, ownedBy?: string): CatalogObject {
  const col = ownedBy ? `column:public.${ownedBy}` : null;
  return base("sequence", `sequence:public.${name}`, name, {
    target: `SEQUENCE public.${q(name)}`,
    definition: "AS bigint START WITH 1",
    create: [`CREATE SEQUENCE public.${q(name)}`],
    drop: [`DROP SEQUENCE public.${q(name)}`],
    ...(col ? { autoDropsWith: col } : {}),
    sequence: {
      dataType: "bigint",
      start: "1",
      increment: "1",
      min: "1",
      max: "9223372036854775807",
      cache: "1",
      cycle: false,
      ownedBy: col,
      ...(ownedBy ? { ownedByRef: `public.${ownedBy.split(".").map(q).join(".")}` } : {}),
    },
  });
}

/** A column default of `table.column`, using `deps` besides the column. */
export function columnDefault(table: string, col: string, expr: string, deps: string[] = []): CatalogObject {
  return base("default", `default:public.${table}.${col}`, col, {
    parent: `table:public.${table}`,
    definition: expr,
    create: [`ALTER TABLE public.${q(table)} ALTER COLUMN ${q(col)} SET DEFAULT ${expr}`],
    drop: [`ALTER TABLE public.${q(table)} ALTER COLUMN ${q(col)} DROP DEFAULT`],
    deps: [`column:public.${table}.${col}`, ...deps],
  });
}
