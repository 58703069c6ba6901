/**
 * Sequences: standalone ones with their options and `OWNED BY`, and identity sequences, which
 * are made and dropped with their column (only their comment and privileges are their own).
 * @module
 */
import { quoteIdent as q, quoteQualified as qq } from "../sql/mod.ts";
import { acl, type BuildContext, type Rel, schemaOf } from "./_context.ts";

/** A row of `queries/sequences.sql`. */
export interface SequenceRow {
  oid: string;
  data_type: string;
  start: string;
  increment: string;
  min: string;
  max: string;
  cache: string;
  cycle: boolean;
  /** `relid:attnum:deptype` of the owning column (`a` OWNED BY, `i` identity), or null. */
  owner: string | null;
}

/** Sequence options as CREATE SEQUENCE and identity columns take them. */
export function seqOptions(s: SequenceRow): string {
  return `START WITH ${s.start} INCREMENT BY ${s.increment} MINVALUE ${s.min} MAXVALUE ${s.max} CACHE ${s.cache}${
    s.cycle ? " CYCLE" : " NO CYCLE"
  }`;
}

/** Builds the sequence relation `rel` (oid `oid`). */
export function buildSequence(ctx: BuildContext, oid: string, rel: Rel): void {
  const r = rel.r;
  const name = qq(r.schema, r.name);
  const s = ctx.seqByOid.get(oid);
  if (!s) return;
  let ownedBy: string | null = null;
  let ownedByRef: string | undefined;
  if (s.owner) {
    const [relid, attnum, deptype] = s.owner.split(":");
    const owner = ctx.rels.get(relid);
    const col = (ctx.colsByRel.get(relid) ?? []).find((c) => String(c.attnum) === attnum);
    if (deptype === "i") {
      // An identity sequence is made and dropped with its column; only its comment and
      // privileges are its own.
      if (!owner || !col) return;
      const cid = `column:${owner.r.schema}.${owner.r.name}.${col.name}`;
      ctx.add({
        id: rel.id,
        kind: "sequence",
        schema: r.schema,
        name: r.name,
        target: `SEQUENCE ${name}`,
        grantTarget: `SEQUENCE ${name}`,
        owner: r.owner,
        definition: `identity of ${cid}`,
        create: [],
        drop: [],
        comment: r.comment,
        acl: acl(r.acl),
        deps: [cid],
        autoDropsWith: cid,
        sequence: {
          dataType: s.data_type,
          start: s.start,
          increment: s.increment,
          min: s.min,
          max: s.max,
          cache: s.cache,
          cycle: s.cycle,
          ownedBy: null,
          identityOf: cid,
        },
      });
      return;
    }
    if (owner && col) {
      ownedBy = `column:${owner.r.schema}.${owner.r.name}.${col.name}`;
      ownedByRef = `${qq(owner.r.schema, owner.r.name)}.${q(col.name)}`;
    }
  }
  const opts = seqOptions(s);
  const o = ctx.add({
    id: rel.id,
    kind: "sequence",
    schema: r.schema,
    name: r.name,
    target: `SEQUENCE ${name}`,
    owner: r.owner,
    grantTarget: `SEQUENCE ${name}`,
    definition: `AS ${s.data_type} ${opts}`,
    create: [`CREATE SEQUENCE ${name} AS ${s.data_type} ${opts}`],
    drop: [`DROP SEQUENCE ${name}`],
    comment: r.comment,
    acl: acl(r.acl),
    sequence: {
      dataType: s.data_type,
      start: s.start,
      increment: s.increment,
      min: s.min,
      max: s.max,
      cache: s.cache,
      cycle: s.cycle,
      ownedBy,
    },
  });
  if (ownedBy) {
    o.autoDropsWith = ownedBy;
    o.sequence!.ownedByRef = ownedByRef;
    o.create.push(`ALTER SEQUENCE ${name} OWNED BY ${o.sequence!.ownedByRef}`);
  }
  o.deps.push(...schemaOf(o));
}
