/**
 * Runs migra (`@pgkit/migra`) on two database URLs and prints its SQL: the baseline of
 * scripts/bench/diff.ts, run as its own process as a user would.
 *
 *   deno run -A scripts/bench/_migra.ts <from-url> <to-url>
 * @module
 */
import { run } from "@pgkit/migra";

const [from, to] = Deno.args;
const m = await run(from, to, { unsafe: true });
console.log(m.sql);
// Its connection pools keep the process alive for their idle timeout; the SQL is done.
Deno.exit(0);
