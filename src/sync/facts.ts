/**
 * What sync reads besides the tables' structure. The queries are shared with schema-to-schema and
 * live in the copy pipeline (`src/copy/facts.ts`).
 * @module
 */
export { databaseIdentity, heapPages, isSuperuser, sequenceValues, targetExtras } from "../copy/mod.ts";
