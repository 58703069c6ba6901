/**
 * "Did you mean" suggestions for configuration keys (the shared helper of src/util).
 * @module
 */
export { closest, editDistance } from "../util/mod.ts";
