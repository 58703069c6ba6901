/**
 * Options of the inspection entry points.
 * @module
 */

/** Options of `inspectCatalog`. */
export interface InspectOptions {
  /** Only these schemas (default: every non-system schema). */
  includeSchemas?: string[];
  /** Leave these schemas out. */
  excludeSchemas?: string[];
  /**
   * Also read row and size estimates into `Catalog.stats` (default false: the diff needs none,
   * and `pg_table_size` briefly locks each table it measures).
   */
  stats?: boolean;
}

/** Options of `inspectTables`. */
export interface InspectTablesOptions {
  /** Only tables of these schemas (default: every non-system schema). */
  schemas?: string[];
  /** Leave the tables of these schemas out. */
  excludeSchemas?: string[];
  /** Only these tables, by identity (`table:public.users`); default: every table of the schemas. */
  tables?: string[];
  /** Read row and size estimates (default true); `pg_table_size` briefly locks each table it measures. */
  stats?: boolean;
}
