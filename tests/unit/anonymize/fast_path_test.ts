import { rng } from "../../_helpers/random.ts";
import { AnonymizeKey, compileRule, type ValueTransform } from "../../../src/anonymize/mod.ts";
import { decodeCopyField, encodeCopyField } from "../../../src/copy/mod.ts";
import { assert, assertEquals } from "../../_helpers/assert.ts";

const KEY = AnonymizeKey.fromSecret("unit test key, long enough to be accepted");

function transform(rule: unknown, type: string): ValueTransform {
  const r = compileRule(rule, { type }, KEY);
  if (!r.ok || r.rule.kind !== "transform") throw new Error(JSON.stringify(rule));
  return r.rule.transform;
}

const PIECES = [
  "a",
  "Z",
  "q",
  "0",
  "7",
  "@",
  ".",
  "-",
  "_",
  "+",
  " ",
  "(",
  "\\",
  "\t",
  "\u0001",
  "é",
  "@x.example",
  "@",
];

Deno.test("the byte fast paths write exactly what the string forms give, and step aside when they cannot", () => {
  const rules: [unknown, string][] = [
    [{ strategy: "email" }, "text"],
    [{ strategy: "email", domain: "test.example" }, "character varying(40)"],
    [{ strategy: "phone" }, "text"],
    [{ strategy: "phone", keep_prefix: 2 }, "bigint"],
    [{ strategy: "text_mask", keep_first: 1, keep_last: 2 }, "text"],
    [{ strategy: "hash", length: 20 }, "text"],
    [{ strategy: "first_name" }, "character varying(5)"],
    [{ strategy: "last_name" }, "text"],
    [{ strategy: "full_name" }, "character varying(12)"],
    [{ strategy: "city" }, "text"],
    [{ strategy: "street" }, "character varying(16)"],
    [{ strategy: "company" }, "text"],
  ];
  const next = rng(21);
  const out = new Uint8Array(4096);
  for (const [rule, type] of rules) {
    const f = transform(rule, type);
    assert(f.bytes !== undefined, JSON.stringify(rule));
    let fast = 0;
    for (let i = 0; i < 3000; i++) {
      let v = "";
      const n = Math.floor(next() * 30);
      for (let k = 0; k < n; k++) v += PIECES[Math.floor(next() * PIECES.length)];
      if (type === "bigint") v = String(Math.floor(next() * 1e12));
      const field = encodeCopyField(v);
      const at = 7;
      const end = f.bytes!(field, 0, field.length, out, at);
      if (end < 0) continue;
      fast++;
      const want = encodeCopyField(f(decodeCopyField(field, 0, field.length)));
      assertEquals(out.slice(at, end), want, `${JSON.stringify(rule)} on ${JSON.stringify(v)}`);
    }
    assert(fast > 300, `${JSON.stringify(rule)}: the fast path ran ${fast} times`);
  }
  // NULL and escapes always take the string form
  const email = transform({ strategy: "email" }, "text");
  assertEquals(email.bytes!(encodeCopyField(null), 0, 2, out, 0), -1);
  const escaped = encodeCopyField("a\tb@c.example");
  assertEquals(email.bytes!(escaped, 0, escaped.length, out, 0), -1);
});
