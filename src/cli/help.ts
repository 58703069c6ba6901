/** --help texts, generated from the command specs. */
import type { CommandSpec, OptionSpec, Output } from "./command.ts";
import { GLOBAL_OPTIONS } from "./args.ts";
import type { CommandEntry } from "./commands/index.ts";

type Style = Output["style"];

function optionLines(specs: OptionSpec[]): string[] {
  const rows = specs.map((s) => {
    const flag = `${s.short ? `-${s.short}, ` : "    "}--${s.name}${
      s.type === "string" ? ` ${s.valueName ?? "VALUE"}` : ""
    }`;
    const extra = [s.multiple ? "repeatable" : "", s.default !== undefined ? `default: ${s.default}` : ""].filter((x) =>
      x
    );
    return [flag, s.description + (extra.length ? ` (${extra.join("; ")})` : "")] as const;
  });
  const w = Math.min(34, Math.max(...rows.map((r) => r[0].length)) + 2);
  // A flag too long for the column gets its description on the next line, never run into it.
  return rows.map(([f, d]) => (f.length + 2 > w ? `  ${f}\n  ${"".padEnd(w)}${d}` : `  ${f.padEnd(w)}${d}`));
}

/** Help for one command. */
export function commandHelp(spec: CommandSpec, style: Style): string {
  const pos = (spec.positionals ?? []).map((p) => (p.required ? ` <${p.name}>` : ` [${p.name}]`)).join("");
  const out = [`${style.bold("Usage:")} confiture ${spec.name}${pos} [options]`, "", spec.summary];
  if (spec.description) out.push("", spec.description.trim());
  if (spec.positionals?.length) {
    out.push("", style.bold("Arguments:"));
    const w = Math.max(...spec.positionals.map((p) => p.name.length)) + 4;
    for (const p of spec.positionals) out.push(`  ${p.name.padEnd(w)}${p.description}`);
  }
  if (spec.options.length) out.push("", style.bold("Options:"), ...optionLines(spec.options));
  out.push("", style.bold("Global options:"), ...optionLines(GLOBAL_OPTIONS));
  out.push("", style.bold("Examples:"));
  for (const ex of spec.examples) out.push(`  ${style.dim("# " + ex.description)}`, `  ${ex.command}`, "");
  return out.join("\n").trimEnd() + "\n";
}

/** Help for a group of subcommands (`confiture migrate --help`). */
export function groupHelp(group: string, summary: string, entries: CommandEntry[], style: Style): string {
  const w = Math.max(...entries.map((e) => e.name.length)) + 3;
  return [
    `${style.bold("Usage:")} confiture ${group} <subcommand> [options]`,
    "",
    summary,
    "",
    style.bold("Subcommands:"),
    ...entries.map((e) => `  ${e.name.padEnd(w)}${e.summary}`),
    "",
    `Run "confiture ${group} <subcommand> --help" for the options and examples of each.`,
  ].join("\n") + "\n";
}

/** The top-level help. */
export function rootHelp(
  version: string,
  entries: CommandEntry[],
  groups: Record<string, string>,
  style: Style,
): string {
  const top: [string, string][] = [];
  const seen = new Set<string>();
  for (const e of entries) {
    const g = e.name.split(" ")[0];
    if (e.name.includes(" ")) {
      if (!seen.has(g)) top.push([g, groups[g] ?? ""]);
      seen.add(g);
    } else top.push([e.name, e.summary]);
  }
  const w = Math.max(...top.map((t) => t[0].length)) + 3;
  return [
    `${style.bold("confiture")} ${version} — PostgreSQL schemas and migrations: build from DDL, migrate, diff`,
    "",
    `${style.bold("Usage:")} confiture <command> [subcommand] [options]`,
    "",
    style.bold("Commands:"),
    ...top.map(([n, s]) => `  ${n.padEnd(w)}${s}`),
    "",
    style.bold("Global options:"),
    ...optionLines([
      ...GLOBAL_OPTIONS,
      { name: "version", short: "V", type: "boolean", description: "Print the version" },
    ]),
    "",
    style.bold("Database selection") + " (the first that is set wins):",
    "  --database-url, CONFITURE_DATABASE_URL, database_url in db/environments/<env>.yaml, DATABASE_URL,",
    "  then the embedded PostgreSQL kept in .confiture/embedded/<env>/ (no server needed).",
    "",
    style.bold("Examples:"),
    "  confiture init                 # create db/schema, db/migrations, db/environments/local.yaml",
    "  confiture build --apply        # build the schema and apply it to the embedded database",
    "  confiture migrate status --json",
    "",
    `Run "confiture <command> --help" for a command's options and examples.`,
  ].join("\n") + "\n";
}
