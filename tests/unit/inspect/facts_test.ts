/**
 * The mapping of the table fact queries' rows to the model (pure), and the model's accessors.
 */
import {
  columnFacts,
  foreignKeyOf,
  groupKeyFacts,
  keyOf,
  type KeyRow,
  ownedSequenceOf,
  statsOf,
  tableShape,
} from "../../../src/inspect/_facts.ts";
import { type Catalog, listTableFacts, rowKey, tableFacts, type TableShape } from "../../../src/model/mod.ts";
import { assertEquals } from "../../_helpers/assert.ts";

const key = (over: Partial<KeyRow>): KeyRow => ({
  relid: "100",
  index_name: "t_key",
  constraint_name: null,
  indisprimary: false,
  valid: true,
  nulls_not_distinct: false,
  deferrable: false,
  predicate: null,
  parts: [["a", true, "a"], ["b", true, "b"]],
  ...over,
});

Deno.test("a generated column's expression is not its default; numbers come as numbers", () => {
  const base = { relid: "1", name: "c", type: "integer", attnotnull: true, attidentity: "" };
  assertEquals(
    columnFacts({ ...base, attnum: 3, default_expr: "(a * 2)", attgenerated: "s", max_length: null }),
    {
      name: "c",
      position: 3,
      type: "integer",
      notNull: true,
      default: null,
      identity: "",
      generated: "s",
      generationExpr: "(a * 2)",
      maxLength: null,
    },
  );
  const plain = columnFacts({ ...base, attnum: 1, default_expr: "0", attgenerated: "", max_length: 20 });
  assertEquals([plain.default, plain.generationExpr, plain.maxLength], ["0", null, 20]);
});

Deno.test("a primary key takes its constraint's name and columns in key order", () => {
  assertEquals(
    keyOf(key({ indisprimary: true, constraint_name: "t_pkey", parts: [["b", true, "b"], ["a", true, "a"]] })),
    { primary: { name: "t_pkey", columns: ["b", "a"] } },
  );
});

Deno.test("a unique key identifies rows only when valid, total, made of NOT NULL columns", () => {
  const identity = (r: KeyRow) => {
    const k = keyOf(r);
    return "unique" in k ? k.unique.rowIdentity : null;
  };
  assertEquals(identity(key({})), true);
  assertEquals(identity(key({ predicate: "(deleted_at IS NULL)" })), false);
  assertEquals(identity(key({ parts: [["a", true, "a"], ["b", false, "b"]] })), false);
  assertEquals(identity(key({ valid: false })), false);
  assertEquals(identity(key({ parts: [[null, null, "lower(email)"]] })), false);
});

Deno.test("a unique constraint and a unique index keep their origin; an expression key has no columns", () => {
  const c = keyOf(key({ constraint_name: "t_a_b_key", deferrable: true }));
  assertEquals("unique" in c && [c.unique.origin, c.unique.name, c.unique.deferrable], [
    "constraint",
    "t_a_b_key",
    true,
  ]);
  const e = keyOf(key({ index_name: "t_email", parts: [[null, null, "lower(email)"], ["tenant", true, "tenant"]] }));
  assertEquals("unique" in e && [e.unique.origin, e.unique.columns, e.unique.expression], [
    "index",
    [],
    "lower(email), tenant",
  ]);
});

Deno.test("foreign key actions, match type and the referenced table identity", () => {
  const fk = foreignKeyOf({
    relid: "1",
    name: "fk",
    columns: '["a","b"]',
    ref_schema: "My Schema",
    ref_name: 'we"ird',
    ref_columns: ["x", "y"],
    on_delete: "c",
    on_update: "n",
    match: "f",
    deferrable: true,
    initially_deferred: false,
    validated: false,
  });
  assertEquals(fk, {
    name: "fk",
    columns: ["a", "b"],
    references: 'table:My Schema.we"ird',
    referencedColumns: ["x", "y"],
    onDelete: "CASCADE",
    onUpdate: "SET NULL",
    match: "FULL",
    deferrable: true,
    initiallyDeferred: false,
    validated: false,
  });
  const actions = ["a", "r", "d"].map((a) => foreignKeyOf({ ...fkRow, on_delete: a }).onDelete);
  assertEquals(actions, ["NO ACTION", "RESTRICT", "SET DEFAULT"]);
});

const fkRow = {
  relid: "1",
  name: "fk",
  columns: [],
  ref_schema: "s",
  ref_name: "t",
  ref_columns: [],
  on_delete: "a",
  on_update: "a",
  match: "s",
  deferrable: false,
  initially_deferred: false,
  validated: true,
};

Deno.test("owned sequences and estimates", () => {
  assertEquals(
    ownedSequenceOf({ relid: "1", attnum: 1, column_name: "id", schema: "s", name: "t_id_seq", deptype: "i" }),
    { sequence: "sequence:s.t_id_seq", column: "id", kind: "identity" },
  );
  assertEquals(
    ownedSequenceOf({ relid: "1", attnum: 1, column_name: "id", schema: "s", name: "t_id_seq", deptype: "a" }).kind,
    "owned",
  );
  assertEquals(statsOf({ relid: "1", reltuples: -1, bytes: "0" }), { rowEstimate: null, bytes: 0 });
  assertEquals(statsOf({ relid: "1", reltuples: 1234.4, bytes: "8192" }), { rowEstimate: 1234, bytes: 8192 });
});

Deno.test("a table shape gathers its facts by oid, columns by position, keys by name", () => {
  const facts = groupKeyFacts(
    [
      key({ relid: "7", index_name: "z_key" }),
      key({ relid: "7", index_name: "a_key" }),
      key({ relid: "7", index_name: "t_pkey", constraint_name: "t_pkey", indisprimary: true }),
      key({ relid: "8", index_name: "other" }),
    ],
    [{ ...fkRow, relid: "7", name: "b_fk" }, { ...fkRow, relid: "7", name: "a_fk" }],
    [{ relid: "7", attnum: 1, column_name: "a", schema: "s", name: "t_a_seq", deptype: "a" }],
  );
  const col = { relid: "7", type: "integer", attnotnull: true, default_expr: null, attidentity: "", attgenerated: "" };
  const shape = tableShape(
    { oid: "7", schema: "s", name: "t", relkind: "r", partitionOf: null, inherits: [] },
    [{ ...col, attnum: 2, name: "b", max_length: null }, { ...col, attnum: 1, name: "a", max_length: null }],
    facts,
  );
  assertEquals(shape.id, "table:s.t");
  assertEquals(shape.columns.map((c) => c.name), ["a", "b"]);
  assertEquals(shape.primaryKey, { name: "t_pkey", columns: ["a", "b"] });
  assertEquals(shape.uniques.map((u) => u.name), ["a_key", "z_key"]);
  assertEquals(shape.foreignKeys.map((f) => f.name), ["a_fk", "b_fk"]);
  assertEquals(shape.ownedSequences, [{ sequence: "sequence:s.t_a_seq", column: "a", kind: "owned" }]);
});

const shape = (over: Partial<TableShape>): TableShape => ({
  id: "table:s.t",
  schema: "s",
  name: "t",
  relkind: "r",
  partitionOf: null,
  inherits: [],
  columns: [],
  primaryKey: null,
  uniques: [],
  foreignKeys: [],
  ownedSequences: [],
  ...over,
});

const unique = (name: string, columns: string[], rowIdentity: boolean) => ({
  name,
  origin: "index" as const,
  columns,
  expression: null,
  predicate: null,
  nullsNotDistinct: false,
  deferrable: false,
  rowIdentity,
});

Deno.test("rowKey: the primary key, else the narrowest row-identity unique key, else null", () => {
  assertEquals(rowKey(shape({ primaryKey: { name: "p", columns: ["id"] }, uniques: [unique("u", ["x"], true)] })), [
    "id",
  ]);
  assertEquals(
    rowKey(shape({ uniques: [unique("wide", ["a", "b"], true), unique("z", ["c"], true), unique("y", ["d"], true)] })),
    ["d"],
  );
  assertEquals(rowKey(shape({ uniques: [unique("nullable", ["a"], false)] })), null);
});

Deno.test("tableFacts joins a table's shape with its statistics; listTableFacts sorts by identity", () => {
  const catalog: Catalog = {
    serverVersion: 150000,
    objects: {},
    unsupported: [],
    tables: { "table:s.b": shape({ id: "table:s.b", name: "b" }), "table:s.a": shape({ id: "table:s.a", name: "a" }) },
    stats: { "table:s.a": { rowEstimate: 3, bytes: 8192 } },
  };
  assertEquals(tableFacts(catalog, "table:s.a")?.stats, { rowEstimate: 3, bytes: 8192 });
  assertEquals(tableFacts(catalog, "table:s.b")?.stats, null);
  assertEquals(tableFacts(catalog, "table:s.c"), undefined);
  assertEquals(listTableFacts(catalog).map((t) => t.id), ["table:s.a", "table:s.b"]);
  assertEquals(listTableFacts({ serverVersion: 150000, objects: {}, unsupported: [] }), []);
});
