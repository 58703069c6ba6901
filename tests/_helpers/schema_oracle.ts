/**
 * Schema oracle for convergence tests: `pg_dump --schema-only` of a database,
 * normalised so that two databases with the same schema give the same text
 * whatever order their objects were created in.
 *
 * Decisions:
 * - ownership is kept (`ALTER … OWNER TO` lines): the diff manages owners;
 * - privileges are kept (GRANT/REVOKE and ALTER DEFAULT PRIVILEGES are diffed);
 * - the dump is split into pg_dump's table-of-contents entries, the entry
 *   headers (`-- Name: …; Type: …`), `SET` lines and blank lines are dropped,
 *   and the entries are sorted: creation order does not matter, content does;
 * - the lines of a privileges entry (only GRANT/REVOKE/ALTER DEFAULT
 *   PRIVILEGES lines) are sorted: the order of entries in an ACL has no meaning;
 * - the column lines of a `CREATE TABLE` are sorted: a diff cannot reorder the
 *   columns of an existing table without rewriting it, so physical column
 *   order is not part of the comparison (attribute order of composite types
 *   and enum label order are kept: they have meaning).
 *
 * Used only as a test oracle, never as the diff algorithm.
 * @module
 */

/** Runs a program and returns its stdout; throws with stderr when it fails. */
async function runTool(cmd: string, args: string[]): Promise<string> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped", env: { PGCONNECT_TIMEOUT: "10" } })
    .output();
  const dec = new TextDecoder();
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")} exited with ${out.code}:\n${dec.decode(out.stderr)}`);
  }
  return dec.decode(out.stdout);
}

/** The raw `pg_dump --schema-only` text of the database at `url` (owners included). */
export function rawDump(url: string): Promise<string> {
  return runTool("pg_dump", ["--schema-only", "--no-tablespaces", "--dbname", url]);
}

const HEADER = /^--\n-- (?:Name|Data for Name|TOC entry)[^\n]*\n--\n/gm;
const NOISE_LINE =
  /^(?:SET [a-z_]+ = .*;|SELECT pg_catalog\.set_config\('search_path', '', false\);|\\(?:un)?restrict .*|--|-- PostgreSQL database dump(?: complete)?|-- Dumped (?:from|by) .*)$/;

/** Sorts the column lines of a `CREATE TABLE … (…)` entry; other text is returned unchanged. */
function sortTableColumns(entry: string): string {
  const m = /^(CREATE (?:UNLOGGED )?TABLE [^\n]*\(\n)([\s\S]*?)(\n\)[^\n]*;?)/.exec(entry);
  if (!m) return entry;
  const cols = m[2].split("\n").map((l) => l.replace(/,$/, "")).sort();
  return entry.slice(0, m.index) + m[1] + cols.join(",\n") + m[3] + entry.slice(m.index + m[0].length);
}

/**
 * Normalises a pg_dump text: one entry per table-of-contents item, without
 * headers, SET lines and blank lines, table columns sorted, entries sorted.
 */
export function normalizeDump(dump: string): string {
  const entries: string[] = [];
  for (const chunk of dump.split(HEADER)) {
    const lines = chunk.split("\n").filter((l) => l.trim() !== "" && !NOISE_LINE.test(l));
    if (lines.length === 0) continue;
    if (lines.every((l) => /^(?:GRANT|REVOKE|ALTER DEFAULT PRIVILEGES) /.test(l))) lines.sort();
    entries.push(sortTableColumns(lines.join("\n")));
  }
  return entries.sort().join("\n\n") + "\n";
}

/** Dumps the schema of the database at `url` and normalises it (see the module doc). */
export async function dumpSchema(url: string): Promise<string> {
  return normalizeDump(await rawDump(url));
}

/**
 * A readable line diff of two normalised dumps (`-` only in `a`, `+` only in
 * `b`), with a few lines of context; empty when they are equal.
 */
export function dumpDiff(a: string, b: string, labels: [string, string] = ["expected", "actual"]): string {
  if (a === b) return "";
  const x = a.split("\n");
  const y = b.split("\n");
  // Longest common subsequence on lines (dumps of test cases are small).
  const n = x.length;
  const m = y.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const ops: { tag: " " | "-" | "+"; line: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      ops.push({ tag: " ", line: x[i++] });
      j++;
    } else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) ops.push({ tag: "+", line: y[j++] });
    else ops.push({ tag: "-", line: x[i++] });
  }
  const context = 3;
  const keep = new Array<boolean>(ops.length).fill(false);
  ops.forEach((o, k) => {
    if (o.tag === " ") return;
    for (let d = Math.max(0, k - context); d <= Math.min(ops.length - 1, k + context); d++) keep[d] = true;
  });
  const out = [`--- ${labels[0]}`, `+++ ${labels[1]}`];
  let skipped = false;
  ops.forEach((o, k) => {
    if (!keep[k]) {
      if (!skipped) out.push("@@ …");
      skipped = true;
      return;
    }
    skipped = false;
    out.push(`${o.tag} ${o.line}`);
  });
  return out.join("\n");
}
