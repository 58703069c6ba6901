/**
 * Tables with their columns and defaults. A column inherited from a parent (partitions,
 * INHERITS) is created by the parent: only what the child sets on its own becomes an object of
 * the child. The CREATE TABLE text is written last ({@link finishTables}), once every column and
 * default is known.
 * @module
 */
import { columnDefinition, defaultIsInline } from "../model/mod.ts";
import type { CatalogObject } from "../model/mod.ts";
import { quoteIdent as q, quoteQualified as qq } from "../sql/mod.ts";
import { columnOf, type ColumnRow } from "./_columns.ts";
import { acl, type BuildContext, CLS, jsonValue, pgArray, type Rel, relName, schemaOf } from "./_context.ts";
import { seqOptions } from "./_sequences.ts";

/** Builds the table `rel` (oid `oid`), its columns and their defaults. */
export function buildTable(ctx: BuildContext, oid: string, rel: Rel): void {
  const r = rel.r;
  const name = qq(r.schema, r.name);
  const cols = ctx.colsByRel.get(oid) ?? [];
  const isPartition = !!r.relispartition;
  const parents = (jsonValue(r.parents) as string[] | null) ?? [];
  const table = ctx.add({
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
    const ident = ctx.identityOf.get(`${oid}:${c.attnum}`);
    if (ident) ctx.byOid.set(`${CLS.class}:${ident.oid}`, inherited ? rel.id : cid);
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
      ctx.colKey.set(`${oid}:${c.attnum}`, cid);
      if (c.default_oid) ctx.byOid.set(`${CLS.attrdef}:${c.default_oid}`, rel.id);
      const parentCol = inheritedOverrides(ctx, rel, name, c);
      ctx.add({
        ...columnBase,
        drop: [],
        deps: [rel.id, ...(parentCol ? [parentCol] : [])],
        autoDropsWith: parentCol,
        column: { ...columnOf(c, ""), inherited: true },
      });
      continue;
    }
    ctx.colKey.set(`${oid}:${c.attnum}`, cid);
    const col = ctx.add({
      ...columnBase,
      drop: [`ALTER TABLE ${name} DROP COLUMN ${q(c.name)}`],
      column: columnOf(c, ident ? `SEQUENCE NAME ${relName(ctx, ident.oid) || "?"} ${seqOptions(ident)}` : ""),
    });
    col.deps.push(rel.id);
    if (c.default_oid && !c.attgenerated) {
      const did = `default:${r.schema}.${r.name}.${c.name}`;
      ctx.add({
        id: did,
        kind: "default",
        schema: r.schema,
        name: c.name,
        parent: rel.id,
        target: "",
        definition: c.default_expr!,
        create: [`ALTER TABLE ${name} ALTER COLUMN ${q(c.name)} SET DEFAULT ${c.default_expr}`],
        drop: [`ALTER TABLE ${name} ALTER COLUMN ${q(c.name)} DROP DEFAULT`],
        deps: [cid],
      }, `${CLS.attrdef}:${c.default_oid}`);
      ctx.defaultDeps.set(did, cid);
    } else if (c.default_oid) {
      ctx.byOid.set(`${CLS.attrdef}:${c.default_oid}`, cid);
    }
  }
}

/**
 * For a column inherited from a parent: what the child sets on its own (a NOT NULL or a default
 * the parent lacks) becomes an object of the child, a `constraint` (type `n`) for NOT NULL, a
 * `default` for the default. Returns the identity of the parent's column when found.
 */
function inheritedOverrides(ctx: BuildContext, rel: Rel, tname: string, c: ColumnRow): string | undefined {
  const r = rel.r;
  const tableId = rel.id;
  let pc: ColumnRow | undefined;
  let prel: Rel | undefined;
  for (const poid of (jsonValue(r.parent_oids) as string[] | null) ?? []) {
    pc = (ctx.colsByRel.get(poid) ?? []).find((x) => x.name === c.name);
    if (pc) {
      prel = ctx.rels.get(poid);
      break;
    }
  }
  if (!pc || !prel) return undefined;
  const pcol = `${prel.r.schema}.${prel.r.name}.${c.name}`;
  if (c.attgenerated || c.attidentity) return `column:${pcol}`;
  const base = `${r.schema}.${r.name}.${c.name}`;
  const col = `ALTER TABLE ONLY ${tname} ALTER COLUMN ${q(c.name)}`;
  if (c.attnotnull && !pc.attnotnull) {
    const o = ctx.add({
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
    const o = ctx.add({
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
    if (c.default_oid) ctx.byOid.set(`${CLS.attrdef}:${c.default_oid}`, o.id);
  }
  return `column:${pcol}`;
}

/** Writes the CREATE TABLE text and definition of every table, from its own columns and inline defaults. */
export function finishTables(ctx: BuildContext): void {
  // Columns grouped by table once: finishing each table stays linear in the number of objects.
  const columnsOf = new Map<string, CatalogObject[]>();
  for (const o of Object.values(ctx.objects)) {
    if (o.kind !== "column" || !o.parent || o.column?.inherited) continue;
    const list = columnsOf.get(o.parent);
    if (list) list.push(o);
    else columnsOf.set(o.parent, [o]);
  }
  for (const o of Object.values(ctx.objects)) {
    if (o.kind === "table") finishTable(o, ctx.objects, columnsOf.get(o.id) ?? []);
  }
}

function finishTable(t: CatalogObject, objects: Record<string, CatalogObject>, columns: CatalogObject[]): void {
  const info = t.table!;
  const name = qq(t.schema!, t.name);
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
  if (info.accessMethod) sql += ` USING ${q(info.accessMethod)}`;
  if (info.reloptions.length) sql += ` WITH (${info.reloptions.join(", ")})`;
  t.create = [sql];
  t.definition = [
    info.partitionOf ? `partition of ${info.partitionOf} ${info.partitionBound}` : "",
    info.inherits.join(","),
    info.partitionKey ?? "",
    info.accessMethod ?? "",
  ].join("|");
}
