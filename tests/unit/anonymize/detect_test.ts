import { detectPii, luhnCheckDigit, PII_CLASSES, type PiiClass, type PiiColumn } from "../../../src/anonymize/mod.ts";
import { assert, assertEquals } from "../../_helpers/assert.ts";

function classOf(column: PiiColumn): { class: PiiClass | null; kinds: string[]; confidence: number } {
  const [f] = detectPii([column]);
  return {
    class: f.class,
    kinds: [...new Set(f.evidence.filter((e) => e.class === f.class).map((e) => e.kind))],
    confidence: f.confidence,
  };
}

const values = (list: string[]): PiiColumn => ({ name: "c", type: "text", samples: list });

function card(seed: number): string {
  const body = [4, ...Array.from({ length: 14 }, (_, i) => (seed * 7 + i * 3) % 10)];
  return body.join("") + luhnCheckDigit(body);
}

Deno.test("detection: every class from sampled values, under a neutral column name", () => {
  const cases: [PiiClass, string[]][] = [
    ["email", ["ann@corp.example", "bo.li@mail.example.org", "x+y@z.example"]],
    ["phone", ["+33 6 12 34 56 78", "(202) 555-0143", "+1-202-555-0199"]],
    ["iban", ["GB82 WEST 1234 5698 7654 32", "DE89370400440532013000", "FR1420041010050500013M02606"]],
    ["card", [card(1), card(2), card(3).replace(/(\d{4})(?=\d)/g, "$1 ")]],
    ["ip", ["192.168.1.20", "10.0.0.1", "2001:db8::1"]],
    ["mac", ["08:00:2b:01:02:03", "00-1A-2B-3C-4D-5E", "aa:bb:cc:dd:ee:ff"]],
    ["national_id", ["123-45-6789", "AB123456C", "12345678Z"]],
    ["person_name", ["Maria Garcia", "John Smith", "Yuki Tanaka", "Zxq Vrb"]],
    ["address", ["12 Maple Street", "221B Baker St", "Hauptstraße 5", "3 rue de la Paix"]],
    ["secret", [
      "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
      "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
      "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
    ]],
  ];
  for (const [cls, samples] of cases) {
    const r = classOf(values(samples));
    assertEquals(r.class, cls, `${cls}: ${JSON.stringify(r)}`);
    assertEquals(r.kinds, ["values"]);
  }
  // Luhn, mod 97 and control letters are checked, not just shapes
  assertEquals(classOf(values(["4111111111111112", "4539148803436468", "5555555555554445"])).class, null);
  assertEquals(classOf(values(["GB82 WEST 1234 5698 7654 33", "DE89370400440532013001"])).class, null);
  assertEquals(classOf(values(["12345678A", "000-12-3456"])).class, null);
});

Deno.test("detection: every class from column names in several languages, and from types", () => {
  const cases: [string, string, PiiClass][] = [
    ["email", "text", "email"],
    ["billingEmailAddress", "varchar(255)", "email"],
    ["courriel", "text", "email"],
    ["telefonnummer", "text", "phone"],
    ["mobile_phone", "text", "phone"],
    ["iban", "text", "iban"],
    ["card_number", "text", "card"],
    ["last_login_ip", "text", "ip"],
    ["mac_address", "text", "mac"],
    ["ssn", "text", "national_id"],
    ["tax_id", "text", "national_id"],
    ["codice_fiscale", "text", "national_id"],
    ["first_name", "text", "person_name"],
    ["Nachname", "text", "person_name"],
    ["customer_name", "text", "person_name"],
    ["street_address", "text", "address"],
    ["code_postal", "text", "address"],
    ["date_of_birth", "date", "birth_date"],
    ["geburtsdatum", "date", "birth_date"],
    ["password_hash", "text", "secret"],
    ["api_key", "text", "secret"],
    ["mot_de_passe", "text", "secret"],
    ["latitude", "double precision", "location"],
  ];
  for (const [name, type, cls] of cases) {
    const r = classOf({ name, type, samples: [] });
    assertEquals(r.class, cls, `${name}: ${JSON.stringify(r)}`);
    assertEquals(r.kinds, ["name"], name);
  }
  assertEquals(classOf({ name: "origin", type: "inet", samples: [] }).class, "ip");
  assertEquals(classOf({ name: "device", type: "macaddr", samples: [] }).class, "mac");
  assertEquals(classOf({ name: "spot", type: "point", samples: [] }).class, "location");
  // name and values together are surer than either
  const both = classOf({ name: "email", type: "text", samples: ["ann@corp.example"] });
  assert(both.confidence > 0.95 && both.kinds.length === 2, JSON.stringify(both));
  assertEquals(new Set(PII_CLASSES).size, 12);
});

Deno.test("detection: ids, status codes, prices and flags are not PII", () => {
  const clean: PiiColumn[] = [
    { name: "id", type: "bigint", samples: ["1", "2", "3", "1234567890123"] },
    { name: "user_id", type: "uuid", samples: ["3f2b8c1e-9a4d-4e7f-b6a1-0c2d3e4f5a6b"] },
    {
      name: "external_ref",
      type: "text",
      samples: ["3f2b8c1e-9a4d-4e7f-b6a1-0c2d3e4f5a6b", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"],
    },
    { name: "status", type: "text", samples: ["active", "pending", "closed", "200", "404"] },
    { name: "price", type: "numeric(10,2)", samples: ["19.99", "5.00", "1200.50"] },
    { name: "amount", type: "text", samples: ["19.99", "5.00", "1200.50"] },
    { name: "email_verified", type: "boolean", samples: ["t", "f"] },
    { name: "email_sent_at", type: "timestamp with time zone", samples: ["2024-01-01 10:00:00+00"] },
    { name: "phone_count", type: "integer", samples: ["2", "3"] },
    { name: "product_name", type: "text", samples: ["Blue Widget", "Red Gadget"] },
    { name: "sku", type: "text", samples: ["AB-123", "CD-456"] },
    { name: "version", type: "text", samples: ["1.2.3", "2.0.1"] },
    { name: "order_number", type: "text", samples: ["100234", "100235", "100236"] },
    { name: "created_at", type: "timestamp with time zone", samples: ["2024-01-01 10:00:00+00"] },
    { name: "etag", type: "text", samples: ["9e107d9d372bb6826bd81d3542a419d6", "e4d909c290d0fb1ca068ffaddf22cbd0"] },
    { name: "description", type: "text", samples: ["A plain sentence about the product.", "Another one."] },
    { name: "country_code", type: "char(2)", samples: ["FR", "US", "DE"] },
  ];
  for (const f of detectPii(clean)) assertEquals(f.class, null, `${f.column}: ${JSON.stringify(f.evidence)}`);
});

Deno.test("detection: evidence names rules and shares, never a sampled value", () => {
  const samples = ["ann@corp.example", "secret-person@mail.example", null, ""];
  const [f] = detectPii([{ name: "contact", type: "text", samples }]);
  assertEquals(f.class, "email");
  const text = JSON.stringify(f);
  assert(!text.includes("ann@") && !text.includes("secret-person"), text);
  assertEquals(f.evidence[0].detail, "100% of 2 sampled values are values shaped like e-mail addresses");
  const [none] = detectPii([{ name: "x", type: "text", samples: [] }]);
  assertEquals([none.class, none.confidence, none.evidence], [null, 0, []]);
  const [low] = detectPii([{ name: "name", type: "text", samples: [] }], { threshold: 0.6 });
  assertEquals(low.class, null);
  assertEquals(low.evidence[0].class, "person_name");
});

Deno.test("detection: sampled values that are no person's names contradict a column called name", () => {
  const [products, people] = detectPii([
    { name: "name", type: "text", samples: ["Apricot jam 250 g", "Fig jam 250 g", "Strawberry jam 500 g"] },
    { name: "name", type: "text", samples: ["Jane Martin", "Paul Bernard", "Marie Dubois"] },
  ]);
  assertEquals(products.class, null);
  assertEquals(people.class, "person_name");
  // Too few values say nothing either way: the name alone decides.
  assertEquals(detectPii([{ name: "name", type: "text", samples: ["Apricot jam"] }])[0].class, "person_name");
});

Deno.test("detection: sampled values count only in columns whose type can hold the class", () => {
  const dates = ["1843-10-01", "1901-02-03", "1955-12-31", "2001-07-14"];
  const cases: PiiColumn[] = [
    { name: "founded", type: "date", samples: dates },
    { name: "founded", type: "timestamp without time zone", samples: dates.map((d) => `${d} 00:00:00`) },
    { name: "seen", type: "timestamp(3) with time zone", samples: dates.map((d) => `${d} 10:00:00+00`) },
    { name: "amount", type: "numeric(12,2)", samples: ["1234567.89", "2345678.90", "3456789.01"] },
    { name: "ref", type: "numeric", samples: ["4111111111111111", "5555555555554444", "4539148803436467"] },
    { name: "ref", type: "numeric(20,0)", samples: ["123-45-6789"] },
    { name: "ok", type: "boolean", samples: ["t", "f", "t"] },
    { name: "ref", type: "uuid", samples: ["3f2b8c1e-9a4d-4e7f-b6a1-0c2d3e4f5a6b"] },
    { name: "at", type: "time without time zone", samples: ["10:30:00", "11:45:00"] },
    { name: "span", type: "interval", samples: ["1 day", "02:00:00"] },
    { name: "doc", type: "jsonb", samples: ['"ann@corp.example"', '"bo@mail.example"'] },
    { name: "days", type: "date[]", samples: ["{1843-10-01,1901-02-03}"] },
  ];
  for (const c of cases) {
    const [f] = detectPii([c]);
    assertEquals(f.class, null, `${c.type}: ${JSON.stringify(f.evidence)}`);
    assertEquals(f.evidence.filter((e) => e.kind === "values"), [], c.type);
  }
  // A name still counts in those types: a date of birth, a card number kept in a bigint.
  assertEquals(classOf({ name: "date_of_birth", type: "date", samples: dates }).class, "birth_date");
  assertEquals(classOf({ name: "card_number", type: "bigint", samples: ["4111111111111111"] }).class, "card");
  assertEquals(classOf({ name: "phone", type: "numeric(15,0)", samples: ["33612345678"] }).class, "phone");
  // A domain is judged by its base type.
  assertEquals(classOf({ name: "founded", type: "public.past_date", baseType: "date", samples: dates }).class, null);
  // Text columns keep their value evidence.
  assertEquals(classOf({ name: "c", type: "character varying(40)", samples: ["+33 6 12 34 56 78"] }).class, "phone");
});

Deno.test("detection: dates and times in a text column are not phone numbers", () => {
  const dateLike = [
    ["1843-10-01", "1901-02-03", "1955-12-31", "2001-07-14"],
    ["1843/10/01", "1901/02/03", "1955/12/31"],
    ["01/10/1843", "03.02.1901", "31-12-1955", "7/14/2001"],
    ["1843.10.01", "1901.2.3", "2001.07.14"],
    ["1843-10-01 00:00:00", "2001-07-14 10:30:00+02", "2001-07-14T10:30:00Z"],
    ["10:30:00", "23:59:59.123", "08:15"],
  ];
  for (const samples of dateLike) {
    const [f] = detectPii([values(samples)]);
    assertEquals(f.class, null, `${samples[0]}: ${JSON.stringify(f.evidence)}`);
  }
  // Phone numbers with the same separators are still phone numbers.
  for (const samples of [["06.12.34.56.78", "01.23.45.67.89"], ["202-555-0143", "202-555-0199"], ["0612-345-678"]]) {
    assertEquals(classOf(values(samples)).class, "phone", samples[0]);
  }
});
