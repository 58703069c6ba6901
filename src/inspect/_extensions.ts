/**
 * Extensions, and the objects that belong to them (mapped to their extension for ordering).
 * @module
 */
import { quoteIdent as q } from "../sql/mod.ts";
import { type BuildContext, CLS } from "./_context.ts";

/** A row of `queries/extensions.sql`. */
export interface ExtensionRow {
  oid: string;
  name: string;
  schema: string;
  version: string;
  comment: string | null;
}

/** A row of `queries/ext_members.sql`: an object that belongs to an extension. */
export interface ExtensionMemberRow {
  classid: string;
  objid: string;
  extoid: string;
}

/** Adds the extensions; every member object then resolves to its extension in `byOid`. */
export function buildExtensions(ctx: BuildContext, extensions: ExtensionRow[], members: ExtensionMemberRow[]): void {
  const extByOid = new Map<string, string>();
  for (const r of extensions) {
    const id = `extension:${r.name}`;
    extByOid.set(r.oid, id);
    ctx.add({
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
  for (const r of members) {
    const ext = extByOid.get(r.extoid);
    if (ext) extMember.set(`${r.classid}:${r.objid}`, ext);
  }
  for (const [k, v] of extMember) ctx.byOid.set(k, v);
}
