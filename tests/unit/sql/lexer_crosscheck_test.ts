/**
 * Cross-checks the lexer against libpg_query (the PostgreSQL 18 scanner and
 * parser) on a corpus of tricky files (tests/golden/build/lexer) and every
 * other .sql file of the repository:
 * - complete files: both see no unterminated token, and the top-level
 *   semicolons found by the lexer are the statement ends of the parser;
 * - truncated files: the lexer reports an unterminated token exactly when the
 *   scanner fails, at an offset where the text before it still scans and the
 *   token, once closed, scans too.
 */
import { byteToCharMapper } from "../../../src/sql/mod.ts";
import { findUnterminated, lexSummary, splitStatements, type Unterminated } from "../../../src/sql/lexer.ts";
import { assert, assertEquals } from "../../_helpers/assert.ts";
import * as pg from "libpg-query";

await pg.loadModule();

const repo = new URL("../../../", import.meta.url).pathname;
const corpusDir = repo + "tests/golden/build/lexer";

function walk(dir: string, out: string[]): void {
  for (const e of Deno.readDirSync(dir)) {
    if (e.name === "node_modules" || e.name.startsWith(".")) continue;
    const p = `${dir}/${e.name}`;
    if (e.isDirectory) walk(p, out);
    else if (e.isFile && e.name.endsWith(".sql")) out.push(p);
  }
}

const corpus: string[] = [];
walk(corpusDir, corpus);
const others: string[] = [];
for (const d of ["db", "tests/golden"]) walk(repo + d, others);
const files = [...corpus.sort(), ...others.filter((f) => !f.startsWith(corpusDir)).sort()];

/** What the scanner says: no error, an unterminated token, or another error (a truncated number, `""`). */
function scanState(text: string): "ok" | "unterminated" | "other" {
  try {
    pg.scanSync(text);
    return "ok";
  } catch (e) {
    assert(e instanceof Error, String(e));
    return /unterminat/i.test(e.message) ? "unterminated" : "other";
  }
}

function scans(text: string): boolean {
  return scanState(text) === "ok";
}

function closer(u: Unterminated, text: string): string {
  switch (u.kind) {
    case "string":
      return " '"; // the space is escaped when the text ends with a backslash in an E'' string
    case "quoted_identifier":
      return '"';
    case "block_comment":
      return " */".repeat(8);
    case "dollar_quote":
      return /^\$[^$]*\$/.exec(text.slice(u.offset))![0];
    case "copy_data":
      return "\n\\.\n"; // not reached: the corpus holds no COPY … FROM STDIN (the scanner cannot read its data)
  }
}

Deno.test(`lexer and libpg_query agree on ${files.length} complete files`, () => {
  assert(corpus.length >= 4, "the tricky corpus is missing");
  for (const f of files) {
    const text = Deno.readTextFileSync(f);
    const name = f.slice(repo.length);
    assertEquals(findUnterminated(text), undefined, name);
    if (text.trim() === "") continue; // libpg_query rejects empty input
    assert(scans(text), name);
    const parsed: { stmts?: { stmt_location?: number; stmt_len?: number }[] } = pg.parseSync(text);
    const toChar = byteToCharMapper(text);
    const parserEnds = (parsed.stmts ?? [])
      .map((s) => toChar((s.stmt_location ?? 0) + (s.stmt_len ?? 0)))
      .filter((i) => text[i] === ";");
    const lexerEnds = splitStatements(text).statements.filter((s) => s.terminated && !s.metaCommand).map((s) =>
      s.end - 1
    );
    assertEquals(lexerEnds, parserEnds, `statement ends of ${name}`);
  }
});

Deno.test("lexer and libpg_query agree on truncated tricky files", () => {
  let checked = 0;
  let open = 0;
  for (const f of corpus) {
    const full = Deno.readTextFileSync(f);
    for (let cut = 1; cut < full.length; cut += 3) {
      const text = full.slice(0, cut);
      const u = findUnterminated(text);
      const state = scanState(text);
      assertEquals(
        u !== undefined,
        state === "unterminated",
        `${f.slice(repo.length)} cut at ${cut}: lexer ${JSON.stringify(u)}, scanner ${state}`,
      );
      // the fast one-pass summary and the statement splitter agree with each other
      const split = splitStatements(text);
      assertEquals(split.unterminated, u, `splitter, ${f} cut ${cut}`);
      // (lexSummary does not track BEGIN ATOMIC bodies: a `;` inside one ends its "open statement")
      if (!u && !/begin\s+atomic/i.test(text)) {
        const last = split.statements.filter((st) => !st.metaCommand).at(-1);
        const sum = lexSummary(text);
        assertEquals(sum.openStatement, last !== undefined && !last.terminated, `open statement, ${f} cut ${cut}`);
        if (sum.openStatement) assertEquals(sum.openStatementAt, last!.start, `open statement start, ${f} cut ${cut}`);
      }
      if (u) {
        open++;
        assert(scanState(text.slice(0, u.offset)) !== "unterminated", `text before the token (${f} cut ${cut})`);
        assert(scanState(text + closer(u, text)) !== "unterminated", `closing the ${u.kind} (${f} cut ${cut})`);
      }
      checked++;
    }
  }
  assert(open > 100 && checked > 500, `too few cases: ${open} open of ${checked}`);
});
