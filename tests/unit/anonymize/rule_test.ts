import {
  AnonymizeKey,
  columnShape,
  compileRule,
  describeStrategies,
  type RuleProblem,
  ruleProblemCode,
  STRATEGY_NAMES,
  validateRule,
} from "../../../src/anonymize/mod.ts";
import { assert, assertEquals } from "../../_helpers/assert.ts";

const KEY = AnonymizeKey.fromSecret("unit test key, long enough to be accepted");
const TEXT = { type: "text" };

function one(problems: RuleProblem[]): RuleProblem {
  assertEquals(problems.length, 1, JSON.stringify(problems));
  return problems[0];
}

Deno.test("rules: an unknown strategy or option names the closest known one", () => {
  const s = one(validateRule({ strategy: "emial" }, TEXT));
  assertEquals([s.kind, s.path, s.suggestion, s.message], [
    "unknown_strategy",
    ["strategy"],
    "email",
    'unknown strategy "emial"',
  ]);
  assertEquals(one(validateRule({ strategy: "fullname" }, TEXT)).suggestion, "full_name");
  const far = one(validateRule({ strategy: "scramble" }, TEXT));
  assertEquals(far.suggestion, undefined);
  assert(far.hint!.includes("email") && far.hint!.includes("date_shift"));
  const o = one(validateRule({ strategy: "email", domian: "example.com" }, TEXT));
  assertEquals([o.kind, o.path, o.suggestion], ["unknown_option", ["domian"], "domain"]);
  assertEquals(one(validateRule({ strategy: "phone", keep_prefx: 2 }, TEXT)).suggestion, "keep_prefix");
  assertEquals(
    one(validateRule({ strategy: "first_name", lenght: 3 }, TEXT)).hint,
    "first_name takes no options besides salt",
  );
  assertEquals(one(validateRule({ domain: "x.example" }, TEXT)).kind, "missing_option");
  assertEquals(one(validateRule(42, TEXT)).kind, "invalid_rule");
  assertEquals(validateRule("email", TEXT), []);
  assertEquals(ruleProblemCode(s.kind), "CONFIG_UNKNOWN_KEY");
  assertEquals(ruleProblemCode("not_injective"), "CONFIG_INVALID_VALUE");
});

Deno.test("rules: options are type- and range-checked, required ones are required", () => {
  const t = one(validateRule({ strategy: "hash", length: "10" }, TEXT));
  assertEquals([t.kind, t.path, t.message], [
    "invalid_option",
    ["length"],
    'option "length" of hash must be an integer, not a string',
  ]);
  assertEquals(
    one(validateRule({ strategy: "hash", length: 65 }, TEXT)).message,
    'option "length" of hash must be between 1 and 64',
  );
  assertEquals(one(validateRule({ strategy: "hash", length: 2.5 }, TEXT)).kind, "invalid_option");
  assertEquals(one(validateRule({ strategy: "noise", percent: 0 }, { type: "integer" })).kind, "invalid_option");
  assertEquals(one(validateRule({ strategy: "value" }, TEXT)).kind, "missing_option");
  assertEquals(one(validateRule({ strategy: "sql" }, TEXT)).path, ["expression"]);
  assertEquals(one(validateRule({ strategy: "email", domain: "not a host" }, TEXT)).path, ["domain"]);
  assertEquals(one(validateRule({ strategy: "text_mask", char: "**" }, TEXT)).path, ["char"]);
  assertEquals(one(validateRule({ strategy: "hash", salt: 3 }, TEXT)).path, ["salt"]);
  assertEquals(one(validateRule({ strategy: "redact", salt: "x" }, TEXT)).kind, "unknown_option");
});

Deno.test("rules: non-injective strategies are refused on unique columns, with the reason", () => {
  const unique = { type: "character varying(255)", unique: true, name: "email" };
  for (const strategy of ["email", "phone", "text_mask", "hash", "uuid", "preserve"]) {
    const column = strategy === "uuid" ? { type: "uuid", unique: true } : unique;
    assertEquals(validateRule({ strategy }, column), [], strategy);
  }
  const p = one(validateRule({ strategy: "full_name" }, unique));
  assertEquals(p.kind, "not_injective");
  assert(p.message.includes("email is unique") && p.message.includes("distinct values share outputs"), p.message);
  assert(p.hint!.includes("email") && p.hint!.includes("text_mask") && !p.hint!.includes("full_name"), p.hint);
  assert(one(validateRule({ strategy: "hash", length: 16 }, unique)).message.includes("16 hex digits"));
  assertEquals(one(validateRule({ strategy: "hash" }, { type: "varchar(20)", unique: true })).kind, "not_injective");
  assertEquals(one(validateRule({ strategy: "text_mask", char: "x" }, unique)).kind, "not_injective");
  assertEquals(one(validateRule({ strategy: "sql", expression: "md5(email)" }, unique)).kind, "not_injective");
  assertEquals(validateRule({ strategy: "sql", expression: "md5(email)", injective: true }, unique), []);
  // NULLs never collide: null is fine on a nullable unique column, refused on a NOT NULL one
  assertEquals(validateRule({ strategy: "null" }, { type: "text", unique: true }), []);
  assertEquals(
    one(validateRule({ strategy: "null" }, { type: "text", nullable: false, name: "id" })).kind,
    "not_nullable",
  );
  assertEquals(
    one(validateRule({ strategy: "value", value: null }, { type: "text", nullable: false })).kind,
    "not_nullable",
  );
});

Deno.test("rules: outputs that cannot fit the column, and strategies of another type, are refused", () => {
  const f = one(validateRule({ strategy: "redact" }, { type: "character varying(5)" }));
  assertEquals([f.kind, f.path, f.message], [
    "cannot_fit",
    ["text"],
    "output of 10 characters does not fit character varying(5)",
  ]);
  assertEquals(validateRule({ strategy: "redact", text: "xx" }, { type: "character varying(5)" }), []);
  assertEquals(one(validateRule({ strategy: "first_name" }, { type: "character varying(1)" })).kind, "cannot_fit");
  assertEquals(one(validateRule({ strategy: "email" }, { type: "character varying(12)" })).kind, "cannot_fit");
  assertEquals(
    one(validateRule({ strategy: "hash", length: 32 }, { type: "character varying(20)" })).kind,
    "cannot_fit",
  );
  assertEquals(one(validateRule({ strategy: "ip" }, { type: "character varying(15)" })).kind, "cannot_fit");
  assertEquals(one(validateRule({ strategy: "value", value: 1000 }, { type: "numeric(5,2)" })).kind, "cannot_fit");
  assertEquals(one(validateRule({ strategy: "value", value: "abc" }, { type: "integer" })).kind, "cannot_fit");
  assertEquals(one(validateRule({ strategy: "value", value: 99999 }, { type: "smallint" })).kind, "cannot_fit");
  assertEquals(validateRule({ strategy: "value", value: 999.99 }, { type: "numeric(5,2)" }), []);
  const w = one(validateRule({ strategy: "noise" }, TEXT));
  assertEquals(w.kind, "wrong_type");
  assert(w.hint!.includes("hash") && !w.hint!.includes("noise"), w.hint);
  assertEquals(one(validateRule({ strategy: "hash" }, { type: "integer" })).kind, "wrong_type");
  assertEquals(one(validateRule({ strategy: "email" }, { type: "text[]" })).kind, "wrong_type");
  assertEquals(validateRule({ strategy: "null" }, { type: "text[]" }), []);
  assertEquals(one(validateRule({ strategy: "first_name" }, { type: "mood" })).kind, "wrong_type");
  // a domain is treated as its base type, with the domain's own length when it has one
  assertEquals(validateRule({ strategy: "email" }, { type: "email_address", baseType: "citext" }), []);
  assertEquals(
    one(validateRule({ strategy: "redact" }, { type: "code", baseType: "character varying(4)" })).kind,
    "cannot_fit",
  );
});

Deno.test("rules: json paths and their nested rules are checked where they stand", () => {
  const problems = validateRule(
    {
      strategy: "json",
      paths: { "$.a.email": { strategy: "emial" }, "$.b[": "hash", "$.c": { strategy: "sql", expression: "1" } },
    },
    { type: "jsonb" },
  );
  assertEquals(problems.map((p) => [p.kind, p.path]), [
    ["unknown_strategy", ["paths", "$.a.email", "strategy"]],
    ["invalid_option", ["paths", "$.b["]],
    ["invalid_rule", ["paths", "$.c", "strategy"]],
  ]);
  assertEquals(one(validateRule({ strategy: "json", paths: {} }, { type: "json" })).kind, "invalid_option");
  assertEquals(
    validateRule({ strategy: "json", paths: { "$..phone": "phone", "items[*].n": { strategy: "noise" } } }, {
      type: "json",
    }),
    [],
  );
});

Deno.test("rules: compiled rules are transforms, preserve markers or source-side expressions", () => {
  const t = compileRule({ strategy: "email", domain: "example.com" }, { type: "text", unique: true }, KEY);
  assert(t.ok && t.rule.kind === "transform" && t.rule.injective);
  assertEquals(t.rule.options, { domain: "example.com" });
  assert(t.rule.transform("a@b.example")!.endsWith("@example.com"));
  const p = compileRule("preserve", TEXT, KEY);
  assert(p.ok && p.rule.kind === "preserve");
  const s = compileRule({ strategy: "sql", expression: "left(zip, 2)" }, TEXT, KEY);
  assert(s.ok && s.rule.kind === "source" && s.rule.expression === "left(zip, 2)" && !s.rule.injective);
  const bad = compileRule({ strategy: "full_name" }, { type: "text", unique: true }, KEY);
  assert(!bad.ok && bad.problems[0].kind === "not_injective");
  assertEquals(columnShape({ type: "character varying(20)" }).maxLength, 20);
  assertEquals(columnShape({ type: "numeric(10,2)" }).scale, 2);
  assertEquals(columnShape({ type: "timestamp(3) without time zone" }).family, "timestamp");
});

Deno.test("the strategy list describes every strategy with its options", () => {
  const help = describeStrategies();
  assertEquals(help.map((h) => h.name), [...STRATEGY_NAMES]);
  for (const h of help) {
    assert(h.summary.length > 20 && h.injectivity.length > 10, h.name);
    assert(
      validateRule(h.example.rule, { type: exampleType(h.name) }).length === 0,
      `${h.name}: its example is refused`,
    );
  }
  const email = help.find((h) => h.name === "email")!;
  assertEquals(email.options.map((o) => o.name), ["domain", "salt"]);
  assertEquals(email.options[0].default, "example.com");
  assert(help.find((h) => h.name === "sql")!.sourceSide);
});

function exampleType(name: string): string {
  return ({
    date_shift: "date",
    noise: "numeric(12,2)",
    ip: "inet",
    uuid: "uuid",
    json: "jsonb",
    value: "numeric(12,2)",
  } as Record<string, string>)[name] ?? "text";
}
