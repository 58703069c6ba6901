import { connectWhenReady } from "../../../src/cli/wait.ts";
import { ConfitureError } from "../../../src/errors/mod.ts";
import { assert, assertEquals, assertRejects } from "../../_helpers/assert.ts";

Deno.test("--wait does not wait for a refused login or a bad URL: one attempt, the error as it is", async () => {
  for (const code of ["CONNECTION_AUTH_FAILED", "CONNECTION_INVALID_URL"] as const) {
    let calls = 0;
    const e = await assertRejects(() =>
      connectWhenReady(() => {
        calls++;
        return Promise.reject(new ConfitureError(code, "no"));
      }, { waitMs: 60_000 })
    );
    assert(e instanceof ConfitureError);
    assertEquals([e.code, e.message, calls], [code, "no", 1]);
  }
});
