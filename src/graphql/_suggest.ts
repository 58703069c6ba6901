/**
 * "Did you mean" hints for names in SDL, on the shared suggestion helper.
 * @module
 */
import { closest } from "../util/mod.ts";

/** A hint suggesting the closest candidate, or undefined. */
export function didYouMean(word: string, candidates: Iterable<string>, prefix = ""): string | undefined {
  const near = closest(word, candidates);
  return near === undefined ? undefined : `did you mean ${prefix}${near}?`;
}
