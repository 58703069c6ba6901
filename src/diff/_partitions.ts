/**
 * Tables that move in or out of a partitioned table, following PostgreSQL's rules:
 *
 * - a table that becomes a partition of a table that exists (or is created) is attached
 *   (`ATTACH PARTITION`, which keeps its rows), after it has the parent's columns, types, NOT NULL
 *   and CHECK constraints, which the server requires; its keys, foreign keys and indexes that
 *   match the parent's are attached with it (not dropped and built again);
 * - a partition that becomes a table of its own, or moves to another parent, is detached
 *   (`DETACH PARTITION`): it keeps its columns, defaults, NOT NULL, checks, foreign keys, keys
 *   and indexes, which become its own; those the desired table lacks are dropped after;
 * - a partition whose parent is created again (its partition key changes, it becomes a plain
 *   table…) is detached before the parent is dropped and attached to the new parent after;
 * - a partition's own key, unique constraint, foreign key or check that its parent gains is
 *   attached to the parent's (kept).
 *
 * Only the bounds of a partition changing: it is detached and attached again between the drops
 * and the creates, all detached before any is attached (exchanged bounds never overlap).
 * @module
 */
import type { CatalogObject } from "../model/mod.ts";
import { quoteIdent, quoteLiteral, quoteQualified } from "../sql/mod.ts";
import { compareColumn } from "./_compare_table.ts";
import { partitionParent } from "./_names.ts";
import { attaches, type Con, PartitionContext, sameCon, sqlOp } from "./_partition_context.ts";
import { attachPartitionIndexes } from "./_partition_indexes.ts";
import { usingCast } from "./column_types.ts";
import { aclOps } from "./privileges.ts";
import { commentSql } from "./statements.ts";
import type { AlterOp, Change } from "./types.ts";

/** What {@link reconcilePartitions} tells the rest of the diff. */
export interface PartitionMoves {
  /**
   * `from` objects that outlive what they hang on because their table is detached first
   * (its columns, defaults and indexes attached to the parent's): never rebuilt as dependents.
   */
  survivors: Set<string>;
}

/** A moving table's columns, defaults and constraints once detached (or as they are). */
interface TableState {
  cols: Map<string, { type: string; collation: string | null; notNull: boolean }>;
  defaults: Map<string, string | null>;
  cons: Con[];
}

/** One table's move: where from, where to, and the operations it gathers. */
interface Move {
  id: string;
  f: CatalogObject;
  t: CatalogObject;
  /** The old parent (detach) and the new one (attach). */
  fp: string | null;
  tp: string | null;
  /** Quoted name of the table. */
  name: string;
  state: TableState;
  /** Right after the detach (phase 1), before the attach, after the attach (phase 2). */
  afterDetach: AlterOp[];
  beforeAttach: AlterOp[];
  afterAttach: AlterOp[];
}

/**
 * Plans the moves of tables in and out of partitioned tables: the detach and attach operations
 * with what they need (see the module doc), replacing the changes of the moved tables' members
 * that the moves make right; then the partitioned indexes' attachments. Runs after the objects
 * are compared, before dependents are rebuilt; `tables` are both sides' tables in identity order.
 */
export function reconcilePartitions(
  changes: Map<string, Change>,
  fromObjs: Record<string, CatalogObject>,
  toObjs: Record<string, CatalogObject>,
  tables: { from: CatalogObject[]; to: CatalogObject[] },
  casts: ReadonlySet<string>,
): PartitionMoves {
  const ctx = new PartitionContext(changes, fromObjs, toObjs, tables, casts);
  if (!ctx.partitioned) return { survivors: ctx.survivors };
  for (const t of tables.to) {
    const id = t.id;
    const f = fromObjs[id];
    if (!f || f.kind !== "table" || ctx.rebuilt(id)) continue;
    const fp = partitionParent(f);
    const tp = partitionParent(t);
    const change = changes.get(id);
    const boundOps = change?.ops?.filter((o) => o.op.startsWith("partition_")) ?? [];
    if (fp && fp === tp && !ctx.rebuilt(fp)) {
      // Same parent: only the bounds change (or nothing).
      if (boundOps.length) {
        const r = changes.get(`rename:${id}`);
        changes.set(`rename:${id}`, { action: "rename", id, kind: t.kind, ops: [...(r?.ops ?? []), ...boundOps] });
        change!.ops = change!.ops!.filter((o) => !boundOps.includes(o));
        if (!change!.ops.length) changes.delete(id);
      }
      keepAttachable(ctx, id, tp, true);
      continue;
    }
    if (!fp && !tp) continue;
    // The server cannot attach a table with identity columns, or whose generated columns differ.
    const bad = tp && ctx.kids("to", id, "column").find((c) => {
      const fc = fromObjs[c.id]?.column;
      return fc && (!!fc.identity || (fc.generated ?? "") !== (c.column!.generated ?? ""));
    });
    if (bad) {
      changes.set(id, { action: "replace", id, kind: t.kind, reason: `column ${bad.name} cannot be attached` });
      continue;
    }
    const m: Move = {
      id,
      f,
      t,
      fp,
      tp,
      name: quoteQualified(t.schema!, t.name),
      state: stateOf(ctx, id, fp),
      afterDetach: [],
      beforeAttach: [],
      afterAttach: [],
    };
    if (fp) detach(ctx, m);
    settleConstraints(ctx, m);
    settleColumns(ctx, m);
    if (tp) attach(ctx, m);
    settleDefaults(ctx, m);
    const other = (change?.ops ?? []).filter((o) => !boundOps.includes(o));
    const ops = [
      ...m.afterDetach,
      ...other.filter((o) => o.phase === 1),
      ...m.beforeAttach,
      ...other.filter((o) => o.phase === 2),
      ...m.afterAttach,
    ];
    changes.set(id, { action: "alter", id, kind: t.kind, ops });
    if (tp) keepAttachable(ctx, id, tp, false);
  }
  attachPartitionIndexes(ctx);
  return { survivors: ctx.survivors };
}

/** The table's columns, defaults and own constraints as the `from` side has them. */
function stateOf(ctx: PartitionContext, id: string, fp: string | null): TableState {
  const state: TableState = { cols: new Map(), defaults: new Map(), cons: ctx.cons("from", id) };
  for (const c of ctx.kids("from", id, "column")) {
    const n = c.name;
    state.cols.set(n, { type: c.column!.type, collation: c.column!.collation, notNull: c.column!.notNull });
    // A partition's default is its own when it differs from the parent's, else a copy of it.
    const own = ctx.fromObjs[`default:${id.slice(6)}.${n}`];
    const inherited = fp ? ctx.fromObjs[`default:${fp.slice(6)}.${n}`]?.definition ?? null : null;
    state.defaults.set(n, own ? (own.definition === "NULL" && c.column!.inherited ? null : own.definition) : inherited);
  }
  return state;
}

/** Detaches the table: its copies of the old parent's members become its own. */
function detach(ctx: PartitionContext, m: Move): void {
  const fp = m.fp!;
  m.afterDetach.push({
    op: "partition_detach",
    phase: 1,
    sql: [`ALTER TABLE ${m.f.table!.partitionOf} DETACH PARTITION ${m.name}`],
    hazards: ["ACQUIRES_ACCESS_EXCLUSIVE_LOCK"],
    // Before the old parent's keys, foreign keys and indexes go: the partition keeps its copies.
    deps: ctx.kids("from", fp).filter((k) => k.kind === "constraint" || k.kind === "index").map((k) => k.id),
  });
  m.state.cons.push(...ctx.cons("from", fp).map((k) => ({ ...k, name: "pux".includes(k.type) ? undefined : k.name })));
  for (const o of ctx.kids("from", m.id)) {
    if (["column", "default", "index"].includes(o.kind) || o.constraintType === "n") ctx.survivors.add(o.id);
  }
  // Attached indexes become the table's own: dropped when the desired state lacks or changes them.
  for (const ix of ctx.kids("from", m.id, "index")) {
    if (ix.autoDropsWith && ctx.rebuilt(ix.id)) {
      m.afterDetach.push(sqlOp("detached_index", 1, `DROP INDEX ${quoteQualified(ix.schema!, ix.name)}`));
    }
  }
  // Columns the desired table lacks, until now the parent's: the table's own now, dropped.
  for (const c of ctx.kids("from", m.id, "column")) {
    if (c.column!.inherited && !ctx.toObjs[c.id]) {
      m.afterDetach.push(dropColumn(m, c.name));
      ctx.changes.delete(c.id);
    }
  }
}

/**
 * The table's constraints: its own that the new parent's take are kept (attached); copies of the
 * old parent's that the desired table has are kept (not created again), the others dropped.
 */
function settleConstraints(ctx: PartitionContext, m: Move): void {
  const wanted = ctx.cons("to", m.id);
  const parentCons = m.tp ? ctx.cons("to", m.tp) : [];
  for (const k of m.state.cons) {
    const own = wanted.find((w) => sameCon(w, k) && (k.name === undefined || w.name === k.name));
    const fromParent = parentCons.find((p) => attaches(p, k));
    if (k.id && ctx.fromObjs[k.id]?.parent === m.id) {
      if (fromParent && ctx.changes.get(k.id)?.action === "drop") ctx.changes.delete(k.id);
      continue;
    }
    if (own) {
      ctx.changes.delete(own.id!);
      if (k.name === undefined) m.afterDetach.push(keyOp(m.name, k, own.name!));
    } else if (!fromParent) {
      m.afterDetach.push(
        k.name === undefined
          ? keyOp(m.name, k, null)
          : sqlOp("drop_constraint", 1, `ALTER TABLE ${m.name} DROP CONSTRAINT ${quoteIdent(k.name)}`),
      );
    }
  }
}

/**
 * The table's columns: their own settings compare as usual; type and NOT NULL follow the move
 * (attach) or compare as the table's own (detach); defaults and a partition's own NOT NULL are
 * settled by the move.
 */
function settleColumns(ctx: PartitionContext, m: Move): void {
  for (const c of ctx.kids("to", m.id, "column")) {
    const fc = ctx.fromObjs[c.id];
    if (!fc) continue;
    const r = compareColumn({ ...fc, column: { ...fc.column!, inherited: c.column!.inherited } }, c, ctx.casts);
    if (!Array.isArray(r)) {
      // Created again (its generation changes): once detached, the column is the table's to drop.
      ctx.changes.set(c.id, { action: "replace", id: c.id, kind: "column", reason: r.replace });
      if (m.fp && fc.column!.inherited) m.afterDetach.push(dropColumn(m, c.name));
    } else if (r.length) {
      // Once detached: what would run with the drops runs after the detach.
      const ops = m.fp ? r.map((o) => o.phase === 1 ? { ...o, phase: 2 as const } : o) : r;
      ctx.changes.set(c.id, { action: "alter", id: c.id, kind: "column", ops });
    } else ctx.changes.delete(c.id);
  }
  for (const k of [...ctx.kids("from", m.id), ...ctx.kids("to", m.id)]) {
    if (k.kind === "default" || (k.kind === "constraint" && k.constraintType === "n")) ctx.changes.delete(k.id);
  }
}

/** Prepares the table as the server requires, attaches it, then sets its own NOT NULL. */
function attach(ctx: PartitionContext, m: Move): void {
  const { toObjs } = ctx;
  const tp = m.tp!;
  for (const pc of ctx.kids("to", tp, "column")) {
    const n = pc.name;
    const col = pc.column!;
    const s = m.state.cols.get(n);
    const type = `${col.type}${col.collation ? ` COLLATE ${col.collation}` : ""}`;
    if (!s) {
      m.beforeAttach.push({
        ...sqlOp("add_column", 2, `ALTER TABLE ${m.name} ADD COLUMN ${quoteIdent(n)} ${type}`),
        deps: pc.deps.filter((d) => d !== tp),
      });
      const tc = toObjs[`column:${m.id.slice(6)}.${n}`];
      if (tc) {
        ctx.changes.delete(tc.id);
        if (tc.comment != null) m.afterAttach.push(sqlOp("comment", 2, commentSql(tc.target, tc.comment)));
        if (tc.acl) m.afterAttach.push(...aclOps(tc, [], tc.acl));
      }
      m.state.cols.set(n, { type: col.type, collation: col.collation, notNull: false });
    } else if (s.type !== col.type || s.collation !== col.collation) {
      const using = usingCast(quoteIdent(n), s.type, col.type, ctx.casts);
      m.beforeAttach.push(
        sqlOp("column_type", 2, `ALTER TABLE ${m.name} ALTER COLUMN ${quoteIdent(n)} TYPE ${type} USING ${using}`, [
          "TABLE_REWRITE",
          "ACQUIRES_ACCESS_EXCLUSIVE_LOCK",
        ]),
      );
    }
    const cur = m.state.cols.get(n)!;
    if (col.notNull && !cur.notNull) {
      m.beforeAttach.push(notNull(m, n, true));
      cur.notNull = true;
    }
  }
  // The parent's checks, by name, which the server requires too.
  for (const p of ctx.cons("to", tp).filter((p) => p.type === "c")) {
    const have = m.state.cons.find((k) => k.type === "c" && k.name === p.name);
    if (have && have.def === p.def) continue;
    const add = `ALTER TABLE ${m.name} ADD CONSTRAINT ${quoteIdent(p.name!)} ${p.def}`;
    if (have) {
      m.beforeAttach.push(sqlOp("drop_constraint", 2, `ALTER TABLE ${m.name} DROP CONSTRAINT ${quoteIdent(p.name!)}`));
    }
    m.beforeAttach.push(sqlOp("add_check", 2, add, ["VALIDATES_ALL_ROWS"]));
  }
  m.afterAttach.unshift({
    op: "partition_attach",
    phase: 2,
    sql: [`ALTER TABLE ${m.t.table!.partitionOf} ATTACH PARTITION ${m.name} ${m.t.table!.partitionBound}`],
    hazards: ["ACQUIRES_ACCESS_EXCLUSIVE_LOCK", "VALIDATES_ALL_ROWS"],
    // The desired indexes of the table exist before it is attached: the server attaches them to
    // the parent's instead of building its own.
    deps: ctx.kids("to", m.id, "index").filter((ix) => ctx.created(ix.id)).map((ix) => ix.id),
  });
  // NOT NULL beyond the parent's is the partition's own.
  for (const c of ctx.kids("to", m.id, "column")) {
    const s = m.state.cols.get(c.name);
    if (!s) continue;
    const want = !!toObjs[`column:${tp.slice(6)}.${c.name}`]?.column?.notNull ||
      !!toObjs[`constraint:${m.id.slice(6)}.${c.name} not null`];
    if (s.notNull !== want) m.afterAttach.push(notNull(m, c.name, want));
  }
}

/** Defaults: attaching or detaching copies none; the table keeps its own, set as desired. */
function settleDefaults(ctx: PartitionContext, m: Move): void {
  for (const c of ctx.kids("to", m.id, "column")) {
    const own = ctx.toObjs[`default:${m.id.slice(6)}.${c.name}`];
    const source = own ?? (m.tp ? ctx.toObjs[`default:${m.tp.slice(6)}.${c.name}`] : undefined);
    const want = !source || (source === own && own.definition === "NULL" && c.column!.inherited)
      ? null
      : source.definition;
    if (want === (m.state.defaults.get(c.name) ?? null)) continue;
    const action = want === null ? "DROP DEFAULT" : `SET DEFAULT ${want}`;
    m.afterAttach.push({
      ...sqlOp("default", 2, `ALTER TABLE ONLY ${m.name} ALTER COLUMN ${quoteIdent(c.name)} ${action}`),
      // A default naming a sequence (or a function) comes after it.
      deps: (source?.deps ?? []).filter((d) => !d.startsWith("column:") && !d.startsWith("table:")),
    });
  }
}

/**
 * A partition's own keys, unique constraints, foreign keys and checks that its parent has too
 * are kept: the server attaches them to the parent's instead of building its own (for a
 * partition that stays, only those its parent gains now: `onlyNew`).
 */
function keepAttachable(ctx: PartitionContext, table: string, parent: string | null, onlyNew: boolean): void {
  const wanted = ctx.cons("to", parent).filter((w) => !onlyNew || ctx.created(w.id!));
  for (const k of ctx.cons("from", table)) {
    if (ctx.changes.get(k.id!)?.action === "drop" && wanted.some((w) => attaches(w, k))) ctx.changes.delete(k.id!);
  }
}

function dropColumn(m: Move, column: string): AlterOp {
  m.state.cols.delete(column);
  return sqlOp("drop_column", 1, `ALTER TABLE ${m.name} DROP COLUMN ${quoteIdent(column)}`, ["DELETES_DATA"]);
}

function notNull(m: Move, column: string, set: boolean): AlterOp {
  const sql = `ALTER TABLE ${m.name} ALTER COLUMN ${quoteIdent(column)} ${set ? "SET" : "DROP"} NOT NULL`;
  return sqlOp("not_null", 2, sql, set ? ["ACQUIRES_ACCESS_EXCLUSIVE_LOCK", "VALIDATES_ALL_ROWS"] : []);
}

/**
 * A detached partition's copy of its old parent's key (or unique or exclusion constraint): the
 * catalog does not name it, so it is found by its type (a table has one primary key) or its
 * definition, then renamed to `name`, or dropped when `name` is null.
 */
function keyOp(table: string, k: Con, name: string | null): AlterOp {
  const t = quoteLiteral(table);
  const action = name === null
    ? `EXECUTE pg_catalog.format('ALTER TABLE %s DROP CONSTRAINT %I', ${t}, c);`
    : `IF c <> ${
      quoteLiteral(name)
    } THEN\n    EXECUTE pg_catalog.format('ALTER TABLE %s RENAME CONSTRAINT %I TO %I', ${t}, c, ${
      quoteLiteral(name)
    });\n  END IF;`;
  // The definition as pg_get_constraintdef prints it (without the index's storage parameters).
  const def = k.def.replace(/ WITH \([^)]*\)/, "");
  const byDefinition = k.type === "p" ? "" : ` AND pg_catalog.pg_get_constraintdef(oid) = ${quoteLiteral(def)}`;
  const sql = [
    "DO $confiture$",
    "DECLARE c name;",
    "BEGIN",
    "  SELECT conname INTO STRICT c FROM pg_catalog.pg_constraint",
    `  WHERE conrelid = ${t}::pg_catalog.regclass AND contype = ${quoteLiteral(k.type)}${byDefinition};`,
    `  ${action}`,
    "END",
    "$confiture$",
  ].join("\n");
  return { op: name === null ? "drop_constraint" : "rename_constraint", phase: 1, sql: [sql], hazards: [] };
}
