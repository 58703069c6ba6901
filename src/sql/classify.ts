/**
 * Statement classification from the parse tree: whether a statement can run in
 * a transaction, the strongest table lock it takes, whether it rewrites a table
 * or deletes data. Used by `migrate up --dry-run` and by the migration runner.
 * @module
 */
import type { Hazard } from "./hazards.ts";
import type { SqlStatement } from "./split.ts";

/** PostgreSQL table lock modes, weakest first. */
export const LOCK_LEVELS = [
  "ACCESS SHARE",
  "ROW SHARE",
  "ROW EXCLUSIVE",
  "SHARE UPDATE EXCLUSIVE",
  "SHARE",
  "SHARE ROW EXCLUSIVE",
  "EXCLUSIVE",
  "ACCESS EXCLUSIVE",
] as const;

/** A table lock mode. */
export type LockLevel = (typeof LOCK_LEVELS)[number];

/** What a statement does, as far as the parse tree tells. */
export interface StatementClass {
  /** Parse node type, e.g. `AlterTableStmt`. */
  kind: string;
  /** Cannot run inside a transaction block (CREATE INDEX CONCURRENTLY, VACUUM, …). */
  nonTransactional: boolean;
  /** BEGIN, START TRANSACTION, COMMIT, ROLLBACK, END, PREPARE TRANSACTION, …. */
  transactionControl: boolean;
  /** Strongest lock taken on an existing table; null when none (new objects, functions, views). */
  lock: LockLevel | null;
  /** The table the lock is taken on, when the statement names one. */
  target?: string;
  /** May rewrite the whole table (ALTER COLUMN TYPE, VACUUM FULL, CLUSTER, SET LOGGED…). */
  rewrites: boolean;
  /** Removes rows or columns (DROP TABLE, DROP COLUMN, TRUNCATE, DELETE, DROP SCHEMA … CASCADE). */
  deletesData: boolean;
  /**
   * `ALTER TYPE … ADD VALUE`: the new value cannot be used in the transaction that added it
   * (SQLSTATE 55P04) until that transaction commits.
   */
  addsEnumValue: boolean;
  /** Hazard codes (see `HAZARDS`) derived from the fields above. */
  hazards: Hazard[];
}

/** Options of {@link classifyStatement}. */
export interface ClassifyOptions {
  /** `server_version_num` of the target; decides whether `ALTER TYPE … ADD VALUE` needs its own transaction. */
  serverVersionNum?: number;
}

type Node = Record<string, unknown>;

const TX_CONTROL = new Set([
  "TRANS_STMT_BEGIN",
  "TRANS_STMT_START",
  "TRANS_STMT_COMMIT",
  "TRANS_STMT_ROLLBACK",
  "TRANS_STMT_PREPARE",
  "TRANS_STMT_COMMIT_PREPARED",
  "TRANS_STMT_ROLLBACK_PREPARED",
]);

function rangeVarName(rv: unknown): string | undefined {
  if (!rv || typeof rv !== "object") return undefined;
  const r = ((rv as Node).RangeVar ?? rv) as Node;
  if (typeof r.relname !== "string") return undefined;
  return typeof r.schemaname === "string" ? `${r.schemaname}.${r.relname}` : r.relname;
}

/** Depth-first search for the first property `key` in a parse tree. */
function findKey(tree: unknown, key: string): unknown {
  if (!tree || typeof tree !== "object") return undefined;
  if (Array.isArray(tree)) {
    for (const t of tree) {
      const f = findKey(t, key);
      if (f !== undefined) return f;
    }
    return undefined;
  }
  for (const [k, v] of Object.entries(tree as Node)) {
    if (k === key) return v;
    const f = findKey(v, key);
    if (f !== undefined) return f;
  }
  return undefined;
}

function hasDefElem(list: unknown, name: string): boolean {
  if (!Array.isArray(list)) return false;
  return list.some((d) => ((d as Node)?.DefElem as Node | undefined)?.defname === name);
}

function stronger(a: LockLevel | null, b: LockLevel | null): LockLevel | null {
  if (a === null) return b;
  if (b === null) return a;
  return LOCK_LEVELS.indexOf(a) >= LOCK_LEVELS.indexOf(b) ? a : b;
}

function isConstantExpr(expr: unknown): boolean {
  if (!expr || typeof expr !== "object") return true;
  const k = Object.keys(expr as Node)[0];
  if (k === "A_Const") return true;
  if (k === "TypeCast") return isConstantExpr(((expr as Node).TypeCast as Node).arg);
  return false;
}

interface Acc {
  lock: LockLevel | null;
  rewrites: boolean;
  deletesData: boolean;
  nonTransactional: boolean;
}

function alterTableCmd(cmd: Node, acc: Acc): void {
  const sub = String(cmd.subtype ?? "");
  const def = (cmd.def ?? {}) as Node;
  const take = (l: LockLevel) => (acc.lock = stronger(acc.lock, l));
  switch (sub) {
    case "AT_AddColumn": {
      take("ACCESS EXCLUSIVE");
      const col = (def.ColumnDef ?? {}) as Node;
      const cons = Array.isArray(col.constraints) ? (col.constraints as Node[]) : [];
      for (const c of cons) {
        const con = (c.Constraint ?? {}) as Node;
        const t = con.contype;
        if (t === "CONSTR_DEFAULT" && !isConstantExpr(con.raw_expr)) acc.rewrites = true;
        if (t === "CONSTR_IDENTITY" || t === "CONSTR_GENERATED") acc.rewrites = true;
      }
      break;
    }
    case "AT_DropColumn":
      take("ACCESS EXCLUSIVE");
      acc.deletesData = true;
      break;
    case "AT_AlterColumnType":
      take("ACCESS EXCLUSIVE");
      acc.rewrites = true;
      break;
    case "AT_SetLogged":
    case "AT_SetUnLogged":
    case "AT_SetAccessMethod":
    case "AT_SetTableSpace":
      take("ACCESS EXCLUSIVE");
      acc.rewrites = true;
      break;
    case "AT_AddConstraint": {
      const con = (def.Constraint ?? {}) as Node;
      take(con.contype === "CONSTR_FOREIGN" ? "SHARE ROW EXCLUSIVE" : "ACCESS EXCLUSIVE");
      break;
    }
    case "AT_ValidateConstraint":
    case "AT_SetStatistics":
    case "AT_ClusterOn":
    case "AT_DropCluster":
    case "AT_SetRelOptions":
    case "AT_ResetRelOptions":
    case "AT_AttachPartition":
      take("SHARE UPDATE EXCLUSIVE");
      break;
    case "AT_DetachPartition": {
      const pc = (def.PartitionCmd ?? {}) as Node;
      if (pc.concurrent) {
        acc.nonTransactional = true;
        take("SHARE UPDATE EXCLUSIVE");
      } else take("ACCESS EXCLUSIVE");
      break;
    }
    case "AT_EnableTrig":
    case "AT_DisableTrig":
    case "AT_EnableTrigAll":
    case "AT_DisableTrigAll":
    case "AT_EnableTrigUser":
    case "AT_DisableTrigUser":
      take("SHARE ROW EXCLUSIVE");
      break;
    default:
      take("ACCESS EXCLUSIVE");
  }
}

/**
 * Classifies one statement from its parse tree.
 *
 * @example
 * ```ts
 * const [s] = await splitSql("create index concurrently i on t (a)");
 * classifyStatement(s); // { nonTransactional: true, lock: "SHARE UPDATE EXCLUSIVE", … }
 * ```
 */
export function classifyStatement(
  stmt: Pick<SqlStatement, "kind" | "node">,
  options: ClassifyOptions = {},
): StatementClass {
  const n = stmt.node;
  const acc: Acc = { lock: null, rewrites: false, deletesData: false, nonTransactional: false };
  let transactionControl = false;
  let target: string | undefined = rangeVarName(n.relation);
  let indexBuild = false;
  let addsEnumValue = false;
  switch (stmt.kind) {
    case "TransactionStmt":
      transactionControl = TX_CONTROL.has(String(n.kind));
      break;
    case "IndexStmt":
      indexBuild = true;
      if (n.concurrent) {
        acc.nonTransactional = true;
        acc.lock = "SHARE UPDATE EXCLUSIVE";
      } else acc.lock = "SHARE";
      break;
    case "ReindexStmt": {
      const conc = hasDefElem(n.params, "concurrently");
      const k = String(n.kind);
      indexBuild = true;
      if (conc || k === "REINDEX_OBJECT_SYSTEM" || k === "REINDEX_OBJECT_DATABASE" || k === "REINDEX_OBJECT_SCHEMA") {
        acc.nonTransactional = true;
      }
      acc.lock = conc ? "SHARE UPDATE EXCLUSIVE" : "ACCESS EXCLUSIVE";
      break;
    }
    case "VacuumStmt":
      if (n.is_vacuumcmd) acc.nonTransactional = true;
      if (hasDefElem(n.options, "full")) {
        acc.lock = "ACCESS EXCLUSIVE";
        acc.rewrites = true;
      } else acc.lock = "SHARE UPDATE EXCLUSIVE";
      if (Array.isArray(n.rels) && n.rels.length > 0) {
        target = rangeVarName(((n.rels[0] as Node).VacuumRelation as Node | undefined)?.relation);
      }
      break;
    case "ClusterStmt":
      if (!n.relation) acc.nonTransactional = true;
      acc.lock = "ACCESS EXCLUSIVE";
      acc.rewrites = true;
      break;
    case "CreatedbStmt":
    case "DropdbStmt":
    case "AlterSystemStmt":
    case "CreateTableSpaceStmt":
    case "DropTableSpaceStmt":
      acc.nonTransactional = true;
      if (stmt.kind === "DropdbStmt") acc.deletesData = true;
      break;
    case "AlterDatabaseStmt":
      // SET TABLESPACE moves the database's files: the server refuses it inside a transaction block
      if (hasDefElem(n.options, "tablespace")) acc.nonTransactional = true;
      break;
    case "AlterEnumStmt":
      // ADD VALUE has a new value and no old one (RENAME VALUE has both).
      if (n.newVal !== undefined && n.oldVal === undefined) {
        addsEnumValue = true;
        if (options.serverVersionNum !== undefined && options.serverVersionNum < 120000) acc.nonTransactional = true;
      }
      break;
    case "AlterTableStmt": {
      const cmds = Array.isArray(n.cmds) ? (n.cmds as Node[]) : [];
      for (const c of cmds) alterTableCmd((c.AlterTableCmd ?? {}) as Node, acc);
      break;
    }
    case "DropStmt": {
      const t = String(n.removeType);
      const objs = Array.isArray(n.objects) ? (n.objects as Node[]) : [];
      const first = objs[0]?.List as Node | undefined;
      if (first && Array.isArray(first.items)) {
        target = (first.items as Node[]).map((i) => String((i.String as Node | undefined)?.sval ?? "")).join(".");
      }
      if (t === "OBJECT_INDEX") {
        acc.lock = n.concurrent ? "SHARE UPDATE EXCLUSIVE" : "ACCESS EXCLUSIVE";
        acc.nonTransactional = Boolean(n.concurrent);
      } else if (t === "OBJECT_TABLE" || t === "OBJECT_MATVIEW" || t === "OBJECT_FOREIGN_TABLE") {
        acc.lock = "ACCESS EXCLUSIVE";
        acc.deletesData = true;
      } else if (t === "OBJECT_SCHEMA") {
        acc.deletesData = n.behavior === "DROP_CASCADE";
      } else if (t === "OBJECT_TRIGGER" || t === "OBJECT_POLICY" || t === "OBJECT_RULE") {
        acc.lock = "ACCESS EXCLUSIVE";
      }
      if (n.behavior === "DROP_CASCADE" && t !== "OBJECT_SCHEMA") {
        acc.deletesData = acc.deletesData || t === "OBJECT_TYPE";
      }
      break;
    }
    case "TruncateStmt":
      acc.lock = "ACCESS EXCLUSIVE";
      acc.deletesData = true;
      if (Array.isArray(n.relations) && n.relations.length > 0) target = rangeVarName(n.relations[0]);
      break;
    case "DeleteStmt":
      acc.lock = "ROW EXCLUSIVE";
      acc.deletesData = true;
      break;
    case "UpdateStmt":
    case "InsertStmt":
    case "MergeStmt":
      acc.lock = "ROW EXCLUSIVE";
      break;
    case "SelectStmt":
      acc.lock = n.intoClause ? null : "ACCESS SHARE";
      break;
    case "RenameStmt":
      acc.lock = "ACCESS EXCLUSIVE";
      break;
    case "CreateTrigStmt":
      acc.lock = "SHARE ROW EXCLUSIVE";
      break;
    case "CreatePolicyStmt":
    case "AlterPolicyStmt":
    case "RuleStmt":
      acc.lock = "ACCESS EXCLUSIVE";
      target = rangeVarName(n.table) ?? target;
      break;
    case "RefreshMatViewStmt":
      acc.lock = n.concurrent ? "EXCLUSIVE" : "ACCESS EXCLUSIVE";
      break;
    case "LockStmt": {
      const mode = Number(n.mode);
      acc.lock = mode >= 1 && mode <= 8 ? LOCK_LEVELS[mode - 1] : "ACCESS EXCLUSIVE";
      if (Array.isArray(n.relations) && n.relations.length > 0) target = rangeVarName(n.relations[0]);
      break;
    }
    case "CreateStmt": {
      // a new table; a foreign key locks the referenced table
      const elts = Array.isArray(n.tableElts) ? (n.tableElts as Node[]) : [];
      const pk = findKey(elts, "pktable");
      acc.lock = pk ? "SHARE ROW EXCLUSIVE" : null;
      target = pk ? rangeVarName(pk) : undefined;
      break;
    }
    default:
      if (stmt.kind === "CreateTableAsStmt" || stmt.kind === "ViewStmt") target = undefined;
  }
  const hazards: Hazard[] = [];
  if (acc.nonTransactional) hazards.push("NOT_TRANSACTIONAL");
  if (acc.lock === "ACCESS EXCLUSIVE") hazards.push("ACQUIRES_ACCESS_EXCLUSIVE_LOCK");
  else if (acc.lock && LOCK_LEVELS.indexOf(acc.lock) >= LOCK_LEVELS.indexOf("SHARE")) {
    hazards.push("ACQUIRES_SHARE_LOCK");
  }
  if (acc.rewrites) hazards.push("TABLE_REWRITE");
  if (acc.deletesData) hazards.push("DELETES_DATA");
  if (indexBuild) hazards.push("INDEX_BUILD");
  const out: StatementClass = {
    kind: stmt.kind,
    nonTransactional: acc.nonTransactional,
    transactionControl,
    lock: acc.lock,
    rewrites: acc.rewrites,
    deletesData: acc.deletesData,
    addsEnumValue,
    hazards,
  };
  if (target !== undefined && target !== "") out.target = target;
  return out;
}
