/**
 * Publications (logical replication): any change recreates them, their tables and schemas being
 * part of the definition.
 * @module
 */
import { quoteIdent as q, quoteLiteral, quoteQualified as qq } from "../sql/mod.ts";
import { type BuildContext, jsonValue } from "./_context.ts";

/** A row of `queries/publications.sql`. */
export interface PublicationRow {
  oid: string;
  name: string;
  /** Quoted role name. */
  owner: string;
  all_tables: boolean;
  pubinsert: boolean;
  pubupdate: boolean;
  pubdelete: boolean;
  pubtruncate: boolean;
  pubviaroot: boolean;
  /** `[{relid, columns, qual}, …]` as JSON. */
  tables: unknown;
  /** Quoted schema names as JSON. */
  schemas: unknown;
  comment: string | null;
}

/** One table of {@link PublicationRow.tables}. */
interface PublishedTable {
  relid: string;
  columns: string[] | null;
  qual: string | null;
}

/** Adds the publications (after the tables they name). */
export function buildPublications(ctx: BuildContext, rows: PublicationRow[]): void {
  for (const r of rows) {
    const members: string[] = [];
    const deps: string[] = [];
    for (const t of (jsonValue(r.tables) as PublishedTable[] | null) ?? []) {
      const rel = ctx.rels.get(t.relid);
      if (!rel) continue;
      const cols = t.columns ?? [];
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
    const o = ctx.add({
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
}
