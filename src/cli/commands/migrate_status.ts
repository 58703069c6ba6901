/** `confiture migrate status`: files and ledger side by side. */
import { EXIT_CODES } from "../../errors/mod.ts";
import { migrationStatus, type StatusEntry } from "../../migrate/mod.ts";
import type { CommandSpec, Output } from "../command.ts";
import { entryJson, label, optionsFor, renderWarnings } from "./migrate_common.ts";

function stateLabel(out: Output, e: StatusEntry): string {
  const s = out.style;
  switch (e.state) {
    case "applied":
      return s.green("applied          ");
    case "pending":
      return s.yellow(e.kind === "repeatable" && e.checksum ? "pending (changed)" : "pending          ");
    case "partial":
      return s.red("partial          ");
    case "out_of_order":
      return s.yellow("pending (older)  ");
    case "checksum_mismatch":
      return s.red("CHANGED          ");
    case "missing_file":
      return s.red("FILE MISSING     ");
  }
}

/** The `migrate status` command. */
export const command: CommandSpec = {
  name: "migrate status",
  summary: "Show applied, pending, changed and missing migrations",
  description: `Lists every migration: applied, pending, pending but older than the newest applied one
(out of order), stopped midway (partial: a migration run outside a transaction failed after some of
its statements; the statement it stopped at is shown), applied but changed since (checksum
mismatch), applied but missing from the folder. Repeatable migrations (R_<name>.sql) come last:
applied, or pending when new or changed since they ran. Changes nothing and takes no lock.

Exit code: 0 when every migration is applied and unchanged; 2 when something is pending, partial,
out of order, changed or missing (so scripts can gate on it).`,
  options: [],
  examples: [
    { command: "confiture migrate status", description: "Show the status of the local database" },
    { command: "confiture migrate status --env production --json", description: "As JSON, for scripts" },
  ],
  async run(ctx) {
    const o = await optionsFor(ctx);
    const db = await ctx.database();
    const report = await migrationStatus(db, o);
    const st = report.status;
    const out = ctx.out;
    if (st.entries.length === 0) out.info("No migrations in the migrations folder and none applied.");
    for (const e of st.entries) {
      const when = e.appliedAt ? out.style.dim(`  ${e.appliedAt.toISOString()}`) : "";
      const archived = e.archivedInto ? out.style.dim(`  (squashed into ${e.archivedInto})`) : "";
      out.info(`${stateLabel(out, e)} ${label({ ...e, repeatable: e.kind === "repeatable" })}${when}${archived}`);
      if (e.state === "checksum_mismatch") {
        out.info(out.style.dim(`                  ${e.file} was edited after it ran`));
      }
      if (e.partial) {
        const p = e.partial;
        const at = p.location ? `${p.location.file}:${p.location.line}:${p.location.col}` : e.file ?? "";
        out.info(out.style.dim(
          `                  stopped at statement ${p.statement} of ${p.statements} (${at}): ${p.message}` +
            (p.invalidIndexes?.length ? `; invalid index ${p.invalidIndexes.join(", ")} left behind` : ""),
        ));
      }
    }
    const c = st.counts;
    out.info("");
    out.info(
      `${c.applied + c.checksum_mismatch} applied, ${c.pending + c.out_of_order + c.partial} pending` +
        (c.out_of_order ? ` (${c.out_of_order} out of order)` : "") +
        (c.partial ? ` (${c.partial} stopped midway)` : "") +
        (c.checksum_mismatch ? `, ${c.checksum_mismatch} changed` : "") +
        (c.missing_file ? `, ${c.missing_file} missing file(s)` : "") +
        (st.ledgerExists ? "" : ` (no ledger table ${report.ledgerTable} yet)`),
    );
    renderWarnings(out, report);
    const clean = c.pending + c.out_of_order + c.partial + c.checksum_mismatch + c.missing_file === 0;
    return {
      exitCode: clean ? 0 : EXIT_CODES.differences,
      data: {
        ledgerTable: report.ledgerTable,
        ledgerExists: st.ledgerExists,
        current: st.current ?? null,
        counts: c,
        upToDate: clean,
        migrations: st.entries.map(entryJson),
      },
    };
  },
};
