/** `confiture schema-to-schema cutover`: switches applications to the new database. */
import type { CutoverResult } from "../../transfer/mod.ts";
import type { CommandContext, CommandSpec } from "../command.ts";
import { SIDE_OPTIONS, sides } from "./schema_to_schema_common.ts";

/** Renders a cutover or rollback. */
export function renderSwitch(ctx: CommandContext, r: CutoverResult, what: string): Record<string, unknown> {
  for (const w of r.warnings) ctx.out.warn(w);
  if (r.terminated) ctx.out.info(`Ended ${r.terminated} session(s)`);
  for (const n of r.renamed) ctx.out.info(`Renamed database ${n.from} to ${n.to}`);
  if (r.unfrozen) ctx.out.info("The source is no longer frozen (its own setting restored)");
  ctx.out.info(`${what}. Connect applications to: ${r.use}`);
  return { mode: r.mode, use: r.use, renamed: r.renamed, unfrozen: r.unfrozen, terminated: r.terminated };
}

/** The `schema-to-schema cutover` command. */
export const command: CommandSpec = {
  name: "schema-to-schema cutover",
  summary: "Switch to the new database once verify passed (renames on one server)",
  description: `Refuses (exit 8, S2S_NOT_VERIFIED) unless the last run finished, a verify passed after it, and
the source's write counters have not moved since that verify.

On one server, renames the source database out of the way (<name>_s2s_old, or --rename-source-to)
and the target into the source's name, both in one transaction, so applications keep their
connection string. New connections to both databases are refused meanwhile; sessions connected to
either block the switch and are listed (exit 8, S2S_SESSIONS_BLOCK), unless --terminate ends them.
The role of the target URL must be allowed to rename both databases (their owner with CREATEDB, or
a superuser). Across servers, records the switch in the target's state and prints the connection
string to use. A --freeze-source freeze is lifted.`,
  options: [
    ...SIDE_OPTIONS,
    { name: "terminate", type: "boolean", description: "End the sessions connected to the databases renamed" },
    {
      name: "rename-source-to",
      type: "string",
      valueName: "NAME",
      description: "The source database's name after the cutover",
      default: "<name>_s2s_old",
    },
  ],
  examples: [
    {
      command: "confiture schema-to-schema cutover --source production --target postgres://app@db/app_next --terminate",
      description: "Swap the databases, ending the sessions still connected",
    },
  ],
  async run(ctx) {
    const transfer = await import("../../transfer/mod.ts");
    const s = await sides(ctx, "cutover");
    const r = await transfer.cutover({
      ...s,
      terminate: ctx.options.terminate === true,
      renameSourceTo: typeof ctx.options["rename-source-to"] === "string" ? ctx.options["rename-source-to"] : undefined,
      onEvent: (e) => (e.type === "warning" ? ctx.out.warn(e.message) : ctx.out.debug(e.phase)),
    });
    return { data: renderSwitch(ctx, r, "Cut over") };
  },
};
