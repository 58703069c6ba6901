/**
 * Session settings of every connection that reads or writes copied rows. The COPY text format
 * depends on them on both sides (a date written under one DateStyle is read under the other's),
 * and so does the text a content hash is computed over; they are the settings pg_dump uses.
 * @module
 */

/** `SET` statements run first on every source and target session of a copy. */
export const COPY_SESSION_SETTINGS =
  "SET DateStyle = 'ISO'; SET IntervalStyle = 'postgres'; SET extra_float_digits = 3; SET TimeZone = 'UTC'; " +
  "SET bytea_output = 'hex'";

/** `SET LOCAL` statements of a target load transaction (a lost commit is redone by resume). */
export const LOAD_TRANSACTION_SETTINGS = "SET LOCAL synchronous_commit = off";
