import { rng } from "../../_helpers/random.ts";
import {
  CopyTextCounter,
  copyTextTransformStream,
  createTally,
  decodeCopyField,
  decodeCopyRow,
  encodeCopyField,
  encodeCopyRow,
  type FieldTransform,
  fieldTransforms,
  tallyCopyText,
  transformCopyText,
} from "../../../src/copy/mod.ts";
import { AnonymizeKey } from "../../../src/anonymize/mod.ts";
import { ConfitureError } from "../../../src/errors/mod.ts";
import { assert, assertEquals, assertMatch, assertThrows } from "../../_helpers/assert.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();
const bytes = (s: string) => enc.encode(s);
const text = (b: Uint8Array) => dec.decode(b);
const decodeText = (s: string) => {
  const b = bytes(s);
  return decodeCopyField(b, 0, b.length);
};

const PIECES = [
  "a",
  "Z",
  "0",
  " ",
  "\t",
  "\n",
  "\r",
  "\\",
  "\\N",
  "N",
  "\b",
  "\f",
  "\v",
  ".",
  "\\.",
  "é",
  "中",
  "😀",
  "\u0001",
  "\u007f",
  "x",
];

function randomValue(next: () => number): string | null {
  const r = next();
  if (r < 0.1) return null;
  if (r < 0.15) return "";
  if (r < 0.2) return "\\N";
  let s = "";
  const n = Math.floor(next() * (r < 0.3 ? 120 : 12));
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(next() * PIECES.length)];
  return s;
}

async function collect(it: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const c of it) parts.push(c);
  let n = 0;
  for (const p of parts) n += p.length;
  const all = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.length;
  }
  return text(all);
}

Deno.test("copy text: encoding escapes what COPY TO escapes, decoding reads every escape form", () => {
  assertEquals(text(encodeCopyField("a\tb\\c\nd\re\bf\fg\vh")), "a\\tb\\\\c\\nd\\re\\bf\\fg\\vh");
  assertEquals(text(encodeCopyField(null)), "\\N");
  assertEquals(text(encodeCopyField("\\N")), "\\\\N");
  assertEquals(text(encodeCopyField("")), "");
  assertEquals(text(encodeCopyField("\u0001é中😀")), "\u0001é中😀");
  assertEquals(decodeText("\\N"), null);
  assertEquals(decodeText("\\\\N"), "\\N");
  assertEquals(decodeText(""), "");
  assertEquals(decodeText("\\101\\x42\\x4"), "AB\u0004");
  assertEquals(decodeText("\\0"), "\u0000");
  assertEquals(decodeText("\\1018"), "A8");
  assertEquals(decodeText("\\303\\251t\\xc3\\xa9"), "été");
  assertEquals(decodeText("\\xZ\\q\\.\\N1"), "xZq.N1");
  assertEquals(decodeText("\\b\\f\\n\\r\\t\\v"), "\b\f\n\r\t\v");
  assertEquals(decodeText("\\Nx"), "Nx");
  const e = assertThrows(() => decodeText("\\xff\\xfe")) as ConfitureError;
  assertEquals(e.code, "COPY_FAILED");
});

Deno.test("copy text: random values round-trip through encode and decode, alone and in rows", () => {
  const next = rng(1);
  for (let i = 0; i < 5000; i++) {
    const v = randomValue(next);
    const b = encodeCopyField(v);
    assertEquals(decodeCopyField(b, 0, b.length), v, JSON.stringify(v));
    assert(!b.includes(0x09) && !b.includes(0x0a) && !b.includes(0x0d), JSON.stringify(v));
  }
  for (let i = 0; i < 500; i++) {
    const values = Array.from({ length: 1 + Math.floor(next() * 5) }, () => randomValue(next));
    const row = encodeCopyRow(values);
    assertEquals(row[row.length - 1], 0x0a);
    assertEquals(decodeCopyRow(row, 0, row.length - 1), values);
  }
});

/** A stream of random rows; some untouched fields use escapes COPY TO never writes (octal, hex, \x). */
function randomStream(seed: number, rows: number, columns: number): { data: Uint8Array; values: (string | null)[][] } {
  const next = rng(seed);
  const values: (string | null)[][] = [];
  const parts: string[] = [];
  for (let r = 0; r < rows; r++) {
    const row = Array.from({ length: columns }, () => randomValue(next));
    values.push(row);
    parts.push(text(encodeCopyRow(row)).slice(0, -1) + (r % 3 === 0 ? "\t\\101\\x42\\q" : "\tplain") + "\n");
  }
  return { data: bytes(parts.join("")), values };
}

const reverse: FieldTransform = (v) => v === null ? "was null" : v === "" ? null : [...v].reverse().join("");
const upper: FieldTransform = (v) => v === null ? null : v.toUpperCase();

/** What the transformer must produce: whole rows decoded, transformed, and the untouched fields kept as written. */
function expected(data: Uint8Array, transforms: Map<number, FieldTransform>): string {
  const out: string[] = [];
  for (const line of splitRows(text(data))) {
    const fields = splitFields(line);
    for (const [k, f] of transforms) fields[k] = text(encodeCopyField(f(decodeText(fields[k]))));
    out.push(fields.join("\t") + "\n");
  }
  return out.join("");
}

/** Rows of COPY text, honouring backslash-escaped newlines (a reference splitter, character by character). */
function splitRows(s: string): string[] {
  const rows: string[] = [];
  let cur = "";
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "\\") {
      cur += s[i] + (s[i + 1] ?? "");
      i++;
    } else if (s[i] === "\n") {
      rows.push(cur);
      cur = "";
    } else cur += s[i];
  }
  return rows;
}

function splitFields(line: string): string[] {
  const fields: string[] = [];
  let cur = "";
  for (let i = 0; i < line.length; i++) {
    if (line[i] === "\\") {
      cur += line[i] + (line[i + 1] ?? "");
      i++;
    } else if (line[i] === "\t") {
      fields.push(cur);
      cur = "";
    } else cur += line[i];
  }
  fields.push(cur);
  return fields;
}

Deno.test("copy text: transformed fields change, every other byte is kept, whatever the chunking", async () => {
  const { data } = randomStream(2, 60, 4);
  const transforms = new Map([[1, reverse], [3, upper]]);
  const want = expected(data, transforms);
  assertEquals(await collect(transformCopyText([data], transforms, { columns: 5 })), want);
  // every single cut point, then many random multi-cuts
  for (let cut = 0; cut <= data.length; cut++) {
    const got = await collect(transformCopyText([data.subarray(0, cut), data.subarray(cut)], transforms));
    if (got !== want) throw new Error(`output differs when the stream is cut at byte ${cut}`);
  }
  const next = rng(3);
  for (let round = 0; round < 200; round++) {
    const chunks: Uint8Array[] = [];
    for (let p = 0; p < data.length;) {
      const n = 1 + Math.floor(next() * 40);
      chunks.push(data.subarray(p, p + n));
      p += n;
    }
    assertEquals(await collect(transformCopyText(chunks, transforms, { flushBytes: 1024 })), want);
  }
  // one byte at a time, through the TransformStream form
  const stream = ReadableStream.from(Array.from(data, (b) => new Uint8Array([b])))
    .pipeThrough(copyTextTransformStream(transforms, { columns: 5 }));
  assertEquals(await collect(stream), want);
});

Deno.test("copy text: an escaped newline or tab is data, an escaped backslash before them is not", async () => {
  // field 0 holds a backslash-newline (data), field 1 ends with an escaped backslash before the tab
  const data = bytes("a\\\nb\tc\\\\\tdd\n\\\\\\\nx\ty\tz\n");
  const transforms = new Map([[1, upper]]);
  const want = "a\\\nb\tC\\\\\tdd\n\\\\\\\nx\tY\tz\n";
  for (let cut = 0; cut <= data.length; cut++) {
    const got = await collect(
      transformCopyText([data.subarray(0, cut), data.subarray(cut)], transforms, { columns: 3 }),
    );
    assertEquals(got, want, `cut at ${cut}`);
  }
  for (let cut = 0; cut <= data.length; cut++) {
    for (let cut2 = cut; cut2 <= data.length; cut2 += 3) {
      const counter = new CopyTextCounter();
      for (const part of [data.subarray(0, cut), data.subarray(cut, cut2), data.subarray(cut2)]) counter.push(part);
      assertEquals(counter.end(), 2, `cuts at ${cut} and ${cut2}`);
    }
  }
  const tab = bytes("a\\\tb\tc\n");
  assertEquals(await collect(transformCopyText([tab], new Map([[1, upper]]))), "a\\\tb\tC\n");
});

Deno.test("copy text: the tally counts rows and bytes; nothing transformed passes the same chunks through", async () => {
  const { data } = randomStream(4, 40, 3);
  const rows = splitRows(text(data)).length;
  for (let cut = 0; cut <= data.length; cut++) {
    const tally = createTally();
    const chunks = [data.subarray(0, cut), data.subarray(cut)];
    const out: Uint8Array[] = [];
    for await (const c of transformCopyText(chunks, new Map(), { tally })) out.push(c);
    assertEquals(out.length, 2);
    assert(out[0] === chunks[0] && out[1] === chunks[1]);
    assertEquals([tally.rows, tally.bytesIn, tally.bytesOut], [rows, data.length, data.length], `cut at ${cut}`);
    const t2 = createTally();
    await collect(transformCopyText(chunks, new Map([[0, upper]]), { tally: t2 }));
    assertEquals([t2.rows, t2.bytesIn], [rows, data.length]);
  }
  // the end marker is not a row; a last row without a newline is
  const marker = bytes("1\ta\n\\\\.\n\\.\n");
  for (let cut = 0; cut <= marker.length; cut++) {
    const counter = new CopyTextCounter();
    counter.push(marker.subarray(0, cut));
    counter.push(marker.subarray(cut));
    assertEquals(counter.end(), 2, `cut at ${cut}`);
  }
  const open = createTally();
  for await (const _ of tallyCopyText([bytes("1\n2")], open));
  assertEquals(open.rows, 2);
  assertEquals(
    await collect(transformCopyText([marker], new Map([[0, upper]]))),
    "1\ta\n\\\\.\n\\.\n",
  );
  assertEquals(await collect(transformCopyText([bytes("1\tab\n2\tcd")], new Map([[1, upper]]))), "1\tAB\n2\tCD");
});

Deno.test("copy text: a wrong field count names the row and column index, never a value", async () => {
  const data = bytes("1\tsecret-one\tx\n2\tsecret-two\n3\tsecret-three\tx\ty\n");
  const short = await collectError(transformCopyText([data], new Map([[2, upper]])));
  assertEquals(short.code, "COPY_FAILED");
  assertEquals(short.message, "COPY row 2 has no column index 2");
  const counted = await collectError(
    transformCopyText([data], new Map([[1, upper]]), { columns: 3, label: "public.t" }),
  );
  assertEquals(counted.message, "public.t: COPY row 2 has 2 columns, 3 expected (column index 2 is missing)");
  const extra = await collectError(
    transformCopyText([bytes("1\tsecret-one\tx\n2\tsecret-two\tx\ty\n")], new Map([[1, upper]]), { columns: 3 }),
  );
  assertEquals(extra.message, "COPY row 2 has 4 columns, 3 expected (column index 3 is extra)");
  const throwing = await collectError(transformCopyText(
    [data],
    new Map([[1, (v) => {
      throw new Error(`bad value ${v}`);
    }]]),
  ));
  assertEquals(throwing.message, "COPY row 1, column index 1: Error in the transform");
  for (const e of [short, counted, extra, throwing]) {
    assert(!JSON.stringify({ m: e.message, d: e.detail, h: e.hint }).includes("secret"), e.message);
  }
});

async function collectError(it: AsyncIterable<Uint8Array>): Promise<ConfitureError> {
  try {
    await collect(it);
  } catch (e) {
    assert(e instanceof ConfitureError);
    return e;
  }
  throw new Error("expected an error");
}

Deno.test("copy text: rules become the transforms of their fields; a bad rule lists every problem", async () => {
  const key = AnonymizeKey.fromSecret("unit test key, long enough to be accepted");
  const transforms = fieldTransforms(
    [
      { index: 1, column: { name: "email", type: "text", unique: true }, rule: { strategy: "email" } },
      { index: 2, column: { name: "country", type: "text" }, rule: "preserve" },
      { index: 3, column: { name: "zip", type: "text" }, rule: { strategy: "sql", expression: "left(zip, 2)" } },
    ],
    key,
    "public.users",
  );
  assertEquals([...transforms.keys()], [1]);
  const out = await collect(transformCopyText([bytes("7\tann@corp.example\tFR\t75\n")], transforms));
  assertMatch(out, /^7\t[a-z]{3}_[a-z]{4}\.[a-z]{7}@example\.com\tFR\t75\n$/);
  const e = assertThrows(() =>
    fieldTransforms(
      [
        { index: 0, column: { name: "name", type: "text", unique: true }, rule: { strategy: "full_name" } },
        { index: 1, column: { name: "mail", type: "text" }, rule: { strategy: "emial" } },
      ],
      key,
      "public.users",
    )
  );
  assert(e instanceof ConfitureError);
  assertEquals(e.code, "CONFIG_UNKNOWN_KEY");
  assertEquals(e.message, "public.users: 2 anonymization rule problem(s)");
  assertMatch(e.detail!, /^name: the column name is unique.*\nmail: unknown strategy "emial"$/s);
});
