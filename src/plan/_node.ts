/**
 * The unit the planner orders: the statements of one change of one object, in one phase.
 * @module
 */
import type { ObjectKind } from "../model/mod.ts";
import type { Hazard } from "../sql/mod.ts";

/** A statement before it is placed: its SQL, hazards and whether it can run in a transaction. */
export interface Stmt {
  sql: string;
  hazards: Hazard[];
  transactional: boolean;
}

/** A statement group of the plan. */
export interface Node {
  /** Unique: `<what>:<id>` (`drop:table:public.t`, `create:…`, `post:…`, `alter1:…`, `rename2:…`). */
  key: string;
  id: string;
  kind: ObjectKind;
  /** 1: drops (dependents first), 2: renames, 3: creates and changes (dependencies first). */
  phase: 1 | 2 | 3;
  action: string;
  stmts: Stmt[];
  /** Extra identities this node must follow (phase 3) or precede (phase 1). */
  extraDeps: string[];
}

/** A statement (no hazards and transactional unless said). */
export function st(sql: string, hazards: Hazard[] = [], transactional = true): Stmt {
  return { sql, hazards, transactional };
}
