import { MIGRATION_LOCK_NAMESPACE, migrationLockKey, PGLITE_VERSION } from "../../../src/db/mod.ts";
import { assertEquals } from "../../_helpers/assert.ts";

Deno.test("migrationLockKey matches the reference Python tool's key", () => {
  // Values computed with: int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big") & 0x7FFFFFFF
  assertEquals(MIGRATION_LOCK_NAMESPACE, 1751936052);
  assertEquals(migrationLockKey("app"), { namespace: 1751936052, id: 561172188 });
  assertEquals(migrationLockKey("postgres"), { namespace: 1751936052, id: 692237180 });
  assertEquals(migrationLockKey("confiture_test"), { namespace: 1751936052, id: 886844087 });
  assertEquals(migrationLockKey("café"), { namespace: 1751936052, id: 84901316 }, "UTF-8 bytes");
});

Deno.test("the cached embedded template is keyed by the PGlite version pinned in deno.json", async () => {
  const config = JSON.parse(await Deno.readTextFile(new URL("../../../deno.json", import.meta.url)));
  assertEquals(config.imports["@electric-sql/pglite"], `npm:@electric-sql/pglite@${PGLITE_VERSION}`);
});
