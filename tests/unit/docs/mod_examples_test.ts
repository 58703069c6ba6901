/**
 * The library's documentation: every function and class exported by `mod.ts` has an `@example`,
 * and every ```ts example in the JSDoc of `mod.ts` and of what it exports type-checks against
 * `mod.ts` with the project's compiler options (`deno check`), and so does every ```ts block of
 * README.md and docs/*.md that imports from `"./mod.ts"`. Examples import what they use from
 * `"./mod.ts"`; nothing runs.
 */
import { assert, assertEquals } from "../../_helpers/assert.ts";

const root = new URL("../../../", import.meta.url);
const modUrl = new URL("mod.ts", root);

/** One ```ts block, with the symbol whose JSDoc holds it. */
interface Example {
  label: string;
  code: string;
}

interface JsDoc {
  doc?: string;
  tags?: { kind: string; doc?: string }[];
}

interface DocNode {
  name?: string;
  kind?: string;
  jsDoc?: JsDoc;
  declarations?: DocNode[];
  [key: string]: unknown;
}

async function docJson(): Promise<{ moduleDoc?: JsDoc; symbols: DocNode[] }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--json", "mod.ts"],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert(out.success, new TextDecoder().decode(out.stderr));
  const json = JSON.parse(new TextDecoder().decode(out.stdout));
  const mod = json.nodes[modUrl.href];
  return { moduleDoc: mod.module_doc, symbols: mod.symbols };
}

/** The ```ts blocks of the `@example` tags of a JSDoc. */
export function tsBlocks(doc: JsDoc | undefined): string[] {
  const blocks: string[] = [];
  for (const tag of doc?.tags ?? []) {
    if (tag.kind !== "example") continue;
    for (const m of (tag.doc ?? "").matchAll(/```(?:ts|typescript)\n([\s\S]*?)```/g)) blocks.push(m[1]);
  }
  return blocks;
}

/** Every example under a node (its members' included), depth first; deprecated namespaces are skipped. */
function collect(node: unknown, label: string, out: Example[]): void {
  if (Array.isArray(node)) {
    for (const n of node) collect(n, label, out);
    return;
  }
  if (node === null || typeof node !== "object") return;
  const n = node as DocNode;
  if (n.kind === "namespace") return;
  const here = typeof n.name === "string" && n.name !== "" ? (label ? `${label}.${n.name}` : n.name) : label;
  for (const code of tsBlocks(n.jsDoc)) out.push({ label: here, code });
  for (const [k, v] of Object.entries(n)) {
    if (k !== "jsDoc" && typeof v === "object") collect(v, here, out);
  }
}

/** What {@link checkExamples} found. */
interface CheckResult {
  /** Labels of the examples that do not import from `./mod.ts` or do not type-check. */
  failing: Set<string>;
  /** The problems, each naming its example. */
  report: string;
}

/**
 * Type-checks each example as a module of its own, `"./mod.ts"` pointing at the library, with the
 * project's `deno.json`, in one `deno check` run.
 */
async function checkExamples(examples: Example[]): Promise<CheckResult> {
  const dir = await Deno.makeTempDir({ prefix: "confiture_examples_" });
  try {
    const failing = new Set<string>();
    const lines: string[] = [];
    const name = (i: number) => `example_${String(i).padStart(3, "0")}.ts`;
    for (const [i, e] of examples.entries()) {
      if (!/from\s+"\.\/mod\.ts"/.test(e.code)) {
        failing.add(e.label);
        lines.push(`${e.label}: the example does not import from "./mod.ts"`);
      }
      await Deno.writeTextFile(`${dir}/${name(i)}`, e.code.replaceAll(`from "./mod.ts"`, `from "${modUrl.href}"`));
    }
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "check",
        "--quiet",
        "--config",
        new URL("deno.json", root).pathname,
        ...examples.map((_, i) => `${dir}/${name(i)}`),
      ],
      cwd: root,
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) {
      const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
      lines.push(text.replace(/file:\/\/\S*?example_(\d+)\.ts/g, (_, n: string) => {
        const label = examples[Number(n)].label;
        failing.add(label);
        return `${label} (example ${Number(n)})`;
      }));
      if (failing.size === 0) failing.add("(deno check)");
    }
    return { failing, report: lines.join("\n") };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** The ```ts blocks of README.md and docs/*.md that use the library (import from `./mod.ts`). */
async function guideExamples(): Promise<Example[]> {
  const files = ["README.md"];
  for await (const e of Deno.readDir(new URL("docs/", root))) if (e.name.endsWith(".md")) files.push(`docs/${e.name}`);
  const out: Example[] = [];
  for (const f of files.sort()) {
    const text = await Deno.readTextFile(new URL(f, root));
    for (const m of text.matchAll(/```(?:ts|typescript)\n([\s\S]*?)```/g)) {
      if (/from\s+"\.\/mod\.ts"/.test(m[1])) {
        out.push({ label: `${f}:${text.slice(0, m.index).split("\n").length}`, code: m[1] });
      }
    }
  }
  return out;
}

Deno.test("every function and class exported by mod.ts has an example; every example type-checks, a wrong one fails", async () => {
  const { moduleDoc, symbols } = await docJson();
  const examples: Example[] = tsBlocks(moduleDoc).map((code) => ({ label: "mod.ts", code }));
  const guides = await guideExamples();
  assert(guides.length >= 2, `only ${guides.length} library examples found in the guides`);
  examples.push(...guides);
  const missing: string[] = [];
  for (const s of symbols) {
    const before = examples.length;
    collect(s.declarations, s.name ?? "", examples);
    const kinds = (s.declarations ?? []).map((d) => d.kind);
    if ((kinds.includes("function") || kinds.includes("class")) && examples.length === before) missing.push(s.name!);
  }
  assertEquals(missing, [], "exported without an @example");
  assert(examples.length >= 30, `only ${examples.length} examples found`);
  // Two wrong examples, checked in the same run: they must be the only failures.
  const canaries: Example[] = [
    { label: "canary (wrong name)", code: `import { buildSchemaa } from "./mod.ts";\nconsole.log(buildSchemaa);\n` },
    { label: "canary (no import)", code: `console.log(buildSchema);\n` },
  ];
  const { failing, report } = await checkExamples([...examples, ...canaries]);
  assertEquals([...failing].sort(), canaries.map((c) => c.label).sort(), report);
  assert(report.includes("buildSchemaa"), report);
});
