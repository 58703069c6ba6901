/**
 * `json`: rules applied to paths inside json, jsonb or JSON text.
 * @module
 */
import { editJson, type JsonKind, JsonSyntaxError } from "../_json_edit.ts";
import { parseJsonPath, pathMatches, type PathStep } from "../_json_path.ts";
import { type Strategy, valueError, type ValueTransform } from "../strategy.ts";

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** The JSON text for the transform's output, in the kind of the input when it still fits it. */
function toJson(out: string | null, kind: JsonKind): string {
  if (out === null) return "null";
  if (kind === "number" && JSON_NUMBER.test(out)) return out;
  if ((kind === "true" || kind === "false") && (out === "true" || out === "false")) return out;
  return JSON.stringify(out);
}

/** The `json` strategy. */
export const json: Strategy = {
  name: "json",
  summary: "Rules applied to values at paths inside a JSON document ($.a.b, $.items[*].email, $..phone); " +
    "everything else in the document is kept byte for byte.",
  example: {
    rule: { strategy: "json", paths: { "$.contact.email": { strategy: "email" }, "$..phone": { strategy: "phone" } } },
    input: '{"contact": {"email": "ann@corp.example", "phone": "+1 202 555 0143"}, "plan": "pro"}',
  },
  options: {
    paths: {
      type: "rules",
      required: true,
      description: "A map of JSON path to rule; the first path that matches a value applies.",
    },
  },
  families: ["json", "text"],
  keyed: false,
  injectivity: "Not injective: parts of the document are kept or replaced by non-injective rules.",
  notInjective: () => "json leaves parts of the document to rules that need not be injective",
  create({ options, compileNested }) {
    const rules: { steps: PathStep[]; transform: ValueTransform | undefined }[] = [];
    for (const [path, rule] of Object.entries(options.paths as Record<string, unknown>)) {
      const steps = parseJsonPath(path);
      if (typeof steps === "string") throw valueError("json", "a valid path"); // validated before; kept for safety
      rules.push({ steps, transform: compileNested(rule, path) });
    }
    return (v) => {
      if (v === null) return null;
      try {
        return editJson(v, (at, kind, raw) => {
          for (const r of rules) {
            if (!pathMatches(r.steps, at)) continue;
            if (r.transform === undefined) return raw;
            const input = kind === "null" ? null : kind === "string" ? JSON.parse(raw) as string : raw;
            return toJson(r.transform(input), kind);
          }
          return undefined;
        });
      } catch (e) {
        if (e instanceof SyntaxError || e instanceof JsonSyntaxError) throw valueError("json", "valid JSON");
        throw e;
      }
    };
  },
};
