/**
 * Functions, procedures and aggregates. The words of a SQL or PL/pgSQL body are kept: pg_depend
 * does not record what a body names, so they become soft dependencies (`_depend.ts`).
 * @module
 */
import type { ObjectKind } from "../model/mod.ts";
import { quoteLiteral, quoteQualified as qq } from "../sql/mod.ts";
import { acl, type BuildContext, CLS, jsonValue, schemaOf } from "./_context.ts";

/** A row of `queries/functions.sql`. */
export interface FunctionRow {
  oid: string;
  schema: string;
  name: string;
  /** `f` function, `p` procedure, `a` aggregate, `w` window function. */
  prokind: string;
  /** Quoted role name. */
  owner: string;
  /** `oidvectortypes` of the arguments: part of the identity. */
  argtypes: string;
  identity_args: string;
  args: string;
  result: string | null;
  /** `pg_get_functiondef` (not for aggregates). */
  def: string | null;
  language: string;
  source: string | null;
  /** A SQL-standard body (`BEGIN ATOMIC`), whose references pg_depend records. */
  atomic: boolean;
  /** Aggregate properties as JSON ({@link AggregateProps}). */
  aggregate: unknown;
  comment: string | null;
  /** Privileges other than the owner's, as JSON. */
  acl: unknown;
}

/** The aggregate properties of {@link FunctionRow.aggregate}. */
interface AggregateProps {
  kind: string;
  sfunc: string;
  stype: string;
  sspace: number;
  finalfunc: string | null;
  finalextra: boolean;
  finalmodify: string;
  combinefunc: string | null;
  serialfunc: string | null;
  deserialfunc: string | null;
  msfunc: string | null;
  minvfunc: string | null;
  mstype: string | null;
  mfinalfunc: string | null;
  initcond: string | null;
  minitcond: string | null;
  sortop: string | null;
  parallel: string;
}

/** Adds the functions, procedures and aggregates; records the words of non-atomic bodies. */
export function buildFunctions(ctx: BuildContext, rows: FunctionRow[]): void {
  for (const r of rows) {
    const kind: ObjectKind = r.prokind === "p" ? "procedure" : r.prokind === "a" ? "aggregate" : "function";
    const name = qq(r.schema, r.name);
    const id = `${kind}:${r.schema}.${r.name}(${r.argtypes})`;
    const word = kind === "procedure" ? "PROCEDURE" : kind === "aggregate" ? "AGGREGATE" : "FUNCTION";
    const create = kind === "aggregate"
      ? aggregateSql(name, r.args, jsonValue(r.aggregate) as AggregateProps)
      : String(r.def).trim();
    const o = ctx.add({
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
      ctx.functionNames.set(o.id, identifierWords(String(r.source ?? "")));
    }
  }
}

function aggregateSql(name: string, args: string, a: AggregateProps): string {
  const parts = [`SFUNC = ${a.sfunc}`, `STYPE = ${a.stype}`];
  if (a.sspace) parts.push(`SSPACE = ${a.sspace}`);
  if (a.finalfunc) parts.push(`FINALFUNC = ${a.finalfunc}`);
  if (a.finalextra) parts.push("FINALFUNC_EXTRA");
  if (a.finalfunc && a.finalmodify && a.finalmodify !== (a.kind === "n" ? "r" : "w")) {
    const modify = ({ r: "READ_ONLY", s: "SHAREABLE", w: "READ_WRITE" } as Record<string, string>)[a.finalmodify];
    parts.push(`FINALFUNC_MODIFY = ${modify}`);
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
    parts.push(`PARALLEL = ${({ s: "SAFE", r: "RESTRICTED" } as Record<string, string>)[a.parallel]}`);
  }
  if (a.kind === "h") parts.push("HYPOTHETICAL");
  return `CREATE AGGREGATE ${name}(${args || "*"}) (${parts.join(", ")})`;
}

/** Lower-cased identifier-like words of a function body. */
export function identifierWords(src: string): string[] {
  const set = new Set<string>();
  for (const m of src.matchAll(/"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*)/g)) {
    set.add(m[1] !== undefined ? m[1].replaceAll('""', '"').toLowerCase() : m[2].toLowerCase());
  }
  return [...set];
}
