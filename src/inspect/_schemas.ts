/**
 * Schemas (not system schemas, not extension members).
 * @module
 */
import { quoteIdent as q } from "../sql/mod.ts";
import { acl, type BuildContext, CLS } from "./_context.ts";

/** A row of `queries/schemas.sql`. */
export interface SchemaRow {
  oid: string;
  name: string;
  /** Quoted role name. */
  owner: string;
  comment: string | null;
  /** Privileges other than the owner's, as JSON. */
  acl: unknown;
}

/** Adds the schemas. */
export function buildSchemas(ctx: BuildContext, rows: SchemaRow[]): void {
  for (const r of rows) {
    ctx.add({
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
}
