/** `confiture schema-to-schema rollback`: switches back to the old database. */
import type { CommandSpec } from "../command.ts";
import { SIDE_OPTIONS, sides } from "./schema_to_schema_common.ts";
import { renderSwitch } from "./schema_to_schema_cutover.ts";

/** The `schema-to-schema rollback` command. */
export const command: CommandSpec = {
  name: "schema-to-schema rollback",
  summary: "Switch back to the old database (same arguments as cutover)",
  description: `Given the same --source and --target as cutover: on one server, renames both databases back
(sessions block it unless --terminate ends them); across servers, records the way back and prints
the source's connection string. Before any cutover, it lifts a --freeze-source freeze. A new cutover
then needs a new verify.`,
  options: [
    ...SIDE_OPTIONS,
    { name: "terminate", type: "boolean", description: "End the sessions connected to the databases renamed" },
  ],
  examples: [
    {
      command: "confiture schema-to-schema rollback --source production --target postgres://app@db/app_next",
      description: "Undo the cutover",
    },
  ],
  async run(ctx) {
    const transfer = await import("../../transfer/mod.ts");
    const s = await sides(ctx, "rollback");
    const r = await transfer.rollback({
      ...s,
      terminate: ctx.options.terminate === true,
      onEvent: (e) => (e.type === "warning" ? ctx.out.warn(e.message) : ctx.out.debug(e.phase)),
    });
    return { data: renderSwitch(ctx, r, r.mode === "none" ? "Nothing was cut over" : "Rolled back") };
  },
};
