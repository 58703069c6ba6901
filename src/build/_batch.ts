/**
 * Batching: consecutive statements joined into one simple-protocol query of up to a size, a
 * `COPY … FROM STDIN` with its data alone, and a cut (a commit) after each run of new enum
 * values that later statements follow.
 * @module
 */
import { classifyStatement, splitSql } from "../sql/mod.ts";
import type { PlannedStatement } from "./_plan.ts";

/** Statements sent in one round trip. */
export interface Batch {
  statements: PlannedStatement[];
  /** The statements' texts joined by `\n`. */
  text: string;
  /** The transaction commits after this batch (it ends with new enum values that later statements may use). */
  commitAfter?: boolean;
}

/** Groups `list` into batches of at most `maxChars` characters (a single longer statement goes alone). */
export function batches(list: PlannedStatement[], maxChars: number): Batch[] {
  const out: Batch[] = [];
  let cur: PlannedStatement[] = [];
  let size = 0;
  const flush = () => {
    if (cur.length === 0) return;
    out.push({ statements: cur, text: cur.length === 1 ? cur[0].text : cur.map((s) => s.text).join("\n") });
    cur = [];
    size = 0;
  };
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    if (s.copy) {
      // a COPY and its data travel alone
      flush();
      out.push({ statements: [s], text: s.text });
      continue;
    }
    if (cur.length > 0 && size + s.text.length > maxChars) flush();
    cur.push(s);
    size += s.text.length + 1;
    const next = list[i + 1];
    if (s.addsEnumValue && next && !next.addsEnumValue) {
      flush();
      out[out.length - 1].commitAfter = true;
    }
  }
  flush();
  return out;
}

/**
 * Marks the statements that add an enum value (`ALTER TYPE … ADD VALUE`), from their parse tree;
 * only statements that may be one (an ALTER naming ADD VALUE) are parsed.
 */
export async function markEnumValues(list: PlannedStatement[]): Promise<void> {
  for (const st of list) {
    if (!st.alter || !/\badd\s+value\b/i.test(st.text)) continue;
    const parsed = await splitSql(st.text, { file: st.file.relPath });
    st.addsEnumValue = parsed.some((p) => classifyStatement(p).addsEnumValue);
  }
}
