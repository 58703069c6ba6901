/**
 * The anonymization rules of a sync, checked and completed before any data moves:
 *
 * - each rule is validated against its column (unknown strategy or option, wrong type, a
 *   strategy that is not one-to-one on a column under a primary key or unique constraint, output
 *   that cannot fit the column): an error at the rule's `file:line:col`;
 * - joins survive: a rule on a column that foreign keys reference applies to every referencing
 *   column (same strategy, options and key, so equal values stay equal; `preserve` too, so the
 *   same values count as covered everywhere); a rule on a referencing
 *   column whose referenced column has none, or has another one, is an error naming both.
 * @module
 */
import { type RuleProblem, ruleProblemCode, validateRule } from "../anonymize/mod.ts";
import type { ColumnMeta } from "../copy/mod.ts";
import type { ColumnRule } from "../config/mod.ts";
import { ConfitureError, type SourceLocation } from "../errors/mod.ts";
import type { TableFacts } from "../model/mod.ts";

/** A column's rule, checked. */
export interface ResolvedRule {
  /** The rule as written (`{ strategy: "email" }`). */
  rule: Record<string, unknown>;
  /** `transform`: in the COPY stream; `preserve`: copied as it is; `source`: an expression of the source's SELECT. */
  kind: "transform" | "preserve" | "source";
  /** The SQL of a `sql` rule. */
  expression?: string;
  /**
   * The column the transform is made for: the column itself, or for a rule that follows a foreign
   * key, the referenced column (its type and length decide the output, which must be equal).
   */
  column: ColumnMeta;
  /** `schema.table.column` whose rule this one follows through a foreign key. */
  followsFrom?: string;
  /** Where the rule is written in the sync file. */
  location?: SourceLocation;
}

/** Rules by table identity, then column name. */
export type RuleMap = Record<string, Record<string, ResolvedRule>>;

const shown = (t: TableFacts) => `${t.schema}.${t.name}`;

/** The metadata a rule is checked and made with. */
export function columnMeta(t: TableFacts, column: string): ColumnMeta {
  const c = t.columns.find((x) => x.name === column)!;
  const unique = (t.primaryKey?.columns.includes(column) ?? false) ||
    t.uniques.some((u) => u.columns.includes(column));
  return { name: column, type: c.type, nullable: !c.notNull, unique };
}

function kindOf(rule: Record<string, unknown>): ResolvedRule["kind"] {
  return rule.strategy === "preserve" ? "preserve" : rule.strategy === "sql" ? "source" : "transform";
}

function problemError(r: { table: string; column: string }, problems: RuleProblem[], at?: SourceLocation) {
  const first = problems[0];
  return new ConfitureError(
    ruleProblemCode(first.kind),
    `anonymize ${r.table}.${r.column}: ${first.message}`,
    {
      location: at,
      detail: problems.length > 1 ? problems.slice(1).map((p) => p.message).join("\n") : undefined,
      hint: first.hint,
    },
  );
}

/**
 * Checks the rules of the sync file against the source's tables and completes them along foreign
 * keys (see the module documentation). `tables` are the copied source tables; `idOf` resolves a
 * table name as written in the file.
 */
export function resolveRules(
  rules: readonly ColumnRule[],
  tables: readonly TableFacts[],
  idOf: (name: string, location?: SourceLocation) => string,
): RuleMap {
  const byId = new Map(tables.map((t) => [t.id, t]));
  const out: RuleMap = {};
  for (const r of rules) {
    const id = idOf(r.table, r.location);
    const t = byId.get(id);
    if (!t) {
      throw new ConfitureError("CONFIG_INVALID_VALUE", `anonymize: ${r.table} is not a table of the source`, {
        location: r.location,
      });
    }
    if (!t.columns.some((c) => c.name === r.column)) {
      throw new ConfitureError("CONFIG_UNKNOWN_KEY", `anonymize: ${r.table} has no column "${r.column}"`, {
        location: r.location,
        hint: `its columns: ${t.columns.map((c) => c.name).join(", ")}`,
      });
    }
    const column = columnMeta(t, r.column);
    const problems = validateRule(r.rule, column);
    if (problems.length) {
      const at = r.optionLocations[problems[0].path[0] ?? ""] ?? r.location;
      throw problemError({ table: shown(t), column: r.column }, problems, at);
    }
    const kind = kindOf(r.rule);
    (out[id] ??= {})[r.column] = {
      rule: r.rule,
      kind,
      ...(kind === "source" ? { expression: String(r.rule.expression) } : {}),
      column,
      location: r.location,
    };
  }
  propagate(out, tables, byId);
  return out;
}

const same = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  JSON.stringify(a, Object.keys(a).sort()) === JSON.stringify(b, Object.keys(b).sort());

/** Rules follow foreign keys from referenced columns to referencing ones, to a fixed point. */
function propagate(out: RuleMap, tables: readonly TableFacts[], byId: Map<string, TableFacts>): void {
  for (let changed = true; changed;) {
    changed = false;
    for (const child of tables) {
      for (const fk of child.foreignKeys) {
        const parent = byId.get(fk.references);
        if (!parent) continue;
        fk.columns.forEach((col, i) => {
          const ref = fk.referencedColumns[i];
          const pr = out[parent.id]?.[ref];
          const cr = out[child.id]?.[col];
          const where = `${shown(child)}.${col}`;
          const refName = `${shown(parent)}.${ref}`;
          if (pr && !cr) {
            (out[child.id] ??= {})[col] = {
              ...pr,
              column: { ...pr.column },
              followsFrom: refName,
              location: undefined,
            };
            changed = true;
          } else if (cr && cr.kind !== "preserve" && !pr) {
            throw new ConfitureError(
              "CONFIG_INVALID_VALUE",
              `anonymize: ${where} has a rule but the column it references, ${refName} (${fk.name}), has none`,
              {
                location: cr.location,
                detail: "the copied values would no longer match: the foreign key would break",
                hint: `put the rule on ${refName}; every column that references it follows it`,
              },
            );
          } else if (cr && pr && !same(cr.rule, pr.rule)) {
            throw new ConfitureError(
              "CONFIG_INVALID_VALUE",
              `anonymize: ${where} and the column it references, ${refName} (${fk.name}), have different rules`,
              {
                location: cr.location ?? pr.location,
                detail: "the copied values would no longer match: the foreign key would break",
                hint: `keep the rule on ${refName} only; ${where} follows it`,
              },
            );
          }
        });
      }
    }
  }
}

/** Whether any rule needs the anonymization key (a transform). */
export function needsKey(rules: RuleMap): boolean {
  return Object.values(rules).some((cols) => Object.values(cols).some((r) => r.kind === "transform"));
}
