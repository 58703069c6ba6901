/**
 * A small JSON path language for the `json` strategy: `$.a.b`, `$.items[*].email`, `$.tags[0]`,
 * `$['odd key']`, `$.*`, and `$..email` (at any depth). A path without `$` starts at the root.
 * @module
 */

/** One step of a path. */
export type PathStep =
  | { kind: "key"; name: string }
  | { kind: "index"; index: number }
  | { kind: "any" }
  | { kind: "descend" };

/** The steps of `path`, or an error message. */
export function parseJsonPath(path: string): PathStep[] | string {
  let s = path.trim();
  if (s.startsWith("$")) s = s.slice(1);
  else if (s !== "" && !s.startsWith(".") && !s.startsWith("[")) s = "." + s;
  const steps: PathStep[] = [];
  let i = 0;
  while (i < s.length) {
    if (s.startsWith("..", i)) {
      steps.push({ kind: "descend" });
      i += 2;
      if (s[i] === "[") continue;
      const name = /^[^.[\]]+/.exec(s.slice(i))?.[0];
      if (name === undefined) return `"${path}": a name must follow ".."`;
      steps.push(name === "*" ? { kind: "any" } : { kind: "key", name });
      i += name.length;
    } else if (s[i] === ".") {
      const name = /^[^.[\]]+/.exec(s.slice(i + 1))?.[0];
      if (name === undefined) return `"${path}": a name must follow "." at character ${i + 1}`;
      steps.push(name === "*" ? { kind: "any" } : { kind: "key", name });
      i += 1 + name.length;
    } else if (s[i] === "[") {
      const close = s.indexOf("]", i);
      if (close < 0) return `"${path}": "[" is not closed`;
      const inner = s.slice(i + 1, close).trim();
      if (inner === "*") steps.push({ kind: "any" });
      else if (/^\d+$/.test(inner)) steps.push({ kind: "index", index: Number(inner) });
      else if (/^'[^']*'$|^"[^"]*"$/.test(inner)) steps.push({ kind: "key", name: inner.slice(1, -1) });
      else return `"${path}": "[${inner}]" is not an index, '*' or a quoted name`;
      i = close + 1;
    } else return `"${path}": unexpected "${s[i]}" at character ${i + 1}`;
  }
  if (steps.length === 0) return `"${path}": the path selects the whole document`;
  if (steps[steps.length - 1].kind === "descend") return `"${path}": the path ends with ".."`;
  return steps;
}

function stepMatches(step: PathStep, at: string | number): boolean {
  switch (step.kind) {
    case "any":
      return true;
    case "key":
      return typeof at === "string" && at === step.name;
    case "index":
      return typeof at === "number" && at === step.index;
    default:
      return false;
  }
}

/** Whether the location `at` (keys and array indexes from the root) is selected by `steps`. */
export function pathMatches(steps: readonly PathStep[], at: readonly (string | number)[], si = 0, ai = 0): boolean {
  if (si === steps.length) return ai === at.length;
  const step = steps[si];
  if (step.kind === "descend") {
    for (let k = ai; k < at.length; k++) {
      if (stepMatches(steps[si + 1], at[k]) && pathMatches(steps, at, si + 2, k + 1)) return true;
    }
    return false;
  }
  return ai < at.length && stepMatches(step, at[ai]) && pathMatches(steps, at, si + 1, ai + 1);
}
