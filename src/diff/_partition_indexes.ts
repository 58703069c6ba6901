/**
 * Partitioned indexes and the partitions' indexes attached to them. The server cannot detach an
 * index from a partitioned index: when the desired state stops attaching one, the partitioned
 * index is built again. An index the desired state attaches to a partitioned index that stays is
 * attached (`ALTER INDEX … ATTACH PARTITION`); a new partitioned index attaches its own when it
 * is made (see the plan).
 * @module
 */
import { quoteQualified } from "../sql/mod.ts";
import { type PartitionContext, sqlOp } from "./_partition_context.ts";

/** Adds the index rebuilds and attachments the desired state needs (see the module doc). */
export function attachPartitionIndexes(ctx: PartitionContext): void {
  const { changes, fromObjs, toObjs } = ctx;
  for (const ix of ctx.fromAttached) {
    const pi = ix.autoDropsWith;
    const t = toObjs[ix.id];
    if (ix.kind !== "index" || !pi || fromObjs[pi]?.kind !== "index" || !t || t.autoDropsWith === pi) continue;
    if (ctx.survivors.has(ix.id) || ctx.rebuilt(ix.parent) || ctx.rebuilt(pi) || !toObjs[pi]) continue;
    changes.set(pi, { action: "replace", id: pi, kind: "index", reason: `${ix.id} is no longer attached to it` });
  }
  for (const ix of ctx.toAttached) {
    const f = fromObjs[ix.id];
    if (ix.kind !== "index" || !ix.autoDropsWith || !f || f.autoDropsWith || changes.has(ix.id)) continue;
    const parent = toObjs[ix.autoDropsWith];
    if (!parent || ctx.created(parent.id)) continue;
    const sql = `ALTER INDEX ${quoteQualified(parent.schema!, parent.name)} ATTACH PARTITION ${
      quoteQualified(ix.schema!, ix.name)
    }`;
    changes.set(ix.id, {
      action: "alter",
      id: ix.id,
      kind: "index",
      ops: [{ ...sqlOp("attach_index", 2, sql), deps: [parent.id, ...(ix.parent ? [ix.parent] : [])] }],
    });
  }
}
