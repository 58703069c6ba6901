/**
 * Strategies that do not look at the value: `redact`, `null`, `value`, and the two the pipeline
 * handles itself, `preserve` and `sql`.
 * @module
 */
import type { ColumnShape } from "../column.ts";
import { type FitProblem, lengthProblem, type Strategy, type StrategyOptions, TEXT } from "../strategy.ts";

const ANY = [
  "text",
  "integer",
  "numeric",
  "float",
  "date",
  "timestamp",
  "timestamptz",
  "uuid",
  "inet",
  "cidr",
  "json",
  "boolean",
  "other",
] as const;

/** `redact`: a constant text. */
export const redact: Strategy = {
  name: "redact",
  summary: 'A constant text (default "[REDACTED]"); NULL stays NULL unless `replace_null`.',
  example: { rule: { strategy: "redact", text: "hidden" }, input: "my secret note" },
  options: {
    text: { type: "string", default: "[REDACTED]", description: "The text written instead of every value." },
    replace_null: { type: "boolean", default: false, description: "Write the text for NULL too." },
  },
  families: TEXT,
  keyed: false,
  replacesNull: (o) => o.replace_null === true,
  injectivity: "Not injective: every value becomes the same text.",
  notInjective: () => "redact writes the same text for every value",
  check: (options, column) => lengthProblem("text", [...(options.text as string)].length, column),
  create({ options }) {
    const text = options.text as string;
    return options.replace_null === true ? () => text : (v) => v === null ? null : text;
  },
};

/** `null`: NULL for every value. */
export const nullify: Strategy = {
  name: "null",
  summary: "NULL for every value (the column must allow NULL).",
  example: { rule: { strategy: "null" }, input: "1985-04-12" },
  options: {},
  families: ANY,
  arrays: true,
  keyed: false,
  makesNull: () => true,
  injectivity: "Accepted on unique columns that allow NULL: NULLs never collide under a unique constraint " +
    "(unless it was declared NULLS NOT DISTINCT). A primary key is NOT NULL and refuses it.",
  notInjective: () => undefined,
  create: () => () => null,
};

function valueText(options: StrategyOptions): string | null {
  const v = options.value;
  return v === null ? null : String(v);
}

/** Checks a literal against the column's type as far as it can be without the server. */
function literalProblems(text: string | null, column: ColumnShape): FitProblem[] {
  if (text === null) return []; // NULL on a NOT NULL column is refused for every strategy that makes NULL
  const bad = (what: string) => [{ option: "value", message: `value is not ${what} for ${column.type}` }];
  switch (column.family) {
    case "text":
      return lengthProblem("value", [...text].length, column);
    case "integer": {
      if (!/^[+-]?\d+$/.test(text.trim())) return bad("an integer");
      const n = Number(text);
      return Math.abs(n) > (column.integerMax ?? Infinity) ? bad("in range") : [];
    }
    case "numeric":
    case "float": {
      if (!/^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(text)) return bad("a number");
      if (column.precision !== null) {
        const limit = 10 ** (column.precision - (column.scale ?? 0));
        if (Math.abs(Number(text)) >= limit) return bad(`below ${limit}`);
      }
      return [];
    }
    case "boolean":
      return /^(t|f|true|false|yes|no|on|off|1|0)$/i.test(text.trim()) ? [] : bad("a boolean");
    case "uuid":
      return /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(text.trim())
        ? []
        : bad("a uuid");
    case "date":
    case "timestamp":
    case "timestamptz":
      return /^\d{4,}-\d{2}-\d{2}/.test(text.trim()) || /^-?infinity$/.test(text.trim()) ? [] : bad("an ISO date");
    case "json":
      try {
        JSON.parse(text);
        return [];
      } catch {
        return bad("JSON");
      }
    default:
      return [];
  }
}

/** `value`: a literal. */
export const value: Strategy = {
  name: "value",
  summary: "A literal value (string, number, boolean or null) for every value; NULL stays NULL unless `replace_null`.",
  example: { rule: { strategy: "value", value: 0 }, input: "4200.50" },
  options: {
    value: { type: "scalar", required: true, description: "The value written, in the column's text form." },
    replace_null: { type: "boolean", default: false, description: "Write the value for NULL too." },
  },
  families: ANY,
  arrays: true,
  keyed: false,
  replacesNull: (o) => o.replace_null === true,
  makesNull: (o) => o.value === null,
  injectivity: "Not injective: every value becomes the same literal.",
  notInjective: (o, column) =>
    o.value === null && column.nullable ? undefined : "value writes the same literal for every value",
  check: (options, column) => literalProblems(valueText(options), column),
  create({ options }) {
    const text = valueText(options);
    return options.replace_null === true ? () => text : (v) => v === null ? null : text;
  },
};

/** `preserve`: the value is copied as it is, on purpose. */
export const preserve: Strategy = {
  name: "preserve",
  summary: "Keep the value as it is: an explicit decision that the column is not sensitive (or may be copied).",
  example: { rule: { strategy: "preserve" }, input: "FR" },
  options: {},
  families: ANY,
  arrays: true,
  keyed: false,
  injectivity: "Injective: the value is unchanged.",
  notInjective: () => undefined,
};

/** `sql`: an expression the source evaluates in its SELECT. */
export const sql: Strategy = {
  name: "sql",
  summary:
    "A SQL expression evaluated by the source in its SELECT (e.g. \"left(zip, 2) || '000'\"); runs on the source.",
  example: { rule: { strategy: "sql", expression: "left(zip_code, 2) || '000'" }, input: "75011" },
  options: {
    expression: { type: "string", required: true, description: "The expression, over the table's columns." },
    injective: {
      type: "boolean",
      default: false,
      description: "Declare that the expression is injective, to allow it on a unique column.",
    },
  },
  families: ANY,
  arrays: true,
  keyed: false,
  injectivity: "Unknown: accepted on unique columns only with `injective: true`, which the rule's author vouches for.",
  notInjective: (o) =>
    o.injective === true
      ? undefined
      : "an sql expression is not known to be injective (set injective: true to vouch for it)",
  check: (options) =>
    (options.expression as string).trim() === "" ? [{ option: "expression", message: "expression is empty" }] : [],
};
