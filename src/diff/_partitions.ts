/**
 * Tables that move in or out of a partitioned table, following PostgreSQL's rules:
 *
 * - a table that becomes a partition of a table that exists (or is created) is attached
 *   (`ATTACH PARTITION`, which keeps its rows), after it has the parent's columns, types, NOT NULL
 *   and CHECK constraints, which the server requires; its indexes, keys and foreign keys that
 *   match the parent's are attached with it (not dropped and built again);
 * - a partition that becomes a table of its own, or moves to another parent, is detached
 *   (`DETACH PARTITION`): it keeps its columns, defaults, NOT NULL, checks, foreign keys, keys
 *   and indexes, which become its own; those the desired table lacks are dropped after;
 * - a partition whose parent is created again (its partition key changes, it becomes a plain
 *   table…) is detached before the parent is dropped and attached to the new parent after;
 * - a partition's own key, unique constraint or foreign key that the parent gains is attached to
 *   the parent's (kept), and an index of a partition that the desired state attaches to a
 *   partitioned index is attached (`ALTER INDEX … ATTACH PARTITION`).
 *
 * Only the bounds of a partition changing: it is detached and attached again between the drops
 * and the creates, all detached before any is attached (exchanged bounds never overlap).
 * @module
 */
import type { CatalogObject } from "../model/mod.ts";
import { quoteIdent, quoteLiteral, quoteQualified } from "../sql/mod.ts";
import { compareColumn } from "./_compare_table.ts";
import { partitionParent } from "./_names.ts";
import { usingCast } from "./column_types.ts";
import { commentSql } from "./statements.ts";
import { aclOps } from "./privileges.ts";
import type { AlterOp, Change } from "./types.ts";

/** What {@link reconcilePartitions} tells the rest of the diff. */
export interface PartitionMoves {
  /**
   * `from` objects that outlive what they hang on because their table is detached first
   * (its columns, defaults and indexes attached to the parent's): never rebuilt as dependents.
   */
  survivors: Set<string>;
}

type Objs = Record<string, CatalogObject>;

/** A constraint a table has, as far as the move is concerned. */
interface Con {
  type: string;
  def: string;
  /** Unknown for the key of a partition cloned from its parent's (the catalog shows no name). */
  name?: string;
  /** Its identity when the catalog shows it. */
  id?: string;
}

/** A table's columns, defaults and constraints at one point of the move. */
interface TableState {
  cols: Map<string, { type: string; collation: string | null; notNull: boolean }>;
  defaults: Map<string, string | null>;
  cons: Con[];
}

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

/** The column name part of a `column:` or `default:` identity of table `tableId`. */
const memberName = (id: string, tableId: string) => id.slice(id.indexOf(":") + 1).slice(tableId.length - 5);

/** Constraint types a parent passes on to its partitions. */
const INHERITED_TYPES = "cfpux";

/**
 * Plans the moves of tables in and out of partitioned tables: the detach and attach operations
 * with what they need (see the module doc), replacing the changes of the moved tables' members
 * that the moves make right. Runs after the objects are compared, before dependents are rebuilt.
 */
export function reconcilePartitions(
  changes: Map<string, Change>,
  fromObjs: Objs,
  toObjs: Objs,
  casts: ReadonlySet<string>,
): PartitionMoves {
  const survivors = new Set<string>();
  const fromKids = childrenIndex(fromObjs);
  const toKids = childrenIndex(toObjs);
  const rebuilt = (id: string | null) => {
    const a = id ? changes.get(id)?.action : undefined;
    return a === "replace" || a === "drop";
  };
  const created = (id: string) => {
    const a = changes.get(id)?.action;
    return a === "create" || a === "replace";
  };
  const kids = (m: Map<string, CatalogObject[]>, id: string | null, kind?: string) =>
    (id ? m.get(id) ?? [] : []).filter((o) => !kind || o.kind === kind);
  const sameCon = (a: Con, b: Con) => a.type === b.type && a.def === b.def;
  /** The constraints a partitioned table passes on (checks by name; keys and foreign keys by definition). */
  const passedOn = (m: Map<string, CatalogObject[]>, parent: string | null): Con[] =>
    kids(m, parent, "constraint").filter((k) => INHERITED_TYPES.includes(k.constraintType ?? ""))
      .map((k) => ({ type: k.constraintType!, def: k.definition, name: k.name, id: k.id }));
  const localCons = (m: Map<string, CatalogObject[]>, table: string): Con[] =>
    kids(m, table, "constraint").filter((k) => INHERITED_TYPES.includes(k.constraintType ?? ""))
      .map((k) => ({ type: k.constraintType!, def: k.definition, name: k.name, id: k.id }));

  for (const id of Object.keys(toObjs).sort()) {
    const t = toObjs[id];
    const f = fromObjs[id];
    if (t.kind !== "table" || !f || f.kind !== "table" || rebuilt(id)) continue;
    const fp = partitionParent(f);
    const tp = partitionParent(t);
    const change = changes.get(id);
    const boundOps = change?.ops?.filter((o) => o.op.startsWith("partition_")) ?? [];
    if (fp && fp === tp && !rebuilt(fp)) {
      // Same parent: only the bounds change (or nothing).
      if (boundOps.length) {
        const r = changes.get(`rename:${id}`);
        changes.set(`rename:${id}`, { action: "rename", id, kind: t.kind, ops: [...(r?.ops ?? []), ...boundOps] });
        change!.ops = change!.ops!.filter((o) => !boundOps.includes(o));
        if (!change!.ops.length) changes.delete(id);
      }
      keepAttachable(id, tp, true);
      continue;
    }
    if (!fp && !tp) continue;
    const detach = !!fp;
    const attach = !!tp;
    const name = quoteQualified(t.schema!, t.name);
    // The server cannot attach a table with identity columns, or whose generated columns differ.
    if (attach) {
      const bad = kids(toKids, id, "column").find((c) => {
        const fc = fromObjs[c.id]?.column;
        return fc && (!!fc.identity || (fc.generated ?? "") !== (c.column!.generated ?? ""));
      });
      if (bad) {
        changes.set(id, { action: "replace", id, kind: t.kind, reason: `column ${bad.name} cannot be attached` });
        continue;
      }
    }
    const ops1: AlterOp[] = [];
    const ops2: AlterOp[] = [];
    const other = (change?.ops ?? []).filter((o) => !boundOps.includes(o));

    // The table as it is once detached: its members become its own.
    const state: TableState = { cols: new Map(), defaults: new Map(), cons: localCons(fromKids, id) };
    for (const c of kids(fromKids, id, "column")) {
      const n = memberName(c.id, id);
      state.cols.set(n, { type: c.column!.type, collation: c.column!.collation, notNull: c.column!.notNull });
      const own = fromObjs[`default:${id.slice(6)}.${n}`];
      const inheritedDefault = fp ? fromObjs[`default:${fp.slice(6)}.${n}`]?.definition ?? null : null;
      state.defaults.set(
        n,
        own ? (own.definition === "NULL" && c.column!.inherited ? null : own.definition) : inheritedDefault,
      );
    }
    if (detach) {
      ops1.push({
        op: "partition_detach",
        phase: 1,
        sql: [`ALTER TABLE ${f.table!.partitionOf} DETACH PARTITION ${name}`],
        hazards: ["ACQUIRES_ACCESS_EXCLUSIVE_LOCK"],
        // Before the old parent's keys, foreign keys and indexes go: the partition keeps its copies.
        deps: (fromKids.get(fp!) ?? []).filter((k) => k.kind === "constraint" || k.kind === "index").map((k) => k.id),
      });
      state.cons.push(
        ...passedOn(fromKids, fp).map((k) => ({ ...k, name: "pux".includes(k.type) ? undefined : k.name })),
      );
      // Its members outlive the old parent.
      for (const o of fromKids.get(id) ?? []) {
        if (o.kind === "column" || o.kind === "default" || o.kind === "index") survivors.add(o.id);
        if (o.kind === "constraint" && o.constraintType === "n") survivors.add(o.id);
      }
      // Attached indexes become the table's own: dropped when the desired state lacks or changes them.
      for (const ix of kids(fromKids, id, "index")) {
        const c = changes.get(ix.id);
        if (ix.autoDropsWith && (c?.action === "drop" || c?.action === "replace")) {
          ops1.push(sqlOp("detached_index", 1, `DROP INDEX ${quoteQualified(ix.schema!, ix.name)}`));
        }
      }
      // Inherited columns the desired table lacks: the server's own drop of the column.
      for (const c of kids(fromKids, id, "column")) {
        if (c.column!.inherited && !toObjs[c.id]) {
          ops1.push(sqlOp("drop_column", 1, `ALTER TABLE ${name} DROP COLUMN ${quoteIdent(c.name)}`, ["DELETES_DATA"]));
          state.cols.delete(c.name);
          changes.delete(c.id);
        }
      }
    }

    // What the table must hold: its own visible constraints, plus what the new parent passes on.
    const wantedOwn = localCons(toKids, id);
    const parentCons = attach ? passedOn(toKids, tp) : [];
    for (const k of state.cons) {
      const own = wantedOwn.find((w) => sameCon(w, k) && (k.name === undefined || w.name === k.name));
      const fromParent = parentCons.find((p) => sameCon(p, k) && (p.type !== "c" || p.name === k.name));
      if (k.id && fromObjs[k.id]?.parent === id) {
        // A constraint of the table's own: kept when the parent's matches it (it is attached).
        if (fromParent && changes.get(k.id)?.action === "drop") changes.delete(k.id);
        continue;
      }
      // A copy of the old parent's, now the table's own.
      if (own) {
        changes.delete(own.id!);
        if (k.name === undefined) ops1.push(keyOp(name, k, own.name!));
      } else if (!fromParent) {
        ops1.push(
          k.name === undefined
            ? keyOp(name, k, null)
            : sqlOp("drop_constraint", 1, `ALTER TABLE ${name} DROP CONSTRAINT ${quoteIdent(k.name)}`),
        );
      }
    }

    // Columns: the table's own settings compare as usual; type, NOT NULL and default follow the move.
    for (const c of kids(toKids, id, "column")) {
      const n = memberName(c.id, id);
      const fc = fromObjs[c.id];
      if (!fc) continue;
      const r = compareColumn({ ...fc, column: { ...fc.column!, inherited: c.column!.inherited } }, c, casts);
      if (!Array.isArray(r)) {
        // Created again (its generation changes): once detached, the server's column is dropped first.
        changes.set(c.id, { action: "replace", id: c.id, kind: "column", reason: r.replace });
        if (detach && fc.column!.inherited) {
          ops1.push(sqlOp("drop_column", 1, `ALTER TABLE ${name} DROP COLUMN ${quoteIdent(n)}`, ["DELETES_DATA"]));
          state.cols.delete(n);
        }
      } else if (r.length) {
        // Once detached: what would run with the drops runs after the detach.
        const ops = detach ? r.map((o) => o.phase === 1 ? { ...o, phase: 2 as const } : o) : r;
        changes.set(c.id, { action: "alter", id: c.id, kind: "column", ops });
      } else changes.delete(c.id);
    }
    for (const k of [...fromKids.get(id) ?? [], ...toKids.get(id) ?? []]) {
      if (k.kind === "default" || (k.kind === "constraint" && k.constraintType === "n")) changes.delete(k.id);
    }

    let attachOp: AlterOp | undefined;
    const post: AlterOp[] = [];
    if (attach) {
      const parent = t.table!.partitionOf!;
      // The parent's columns, types and NOT NULL, which the server requires before it attaches.
      for (const pc of kids(toKids, tp, "column")) {
        const n = pc.name;
        const col = pc.column!;
        const s = state.cols.get(n);
        const type = `${col.type}${col.collation ? ` COLLATE ${col.collation}` : ""}`;
        if (!s) {
          ops2.push({
            ...sqlOp("add_column", 2, `ALTER TABLE ${name} ADD COLUMN ${quoteIdent(n)} ${type}`),
            deps: pc.deps.filter((d) => d !== tp),
          });
          const tc = toObjs[`column:${id.slice(6)}.${n}`];
          changes.delete(tc?.id ?? "");
          if (tc?.comment != null) post.push(sqlOp("comment", 2, commentSql(tc.target, tc.comment)));
          if (tc?.acl) post.push(...aclOps(tc, [], tc.acl));
          state.cols.set(n, { type: col.type, collation: col.collation, notNull: false });
        } else if (s.type !== col.type || s.collation !== col.collation) {
          ops2.push(
            sqlOp(
              "column_type",
              2,
              `ALTER TABLE ${name} ALTER COLUMN ${quoteIdent(n)} TYPE ${type} USING ${
                usingCast(quoteIdent(n), s.type, col.type, casts)
              }`,
              ["TABLE_REWRITE", "ACQUIRES_ACCESS_EXCLUSIVE_LOCK"],
            ),
          );
        }
        const cur = state.cols.get(n)!;
        if (col.notNull && !cur.notNull) {
          ops2.push(
            sqlOp("not_null", 2, `ALTER TABLE ${name} ALTER COLUMN ${quoteIdent(n)} SET NOT NULL`, [
              "ACQUIRES_ACCESS_EXCLUSIVE_LOCK",
              "VALIDATES_ALL_ROWS",
            ]),
          );
          cur.notNull = true;
        }
      }
      // The parent's checks, by name, which the server requires too.
      for (const p of parentCons.filter((p) => p.type === "c")) {
        const have = state.cons.find((k) => k.type === "c" && k.name === p.name);
        if (have && have.def === p.def) continue;
        if (have) ops2.push(sqlOp("drop_constraint", 2, `ALTER TABLE ${name} DROP CONSTRAINT ${quoteIdent(p.name!)}`));
        ops2.push(sqlOp("add_check", 2, `ALTER TABLE ${name} ADD CONSTRAINT ${quoteIdent(p.name!)} ${p.def}`, [
          "VALIDATES_ALL_ROWS",
        ]));
      }
      // The desired indexes of the table exist before it is attached: the server attaches them
      // to the parent's instead of building its own.
      const indexes = kids(toKids, id, "index").filter((ix) => created(ix.id)).map((ix) => ix.id);
      attachOp = {
        op: "partition_attach",
        phase: 2,
        sql: [`ALTER TABLE ${parent} ATTACH PARTITION ${name} ${t.table!.partitionBound}`],
        hazards: ["ACQUIRES_ACCESS_EXCLUSIVE_LOCK", "VALIDATES_ALL_ROWS"],
        deps: indexes,
      };
      // NOT NULL beyond the parent's is the partition's own.
      for (const c of kids(toKids, id, "column")) {
        const n = memberName(c.id, id);
        const s = state.cols.get(n);
        if (!s) continue;
        const want = !!toObjs[`column:${tp!.slice(6)}.${n}`]?.column?.notNull ||
          !!toObjs[`constraint:${id.slice(6)}.${n} not null`];
        if (s.notNull && !want) {
          post.push(sqlOp("not_null", 2, `ALTER TABLE ${name} ALTER COLUMN ${quoteIdent(n)} DROP NOT NULL`));
        } else if (!s.notNull && want) {
          post.push(
            sqlOp("not_null", 2, `ALTER TABLE ${name} ALTER COLUMN ${quoteIdent(n)} SET NOT NULL`, [
              "ACQUIRES_ACCESS_EXCLUSIVE_LOCK",
              "VALIDATES_ALL_ROWS",
            ]),
          );
        }
      }
    }
    // Defaults: attaching or detaching copies none; the table keeps its own.
    for (const c of kids(toKids, id, "column")) {
      const n = memberName(c.id, id);
      const own = toObjs[`default:${id.slice(6)}.${n}`];
      const want = own
        ? (own.definition === "NULL" && c.column!.inherited ? null : own.definition)
        : tp
        ? toObjs[`default:${tp.slice(6)}.${n}`]?.definition ?? null
        : null;
      const have = state.defaults.get(n) ?? null;
      if (want === have) continue;
      const source = own ?? (tp ? toObjs[`default:${tp.slice(6)}.${n}`] : undefined);
      post.push({
        ...sqlOp(
          "default",
          2,
          `ALTER TABLE ONLY ${name} ALTER COLUMN ${quoteIdent(n)} ${
            want === null ? "DROP DEFAULT" : `SET DEFAULT ${want}`
          }`,
        ),
        // A default naming a sequence (or a function) comes after it.
        deps: (source?.deps ?? []).filter((d) => !d.startsWith("column:") && !d.startsWith("table:")),
      });
    }
    const ops = [...ops1, ...other.filter((o) => o.phase === 1), ...ops2, ...other.filter((o) => o.phase === 2)];
    if (attachOp) ops.push(attachOp);
    ops.push(...post);
    changes.set(id, { action: "alter", id, kind: t.kind, ops });
    if (attach) keepAttachable(id, tp, false);
  }

  // The server cannot detach an index from a partitioned index: when the desired state no longer
  // attaches one to it, the partitioned index is built again (its partitions' indexes with it).
  for (const ix of Object.values(fromObjs)) {
    const pi = ix.autoDropsWith;
    const t = toObjs[ix.id];
    if (ix.kind !== "index" || !pi || fromObjs[pi]?.kind !== "index" || !t || t.autoDropsWith === pi) continue;
    if (survivors.has(ix.id) || rebuilt(ix.parent ?? null) || rebuilt(pi) || !toObjs[pi]) continue;
    changes.set(pi, { action: "replace", id: pi, kind: "index", reason: `${ix.id} is no longer attached to it` });
  }

  // A partitioned index that stays takes the partitions' indexes the desired state attaches to it
  // (a new one is made with them).
  for (const ix of Object.values(toObjs)) {
    const f = fromObjs[ix.id];
    if (ix.kind !== "index" || !ix.autoDropsWith || !f || f.autoDropsWith || changes.has(ix.id)) continue;
    const parent = toObjs[ix.autoDropsWith];
    if (!parent || created(parent.id)) continue;
    changes.set(ix.id, {
      action: "alter",
      id: ix.id,
      kind: "index",
      ops: [{
        ...sqlOp(
          "attach_index",
          2,
          `ALTER INDEX ${quoteQualified(parent.schema!, parent.name)} ATTACH PARTITION ${
            quoteQualified(ix.schema!, ix.name)
          }`,
        ),
        deps: [parent.id, ...(ix.parent ? [ix.parent] : [])],
      }],
    });
  }
  return { survivors };

  /**
   * The partition's own keys, unique constraints, foreign keys and checks that its parent has
   * too are kept: the server attaches them to the parent's instead of building its own (for a
   * partition that stays, only those its parent gains now: `onlyNew`).
   */
  function keepAttachable(table: string, parent: string | null, onlyNew: boolean): void {
    // A partition that stays keeps only what attaches to a constraint its parent gains now.
    const wanted = passedOn(toKids, parent).filter((w) => !onlyNew || created(w.id!));
    for (const k of localCons(fromKids, table)) {
      if (changes.get(k.id!)?.action !== "drop") continue;
      if (wanted.some((w) => sameCon(w, k) && (w.type !== "c" || w.name === k.name))) changes.delete(k.id!);
    }
  }
}

function sqlOp(op: string, phase: 1 | 2, sql: string, hazards: AlterOp["hazards"] = []): AlterOp {
  return { op, phase, sql: [sql], hazards };
}

/**
 * A detached partition's copy of its old parent's key (or unique or exclusion constraint): the
 * catalog does not name it, so it is found by its definition, then renamed to `name`, or dropped
 * when `name` is null.
 */
function keyOp(table: string, k: Con, name: string | null): AlterOp {
  const action = name === null
    ? `EXECUTE pg_catalog.format('ALTER TABLE %s DROP CONSTRAINT %I', ${quoteLiteral(table)}, c);`
    : `IF c <> ${quoteLiteral(name)} THEN\n    EXECUTE pg_catalog.format('ALTER TABLE %s RENAME CONSTRAINT %I TO %I', ${
      quoteLiteral(table)
    }, c, ${quoteLiteral(name)});\n  END IF;`;
  const sql = [
    "DO $confiture$",
    "DECLARE c name;",
    "BEGIN",
    `  SELECT conname INTO STRICT c FROM pg_catalog.pg_constraint`,
    `  WHERE conrelid = ${quoteLiteral(table)}::regclass AND contype = ${quoteLiteral(k.type)}`,
    `    AND pg_catalog.pg_get_constraintdef(oid) = ${quoteLiteral(k.def)};`,
    `  ${action}`,
    "END",
    "$confiture$",
  ].join("\n");
  return { op: name === null ? "drop_constraint" : "rename_constraint", phase: 1, sql: [sql], hazards: [] };
}
