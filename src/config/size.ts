import { ConfitureError, type SourceLocation } from "../errors/mod.ts";

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  tb: 1000 ** 4,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/**
 * Parses a size: bytes, or a number with a unit (`500MB`, `1.5GiB`, `200 kB`; decimal and binary
 * units, case-insensitive). A bad value is `USAGE_INVALID_ARGUMENT` when `key` is a flag (`--…`),
 * else `CONFIG_INVALID_VALUE` at `location`.
 *
 * @example
 * ```ts
 * parseSize("1GB", "--split-larger-than"); // 1000000000
 * ```
 */
export function parseSize(value: unknown, key: string, location?: SourceLocation): number {
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) return Math.round(value);
  if (typeof value === "string") {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]i?b|b)?\s*$/i.exec(value);
    if (m) return Math.round(Number(m[1]) * UNITS[(m[2] ?? "b").toLowerCase()]);
  }
  // A flag is a usage error (exit 3), like every other flag value; a file key is configuration.
  const flag = key.startsWith("--");
  throw new ConfitureError(
    flag ? "USAGE_INVALID_ARGUMENT" : "CONFIG_INVALID_VALUE",
    `${flag ? key : `"${key}"`} must be a size such as "500MB" or "2GiB"`,
    {
      detail: `got ${JSON.stringify(value)}`,
      location,
    },
  );
}
