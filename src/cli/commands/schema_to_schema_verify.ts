/** `confiture schema-to-schema verify`: proves the target holds the source's data as mapped. */
import { ConfitureError } from "../../errors/mod.ts";
import type { CommandSpec } from "../command.ts";
import { Board, PLAN_OPTIONS, transferOptions } from "./schema_to_schema_common.ts";

/** The `schema-to-schema verify` command. */
export const command: CommandSpec = {
  name: "schema-to-schema verify",
  summary: "Compare the new database with the old one: rows, foreign keys, sequences, checks",
  description: `Per filled table, the row count and an order-independent content hash computed by each
server over the same values (the mapped expressions on the source, the columns on the target);
every foreign key of the target checked over its rows; every sequence at or past its column's
largest value; and the mapping file's checks: (pairs of queries whose results must be equal).

Exit code 2 (S2S_VERIFY_FAILED) names each difference. The result, and the source's write counters
read before hashing, are kept in the target's state: cutover needs a passing verify and an unchanged
source.`,
  options: PLAN_OPTIONS.filter((o) => o.name !== "jobs" && o.name !== "split-larger-than"),
  examples: [
    {
      command: "confiture schema-to-schema verify --source production --target postgres://app@db/app_next",
      description: "Compare after the run",
    },
  ],
  async run(ctx) {
    const transfer = await import("../../transfer/mod.ts");
    const opts = await transferOptions(ctx, "verify", new Board(ctx));
    const v = await transfer.verify(opts);
    for (const w of v.warnings) ctx.out.warn(w);
    for (const t of v.tables) {
      ctx.out.info(
        `  ${
          t.ok ? "ok     " : ctx.out.style.red("DIFFERS")
        } ${t.table} ← ${t.source}: ${t.sourceRows} → ${t.targetRows} rows`,
      );
    }
    const keys = v.foreignKeys.filter((f) => f.ok).length;
    const seqs = v.sequences.filter((s) => s.ok).length;
    ctx.out.info(
      `  foreign keys holding: ${keys}/${v.foreignKeys.length}; sequences past their columns: ${seqs}/${v.sequences.length}`,
    );
    for (const c of v.checks) {
      ctx.out.info(
        `  check "${c.name}": ${c.ok ? "equal" : "DIFFERS"}${
          c.source !== undefined ? ` (${c.source} / ${c.target})` : ""
        }`,
      );
    }
    if (!v.ok) {
      throw new ConfitureError("S2S_VERIFY_FAILED", `verify found ${v.failures.length} difference(s)`, {
        detail: v.failures.join("\n"),
      });
    }
    ctx.out.info("Verified: the target holds the source's data as mapped. Next: schema-to-schema cutover.");
    return { data: { verification: v } };
  },
};
