/**
 * Objects other than tables and columns compared in place: defaults, sequences, enums and other
 * types, domains, constraints, views, functions, extensions.
 * @module
 */
import type { CatalogObject } from "../model/mod.ts";
import { quoteIdent, quoteLiteral, quoteQualified } from "../sql/mod.ts";
import { tableName } from "./_names.ts";
import { commentSql, ownedBySql, viewDefaultOps } from "./statements.ts";
import type { AlterOp } from "./types.ts";

/** The object cannot be changed in place: it is dropped and created again, for this reason. */
export interface Replace {
  replace: string;
}

/** A {@link Replace} with its reason. */
export function replaced(reason: string): Replace {
  return { replace: reason };
}

/** A column default: set again when it changes. */
export function compareDefault(f: CatalogObject, t: CatalogObject): AlterOp[] | Replace {
  const ops: AlterOp[] = [];
  if (f.definition !== t.definition) {
    // Invalidates: a child's own default (partitions, INHERITS) is set again after its parent's.
    ops.push({ op: "set_default", phase: 2, sql: t.create, hazards: [], invalidates: true });
  }
  return ops;
}

/** A sequence: its options and OWNED BY in place. */
export function compareSequence(f: CatalogObject, t: CatalogObject): AlterOp[] | Replace {
  const ops: AlterOp[] = [];
  const a = f.sequence!;
  const b = t.sequence!;
  // An identity sequence's options are its column's: only its comment and privileges follow.
  if (!!a.identityOf !== !!b.identityOf) return replaced("identity sequence on one side only");
  if (a.identityOf || b.identityOf) return ops;
  if (f.definition !== t.definition) {
    const name = quoteQualified(t.schema!, t.name);
    const restart = outsideBounds(a.start, b.min, b.max) ? ` RESTART WITH ${b.start}` : "";
    ops.push({
      op: "sequence_options",
      phase: 2,
      sql: [`ALTER SEQUENCE ${name} ${t.definition}${restart}`],
      hazards: restart ? ["RESETS_SEQUENCE"] : [],
    });
  }
  if (a.ownedBy !== b.ownedBy) {
    ops.push({ op: "owned_by", phase: 2, sql: [ownedBySql(t)], hazards: [] });
  }
  return ops;
}

/** A type: new enum values are added in place; any other change replaces it. */
export function compareType(f: CatalogObject, t: CatalogObject): AlterOp[] | Replace {
  const ops: AlterOp[] = [];
  if (f.definition !== t.definition) {
    if (f.enumLabels && t.enumLabels && isSubsequence(f.enumLabels, t.enumLabels)) {
      const present = new Set(f.enumLabels);
      const labels = t.enumLabels;
      const sql: string[] = [];
      labels.forEach((l, i) => {
        if (present.has(l)) return;
        const where = i > 0
          ? ` AFTER ${quoteLiteral(labels[i - 1])}`
          : labels.length > 1
          ? ` BEFORE ${quoteLiteral(labels[1])}`
          : "";
        sql.push(`ALTER TYPE ${quoteQualified(t.schema!, t.name)} ADD VALUE ${quoteLiteral(l)}${where}`);
        present.add(l);
      });
      ops.push({ op: "enum_add_value", phase: 2, sql, hazards: [] });
    } else return replaced("type definition changed");
  }
  return ops;
}

/** A domain: default, NOT NULL and constraints in place; a new base type replaces it. */
export function compareDomain(f: CatalogObject, t: CatalogObject): AlterOp[] | Replace {
  const ops: AlterOp[] = [];
  const a = f.domain!;
  const b = t.domain!;
  if (a.baseType !== b.baseType || a.collation !== b.collation) return replaced("domain base type changed");
  const name = quoteQualified(t.schema!, t.name);
  if (a.default !== b.default) {
    ops.push({
      op: "domain_default",
      phase: 2,
      sql: [`ALTER DOMAIN ${name} ${b.default == null ? "DROP DEFAULT" : `SET DEFAULT ${b.default}`}`],
      hazards: [],
    });
  }
  if (a.notNull !== b.notNull) {
    ops.push({
      op: "domain_not_null",
      phase: 2,
      sql: [`ALTER DOMAIN ${name} ${b.notNull ? "SET" : "DROP"} NOT NULL`],
      hazards: [],
    });
  }
  for (const [cn, def] of Object.entries(a.constraints)) {
    if (b.constraints[cn] !== def) {
      ops.push({
        op: "domain_drop_constraint",
        phase: 1,
        sql: [`ALTER DOMAIN ${name} DROP CONSTRAINT ${quoteIdent(cn)}`],
        hazards: [],
      });
    }
  }
  for (const [cn, def] of Object.entries(b.constraints)) {
    if (a.constraints[cn] !== def) {
      ops.push({
        op: "domain_add_constraint",
        phase: 2,
        sql: [
          `ALTER DOMAIN ${name} ADD CONSTRAINT ${quoteIdent(cn)} ${def}`,
          // A constraint added again has lost its comment.
          ...(a.constraints[cn] !== undefined &&
              t.subComments?.[`CONSTRAINT ${quoteIdent(cn)} ON DOMAIN ${name}`] != null
            ? [
              commentSql(
                `CONSTRAINT ${quoteIdent(cn)} ON DOMAIN ${name}`,
                t.subComments[`CONSTRAINT ${quoteIdent(cn)} ON DOMAIN ${name}`],
              ),
            ]
            : []),
        ],
        hazards: [],
      });
    }
  }
  return ops;
}

/** A constraint: validated in place when only NOT VALID goes; else replaced. */
export function compareConstraint(f: CatalogObject, t: CatalogObject): AlterOp[] | Replace {
  const ops: AlterOp[] = [];
  if (f.definition !== t.definition) {
    if (f.notValid && !t.notValid && f.definition.replace(/ NOT VALID$/, "") === t.definition) {
      const table = quoteQualified(t.schema!, tableName(t.parent!));
      ops.push({
        op: "validate",
        phase: 2,
        sql: [`ALTER TABLE ${table} VALIDATE CONSTRAINT ${quoteIdent(t.name)}`],
        hazards: ["VALIDATES_ALL_ROWS"],
      });
    } else return replaced("definition changed");
  }
  return ops;
}

/** A view: CREATE OR REPLACE when its columns are only appended; else replaced. */
export function compareView(f: CatalogObject, t: CatalogObject): AlterOp[] | Replace {
  const ops: AlterOp[] = [];
  if (f.definition !== t.definition) {
    const a = f.columns ?? [];
    const b = t.columns ?? [];
    const sameOpts = f.definition.split(" AS\n")[0] === t.definition.split(" AS\n")[0];
    if (sameOpts && b.length >= a.length && a.every((c, i) => b[i] === c)) {
      ops.push({
        op: "replace_view",
        phase: 2,
        sql: [t.create[0].replace(/^CREATE VIEW/, "CREATE OR REPLACE VIEW")],
        hazards: [],
      });
    } else return replaced("view columns changed");
  }
  ops.push(...viewDefaultOps(f, t));
  return ops;
}

/** A function or procedure: CREATE OR REPLACE when its signature stays; else replaced. */
export function compareFunction(f: CatalogObject, t: CatalogObject): AlterOp[] | Replace {
  const ops: AlterOp[] = [];
  if (f.definition !== t.definition) {
    if (f.signature?.args === t.signature?.args && f.signature?.result === t.signature?.result) {
      ops.push({ op: "replace_function", phase: 2, sql: t.create, hazards: [] });
    } else return replaced("signature changed");
  }
  return ops;
}

/** An extension: moved to its new schema. */
export function compareExtension(f: CatalogObject, t: CatalogObject): AlterOp[] | Replace {
  const ops: AlterOp[] = [];
  if (f.definition !== t.definition) {
    const schema = t.definition.slice(t.definition.lastIndexOf(" ") + 1);
    ops.push({
      op: "extension_schema",
      phase: 2,
      sql: [`ALTER EXTENSION ${quoteIdent(t.name)} SET SCHEMA ${quoteIdent(schema)}`],
      hazards: [],
    });
  }
  return ops;
}

/**
 * True when a sequence's old start value lies outside its new bounds: its current value
 * (the start, for a sequence never used) would be out of range, so it is restarted.
 */
export function outsideBounds(start: string, min: string, max: string): boolean {
  const int = /^-?\d+$/;
  if (!int.test(start) || !int.test(min) || !int.test(max)) return false;
  const v = BigInt(start);
  return v < BigInt(min) || v > BigInt(max);
}

/** True when `a` is `b` with some elements left out, in the same order. */
function isSubsequence(a: string[], b: string[]): boolean {
  let i = 0;
  for (const x of b) if (i < a.length && a[i] === x) i++;
  return i === a.length;
}
