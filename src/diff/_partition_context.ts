/**
 * What the partition passes share: both sides' objects grouped by parent, the changes so far, and
 * small readers of constraints and statements.
 * @module
 */
import type { CatalogObject } from "../model/mod.ts";
import type { AlterOp, Change } from "./types.ts";

type Objs = Record<string, CatalogObject>;

/** A constraint a table has, as far as a move is concerned. */
export interface Con {
  type: string;
  def: string;
  /** Unknown for a partition's copy of its parent's key (the catalog shows no name). */
  name?: string;
  /** Its identity when the catalog shows it. */
  id?: string;
}

/** Constraint types a partitioned table passes on to its partitions. */
const INHERITED_TYPES = "cfpux";

/** Objects by parent identity, in identity order. */
function childrenIndex(objs: Objs): Map<string, CatalogObject[]> {
  const m = new Map<string, CatalogObject[]>();
  for (const k of Object.keys(objs).sort()) {
    const o = objs[k];
    if (!o.parent) continue;
    const l = m.get(o.parent);
    if (l) l.push(o);
    else m.set(o.parent, [o]);
  }
  return m;
}

/** Both sides and the changes, as the partition passes read and change them. */
export class PartitionContext {
  readonly fromKids: Map<string, CatalogObject[]>;
  readonly toKids: Map<string, CatalogObject[]>;
  /** `from` objects that outlive what they hang on (see `PartitionMoves`). */
  readonly survivors = new Set<string>();

  constructor(
    readonly changes: Map<string, Change>,
    readonly fromObjs: Objs,
    readonly toObjs: Objs,
    readonly casts: ReadonlySet<string>,
  ) {
    this.fromKids = childrenIndex(fromObjs);
    this.toKids = childrenIndex(toObjs);
  }

  /** The object is dropped, or dropped and created again. */
  rebuilt(id: string | null | undefined): boolean {
    const a = id ? this.changes.get(id)?.action : undefined;
    return a === "replace" || a === "drop";
  }

  /** The object is created, or dropped and created again. */
  created(id: string): boolean {
    const a = this.changes.get(id)?.action;
    return a === "create" || a === "replace";
  }

  /** The children of `id` on one side, of one kind when given. */
  kids(side: "from" | "to", id: string | null, kind?: string): CatalogObject[] {
    const m = side === "from" ? this.fromKids : this.toKids;
    return (id ? m.get(id) ?? [] : []).filter((o) => !kind || o.kind === kind);
  }

  /** The checks, keys and foreign keys of table `id` that a partitioned table passes on. */
  cons(side: "from" | "to", id: string | null): Con[] {
    return this.kids(side, id, "constraint").filter((k) => INHERITED_TYPES.includes(k.constraintType ?? ""))
      .map((k) => ({ type: k.constraintType!, def: k.definition, name: k.name, id: k.id }));
  }
}

/** Two constraints of the same type and definition. */
export const sameCon = (a: Con, b: Con): boolean => a.type === b.type && a.def === b.def;

/** A parent's constraint `p` takes a partition's `k`: keys and foreign keys by definition, checks by name too. */
export const attaches = (p: Con, k: Con): boolean => sameCon(p, k) && (p.type !== "c" || p.name === k.name);

/** An operation of one statement. */
export function sqlOp(op: string, phase: 1 | 2, sql: string, hazards: AlterOp["hazards"] = []): AlterOp {
  return { op, phase, sql: [sql], hazards };
}
