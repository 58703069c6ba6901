/** Keyed reads without a database: key collection from COPY text streams, and the conditions built from the keys. */
import { assert, assertEquals, assertRejects } from "../../_helpers/assert.ts";
import { collectKeys, encodeCopyField, keyedCondition, type KeySets } from "../../../src/copy/mod.ts";
import { rng } from "../../_helpers/random.ts";

const enc = new TextEncoder();

/** The COPY text of `rows` (values or null), cut into chunks at the given byte lengths. */
function copyText(rows: (string | null)[][]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const r of rows) {
    r.forEach((v, i) => {
      if (i) parts.push(enc.encode("\t"));
      parts.push(encodeCopyField(v));
    });
    parts.push(enc.encode("\n"));
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
}

async function* chunked(bytes: Uint8Array, sizes: number[]): AsyncIterable<Uint8Array> {
  let at = 0, i = 0;
  while (at < bytes.length) {
    const n = Math.max(1, sizes[i++ % sizes.length]);
    yield bytes.subarray(at, at + n);
    at += n;
  }
}

async function drain(s: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of s) parts.push(c);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
}

Deno.test("collectKeys: the values of the named fields, unescaped, across chunk borders; the stream unchanged", async () => {
  const rand = rng(7);
  const alphabet = ["a", "Z", "\t", "\n", "\\", "\r", '"', ",", "{", "}", "é", "𝄞", "N", " "];
  const word = () =>
    Array.from({ length: Math.floor(rand() * 6) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join("");
  const rows: (string | null)[][] = [];
  for (let i = 0; i < 300; i++) {
    rows.push([String(i), rand() < 0.2 ? null : word(), word(), rand() < 0.1 ? null : String(i % 17), "tail\tfield"]);
  }
  const bytes = copyText(rows);
  for (const sizes of [[bytes.length], [1], [3, 7, 64], [1000, 5]]) {
    const sets: KeySets = new Map();
    const out = await drain(
      collectKeys(chunked(bytes, sizes), [{ set: "one", fields: [1] }, { set: "two", fields: [2, 3] }], sets),
    );
    assertEquals(out, bytes, `chunks ${sizes}`);
    const one = new Set(rows.filter((r) => r[1] !== null).map((r) => r[1] as string));
    assertEquals(sets.get("one"), one, `chunks ${sizes}`);
    const two = new Set(rows.filter((r) => r[3] !== null).map((r) => JSON.stringify([r[2], r[3]])));
    assertEquals(sets.get("two"), two, `chunks ${sizes}`);
  }
});

Deno.test("collectKeys: a last row without its newline counts; a row too short for its keys is an error without values", async () => {
  const sets: KeySets = new Map([["k", new Set(["0"])]]);
  await drain(collectKeys(chunked(enc.encode("1\tx\n2\ty"), [4]), [{ set: "k", fields: [0] }], sets));
  assertEquals(sets.get("k"), new Set(["0", "1", "2"]));
  const err = await assertRejects(() =>
    drain(collectKeys(chunked(enc.encode("secret-value\n"), [50]), [{ set: "k", fields: [2] }], new Map()))
  );
  assert(!String((err as Error).message).includes("secret"));
});

Deno.test("keyedCondition: roots or key sets, each filtered reference NULL or kept, the table's where first", () => {
  const sets: KeySets = new Map([
    ["orders", new Set(["1", "2"])],
    ["products", new Set([JSON.stringify(['a"b', "1"])])],
  ]);
  assertEquals(
    keyedCondition({
      select: "",
      roots: ["id < 3"],
      anyOf: [{ set: "orders", columns: ["order_id"], types: ["bigint"] }],
      allOf: [],
      collect: [],
    }, sets),
    `((id < 3) OR ("order_id" = ANY ('{"1","2"}'::bigint[])))`,
  );
  assertEquals(
    keyedCondition({
      select: "",
      where: "region = 'EU'",
      roots: [],
      anyOf: [],
      allOf: [{ set: "products", columns: ["sku", "v"], types: ["text", "integer"] }],
      collect: [],
    }, sets),
    String
      .raw`(region = 'EU') AND ("sku" IS NULL OR "v" IS NULL OR ("sku", "v") IN (SELECT * FROM unnest(E'{"a\\"b"}'::text[], '{"1"}'::integer[])))`,
  );
  // A set never filled (its table kept no row): nothing matches through it.
  assertEquals(
    keyedCondition({
      select: "",
      roots: [],
      anyOf: [{ set: "missing", columns: ["id"], types: ["int"] }],
      allOf: [],
      collect: [],
    }, sets),
    "(false)",
  );
});

Deno.test("collectKeys: a blank-padded key is taken as its text, trailing blanks removed (as ::text does)", async () => {
  const sets: KeySets = new Map();
  const bytes = copyText([["ab   ", "x  ", "1"], ["a b  ", "y", "2"], [" ", "z", "3"]]);
  await drain(
    collectKeys(chunked(bytes, [5]), [
      { set: "one", fields: [0], padded: [true] },
      { set: "pair", fields: [0, 1], padded: [true, false] },
    ], sets),
  );
  assertEquals(sets.get("one"), new Set(["ab", "a b", ""]));
  assertEquals(
    sets.get("pair"),
    new Set([JSON.stringify(["ab", "x  "]), JSON.stringify(["a b", "y"]), JSON.stringify(["", "z"])]),
  );
});
