import { classifyStatement, HAZARD_CODES, HAZARDS, isHazard, sortedHazards, splitSql } from "../../../src/sql/mod.ts";
import { assertEquals } from "../../_helpers/assert.ts";

const START = "<!-- hazards:start -->";
const END = "<!-- hazards:end -->";

/** The rows of the hazard table of docs/diff.md, as [code, meaning]. */
function documentedHazards(doc: string): [string, string][] {
  const a = doc.indexOf(START);
  const b = doc.indexOf(END);
  if (a < 0 || b < a) throw new Error("docs/diff.md lacks the hazards markers");
  const rows = doc.slice(a + START.length, b).trim().split("\n").slice(2);
  return rows.map((r) => {
    const m = /^\| `([A-Z_]+)` \| (.*) \|$/.exec(r);
    if (!m) throw new Error(`not a hazard row: ${r}`);
    return [m[1], m[2]];
  });
}

Deno.test("docs/diff.md documents exactly the hazard list of the code, in its order and words", async () => {
  const doc = await Deno.readTextFile(new URL("../../../docs/diff.md", import.meta.url));
  assertEquals(documentedHazards(doc), HAZARDS.map((h) => [h.code, h.meaning]));
  // One table: the markers appear once.
  assertEquals(doc.split(START).length, 2);
});

Deno.test("hazard codes are unique upper-case words; isHazard and sortedHazards follow the list", () => {
  assertEquals(new Set(HAZARD_CODES).size, HAZARD_CODES.length);
  for (const c of HAZARD_CODES) assertEquals(/^[A-Z][A-Z_]+[A-Z]$/.test(c), true, c);
  assertEquals(isHazard("TABLE_REWRITE"), true);
  assertEquals(isHazard("REWRITES_TABLE"), false);
  assertEquals(sortedHazards(["TABLE_REWRITE", "DELETES_DATA", "TABLE_REWRITE"]), ["DELETES_DATA", "TABLE_REWRITE"]);
});

Deno.test("classification speaks the same hazard list", async () => {
  const sql = [
    "create index concurrently i on t (a)",
    "create index i on t (a)",
    "alter table t alter column a type bigint",
    "alter table t add constraint f foreign key (a) references u",
    "drop table t",
    "vacuum t",
  ].join(";\n");
  const seen = new Set<string>();
  for (const s of await splitSql(sql)) for (const h of classifyStatement(s).hazards) seen.add(h);
  for (const h of seen) assertEquals(isHazard(h), true, h);
  assertEquals([...seen].sort(), [
    "ACQUIRES_ACCESS_EXCLUSIVE_LOCK",
    "ACQUIRES_SHARE_LOCK",
    "DELETES_DATA",
    "INDEX_BUILD",
    "NOT_TRANSACTIONAL",
    "TABLE_REWRITE",
  ]);
});
