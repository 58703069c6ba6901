/**
 * Constraints: domain constraints go into their domain; table constraints (primary, unique,
 * check, foreign, exclusion) are objects of their table. Constraints a partition or child
 * inherits are its parent's and map to the table.
 * @module
 */
import { quoteIdent as q, quoteQualified as qq } from "../sql/mod.ts";
import { type BuildContext, CLS, pgArray } from "./_context.ts";

/** A row of `queries/constraints.sql`. */
export interface ConstraintRow {
  oid: string;
  name: string;
  /** `p`, `u`, `c`, `f` or `x`. */
  contype: string;
  /** `pg_get_constraintdef`. */
  def: string;
  convalidated: boolean;
  relid: string;
  /** Domain oid of a domain constraint, else "0". */
  typid: string;
  /** Index oid of a primary, unique or exclusion constraint, else "0". */
  indid: string;
  conislocal: boolean;
  coninhcount: number;
  /** Constraint of the partitioned parent, else "0". */
  parentid: string;
  /** Storage parameters of the index of a primary or unique key, `text[]`. */
  index_options: unknown;
  index_name: string | null;
  index_comment: string | null;
  comment: string | null;
}

/** Adds the constraints (after relations and types, which they attach to). */
export function buildConstraints(ctx: BuildContext, rows: ConstraintRow[]): void {
  for (const r of rows) {
    if (r.typid && r.typid !== "0") {
      const did = ctx.byOid.get(`${CLS.type}:${r.typid}`);
      const d = did ? ctx.objects[did] : undefined;
      ctx.byOid.set(`${CLS.constraint}:${r.oid}`, did ?? "");
      if (d?.domain) d.domain.constraints[r.name] = r.def;
      if (d?.domain && r.comment != null) {
        (d.subComments ??= {})[`CONSTRAINT ${q(r.name)} ON DOMAIN ${qq(d.schema!, d.name)}`] = r.comment;
      }
      continue;
    }
    const rel = ctx.rels.get(r.relid);
    if (!rel || rel.kind !== "table") continue;
    if ((r.parentid && r.parentid !== "0") || (!r.conislocal && r.coninhcount > 0)) {
      ctx.byOid.set(`${CLS.constraint}:${r.oid}`, rel.id);
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
    let def = r.def;
    const indexOptions = pgArray(r.index_options);
    if (indexOptions.length) {
      def = String(def).replace(
        /((?: DEFERRABLE)?(?: INITIALLY DEFERRED)?)$/,
        ` WITH (${indexOptions.join(", ")})$1`,
      );
    }
    const o = ctx.add({
      id,
      kind: "constraint",
      schema: rel.r.schema,
      name: r.name,
      parent: rel.id,
      target: `CONSTRAINT ${q(r.name)} ON ${tname}`,
      definition: def,
      create: [`ALTER TABLE ${tname} ADD CONSTRAINT ${q(r.name)} ${def}`],
      drop: [`ALTER TABLE ${tname} DROP CONSTRAINT IF EXISTS ${q(r.name)}`],
      comment: r.comment,
      constraintType: r.contype,
      subComments: indexComments,
      notValid: !r.convalidated,
      onPartitioned: rel.r.relkind === "p",
    }, `${CLS.constraint}:${r.oid}`);
    o.deps.push(rel.id);
    if (r.indid && r.indid !== "0" && "pux".includes(r.contype)) ctx.byOid.set(`${CLS.class}:${r.indid}`, id);
  }
}
