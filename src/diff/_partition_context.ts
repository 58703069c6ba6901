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

/** Both sides and the changes, as the partition passes read and change them. */
export class PartitionContext {
  /** The indexes of each side attached to a partitioned index. */
  readonly fromAttached: CatalogObject[] = [];
  readonly toAttached: CatalogObject[] = [];
  /** `from` objects that outlive what they hang on (see `PartitionMoves`). */
  readonly survivors = new Set<string>();
  /** Whether either side has a partition: otherwise nothing here applies. */
  readonly partitioned: boolean;
  #fromKids = new Map<string, CatalogObject[]>();
  #toKids = new Map<string, CatalogObject[]>();
  #sorted = new Set<CatalogObject[]>();

  constructor(
    readonly changes: Map<string, Change>,
    readonly fromObjs: Objs,
    readonly toObjs: Objs,
    tables: { from: CatalogObject[]; to: CatalogObject[] },
    readonly casts: ReadonlySet<string>,
  ) {
    // Children are grouped only when a side has a partition.
    this.partitioned = [...tables.from, ...tables.to].some((t) => !!t.table?.partitionOf);
    if (!this.partitioned) return;
    for (
      const [objs, kids, attached] of [
        [fromObjs, this.#fromKids, this.fromAttached],
        [toObjs, this.#toKids, this.toAttached],
      ] as const
    ) {
      for (const o of Object.values(objs)) {
        if (o.kind === "index" && o.autoDropsWith) attached.push(o);
        if (!o.parent) continue;
        const l = kids.get(o.parent);
        if (l) l.push(o);
        else kids.set(o.parent, [o]);
      }
    }
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

  /** The children of `id` on one side, of one kind when given, in identity order. */
  kids(side: "from" | "to", id: string | null, kind?: string): CatalogObject[] {
    const l = id ? (side === "from" ? this.#fromKids : this.#toKids).get(id) : undefined;
    if (!l) return [];
    if (!this.#sorted.has(l)) {
      l.sort(byId);
      this.#sorted.add(l);
    }
    return kind ? l.filter((o) => o.kind === kind) : l;
  }

  /** The checks, keys and foreign keys of table `id` that a partitioned table passes on. */
  cons(side: "from" | "to", id: string | null): Con[] {
    return this.kids(side, id, "constraint").filter((k) => INHERITED_TYPES.includes(k.constraintType ?? ""))
      .map((k) => ({ type: k.constraintType!, def: k.definition, name: k.name, id: k.id }));
  }
}

const byId = (a: CatalogObject, b: CatalogObject) => a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** Two constraints of the same type and definition. */
export const sameCon = (a: Con, b: Con): boolean => a.type === b.type && a.def === b.def;

/** A parent's constraint `p` takes a partition's `k`: keys and foreign keys by definition, checks by name too. */
export const attaches = (p: Con, k: Con): boolean => sameCon(p, k) && (p.type !== "c" || p.name === k.name);

/** An operation of one statement. */
export function sqlOp(op: string, phase: 1 | 2, sql: string, hazards: AlterOp["hazards"] = []): AlterOp {
  return { op, phase, sql: [sql], hazards };
}
