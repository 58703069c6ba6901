/**
 * Rewrite rules: a view's body (`_RETURN`) maps to its view; other rules are objects of their
 * relation.
 * @module
 */
import { quoteIdent as q, quoteQualified as qq } from "../sql/mod.ts";
import { type BuildContext, CLS, enabledWord, stripSemi } from "./_context.ts";

/** A row of `queries/rules.sql`. */
export interface RuleRow {
  oid: string;
  name: string;
  relid: string;
  /** `pg_get_ruledef` (null for `_RETURN`). */
  def: string | null;
  enabled: string;
  comment: string | null;
}

/** Adds the rules of the relations built before. */
export function buildRules(ctx: BuildContext, rows: RuleRow[]): void {
  for (const r of rows) {
    const rel = ctx.rels.get(r.relid);
    if (!rel) continue;
    if (r.name === "_RETURN") {
      ctx.byOid.set(`${CLS.rewrite}:${r.oid}`, rel.id);
      continue;
    }
    const tname = qq(rel.r.schema, rel.r.name);
    const ruleCreate = [stripSemi(r.def ?? "")];
    const ruleState = enabledWord(r.enabled);
    if (ruleState) ruleCreate.push(`ALTER TABLE ${tname} ${ruleState} RULE ${q(r.name)}`);
    const o = ctx.add({
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
}
