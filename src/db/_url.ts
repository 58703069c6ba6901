/**
 * Server URL handling that needs no driver: parsing, display without password,
 * and the `sslmode` to postgres.js `ssl` mapping.
 */
import { ConfitureError, redact, registerSecret } from "../errors/mod.ts";

/** Parses a postgres:// URL; registers its password as a secret. */
export function parseServerUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch (e) {
    throw new ConfitureError("CONNECTION_INVALID_URL", `cannot parse database URL "${redact(url)}"`, {
      hint: "expected postgres://user:password@host:5432/database",
      cause: e,
    });
  }
  if (u.protocol !== "postgres:" && u.protocol !== "postgresql:") {
    throw new ConfitureError("CONNECTION_INVALID_URL", `unsupported database URL scheme "${u.protocol}"`, {
      hint: "use postgres://…, postgresql://…, embedded:memory or embedded:<folder>",
    });
  }
  if (u.password) {
    registerSecret(u.password);
    registerSecret(safeDecode(u.password));
  }
  const pw = u.searchParams.get("password");
  if (pw) registerSecret(pw);
  return u;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch (e) {
    if (e instanceof URIError) return s;
    throw e;
  }
}

/** Describes a server URL for output: the password is replaced by ***. */
export function displayUrl(u: URL): string {
  const c = new URL(u.href);
  if (c.password) c.password = "***";
  if (c.searchParams.has("password")) c.searchParams.set("password", "***");
  return redact(c.href);
}

/** The database name of a server URL ("" when the URL names none). */
export function databaseOfUrl(u: URL): string {
  return safeDecode(u.pathname.replace(/^\//, ""));
}

/** The libpq `sslmode` values Confiture accepts. */
export const SSL_MODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"] as const;

/** A libpq `sslmode`. */
export type SslMode = (typeof SSL_MODES)[number];

/** What postgres.js receives as its `ssl` option. */
export type DriverSsl =
  | false
  | "prefer"
  | "require"
  | {
    rejectUnauthorized: true;
    /** PEM of the root certificate(s) from `sslrootcert`, when given. */
    ca?: string;
    /** Skips the host name check (verify-ca). */
    checkServerIdentity?: () => undefined;
  };

/**
 * Maps a libpq `sslmode` (and the optional `sslrootcert` PEM text) to the postgres.js `ssl` option.
 * - `disable` → no TLS;
 * - `allow`, `prefer` (the libpq default) → TLS when the server offers it, certificate not checked
 *   (postgres.js cannot retry without TLS, so `allow` behaves as `prefer`);
 * - `require` → TLS, certificate not checked (as libpq without a root certificate);
 * - `verify-ca` → TLS, certificate chain checked, host name not checked;
 * - `verify-full` → TLS, certificate chain and host name checked.
 *
 * @example
 * ```ts
 * sslOptionFor("verify-full"); // { rejectUnauthorized: true }
 * ```
 */
export function sslOptionFor(mode: string | null | undefined, rootCert?: string): DriverSsl {
  const m = (mode ?? "prefer").toLowerCase();
  switch (m) {
    case "disable":
      return false;
    case "allow":
    case "prefer":
      return "prefer";
    case "require":
      return "require";
    case "verify-ca":
      return {
        rejectUnauthorized: true,
        ...(rootCert ? { ca: rootCert } : {}),
        checkServerIdentity: () => undefined,
      };
    case "verify-full":
      return { rejectUnauthorized: true, ...(rootCert ? { ca: rootCert } : {}) };
    default:
      throw new ConfitureError("CONNECTION_INVALID_URL", `unknown sslmode "${mode}"`, {
        hint: `use one of ${SSL_MODES.join(", ")}`,
      });
  }
}
