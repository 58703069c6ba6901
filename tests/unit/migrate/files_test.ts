import { join } from "node:path";
import { ConfitureError } from "../../../src/errors/mod.ts";
import {
  compareVersions,
  discoverMigrationFiles,
  discoverMigrations,
  nextVersion,
  parseMigrationName,
  parseRepeatableName,
} from "../../../src/migrate/mod.ts";
import { assert, assertEquals, assertRejects } from "../../_helpers/assert.ts";

async function dirWith(names: string[]): Promise<string> {
  const d = await Deno.makeTempDir();
  for (const n of names) await Deno.writeTextFile(join(d, n), "select 1;");
  return d;
}

Deno.test("parseMigrationName", () => {
  assertEquals(parseMigrationName("20260124153000_add_users.up.sql"), {
    version: "20260124153000",
    name: "add_users",
    part: "up",
  });
  assertEquals(parseMigrationName("001_init.down.sql")?.part, "down");
  assertEquals(parseMigrationName("002_backfill.ts")?.part, "ts");
  assertEquals(parseMigrationName("add_users.up.sql"), undefined);
  assertEquals(parseMigrationName("001_x.sql"), undefined);
});

Deno.test("versions order numerically within a scheme; legacy numbers before timestamps", () => {
  const v = ["20260101000000", "10", "2", "001", "20251231235959"];
  assertEquals(v.sort(compareVersions), ["001", "2", "10", "20251231235959", "20260101000000"]);
});

Deno.test("discoverMigrations pairs up/down files and orders by version", async () => {
  const d = await dirWith([
    "20260101000002_b.up.sql",
    "20260101000001_a.up.sql",
    "20260101000001_a.down.sql",
    "20260101000003_c.ts",
    "README.md",
  ]);
  try {
    const m = await discoverMigrations(d, d);
    assertEquals(m.map((x) => [x.version, x.type, Boolean(x.downPath)]), [
      ["20260101000001", "sql", true],
      ["20260101000002", "sql", false],
      ["20260101000003", "ts", false],
    ]);
    assertEquals(m[0].upFile, "20260101000001_a.up.sql");
  } finally {
    await Deno.remove(d, { recursive: true });
  }
});

Deno.test("discoverMigrations refuses duplicates, misnamed files and orphan downs", async () => {
  for (
    const [names, code] of [
      [["001_a.up.sql", "001_b.up.sql"], "MIGRATION_DUPLICATE_VERSION"],
      [["001_a.up.sql", "1_a.up.sql"], "MIGRATION_DUPLICATE_VERSION"],
      [["001_a.up.sql", "001_a.ts"], "MIGRATION_DUPLICATE_VERSION"],
      [["create_users.sql"], "MIGRATION_INVALID_NAME"],
      [["001_a.down.sql"], "MIGRATION_INVALID_NAME"],
    ] as const
  ) {
    const d = await dirWith([...names]);
    try {
      const e = await assertRejects(() => discoverMigrations(d, d));
      assert(e instanceof ConfitureError && e.code === code, `${names.join(", ")}: ${e}`);
    } finally {
      await Deno.remove(d, { recursive: true });
    }
  }
  assertEquals(await discoverMigrations("/nonexistent/confiture/migrations"), []);
});

Deno.test("nextVersion: the clock, never earlier than the newest; legacy numbering continues", () => {
  const now = new Date(Date.UTC(2026, 0, 24, 15, 30, 0));
  assertEquals(nextVersion([], now), "20260124153000");
  assertEquals(nextVersion(["20260124153000"], now), "20260124153001");
  assertEquals(nextVersion(["20991231235959"], now), "21000101000000");
  assertEquals(nextVersion(["001", "002"], now), "003");
});

Deno.test("repeatable migrations R_<name>.sql are listed apart, by name; their near misses are invalid names", async () => {
  const d = await dirWith(["R_views.sql", "R_a-functions.sql", "20260101000000_init.up.sql"]);
  try {
    const all = await discoverMigrationFiles(d);
    assertEquals(all.versioned.map((m) => m.version), ["20260101000000"]);
    assertEquals(all.repeatable.map((m) => [m.version, m.name, m.repeatable]), [
      ["R_a-functions", "a-functions", true],
      ["R_views", "views", true],
    ]);
    assertEquals((await discoverMigrations(d)).length, 1, "discoverMigrations lists versioned migrations only");
    assertEquals(parseRepeatableName("R_views.sql"), { name: "views" });
    for (const bad of ["R_views.up.sql", "R_.sql", "R_x.ts"]) {
      assertEquals(parseRepeatableName(bad), undefined, bad);
      const b = await dirWith([bad]);
      try {
        const e = await assertRejects(() => discoverMigrationFiles(b));
        assert(e instanceof ConfitureError && e.code === "MIGRATION_INVALID_NAME", bad);
      } finally {
        await Deno.remove(b, { recursive: true });
      }
    }
  } finally {
    await Deno.remove(d, { recursive: true });
  }
});
