/**
 * `schema-to-schema plan`: builds the target from the DDL tree when it is empty, inspects both
 * catalogs, resolves the mapping (refusing what would lose data) and returns the plan, each
 * table's duration estimated from a throughput measured on a sample of the source.
 * @module
 */
import { connect, type Database } from "../db/mod.ts";
import { prepare, type TransferOptions } from "./prepare.ts";
import type { FdwAvailability, TransferPlan } from "./plan.ts";
import { measureThroughput, type Throughput } from "./throughput.ts";

/** What {@link plan} found. */
export interface PlanResult {
  /** The plan a run would follow. */
  plan: TransferPlan;
  /** The target was built from the DDL tree now. */
  built: boolean;
  /** Whether postgres_fdw can be used on the target. */
  fdw: FdwAvailability;
  /** Same server: a cutover renames the databases. */
  sameServer: boolean;
  /** The database names of the two sides. */
  names: { source: string; target: string };
  /** The measured throughput, when `measure` was asked. */
  throughput?: Throughput;
}

/**
 * Plans the migration (see the module documentation). Moves no row; `measure: false` skips the
 * sample.
 *
 * @example
 * ```ts
 * import { buildSchema, loadConfig, loadMappingFile, schemaToSchemaPlan } from "./mod.ts";
 * const cfg = await loadConfig({ root: ".", vars: Deno.env.toObject() });
 * const tree = (await buildSchema(cfg)).files;
 * const mapping = await loadMappingFile("db/schema_to_schema.yaml", cfg.root);
 * const sides = { source: "postgres://app@old-db/app", target: "postgres://app@new-db/app", tree, mapping };
 * const { plan, fdw } = await schemaToSchemaPlan({ ...sides, measure: false });
 * for (const t of plan.tables) console.log(t.table, "←", t.source, t.strategy);
 * if (!fdw.available) console.log("copy only:", fdw.reason);
 * ```
 */
export async function plan(opts: TransferOptions & { measure?: boolean }): Promise<PlanResult> {
  const source = await connect({ url: opts.source, source: "flag", applicationName: "confiture s2s (plan)" });
  let target: Database | undefined;
  try {
    target = await connect({ url: opts.target, source: "flag", applicationName: "confiture s2s (plan)" });
    const p = await prepare(opts, source, target);
    let throughput: Throughput | undefined;
    let result = p.plan;
    if (opts.measure !== false) {
      opts.onEvent?.({ type: "phase", phase: "measure" });
      throughput = await measureThroughput(source, target, p.plan.filled);
      if (throughput) {
        const rate = throughput.bytesPerSecond;
        result = {
          ...p.plan,
          tables: p.plan.tables.map((t) =>
            t.strategy === "none" ? t : { ...t, estimatedSeconds: Math.round((t.estimatedBytes / rate) * 10) / 10 }
          ),
        };
      }
    }
    return { plan: result, built: p.built, fdw: p.fdw, sameServer: p.sameServer, names: p.names, throughput };
  } finally {
    await Promise.allSettled([source.close(), target?.close()]);
  }
}
