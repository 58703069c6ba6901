import { ConfitureError, type SourceLocation } from "../errors/mod.ts";

const UNITS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/**
 * Parses a duration: a number of milliseconds, or a string such as `"5s"`, `"500ms"`, `"2min"`.
 *
 * @example
 * ```ts
 * parseDuration("5s", "lock_timeout"); // 5000
 * ```
 */
export function parseDuration(value: unknown, key: string, location?: SourceLocation): number {
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) return value;
  if (typeof value === "string") {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h)?\s*$/.exec(value);
    if (m) return Math.round(Number(m[1]) * UNITS[m[2] ?? "ms"]);
  }
  throw new ConfitureError("CONFIG_INVALID_VALUE", `"${key}" must be a duration such as "5s" or "500ms"`, {
    detail: `got ${JSON.stringify(value)}`,
    location,
  });
}
