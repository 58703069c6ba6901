/**
 * The order in which the rows of the catalog queries become objects. Every step names the query
 * rows it reads and the earlier steps whose results it uses (objects, or oids registered in the
 * shared lookups); {@link PIPELINE} lists them so that each comes after what it uses:
 *
 * ```
 * extensions ─┐  schemas  collations  textSearch (dictionaries, then configurations)
 *             │  types ───────────────────────────────┐
 *             │  registerRelations ─┬─ relations ─────┼─ constraints ── indexes
 *             │                     │  (sequences,    └─ domains (after constraints)
 *             │                     │   composite types, views, tables, columns, defaults)
 *             │  functions          ├─ triggers, policies, rules, statistics, publications
 *             │  eventTriggers  defaultPrivileges
 *             └─────────── dependencies (after every step that adds objects or oids)
 *                          └─ tableDefinitions (inline defaults are read from dependencies)
 * unsupported (after types and registerRelations, which list some first)   casts
 * tableFacts (after registerRelations: tables, columns, sequences and parents by oid)
 * ```
 *
 * Steps with no dependency between them keep the order of this list, so that the catalog's
 * objects, and the order of statements of equal rank in a plan, stay as they are.
 * @module
 */
import { buildCollations } from "./_collations.ts";
import { buildConstraints } from "./_constraints.ts";
import type { BuildContext } from "./_context.ts";
import { buildDefaultPrivileges } from "./_default_privileges.ts";
import { buildDependencies } from "./_depend.ts";
import { buildExtensions } from "./_extensions.ts";
import { catalogTableFacts } from "./_facts.ts";
import { buildFunctions } from "./_functions.ts";
import { buildIndexes } from "./_indexes.ts";
import { buildPolicies } from "./_policies.ts";
import { buildPublications } from "./_publications.ts";
import type { InspectRows } from "./_queries.ts";
import { buildRelations, registerRelations } from "./_relations.ts";
import { buildRules } from "./_rules.ts";
import { buildSchemas } from "./_schemas.ts";
import { buildStatistics } from "./_statistics.ts";
import { finishTables } from "./_tables.ts";
import { buildTextSearch } from "./_text_search.ts";
import { buildEventTriggers, buildTriggers } from "./_triggers.ts";
import { buildTypes, finishDomains } from "./_types.ts";

/** One step of {@link PIPELINE}. */
export interface Step {
  name: string;
  /** The query rows it reads. */
  reads: readonly (keyof InspectRows)[];
  /** The earlier steps whose results it uses. */
  after: readonly string[];
  run(ctx: BuildContext, rows: InspectRows): void;
}

/** Steps that add objects or register oids: dependencies resolve against all of them. */
const OBJECT_STEPS = [
  "extensions",
  "schemas",
  "collations",
  "textSearch",
  "types",
  "registerRelations",
  "relations",
  "constraints",
  "indexes",
  "functions",
  "triggers",
  "eventTriggers",
  "policies",
  "rules",
  "statistics",
  "publications",
  "defaultPrivileges",
  "domains",
];

/** The steps, in the order they run. */
export const PIPELINE: readonly Step[] = [
  {
    name: "extensions",
    reads: ["extensions", "extMembers"],
    after: [],
    run: (c, r) => buildExtensions(c, r.extensions, r.extMembers),
  },
  { name: "schemas", reads: ["schemas"], after: [], run: (c, r) => buildSchemas(c, r.schemas) },
  { name: "collations", reads: ["collations"], after: [], run: (c, r) => buildCollations(c, r.collations) },
  { name: "textSearch", reads: ["textSearch"], after: [], run: (c, r) => buildTextSearch(c, r.textSearch) },
  { name: "types", reads: ["types"], after: [], run: (c, r) => buildTypes(c, r.types) },
  {
    name: "registerRelations",
    reads: ["relations", "columns", "sequences"],
    after: [],
    run: (c, r) => registerRelations(c, r.relations, r.columns, r.sequences),
  },
  { name: "relations", reads: [], after: ["registerRelations"], run: (c) => buildRelations(c) },
  {
    name: "constraints",
    reads: ["constraints"],
    after: ["types", "relations"],
    run: (c, r) => buildConstraints(c, r.constraints),
  },
  {
    name: "indexes",
    reads: ["indexes"],
    after: ["relations", "constraints"],
    run: (c, r) => buildIndexes(c, r.indexes),
  },
  { name: "functions", reads: ["functions"], after: [], run: (c, r) => buildFunctions(c, r.functions) },
  { name: "triggers", reads: ["triggers"], after: ["registerRelations"], run: (c, r) => buildTriggers(c, r.triggers) },
  { name: "eventTriggers", reads: ["eventTriggers"], after: [], run: (c, r) => buildEventTriggers(c, r.eventTriggers) },
  { name: "policies", reads: ["policies"], after: ["registerRelations"], run: (c, r) => buildPolicies(c, r.policies) },
  { name: "rules", reads: ["rules"], after: ["registerRelations"], run: (c, r) => buildRules(c, r.rules) },
  {
    name: "statistics",
    reads: ["statistics"],
    after: ["registerRelations"],
    run: (c, r) => buildStatistics(c, r.statistics),
  },
  {
    name: "publications",
    reads: ["publications"],
    after: ["registerRelations"],
    run: (c, r) => buildPublications(c, r.publications),
  },
  {
    name: "defaultPrivileges",
    reads: ["defaultPrivileges"],
    after: [],
    run: (c, r) => buildDefaultPrivileges(c, r.defaultPrivileges),
  },
  { name: "domains", reads: [], after: ["types", "constraints"], run: (c) => finishDomains(c) },
  { name: "dependencies", reads: ["depend"], after: OBJECT_STEPS, run: (c, r) => buildDependencies(c, r.depend) },
  {
    name: "unsupported",
    reads: ["unsupported"],
    after: ["types", "registerRelations"],
    run: (c, r) => {
      for (const u of r.unsupported) c.unsupported.push({ kind: u.kind, id: u.name });
    },
  },
  { name: "tableDefinitions", reads: [], after: ["relations", "dependencies"], run: (c) => finishTables(c) },
  {
    name: "casts",
    reads: ["casts"],
    after: [],
    run: (c, r) => {
      c.casts = r.casts.map((x) => `${x.source}\t${x.target}`);
    },
  },
  {
    name: "tableFacts",
    reads: ["keys", "foreignKeys", "tableStats"],
    after: ["registerRelations"],
    run: (c, r) => catalogTableFacts(c, r.keys, r.foreignKeys, r.tableStats),
  },
];
