import { ConfitureError, type SourceLocation } from "../errors/mod.ts";

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * Expands `${VAR}` and `${VAR:-default}` in `value` from `vars`. A default may itself hold
 * `${…}` (`${A:-${B}}`); it is expanded only when used. `$` not followed by `{NAME` is kept.
 * A missing variable without a default is a CONFIG_MISSING_VARIABLE error naming
 * the key and the variable.
 *
 * @example
 * ```ts
 * expandVars("postgres://${PGHOST:-localhost}/app", {}, "database_url"); // "postgres://localhost/app"
 * ```
 */
export function expandVars(
  value: string,
  vars: Readonly<Record<string, string | undefined>>,
  key: string,
  location?: SourceLocation,
): string {
  let out = "";
  let i = 0;
  while (i < value.length) {
    const at = value.indexOf("${", i);
    if (at < 0) break;
    const name = NAME.exec(value.slice(at + 2))?.[0];
    const after = at + 2 + (name?.length ?? 0);
    if (name === undefined || (value[after] !== "}" && !value.startsWith(":-", after))) {
      out += value.slice(i, at + 2);
      i = at + 2;
      continue;
    }
    let def: string | undefined;
    let end = after;
    if (value[after] === ":") {
      // The default runs to the matching "}", counting nested "${".
      let depth = 1;
      let k = after + 2;
      for (; k < value.length; k++) {
        if (value[k] === "$" && value[k + 1] === "{") {
          depth++;
          k++;
        } else if (value[k] === "}" && --depth === 0) break;
      }
      if (k >= value.length) {
        out += value.slice(i, at + 2);
        i = at + 2;
        continue;
      }
      def = value.slice(after + 2, k);
      end = k;
    }
    out += value.slice(i, at);
    const v = vars[name];
    if (v !== undefined && v !== "") out += v;
    else if (def !== undefined) out += expandVars(def, vars, key, location);
    else if (v !== undefined) out += v;
    else {
      throw new ConfitureError("CONFIG_MISSING_VARIABLE", `environment variable ${name} used by "${key}" is not set`, {
        location,
        hint: `set ${name}, or give a default: \${${name}:-value}`,
      });
    }
    i = end + 1;
  }
  return out + value.slice(i);
}
