/**
 * Keyed reads: tables whose rows are chosen while their unit runs, from the key values of the rows
 * copied before them in the same unit. A subset whose closure needs no fixpoint is copied this
 * way: the root's rows are read by their condition, and on their way to the target the values a
 * later table needs (an order's id for its lines, its customer's id for the customers) are read
 * from the COPY stream; each later read is then filtered by those values. Every table is read once
 * — the read that copies it is the read that computes the closure.
 *
 * Key values stay in the memory of the unit's runner (never rows) and only go to the source as
 * literal arrays inside a read's condition; no statement with them is ever shown.
 * @module
 */
import { ConfitureError } from "../errors/mod.ts";
import { quoteIdent, quoteLiteral } from "../sql/mod.ts";
import { decodeCopyField } from "./text_codec.ts";
import { contentHashSql } from "./verify.ts";

/** A condition on the values of `columns` against the tuples of the key set `set`. */
export interface KeyRef {
  /** The key set's name (see {@link KeyCollect}). */
  set: string;
  /** The read table's columns, in the order of the set's tuples. */
  columns: string[];
  /** Their types, as `format_type` prints them (the literal arrays are cast to them). */
  types: string[];
}

/** Key values to add to a set from every row read: the COPY fields at `fields`. */
export interface KeyCollect {
  /** The key set's name. */
  set: string;
  /** 0-based field indexes in the read's rows; a tuple with a NULL is not added. */
  fields: number[];
  /** By position in `fields`: a blank-padded (`character(n)`) column, taken without its trailing blanks. */
  padded?: boolean[];
}

/** A read whose condition is made when the unit reaches it (see the module documentation). */
export interface KeyedRead {
  /** `SELECT <columns> FROM <table>`: the read without its condition. */
  select: string;
  /** A condition every read row also meets (the table's own `where:`). */
  where?: string;
  /** Rows are kept when one of these conditions holds (the subset's roots)… */
  roots: string[];
  /** …or when their columns are among a set's tuples (rows a kept row references, or children). */
  anyOf: KeyRef[];
  /**
   * Rows are kept only when, for each of these, a column is NULL or the columns are among the
   * set's tuples (a table that references subsetted ones keeps the rows whose parents are kept).
   */
  allOf: KeyRef[];
  /** What to collect from the rows read. */
  collect: KeyCollect[];
  /** With `--verify`: the hashed columns (quoted) and the `FROM` of the source's content hash. */
  hash?: { columns: string[]; from: string };
}

/** Key sets of one unit by name: tuples as text (one column: its value; more: a JSON array). */
export type KeySets = Map<string, Set<string>>;

/** A PostgreSQL array literal (text form) of `values`. */
export function arrayLiteral(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(",")}}`;
}

/**
 * A condition `(columns) IN (tuples)` with the tuples as typed literal arrays (no parameters: it
 * goes into a `COPY (SELECT …)`). Each tuple holds one text value per column.
 */
export function keyInSql(columns: string[], types: string[], tuples: string[][]): string {
  if (tuples.length === 0) return "false";
  const arr = (i: number) => `${quoteLiteral(arrayLiteral(tuples.map((t) => t[i])))}::${types[i]}[]`;
  if (columns.length === 1) return `${quoteIdent(columns[0])} = ANY (${arr(0)})`;
  return `(${columns.map(quoteIdent).join(", ")}) IN (SELECT * FROM unnest(${
    columns.map((_, i) => arr(i)).join(", ")
  }))`;
}

/** The tuples of a key set as value arrays (see {@link KeySets}). */
function tuplesOf(set: Set<string> | undefined, width: number): string[][] {
  if (!set) return [];
  return width === 1 ? [...set].map((v) => [v]) : [...set].map((v) => JSON.parse(v) as string[]);
}

/** The condition of a keyed read over the sets collected so far (it holds key values: never shown). */
export function keyedCondition(k: KeyedRead, sets: KeySets): string {
  const conds: string[] = [];
  if (k.where !== undefined) conds.push(`(${k.where})`);
  if (k.roots.length || k.anyOf.length) {
    const any = [
      ...k.roots.map((r) => `(${r})`),
      ...k.anyOf.map((r) => `(${keyInSql(r.columns, r.types, tuplesOf(sets.get(r.set), r.columns.length))})`),
    ];
    conds.push(any.length === 1 ? any[0] : `(${any.join(" OR ")})`);
  }
  for (const r of k.allOf) {
    const nulls = r.columns.map((c) => `${quoteIdent(c)} IS NULL`).join(" OR ");
    conds.push(`(${nulls} OR ${keyInSql(r.columns, r.types, tuplesOf(sets.get(r.set), r.columns.length))})`);
  }
  return conds.length ? conds.join(" AND ") : "true";
}

/** The `COPY … TO STDOUT` of a keyed read, and its content-hash query when it has one. */
export function keyedStatements(k: KeyedRead, sets: KeySets): { read: string; hash?: string } {
  const cond = keyedCondition(k, sets);
  return {
    read: `COPY (${k.select} WHERE ${cond}) TO STDOUT`,
    ...(k.hash ? { hash: contentHashSql(k.hash.columns, k.hash.from, cond) } : {}),
  };
}

const NL = 0x0a, TAB = 0x09;

/**
 * Passes a COPY text stream through unchanged while adding, for every row, the tuple of the
 * fields each `collect` names to its set in `sets` (created when missing). Rows may span chunks.
 */
export async function* collectKeys(
  source: AsyncIterable<Uint8Array>,
  collect: KeyCollect[],
  sets: KeySets,
): AsyncIterable<Uint8Array> {
  const targets = collect.map((c) => {
    let set = sets.get(c.set);
    if (!set) sets.set(c.set, set = new Set());
    return { fields: c.fields, padded: c.padded ?? [], set };
  });
  const last = Math.max(...collect.flatMap((c) => c.fields));
  const starts = new Int32Array(last + 1), ends = new Int32Array(last + 1);
  const row = (buf: Uint8Array, from: number, to: number) => {
    let field = 0;
    starts[0] = from;
    for (let i = from; i < to && field <= last; i++) {
      if (buf[i] === TAB) {
        ends[field] = i;
        field++;
        if (field <= last) starts[field] = i + 1;
      }
    }
    if (field <= last) {
      ends[field] = to;
      if (field < last) throw new ConfitureError("INTERNAL_ERROR", "a COPY row has fewer fields than its keys need");
    }
    // A blank-padded value is compared as its text, without the trailing blanks (`::text`).
    const value = (t: typeof targets[number], i: number) => {
      const v = decodeCopyField(buf, starts[t.fields[i]], ends[t.fields[i]]);
      return v !== null && t.padded[i] ? v.replace(/ +$/, "") : v;
    };
    for (const t of targets) {
      if (t.fields.length === 1) {
        const v = value(t, 0);
        if (v !== null) t.set.add(v);
        continue;
      }
      const vals: string[] = [];
      for (let i = 0; i < t.fields.length; i++) {
        const v = value(t, i);
        if (v === null) break;
        vals.push(v);
      }
      if (vals.length === t.fields.length) t.set.add(JSON.stringify(vals));
    }
  };
  // The start of a row not ended yet, in the pieces it came in (joined once its newline comes).
  let carry: Uint8Array[] = [];
  let carried = 0;
  const join = (tail: Uint8Array) => {
    const buf = new Uint8Array(carried + tail.length);
    let at = 0;
    for (const p of [...carry, tail]) {
      buf.set(p, at);
      at += p.length;
    }
    carry = [];
    carried = 0;
    return buf;
  };
  for await (const chunk of source) {
    let from = 0;
    let i = chunk.indexOf(NL);
    if (carried && i >= 0) {
      const buf = join(chunk.subarray(0, i));
      row(buf, 0, buf.length);
      from = i + 1;
      i = chunk.indexOf(NL, from);
    }
    for (; i >= 0; i = chunk.indexOf(NL, from)) {
      row(chunk, from, i);
      from = i + 1;
    }
    if (from < chunk.length) {
      carry.push(chunk.slice(from));
      carried += chunk.length - from;
    }
    yield chunk;
  }
  if (carried) {
    const buf = join(new Uint8Array(0));
    row(buf, 0, buf.length);
  }
}
