import { compareChecksum, computeStatus, migrationChecksum, sha256Hex } from "../../../src/migrate/mod.ts";
import type { ChecksummedFile, LedgerRow } from "../../../src/migrate/mod.ts";
import { assertEquals, assertNotEquals } from "../../_helpers/assert.ts";

const base =
  "create table t (id int, note text default 'a  b');\ncreate function f() returns int language sql as $$ select  1 $$;";

Deno.test("checksums survive reformatting and comments", () => {
  const c = migrationChecksum(base, "sql");
  assertEquals(
    migrationChecksum(
      "-- a comment\ncreate table t (id   int,   /* key */\n    note text default 'a  b');   /* x */\n\n" +
        "create function f() returns int language sql as $$ select  1 $$;\n",
      "sql",
    ),
    c,
  );
  assertEquals(migrationChecksum(base.replaceAll("\n", "\r\n"), "sql"), c);
});

Deno.test("checksums change with literals, dollar bodies, quoted identifiers and statements", () => {
  const c = migrationChecksum(base, "sql");
  assertNotEquals(migrationChecksum(base.replace("'a  b'", "'a b'"), "sql"), c);
  assertNotEquals(migrationChecksum(base.replace("select  1", "select 1"), "sql"), c);
  assertNotEquals(migrationChecksum(base.replace("int,", "bigint,"), "sql"), c);
  assertNotEquals(
    migrationChecksum('create table "A b" (id int);', "sql"),
    migrationChecksum('create table "A  b" (id int);', "sql"),
  );
  assertNotEquals(migrationChecksum("select 1 -- x\n+ 2", "sql"), migrationChecksum("select 1 + 3", "sql"));
});

Deno.test("TypeScript checksums normalize line endings only", () => {
  assertEquals(migrationChecksum("a\r\nb\n", "ts"), migrationChecksum("a\nb\n", "ts"));
  assertNotEquals(migrationChecksum("a  b", "ts"), migrationChecksum("a b", "ts"));
});

Deno.test("compareChecksum accepts Confiture's and the reference tool's formats", () => {
  const f = { checksum: "aa".repeat(32), rawChecksum: "bb".repeat(32) };
  assertEquals(compareChecksum("AA".repeat(32), f), "current");
  assertEquals(compareChecksum("bb".repeat(32), f), "raw");
  assertEquals(compareChecksum(null, f), "none");
  assertEquals(compareChecksum("cc".repeat(32), f), "mismatch");
  assertEquals(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
});

function file(version: string, checksum = "c" + version): ChecksummedFile {
  return {
    version,
    name: "m" + version,
    type: "sql",
    upPath: `/m/${version}.up.sql`,
    upFile: `${version}.up.sql`,
    checksum,
    rawChecksum: "raw" + version,
  };
}

function row(version: string, checksum: string | null): LedgerRow {
  return {
    version,
    name: "m" + version,
    slug: version,
    appliedAt: new Date(0),
    executionTimeMs: 1,
    checksum,
    appliedBy: null,
  };
}

Deno.test("computeStatus: applied, pending, out of order, changed, missing file", () => {
  const st = computeStatus(
    [file("001"), file("002"), file("003"), file("005")],
    [row("001", "c001"), row("003", "edited"), row("004", "c004")],
  );
  assertEquals(st.entries.map((e) => [e.version, e.state]), [
    ["001", "applied"],
    ["002", "out_of_order"],
    ["003", "checksum_mismatch"],
    ["004", "missing_file"],
    ["005", "pending"],
  ]);
  assertEquals(st.current, "004");
  assertEquals(computeStatus([file("001")], null).ledgerExists, false);
});

Deno.test("computeStatus: rows archived by a squash are applied, with or without their file, never compared", () => {
  const st = computeStatus(
    [file("002"), file("003")],
    [
      { ...row("001", "old"), archivedInto: "003" },
      { ...row("002", "edited"), archivedInto: "003" },
      row("003", "c003"),
    ],
  );
  assertEquals(st.entries.map((e) => [e.version, e.state, e.checksum, e.archivedInto]), [
    ["001", "applied", undefined, "003"],
    ["002", "applied", "none", "003"],
    ["003", "applied", "current", undefined],
  ]);
  assertEquals(st.counts.missing_file + st.counts.checksum_mismatch + st.counts.pending, 0);
});
