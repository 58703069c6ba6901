import { type ChecksummedFile, computeStatus, type LedgerRow } from "../../../src/migrate/mod.ts";
import { assertEquals } from "../../_helpers/assert.ts";

const file = (version: string, name: string, checksum: string, repeatable = false): ChecksummedFile => ({
  version,
  name,
  type: "sql",
  upPath: `/p/db/migrations/${version}_${name}.up.sql`,
  upFile: repeatable ? `db/migrations/${version}.sql` : `db/migrations/${version}_${name}.up.sql`,
  checksum,
  rawChecksum: "raw-" + checksum,
  ...(repeatable ? { repeatable: true } : {}),
});

const row = (version: string, name: string, checksum: string | null, extra: Partial<LedgerRow> = {}): LedgerRow => ({
  version,
  name,
  slug: `${version}_${name}`,
  appliedAt: new Date("2026-01-01T00:00:00Z"),
  executionTimeMs: 1,
  checksum,
  appliedBy: "ops",
  ...extra,
});

Deno.test("a partial row makes its migration `partial` (pending), with where it stopped; it is not the newest version", () => {
  const files = [file("1", "a", "ca"), file("2", "b", "cb")];
  const ledger = [
    row("1", "a", "ca"),
    row("2", "b", "cb", {
      kind: "partial",
      failure: { statement: 2, statements: 3, message: "boom", location: { file: "f", line: 4, col: 1 } },
    }),
  ];
  const st = computeStatus(files, ledger);
  assertEquals(st.entries.map((e) => [e.version, e.state]), [["1", "applied"], ["2", "partial"]]);
  assertEquals(st.entries[1].partial?.statement, 2);
  assertEquals(st.current, "1");
  assertEquals(st.counts.partial, 1);
});

Deno.test("repeatable migrations: pending when new or changed, applied when the checksum matches, missing when removed", () => {
  const versioned = [file("1", "a", "ca")];
  const repeatables = [file("R_views", "views", "cv", true), file("R_funcs", "funcs", "cf2", true)];
  const ledger = [
    row("1", "a", "ca"),
    row("R_views", "views", "cv", { kind: "repeatable" }),
    row("R_funcs", "funcs", "cf1", { kind: "repeatable" }),
    row("R_gone", "gone", "cg", { kind: "repeatable" }),
  ];
  const st = computeStatus(versioned, ledger, repeatables);
  assertEquals(st.entries.map((e) => [e.version, e.kind, e.state, e.checksum ?? null]), [
    ["1", "versioned", "applied", "current"],
    ["R_funcs", "repeatable", "pending", "mismatch"],
    ["R_gone", "repeatable", "missing_file", null],
    ["R_views", "repeatable", "applied", "current"],
  ]);
  assertEquals(st.current, "1", "repeatable keys are not versions");
  const fresh = computeStatus(versioned, null, repeatables);
  assertEquals(fresh.entries.slice(1).map((e) => e.state), ["pending", "pending"]);
});
