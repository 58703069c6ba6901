import posix from "node:path/posix";
import { paths } from "../../../src/config/mod.ts";
import { assertEquals } from "../../_helpers/assert.ts";

const SAMPLES = [
  "",
  ".",
  "..",
  "/",
  "//",
  "///a",
  "a",
  "a/",
  "a//b",
  "/a/b/c",
  "/a/b/c/",
  "/a/./b/../c",
  "a/../..",
  "../a/../../b",
  "./a/./b/.",
  "/../a",
  "/a/..",
  "a/b/../../..",
  "db/schema/00_common/extensions.sql",
  "/tmp/x y/é/🙂.sql",
  ".confiture/embedded/local",
  "a/.../b",
  "..a/b..",
];

Deno.test("paths: normalize, isAbsolute, dirname and basename behave as node:path posix", () => {
  for (const p of SAMPLES) {
    assertEquals(paths.normalize(p), posix.normalize(p), `normalize ${JSON.stringify(p)}`);
    assertEquals(paths.isAbsolute(p), posix.isAbsolute(p), `isAbsolute ${JSON.stringify(p)}`);
    assertEquals(paths.dirname(p), posix.dirname(p), `dirname ${JSON.stringify(p)}`);
    assertEquals(paths.basename(p), posix.basename(p), `basename ${JSON.stringify(p)}`);
    assertEquals(paths.basename(p, ".sql"), posix.basename(p, ".sql"), `basename ${JSON.stringify(p)} .sql`);
  }
});

Deno.test("paths: join, resolve and relative behave as node:path posix", () => {
  for (const a of SAMPLES) {
    for (const b of SAMPLES) {
      assertEquals(paths.join(a, b), posix.join(a, b), `join ${JSON.stringify(a)} ${JSON.stringify(b)}`);
      assertEquals(paths.resolve(a, b), posix.resolve(a, b), `resolve ${JSON.stringify(a)} ${JSON.stringify(b)}`);
      assertEquals(paths.relative(a, b), posix.relative(a, b), `relative ${JSON.stringify(a)} ${JSON.stringify(b)}`);
    }
  }
  assertEquals(paths.join(), posix.join());
  assertEquals(paths.join("a", "", "b", "c/"), posix.join("a", "", "b", "c/"));
  assertEquals(paths.resolve(), posix.resolve());
  assertEquals(paths.resolve("/x", "y", "/z", "w/.."), posix.resolve("/x", "y", "/z", "w/.."));
});
