/**
 * The anonymization rules of a table's fields made into the transforms of its COPY text stream.
 * @module
 */
import { type AnonymizeKey, type ColumnInfo, compileRule, ruleProblemCode } from "../anonymize/mod.ts";
import { ConfitureError } from "../errors/mod.ts";
import type { FieldTransform } from "./text_transform.ts";

/** One field's rule: its index in the stream's rows, its column, and the rule as configured. */
export interface FieldRule {
  index: number;
  column: ColumnInfo;
  rule: unknown;
}

/**
 * The transforms of `rules`, by field index, under `key`; rules that keep the value (`preserve`)
 * or run on the source (`sql`) get none. Rules are meant to be validated before the run; a
 * problem found here is thrown with every problem of the table listed (never a value).
 *
 * @example
 * ```ts
 * const transforms = fieldTransforms(specs, key, "public.users");
 * for await (const chunk of transformCopyText(source, transforms, { label: "public.users" })) sink.write(chunk);
 * ```
 */
export function fieldTransforms(
  rules: readonly FieldRule[],
  key: AnonymizeKey,
  table: string,
): Map<number, FieldTransform> {
  const out = new Map<number, FieldTransform>();
  const problems: string[] = [];
  let code: ReturnType<typeof ruleProblemCode> = "CONFIG_INVALID_VALUE";
  for (const r of rules) {
    const c = compileRule(r.rule, r.column, key);
    if (!c.ok) {
      code = ruleProblemCode(c.problems[0].kind);
      const name = r.column.name ?? `field ${r.index}`;
      for (const p of c.problems) problems.push(`${name}: ${p.message}`);
      continue;
    }
    if (c.rule.kind === "transform") out.set(r.index, c.rule.transform);
  }
  if (problems.length > 0) {
    throw new ConfitureError(code, `${table}: ${problems.length} anonymization rule problem(s)`, {
      detail: problems.join("\n"),
    });
  }
  return out;
}
