/**
 * The transformer of a table's stream: the anonymization rules of its fields applied inside the
 * COPY text stream. Built where the stream runs (a worker thread or the main thread) from plain
 * rule data and the run's key.
 * @module
 */
import { ConfitureError } from "../errors/mod.ts";
import type { TransformFactory } from "./execute.ts";

/** The transform factory of a run whose key is `key` (undefined: random output). */
export function makeTransformFactory(_key?: Uint8Array): TransformFactory {
  return (_specs, table) => {
    throw new ConfitureError("INTERNAL_ERROR", `${table}: column transforms are not available in this build`);
  };
}
