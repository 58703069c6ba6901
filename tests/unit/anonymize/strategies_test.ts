import { rng } from "../../_helpers/random.ts";
import {
  AnonymizeKey,
  type ColumnInfo,
  compileRule,
  luhnCheckDigit,
  luhnValid,
  STRATEGY_NAMES,
  type ValueTransform,
} from "../../../src/anonymize/mod.ts";
import { civilFromDays, daysFromCivil } from "../../../src/anonymize/strategies/date_shift.ts";
import { ConfitureError } from "../../../src/errors/mod.ts";
import { assert, assertEquals, assertMatch, assertNotEquals, assertThrows } from "../../_helpers/assert.ts";

const KEY = AnonymizeKey.fromSecret("unit test key, long enough to be accepted");
const OTHER = AnonymizeKey.fromSecret("another unit test key, also long enough");

function transform(rule: unknown, column: ColumnInfo, key: AnonymizeKey = KEY): ValueTransform {
  const r = compileRule(rule, column, key);
  if (!r.ok) throw new Error(`rule refused: ${JSON.stringify(r.problems)}`);
  if (r.rule.kind !== "transform") throw new Error(`rule ${JSON.stringify(rule)} has no transform`);
  return r.rule.transform;
}

const digits = (next: () => number, n: number) => Array.from({ length: n }, () => Math.floor(next() * 10)).join("");

/** A valid card number of `n` digits. */
function card(next: () => number, n: number): string {
  const body = [2 + Math.floor(next() * 5), ...Array.from({ length: n - 2 }, () => Math.floor(next() * 10))];
  return body.join("") + luhnCheckDigit(body);
}

/** One rule, a column and inputs for every strategy that transforms values. */
const CASES: Record<string, { rule: Record<string, unknown>; column: ColumnInfo; inputs: string[] }> = {
  hash: { rule: { strategy: "hash" }, column: { type: "text" }, inputs: ["alice", "bob", "carol@example.org"] },
  email: {
    rule: { strategy: "email" },
    column: { type: "character varying(255)" },
    inputs: ["jane.doe@mail.example.org", "x@y.example", "John.Smith+tag@Corp.Example.COM"],
  },
  phone: {
    rule: { strategy: "phone" },
    column: { type: "text" },
    inputs: ["+33 6 12 34 56 78", "(202) 555-0143", "0612345678"],
  },
  first_name: { rule: { strategy: "first_name" }, column: { type: "text" }, inputs: ["Marguerite", "Ahmed", "Li"] },
  last_name: { rule: { strategy: "last_name" }, column: { type: "text" }, inputs: ["Delacroix", "Nguyen", "O'Neil"] },
  full_name: { rule: { strategy: "full_name" }, column: { type: "text" }, inputs: ["Jean Dupont", "Ana Lima", "Ö Ü"] },
  city: { rule: { strategy: "city" }, column: { type: "text" }, inputs: ["Paris", "Lyon", "Zürich"] },
  street: {
    rule: { strategy: "street" },
    column: { type: "text" },
    inputs: ["12 rue de la Paix", "1 Main St", "Hauptstr. 5"],
  },
  company: { rule: { strategy: "company" }, column: { type: "text" }, inputs: ["Initech", "Globex", "Umbrella"] },
  text_mask: {
    rule: { strategy: "text_mask" },
    column: { type: "text" },
    inputs: ["AB-1234-xy", "Été 2024", "secret"],
  },
  redact: { rule: { strategy: "redact" }, column: { type: "text" }, inputs: ["a", "b"] },
  null: { rule: { strategy: "null" }, column: { type: "text" }, inputs: ["a", "b"] },
  value: { rule: { strategy: "value", value: 0 }, column: { type: "integer" }, inputs: ["17", "42"] },
  date_shift: {
    rule: { strategy: "date_shift" },
    column: { type: "date" },
    inputs: ["1985-04-12", "2024-02-29", "1999-12-31"],
  },
  noise: { rule: { strategy: "noise" }, column: { type: "numeric(12,2)" }, inputs: ["4200.50", "19.99", "100000.00"] },
  ip: { rule: { strategy: "ip" }, column: { type: "inet" }, inputs: ["192.168.1.20", "10.0.0.1/8", "2001:db8::1"] },
  credit_card: {
    rule: { strategy: "credit_card" },
    column: { type: "text" },
    inputs: ["4539 1488 0343 6467", "5555555555554444", "378282246310005"],
  },
  uuid: {
    rule: { strategy: "uuid" },
    column: { type: "uuid" },
    inputs: [
      "3f2b8c1e-9a4d-4e7f-b6a1-0c2d3e4f5a6b",
      "00000000-0000-4000-8000-000000000000",
      "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
    ],
  },
  json: {
    rule: { strategy: "json", paths: { "$.email": "email" } },
    column: { type: "jsonb" },
    inputs: ['{"email": "ann@corp.example"}', '{"email": "bo@mail.example", "n": 1}'],
  },
};

const UNKEYED = new Set(["redact", "null", "value"]);

Deno.test("every strategy is deterministic under one key and, when keyed, different under another", () => {
  const covered = new Set([...Object.keys(CASES), "sql", "preserve"]);
  assertEquals([...STRATEGY_NAMES].sort(), [...covered].sort());
  for (const [name, c] of Object.entries(CASES)) {
    const a = transform(c.rule, c.column);
    const again = transform(c.rule, c.column, AnonymizeKey.fromSecret("unit test key, long enough to be accepted"));
    const other = transform(c.rule, c.column, OTHER);
    const outA = c.inputs.map(a), outAgain = c.inputs.map(again), outOther = c.inputs.map(other);
    assertEquals(outA, c.inputs.map(a), `${name}: not repeatable`);
    assertEquals(outA, outAgain, `${name}: not the same under the same secret`);
    if (!UNKEYED.has(name)) {
      assertNotEquals(outA, outOther, `${name}: the same under another key`);
      assert(outA.some((o, i) => o !== c.inputs[i]), `${name}: output equals input`);
    }
  }
});

Deno.test("NULL stays NULL unless the rule writes something for it", () => {
  for (const [name, c] of Object.entries(CASES)) assertEquals(transform(c.rule, c.column)(null), null, name);
  assertEquals(transform({ strategy: "redact", replace_null: true }, { type: "text" })(null), "[REDACTED]");
  assertEquals(transform({ strategy: "value", value: "n/a", replace_null: true }, { type: "text" })(null), "n/a");
  assertEquals(transform({ strategy: "null" }, { type: "text" })("x"), null);
});

Deno.test("outputs fit the declared length and precision", () => {
  const next = rng(7);
  const words = Array.from({ length: 2000 }, (_, i) => `value ${i} ${digits(next, 6)}@long-domain-${i}.example.org`);
  const fit = (rule: Record<string, unknown>, type: string, max: number) => {
    const f = transform(rule, { type });
    for (const w of words) {
      const out = f(w)!;
      assert([...out].length <= max, `${JSON.stringify(rule)} on ${type}: ${out.length} > ${max}`);
    }
  };
  fit({ strategy: "hash" }, "character varying(10)", 10);
  fit({ strategy: "email" }, "character varying(40)", 40);
  fit({ strategy: "first_name" }, "character varying(4)", 4);
  fit({ strategy: "last_name" }, "character varying(5)", 5);
  fit({ strategy: "full_name" }, "character varying(9)", 9);
  fit({ strategy: "city" }, "character(8)", 8);
  fit({ strategy: "street" }, "character varying(14)", 14);
  fit({ strategy: "company" }, "character varying(16)", 16);
  assertEquals(transform({ strategy: "hash" }, { type: "varchar(10)" })("x")!.length, 10);
  assertEquals(transform({ strategy: "hash", length: 24 }, { type: "text" })("x")!.length, 24);
  // an address too long for the column becomes a digest under the domain
  const long = transform({ strategy: "email" }, { type: "character varying(30)" })(
    "a.very.long.local.part@example.org",
  )!;
  assertMatch(long, /^[0-9a-f]{18}@example\.com$/);
  // same length, same punctuation
  const masked = transform({ strategy: "text_mask" }, { type: "text" });
  const phone = transform({ strategy: "phone" }, { type: "text" });
  for (const w of words.slice(0, 300)) {
    for (const out of [masked(w)!, phone(w)!]) {
      assertEquals(out.length, w.length);
      assertEquals(out.replace(/[\p{L}\p{N}]/gu, "."), w.replace(/[\p{L}\p{N}]/gu, "."));
    }
  }
  // numbers: rounded to the scale, inside the precision and the integer range
  const small = transform({ strategy: "noise", percent: 50 }, { type: "numeric(5,2)" });
  const int2 = transform({ strategy: "noise", percent: 50 }, { type: "smallint" });
  for (let i = 0; i < 2000; i++) {
    const x = (next() * 1998 - 999).toFixed(2);
    assertMatch(small(x)!, /^-?\d{1,3}\.\d{2}$/, x);
    const n = String(32767 - i);
    const out = int2(n)!;
    assertMatch(out, /^-?\d+$/);
    assert(Math.abs(Number(out)) <= 32767, out);
  }
  assertEquals(
    transform({ strategy: "noise" }, { type: "numeric" })("12.500"),
    transform({ strategy: "noise" }, { type: "numeric" })("12.500"),
  );
  assertMatch(transform({ strategy: "noise" }, { type: "numeric" })("12.500")!, /^\d+\.\d{3}$/);
  assertEquals(transform({ strategy: "noise" }, { type: "double precision" })("NaN"), "NaN");
});

function assertInjective(name: string, f: ValueTransform, inputs: string[]): void {
  assertEquals(new Set(inputs).size, inputs.length, `${name}: inputs repeat`);
  const outputs = new Set(inputs.map(f));
  assertEquals(outputs.size, inputs.length, `${name}: ${inputs.length - outputs.size} collisions`);
}

Deno.test("injective strategies give no collisions on large generated unique domains", () => {
  const next = rng(11);
  const phones = Array.from(
    { length: 200_000 },
    (_, i) => `+33 6 ${String(i).padStart(8, "0").replace(/(\d\d)(?=\d)/g, "$1 ")}`,
  );
  assertInjective("phone", transform({ strategy: "phone" }, { type: "text", unique: true }), phones);
  const ints = Array.from({ length: 50_000 }, (_, i) => String(1_000_000 + i * 7));
  const intPhone = transform({ strategy: "phone" }, { type: "bigint", unique: true });
  assertInjective("phone on bigint", intPhone, ints);
  for (const i of ints.slice(0, 1000)) assertMatch(intPhone(i)!, /^[1-9]\d{6,}$/);
  assertEquals(intPhone("0"), "0");
  const emails = Array.from({ length: 50_000 }, (_, i) => `user${i}@mail${i % 7}.example.org`);
  // the same local part under different domains, and the same domain with different local parts
  emails.push("john@a.example", "john@b.example", "jo.hn@a.example", "john@a.exampl");
  assertInjective("email", transform({ strategy: "email" }, { type: "text", unique: true }), emails);
  const masks = Array.from({ length: 20_000 }, (_, i) => `AB-${i.toString(36)}-${i % 10}`);
  assertInjective("text_mask", transform({ strategy: "text_mask" }, { type: "text", unique: true }), masks);
  const uuids = Array.from({ length: 20_000 }, () => {
    const h = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  });
  assertInjective("uuid", transform({ strategy: "uuid" }, { type: "uuid", unique: true }), [...new Set(uuids)]);
  const v4 = Array.from({ length: 20_000 }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
  assertInjective("ip v4", transform({ strategy: "ip" }, { type: "inet", unique: true }), v4);
  const v6 = Array.from({ length: 20_000 }, (_, i) => `2001:db8::${i.toString(16)}`);
  assertInjective("ip v6", transform({ strategy: "ip" }, { type: "inet", unique: true }), v6);
  const cards = [...new Set(Array.from({ length: 20_000 }, () => card(next, 16)))];
  assertInjective("credit_card", transform({ strategy: "credit_card" }, { type: "text", unique: true }), cards);
  const texts = Array.from({ length: 20_000 }, (_, i) => `value-${i}`);
  assertInjective("hash", transform({ strategy: "hash", length: 24 }, { type: "text", unique: true }), texts);
});

Deno.test("email: a reserved domain, the original '@' marked, non-addresses kept apart", () => {
  const f = transform({ strategy: "email", domain: "test.example" }, { type: "text" });
  const out = f("jane.doe@corp.example.org")!;
  assertMatch(out, /^[a-z]{4}\.[a-z]{3}_[a-z]{4}\.[a-z]{7}\.[a-z]{3}@test\.example$/);
  assertMatch(f("not an address")!, /^[a-z]{3} [a-z]{2} [a-z]{7}@invalid\.test\.example$/);
  assertEquals(f(""), "");
  assert(!out.includes("jane") && !out.includes("corp"));
});

Deno.test("credit_card: Luhn-valid numbers stay Luhn-valid, with the same layout", () => {
  const next = rng(5);
  const f = transform({ strategy: "credit_card" }, { type: "text" });
  const kept = transform({ strategy: "credit_card", keep_prefix: 6 }, { type: "text" });
  for (let i = 0; i < 5000; i++) {
    const n = 13 + (i % 7);
    const raw = card(next, n);
    const input = i % 2 === 0 ? raw.replace(/(\d{4})(?=\d)/g, "$1 ") : raw;
    const out = f(input)!;
    assert(luhnValid(out), `${out} is not Luhn-valid`);
    assertEquals(out.replace(/\d/g, "0"), input.replace(/\d/g, "0"));
    assertEquals(kept(input)!.slice(0, 7).replace(/ /g, "").slice(0, 6), input.replace(/ /g, "").slice(0, 6));
  }
  // an invalid number stays invalid (the map is one-to-one on all digit strings)
  assert(!luhnValid(f("4539148803436468")!));
});

Deno.test("ip: the family, the mask and a cidr's zero host bits are kept", () => {
  const inet = transform({ strategy: "ip" }, { type: "inet" });
  const cidr = transform({ strategy: "ip" }, { type: "cidr" });
  const keep = transform({ strategy: "ip", keep_prefix: 16 }, { type: "inet" });
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
  for (let i = 0; i < 2000; i++) {
    const a = `${i & 255}.${(i * 7) & 255}.${(i * 13) & 255}.${(i * 29) & 255}`;
    const out = inet(a)!;
    const m = v4.exec(out);
    assert(m !== null && m.slice(1).every((x) => Number(x) <= 255), out);
    assertMatch(inet(`${a}/24`)!, /^\d+\.\d+\.\d+\.\d+\/24$/);
    assertMatch(cidr(`${i & 255}.${(i * 7) & 255}.0.0/16`)!, /^\d+\.\d+\.0\.0\/16$/);
    assertEquals(keep(a)!.split(".").slice(0, 2), a.split(".").slice(0, 2));
    const v6 = inet(`2001:db8:${i.toString(16)}::1`)!;
    assert(v6.includes(":") && !v6.includes("."), v6);
    assertMatch(cidr(`2001:db8:${i.toString(16)}::/48`)!, /^[0-9a-f:]+::\/48$|^([0-9a-f]{1,4}:){3}:\/48$/);
  }
  const e = confitureError(() => inet("not-an-ip"));
  assertEquals(e.code, "COPY_FAILED");
  assert(!e.message.includes("not-an-ip"));
});

Deno.test("date_shift moves dates by 1 to N days either way and keeps the rest", () => {
  const next = rng(3);
  for (const days of [1, 7, 30, 365]) {
    const f = transform({ strategy: "date_shift", days }, { type: "date" });
    let earlier = 0, later = 0;
    for (let i = 0; i < 3000; i++) {
      const d = daysFromCivil(1900, 1, 1) + Math.floor(next() * 73000);
      const [y, m, dd] = civilFromDays(d);
      const input = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(dd).padStart(2, "0")}`;
      const out = f(input)!;
      const o = /^(\d{4})-(\d{2})-(\d{2})$/.exec(out)!;
      const shift = daysFromCivil(Number(o[1]), Number(o[2]), Number(o[3])) - d;
      assert(shift !== 0 && Math.abs(shift) <= days, `${input} -> ${out}: ${shift}`);
      if (shift < 0) earlier++;
      else later++;
    }
    assert(earlier > 1000 && later > 1000, `${earlier} earlier, ${later} later`);
  }
  const ts = transform({ strategy: "date_shift", days: 10 }, { type: "timestamp with time zone" });
  assertMatch(ts("2024-02-29 12:34:56.789+05:30")!, /^\d{4}-\d{2}-\d{2} 12:34:56\.789\+05:30$/);
  assertMatch(ts("0001-01-03 00:00:00+00 BC")!, /^000[12]-\d{2}-\d{2} 00:00:00\+00 BC$/);
  assertEquals(ts("infinity"), "infinity");
  assertEquals(ts("-infinity"), "-infinity");
  const e = confitureError(() => ts("02/29/2024"));
  assert(!e.message.includes("2024"), e.message);
  // civil calendar helpers agree with Date
  for (let d = -800000; d < 800000; d += 997) {
    const [y, m, dd] = civilFromDays(d);
    assertEquals(daysFromCivil(y, m, dd), d);
    if (y >= 100) assertEquals(Date.UTC(y, m - 1, dd) / 86400000, d);
  }
});

Deno.test("json: rules reach nested paths, everything else is kept byte for byte", () => {
  const f = transform(
    {
      strategy: "json",
      paths: {
        "$.user.email": "email",
        "$..phone": { strategy: "phone" },
        "$.tags[*]": { strategy: "redact", text: "x" },
        "$.items[*].price": { strategy: "noise" },
        "$['odd key'].secret": { strategy: "null" },
        "$.user.name": "preserve",
      },
    },
    { type: "jsonb" },
  );
  const doc = `{ "user": {"email": "ann@corp.example", "name": "Ann", "phone": "+1 202 555 0143"},
    "tags": ["a", "b"], "items": [{"price": 12.5, "phone": null}, {"price": 3, "deep": [{"phone": "555-1234"}]}],
    "odd key": {"secret": "s3"}, "big": 123456789012345678901234567890, "esc": "a\\u0041\\n" }`;
  const out = f(doc)!;
  const parsed = JSON.parse(out);
  assertMatch(parsed.user.email, /@example\.com$/);
  assertEquals(parsed.user.name, "Ann");
  assertMatch(parsed.user.phone, /^\+\d \d{3} \d{3} \d{4}$/);
  assertNotEquals(parsed.user.phone, "+1 202 555 0143");
  assertEquals(parsed.tags, ["x", "x"]);
  assertEquals(typeof parsed.items[0].price, "number");
  assertNotEquals(parsed.items[0].price, 12.5);
  assertEquals(parsed.items[0].phone, null);
  assertMatch(parsed.items[1].deep[0].phone, /^\d{3}-\d{4}$/);
  assertEquals(parsed["odd key"].secret, null);
  // untouched text stays exactly as written: spacing, a number too big for a double, escapes
  assert(out.includes('"big": 123456789012345678901234567890, "esc": "a\\u0041\\n" }'), out);
  assert(out.startsWith('{ "user": {"email": "'), out);
  const e = confitureError(() => f('{"user": {"email": "leak@example.org"'));
  assertEquals(e.code, "COPY_FAILED");
  assert(!e.message.includes("leak"));
});

Deno.test("uuid keeps version and variant; phone keeps a prefix; salts separate outputs", () => {
  const u = transform({ strategy: "uuid" }, { type: "uuid" });
  for (let i = 0; i < 1000; i++) {
    const input = `${i.toString(16).padStart(8, "0")}-1234-4abc-9def-0123456789ab`;
    const out = u(input)!;
    assertMatch(out, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  }
  assertMatch(u("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11")!, /^[0-9A-F-]{36}$/);
  const p = transform({ strategy: "phone", keep_prefix: 2 }, { type: "text" });
  assert(p("+33 6 12 34 56 78")!.startsWith("+33 "));
  const a = transform({ strategy: "hash", salt: "one" }, { type: "text" });
  const b = transform({ strategy: "hash", salt: "two" }, { type: "text" });
  const plain = transform({ strategy: "hash" }, { type: "text" });
  assertNotEquals(a("x"), b("x"));
  assertNotEquals(a("x"), plain("x"));
  assertEquals(a("x"), transform({ strategy: "hash", salt: "one" }, { type: "text" })("x"));
  // a random key is consistent inside its run
  const random = AnonymizeKey.generate();
  const r1 = transform({ strategy: "email" }, { type: "text" }, random);
  const r2 = transform({ strategy: "email" }, { type: "text" }, random);
  assertEquals(r1("a@b.example"), r2("a@b.example"));
});

/** The ConfitureError `fn` throws. */
function confitureError(fn: () => unknown): ConfitureError {
  const e = assertThrows(fn);
  assert(e instanceof ConfitureError, String(e));
  return e;
}
