/**
 * SQL fragments given in directives (`@check(sql:)`, `@default(sql:)`, `@index(where:)`,
 * `@db(type:)`) are placed inside generated statements; this checks that one cannot end the
 * statement or comment out the rest of its line.
 * @module
 */

/**
 * Why a fragment cannot be placed in a statement (a `;`, a comment, or an unterminated string,
 * quoted identifier or dollar quote outside any literal, or unbalanced parentheses), or
 * undefined when it can.
 *
 * @example
 * ```ts
 * fragmentProblem("price > 0"); // undefined
 * fragmentProblem("true; drop table x"); // "a ; outside a string"
 * ```
 */
export function fragmentProblem(sql: string): string | undefined {
  if (sql.trim() === "") return "it is empty";
  let depth = 0;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === ";") return "a ; outside a string";
    if (c === "-" && next === "-") return "a -- comment";
    if (c === "/" && next === "*") return "a /* comment";
    if (c === "(") depth++;
    if (c === ")" && --depth < 0) return "a ) without its (";
    if (c === "'") {
      const escapes = i > 0 && /[eE]/.test(sql[i - 1]) && (i === 1 || !/[A-Za-z0-9_]/.test(sql[i - 2]));
      let k = i + 1;
      for (;;) {
        if (k >= sql.length) return "an unterminated string";
        if (escapes && sql[k] === "\\") k += 2;
        else if (sql[k] === "'" && sql[k + 1] === "'") k += 2;
        else if (sql[k] === "'") break;
        else k++;
      }
      i = k + 1;
      continue;
    }
    if (c === '"') {
      const end = sql.indexOf('"', i + 1);
      if (end < 0) return "an unterminated quoted identifier";
      i = end + 1;
      continue;
    }
    if (c === "$" && (i === 0 || !/[A-Za-z0-9_]/.test(sql[i - 1]))) {
      const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        if (end < 0) return "an unterminated dollar quote";
        i = end + tag[0].length;
        continue;
      }
    }
    i++;
  }
  return depth > 0 ? "a ( without its )" : undefined;
}
