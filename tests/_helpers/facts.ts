/** Catalog facts for tests that plan without a database: a column and a table, defaults filled in. */
import type { ColumnFacts, ForeignKey, TableFacts } from "../../src/model/mod.ts";

/** A nullable column without default of `type` (position set by {@link tableFacts}). */
export function columnFacts(name: string, type = "text", extra: Partial<ColumnFacts> = {}): ColumnFacts {
  return {
    name,
    position: 0,
    type,
    notNull: false,
    default: null,
    identity: "",
    generated: "",
    generationExpr: null,
    maxLength: null,
    ...extra,
  };
}

/** An ordinary table `schema.name` with `columns` (numbered in order), no key, 1,000 rows estimated. */
export function tableFacts(
  schema: string,
  name: string,
  columns: ColumnFacts[],
  extra: Partial<TableFacts> = {},
): TableFacts {
  return {
    id: `table:${schema}.${name}`,
    schema,
    name,
    relkind: "r",
    partitionOf: null,
    inherits: [],
    columns: columns.map((c, i) => ({ ...c, position: i + 1 })),
    primaryKey: null,
    uniques: [],
    foreignKeys: [],
    ownedSequences: [],
    stats: { rowEstimate: 1000, bytes: 100_000 },
    ...extra,
  };
}

/** A plain foreign key (NO ACTION, MATCH SIMPLE, validated) `name` of `columns` to `references` (a table identity). */
export function foreignKeyFacts(
  name: string,
  columns: string[],
  references: string,
  referencedColumns: string[],
): ForeignKey {
  return {
    name,
    columns,
    references,
    referencedColumns,
    onDelete: "NO ACTION",
    onUpdate: "NO ACTION",
    match: "SIMPLE",
    deferrable: false,
    initiallyDeferred: false,
    validated: true,
  };
}
