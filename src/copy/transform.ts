/**
 * The transformer of a table's stream: the anonymization rules of its fields applied inside the
 * COPY text stream. Built where the stream runs (a worker thread or the main thread) from plain
 * rule data and the run's key.
 * @module
 */
import { AnonymizeKey } from "../anonymize/mod.ts";
import { ConfitureError } from "../errors/mod.ts";
import type { TransformFactory } from "./execute.ts";
import { fieldTransforms } from "./text_rules.ts";
import { transformCopyText } from "./text_transform.ts";

/** The secret of a run's anonymization key, as it crosses to worker threads. */
export interface TransformKey {
  /** The secret key bytes (at least 16). */
  secret: Uint8Array;
  /** Drawn at random for this run (`--random`): consistent inside the run only. */
  random: boolean;
}

/**
 * The transform factory of a run whose key is `key`. Without a key, a table with transforms is
 * refused (the planner never sends one then).
 */
export function makeTransformFactory(key?: TransformKey): TransformFactory {
  const k = key ? AnonymizeKey.fromSecret(key.secret, { random: key.random }) : undefined;
  return (specs, table) => {
    if (!k) throw new ConfitureError("INTERNAL_ERROR", `${table}: columns to anonymize but no anonymization key`);
    const transforms = fieldTransforms(specs, k, table);
    return (source) => transformCopyText(source, transforms, { label: table });
  };
}
