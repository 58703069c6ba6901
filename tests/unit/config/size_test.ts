import { assertEquals, assertThrows } from "../../_helpers/assert.ts";
import type { ConfitureError } from "../../../src/errors/mod.ts";
import { parseSize } from "../../../src/config/mod.ts";

Deno.test("parseSize: units, and a bad value is a usage error for a flag, a configuration error for a key", () => {
  assertEquals(parseSize("1.5GiB", "--split-larger-than"), 1.5 * 1024 ** 3);
  assertEquals(parseSize("200 kB", "fdw_max_size"), 200_000);
  const flag = assertThrows(() => parseSize("1XB", "--split-larger-than")) as ConfitureError;
  assertEquals([flag.code, flag.message], [
    "USAGE_INVALID_ARGUMENT",
    '--split-larger-than must be a size such as "500MB" or "2GiB"',
  ]);
  const key = assertThrows(() =>
    parseSize("lots", "fdw_max_size", { file: "m.yaml", line: 2, col: 3 })
  ) as ConfitureError;
  assertEquals([key.code, key.location?.line], ["CONFIG_INVALID_VALUE", 2]);
});
