import { AnonymizeKey, compileRule, describeStrategies } from "../../../src/anonymize/mod.ts";
import { assertStringIncludes } from "../../_helpers/assert.ts";

const doc = await Deno.readTextFile(new URL("../../../docs/anonymization.md", import.meta.url));
const TYPES: Record<string, string> = {
  date_shift: "date",
  noise: "numeric(12,2)",
  ip: "inet",
  uuid: "uuid",
  json: "jsonb",
  value: "numeric(12,2)",
};

Deno.test("docs/anonymization.md shows each strategy's example as the code computes it", () => {
  const key = AnonymizeKey.fromSecret("documentation example key, not a secret");
  for (const s of describeStrategies()) {
    assertStringIncludes(doc, `| \`${s.name}\` |`, `docs: no row for ${s.name}`);
    const r = compileRule(s.example.rule, { type: TYPES[s.name] ?? "text" }, key);
    if (!r.ok || r.rule.kind !== "transform") continue;
    const out = r.rule.transform(s.example.input);
    if (out === null) continue;
    if (s.name === "json") {
      assertStringIncludes(doc, `\`${s.example.input}\` becomes\n\`${out}\``, "docs: example of json");
      continue;
    }
    assertStringIncludes(doc, `\`${s.example.input}\` → \`${out}\``, `docs: example of ${s.name}`);
  }
});
