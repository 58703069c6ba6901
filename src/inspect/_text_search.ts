/**
 * Text search dictionaries, then configurations (their mappings name dictionaries).
 * @module
 */
import { quoteIdent as q, quoteQualified as qq } from "../sql/mod.ts";
import { type BuildContext, CLS, jsonValue } from "./_context.ts";

/** A row of `queries/text_search.sql`: a dictionary or a configuration. */
export interface TextSearchRow {
  what: "dictionary" | "configuration";
  oid: string;
  schema: string;
  name: string;
  /** Quoted role name. */
  owner: string;
  /** Dictionary template, qualified. */
  template: string | null;
  /** Dictionary options as `dictinitoption` holds them. */
  options: string | null;
  /** Configuration parser, qualified. */
  parser: string | null;
  /** Configuration mappings as JSON: `[token alias, seqno, dictionary oid, dictionary (qualified)]`. */
  mappings: unknown;
  comment: string | null;
}

/** Adds the dictionaries, then the configurations. */
export function buildTextSearch(ctx: BuildContext, rows: TextSearchRow[]): void {
  const ordered = [...rows.filter((x) => x.what === "dictionary"), ...rows.filter((x) => x.what !== "dictionary")];
  for (const r of ordered) {
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
      const mappings = (jsonValue(r.mappings) as [string, number, string, string][] | null) ?? [];
      for (const [alias, , dictOid, dictName] of mappings) {
        let l = byToken.get(alias);
        if (!l) byToken.set(alias, l = []);
        l.push(dictName);
        const d = ctx.byOid.get(`${CLS.tsDict}:${dictOid}`);
        if (d && !deps.includes(d)) deps.push(d);
      }
      for (const [alias, dicts] of byToken) {
        create.push(`ALTER ${word} ${name} ADD MAPPING FOR ${q(alias)} WITH ${dicts.join(", ")}`);
      }
    }
    const o = ctx.add({
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
}
