/**
 * Triggers on tables and views (clones on partitions map to their table), and event triggers.
 * @module
 */
import { quoteIdent as q, quoteLiteral, quoteQualified as qq } from "../sql/mod.ts";
import { type BuildContext, CLS, enabledWord, pgArray } from "./_context.ts";

/** A row of `queries/triggers.sql`. */
export interface TriggerRow {
  oid: string;
  name: string;
  relid: string;
  /** `pg_get_triggerdef`. */
  def: string;
  /** `O`, `D`, `R` or `A`. */
  enabled: string;
  /** Cloned from a partitioned table's trigger. */
  is_clone: boolean;
  comment: string | null;
}

/** A row of `queries/event_triggers.sql`. */
export interface EventTriggerRow {
  oid: string;
  name: string;
  /** Quoted role name. */
  owner: string;
  event: string;
  /** `regproc` text of the function. */
  function: string;
  function_oid: string;
  enabled: string;
  /** `text[]` of command tags. */
  tags: unknown;
  comment: string | null;
}

/** Adds the triggers of the relations built before. */
export function buildTriggers(ctx: BuildContext, rows: TriggerRow[]): void {
  for (const r of rows) {
    const rel = ctx.rels.get(r.relid);
    if (!rel || !rel.kind) continue;
    const tname = qq(rel.r.schema, rel.r.name);
    if (r.is_clone) {
      ctx.byOid.set(`${CLS.trigger}:${r.oid}`, rel.id);
      continue;
    }
    const create = [String(r.def)];
    const en = enabledWord(r.enabled);
    if (en) create.push(`ALTER TABLE ${tname} ${en} TRIGGER ${q(r.name)}`);
    const o = ctx.add({
      id: `trigger:${rel.r.schema}.${rel.r.name}.${r.name}`,
      kind: "trigger",
      schema: rel.r.schema,
      name: r.name,
      parent: rel.id,
      target: `TRIGGER ${q(r.name)} ON ${tname}`,
      definition: create.join(";\n"),
      create,
      drop: [`DROP TRIGGER IF EXISTS ${q(r.name)} ON ${tname}`],
      comment: r.comment,
    }, `${CLS.trigger}:${r.oid}`);
    o.deps.push(rel.id);
  }
}

/** Adds the event triggers. */
export function buildEventTriggers(ctx: BuildContext, rows: EventTriggerRow[]): void {
  for (const r of rows) {
    const tags = pgArray(r.tags);
    const create = [
      `CREATE EVENT TRIGGER ${q(r.name)} ON ${q(r.event)}${
        tags.length ? ` WHEN TAG IN (${tags.map(quoteLiteral).join(", ")})` : ""
      } EXECUTE FUNCTION ${r.function}()`,
    ];
    const en = enabledWord(r.enabled);
    if (en) create.push(`ALTER EVENT TRIGGER ${q(r.name)} ${en}`);
    ctx.add({
      id: `event_trigger:${r.name}`,
      kind: "event_trigger",
      schema: null,
      name: r.name,
      target: `EVENT TRIGGER ${q(r.name)}`,
      owner: r.owner,
      definition: create.join(";\n"),
      create,
      drop: [`DROP EVENT TRIGGER ${q(r.name)}`],
      comment: r.comment,
    }, `${CLS.eventTrigger}:${r.oid}`);
  }
}
