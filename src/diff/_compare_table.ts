/**
 * Tables and columns compared in place: partition bounds, persistence, row security, replica
 * identity, CLUSTER ON and storage parameters; column types, identity, NOT NULL, storage,
 * statistics, options and compression.
 * @module
 */
import type { CatalogObject } from "../model/mod.ts";
import { quoteIdent, quoteQualified } from "../sql/mod.ts";
import { outsideBounds, type Replace, replaced } from "./_compare_kinds.ts";
import { tableName } from "./_names.ts";
import { typeStorageGuess, usingCast } from "./column_types.ts";
import { clusterSql, replicaIdentitySql } from "./statements.ts";
import type { AlterOp } from "./types.ts";

/** The in-place changes of a table, or why it is replaced. */
export function compareTable(f: CatalogObject, t: CatalogObject): AlterOp[] | Replace {
  const ops: AlterOp[] = [];
  const a = f.table!;
  const b = t.table!;
  const name = quoteQualified(t.schema!, t.name);
  const rebuild = (a.partitionKey ?? "") !== (b.partitionKey ?? "") ||
    (a.accessMethod ?? "") !== (b.accessMethod ?? "") || a.inherits.join(",") !== b.inherits.join(",");
  if (rebuild) return replaced("partitioning or inheritance changed");
  if ((a.partitionOf ?? "") !== (b.partitionOf ?? "") || (a.partitionBound ?? "") !== (b.partitionBound ?? "")) {
    // A partition's parent or bounds change: detached and attached (keeps its rows; see _partitions.ts).
    if (a.partitionOf) {
      ops.push({
        op: "partition_detach",
        phase: 1,
        sql: [`ALTER TABLE ${a.partitionOf} DETACH PARTITION ${name}`],
        hazards: ["ACQUIRES_ACCESS_EXCLUSIVE_LOCK"],
      });
    }
    if (b.partitionOf) {
      ops.push({
        op: "partition_attach",
        phase: 2,
        sql: [`ALTER TABLE ${b.partitionOf} ATTACH PARTITION ${name} ${b.partitionBound}`],
        hazards: ["ACQUIRES_ACCESS_EXCLUSIVE_LOCK", "VALIDATES_ALL_ROWS"],
      });
    }
  }
  if (a.unlogged !== b.unlogged) {
    ops.push({
      op: "persistence",
      phase: 2,
      sql: [`ALTER TABLE ${name} SET ${b.unlogged ? "UNLOGGED" : "LOGGED"}`],
      hazards: ["TABLE_REWRITE", "ACQUIRES_ACCESS_EXCLUSIVE_LOCK"],
    });
  }
  if (a.rowSecurity !== b.rowSecurity) {
    ops.push({
      op: "row_security",
      phase: 2,
      sql: [`ALTER TABLE ${name} ${b.rowSecurity ? "ENABLE" : "DISABLE"} ROW LEVEL SECURITY`],
      hazards: ["ACQUIRES_ACCESS_EXCLUSIVE_LOCK"],
    });
  }
  if (a.forceRowSecurity !== b.forceRowSecurity) {
    ops.push({
      op: "force_row_security",
      phase: 2,
      sql: [`ALTER TABLE ${name} ${b.forceRowSecurity ? "" : "NO "}FORCE ROW LEVEL SECURITY`],
      hazards: ["ACQUIRES_ACCESS_EXCLUSIVE_LOCK"],
    });
  }
  if (a.replicaIdentity !== b.replicaIdentity || a.replicaIndex !== b.replicaIndex) {
    ops.push({ op: "replica_identity", phase: 2, sql: [replicaIdentitySql(t)], hazards: [] });
  }
  if ((a.clusterIndex ?? null) !== (b.clusterIndex ?? null)) {
    ops.push({ op: "cluster_on", phase: 2, sql: [clusterSql(t)], hazards: [] });
  }
  const ra = new Set(a.reloptions);
  const rb = new Set(b.reloptions);
  const reset = a.reloptions.filter((o) => !rb.has(o)).map((o) => o.split("=")[0]).filter((k) =>
    !b.reloptions.some((o) => o.split("=")[0] === k)
  );
  const set = b.reloptions.filter((o) => !ra.has(o));
  if (reset.length) {
    ops.push({ op: "reloptions", phase: 2, sql: [`ALTER TABLE ${name} RESET (${reset.join(", ")})`], hazards: [] });
  }
  if (set.length) {
    ops.push({ op: "reloptions", phase: 2, sql: [`ALTER TABLE ${name} SET (${set.join(", ")})`], hazards: [] });
  }
  return ops;
}

/** The in-place changes of a column, or why it is replaced. */
export function compareColumn(f: CatalogObject, t: CatalogObject, casts: ReadonlySet<string>): AlterOp[] | Replace {
  const ops: AlterOp[] = [];
  const a = f.column!;
  const b = t.column!;
  const table = quoteQualified(t.schema!, tableName(t.parent!));
  const col = `ALTER TABLE ${table} ALTER COLUMN ${quoteIdent(t.name)}`;
  if (!!a.inherited !== !!b.inherited) return replaced("column is inherited on one side only");
  // An inherited column's type, default, NOT NULL and identity follow its parent.
  if (!b.inherited) {
    if (a.generated !== b.generated || a.generationExpr !== b.generationExpr) {
      if (a.generated || b.generated) return replaced("generation expression changed");
    }
    if (a.type !== b.type || a.collation !== b.collation) {
      ops.push({
        op: "column_type",
        phase: 2,
        sql: [
          `${col} TYPE ${b.type}${b.collation ? ` COLLATE ${b.collation}` : ""} USING ${
            usingCast(quoteIdent(t.name), a.type, b.type, casts)
          }`,
        ],
        hazards: ["TABLE_REWRITE", "ACQUIRES_ACCESS_EXCLUSIVE_LOCK"],
        invalidates: true,
      });
    }
    if (a.identity !== b.identity) {
      if (a.identity && !b.identity) {
        ops.push({ op: "identity", phase: 1, sql: [`${col} DROP IDENTITY`], hazards: [] });
      } else if (!a.identity && b.identity) {
        ops.push({
          op: "identity",
          phase: 2,
          sql: [
            // An identity column must be NOT NULL before it is added.
            ...(a.notNull ? [] : [`${col} SET NOT NULL`]),
            `${col} ADD GENERATED ${b.identity === "a" ? "ALWAYS" : "BY DEFAULT"} AS IDENTITY (${b.identityOptions})`,
          ],
          hazards: a.notNull ? [] : ["ACQUIRES_ACCESS_EXCLUSIVE_LOCK", "VALIDATES_ALL_ROWS"],
        });
      } else {
        ops.push({
          op: "identity",
          phase: 2,
          sql: [`${col} SET GENERATED ${b.identity === "a" ? "ALWAYS" : "BY DEFAULT"}`],
          hazards: [],
        });
      }
    }
    // The sequence's name is not an option: a sequence under another name is renamed.
    const seqOptions = (s: string) => s.slice(Math.max(0, s.lastIndexOf("START WITH ")));
    if (a.identity && b.identity && seqOptions(a.identityOptions) !== seqOptions(b.identityOptions)) {
      const m = /START WITH (\S+) INCREMENT BY (\S+) MINVALUE (\S+) MAXVALUE (\S+) CACHE (\S+)( NO)? CYCLE/.exec(
        b.identityOptions,
      );
      if (m) {
        const old = /START WITH (\S+)/.exec(a.identityOptions);
        const restart = old && outsideBounds(old[1], m[3], m[4]) ? ` RESTART WITH ${m[1]}` : "";
        const opts = `SET START WITH ${m[1]} SET INCREMENT BY ${m[2]} SET MINVALUE ${m[3]} SET MAXVALUE ${
          m[4]
        } SET CACHE ${m[5]} SET${m[6] ? " NO" : ""} CYCLE${restart}`;
        ops.push({ op: "identity_options", phase: 2, sql: [`${col} ${opts}`], hazards: [] });
      }
    }
    if (a.notNull !== b.notNull && !(b.identity && b.notNull)) {
      ops.push({
        op: "not_null",
        phase: b.notNull ? 2 : 1,
        sql: [`${col} ${b.notNull ? "SET" : "DROP"} NOT NULL`],
        hazards: b.notNull ? ["ACQUIRES_ACCESS_EXCLUSIVE_LOCK", "VALIDATES_ALL_ROWS"] : [],
      });
    }
  }
  if (a.storage !== b.storage) {
    const s = ({ p: "PLAIN", e: "EXTERNAL", m: "MAIN", x: "EXTENDED" } as Record<string, string>)[b.storage ?? ""];
    // Without an explicit storage the column has its type's storage: find it from the old one.
    const dflt = ({ p: "PLAIN", e: "EXTERNAL", m: "MAIN", x: "EXTENDED" } as Record<string, string>)[
      typeStorageGuess(b.type)
    ];
    ops.push({ op: "storage", phase: 2, sql: [`${col} SET STORAGE ${s ?? dflt}`], hazards: [] });
  }
  if (a.statistics !== b.statistics) {
    ops.push({ op: "statistics", phase: 2, sql: [`${col} SET STATISTICS ${b.statistics ?? -1}`], hazards: [] });
  }
  const ao = a.options ?? [];
  const bo = b.options ?? [];
  if (ao.join(",") !== bo.join(",")) {
    const keys = (l: string[]) => l.map((o) => o.slice(0, o.indexOf("=")));
    const reset = keys(ao).filter((k) => !keys(bo).includes(k));
    const sql = [];
    if (reset.length) sql.push(`${col} RESET (${reset.join(", ")})`);
    if (bo.length) sql.push(`${col} SET (${bo.join(", ")})`);
    ops.push({ op: "column_options", phase: 2, sql, hazards: [] });
  }
  if (a.compression !== b.compression) {
    const comp = ({ p: "pglz", l: "lz4" } as Record<string, string>)[b.compression ?? ""] ?? "default";
    ops.push({ op: "compression", phase: 2, sql: [`${col} SET COMPRESSION ${comp}`], hazards: [] });
  }
  return ops;
}
