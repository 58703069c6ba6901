/**
 * Reading the directives of one SDL element: each is checked against the prelude (known name,
 * allowed place, not repeated unless repeatable, known arguments of the right kind, required
 * ones present) and its argument values are returned for the caller.
 * @module
 */
import type { SourceLocation } from "../errors/mod.ts";
import type { ConstDirectiveNode, ValueNode } from "graphql/language/ast.js";
import { Kind } from "graphql/language/kinds.mjs";
import type { Named } from "./_sdl.ts";
import type { Problems } from "./_problems.ts";
import { didYouMean } from "./_suggest.ts";
import {
  type ArgKind,
  BUILTIN_DIRECTIVES,
  type DirectiveLocation,
  DIRECTIVES,
  REFERENTIAL_ACTIONS,
  type ReferentialAction,
} from "./prelude.ts";

/** One use of a directive, its arguments checked. */
export interface DirectiveUse {
  name: string;
  loc: SourceLocation;
  args: Map<string, { value: ValueNode; loc: SourceLocation }>;
}

/** What reading directives needs from the reader. */
export interface DirectiveContext {
  problems: Problems;
  /** Directives the SDL declares itself that are not the generator's: left alone. */
  foreign: ReadonlySet<string>;
  locate(node: { loc?: { startToken: { line: number; column: number }; source: { name: string } } }): SourceLocation;
}

const PLACE: Record<DirectiveLocation, string> = {
  OBJECT: "a type",
  FIELD_DEFINITION: "a field",
  SCALAR: "a scalar",
  ENUM: "an enum",
  ENUM_VALUE: "an enum value",
};

function kindMatches(kind: ArgKind, v: ValueNode): boolean {
  switch (kind) {
    case "string":
      return v.kind === Kind.STRING;
    case "boolean":
      return v.kind === Kind.BOOLEAN;
    case "stringList":
      // GraphQL coerces a single value to a list of one.
      return v.kind === Kind.STRING || (v.kind === Kind.LIST && v.values.every((x) => x.kind === Kind.STRING));
    case "referentialAction":
      return v.kind === Kind.ENUM && (REFERENTIAL_ACTIONS as readonly string[]).includes(v.value);
    case "any":
      return v.kind !== Kind.VARIABLE;
  }
}

const KIND_TEXT: Record<ArgKind, string> = {
  string: "a string",
  boolean: "true or false",
  stringList: 'a list of strings (["a", "b"])',
  referentialAction: `one of ${REFERENTIAL_ACTIONS.join(", ")}`,
  any: "a literal",
};

/**
 * Reads and checks the directives of one element (`owner` names it in messages: `type Post`,
 * `field Post.title`). Unknown directives, misplaced ones and bad arguments are recorded as
 * problems and left out of the result.
 */
export function readDirectives(
  nodes: readonly ConstDirectiveNode[] | undefined,
  where: DirectiveLocation,
  owner: string,
  ctx: DirectiveContext,
): Map<string, DirectiveUse[]> {
  const out = new Map<string, DirectiveUse[]>();
  for (const node of nodes ?? []) {
    const name = node.name.value;
    const loc = ctx.locate(node);
    if (BUILTIN_DIRECTIVES.has(name) || ctx.foreign.has(name)) continue;
    const spec = DIRECTIVES[name];
    if (!spec) {
      ctx.problems.add(
        "GRAPHQL_UNKNOWN_DIRECTIVE",
        `unknown directive @${name} on ${owner}`,
        loc,
        didYouMean(name, Object.keys(DIRECTIVES), "@") ??
          "see `confiture graphql --prelude` for the directives; declare your own with `directive @name on …`",
      );
      continue;
    }
    if (!spec.locations.includes(where)) {
      ctx.problems.add(
        "GRAPHQL_INVALID_DIRECTIVE",
        `@${name} is not allowed on ${PLACE[where]} (${owner})`,
        loc,
        `@${name} goes on ${spec.locations.map((l) => PLACE[l]).join(" or ")}`,
      );
      continue;
    }
    const seen = out.get(name);
    if (seen && !spec.repeatable) {
      ctx.problems.add("GRAPHQL_INVALID_DIRECTIVE", `@${name} is given twice on ${owner}`, loc);
      continue;
    }
    const use: DirectiveUse = { name, loc, args: new Map() };
    let ok = true;
    let unknownArgument = false;
    for (const arg of node.arguments ?? []) {
      const an = arg.name.value;
      const aloc = ctx.locate(arg);
      const aspec = spec.args.find((a) => a.name === an);
      if (!aspec) {
        ok = false;
        unknownArgument = true;
        ctx.problems.add(
          "GRAPHQL_UNKNOWN_DIRECTIVE",
          `unknown argument "${an}" of @${name} on ${owner}`,
          aloc,
          didYouMean(an, spec.args.map((a) => a.name)) ??
            (spec.args.length ? `@${name} takes ${spec.args.map((a) => a.name).join(", ")}` : `@${name} takes none`),
        );
        continue;
      }
      if (use.args.has(an)) {
        ok = false;
        ctx.problems.add("GRAPHQL_INVALID_DIRECTIVE", `argument "${an}" of @${name} is given twice on ${owner}`, aloc);
        continue;
      }
      if (!kindMatches(aspec.kind, arg.value)) {
        ok = false;
        ctx.problems.add(
          "GRAPHQL_INVALID_DIRECTIVE",
          `argument "${an}" of @${name} on ${owner} must be ${KIND_TEXT[aspec.kind]}`,
          ctx.locate(arg.value),
        );
        continue;
      }
      use.args.set(an, { value: arg.value, loc: ctx.locate(arg.value) });
    }
    for (const a of spec.args) {
      // A misspelt argument is reported once, not again as a missing one.
      if (unknownArgument) break;
      if (a.required && !use.args.has(a.name) && !(node.arguments ?? []).some((x) => x.name.value === a.name)) {
        ok = false;
        ctx.problems.add("GRAPHQL_INVALID_DIRECTIVE", `@${name} on ${owner} needs the argument "${a.name}"`, loc);
      }
    }
    if (!ok) continue;
    out.set(name, [...(seen ?? []), use]);
  }
  return out;
}

/** A string argument, or undefined. */
export function stringArg(use: DirectiveUse, name: string): string | undefined {
  const a = use.args.get(name);
  return a && a.value.kind === Kind.STRING ? a.value.value : undefined;
}

/** A string argument with its place, or undefined. */
export function namedArg(use: DirectiveUse, name: string): Named | undefined {
  const a = use.args.get(name);
  return a && a.value.kind === Kind.STRING ? { name: a.value.value, loc: a.loc } : undefined;
}

/** A boolean argument, or undefined. */
export function booleanArg(use: DirectiveUse, name: string): boolean | undefined {
  const a = use.args.get(name);
  return a && a.value.kind === Kind.BOOLEAN ? a.value.value : undefined;
}

/** A list-of-strings argument (each with its place), or undefined. */
export function listArg(use: DirectiveUse, name: string, ctx: DirectiveContext): Named[] | undefined {
  const a = use.args.get(name);
  if (!a) return undefined;
  if (a.value.kind === Kind.STRING) return [{ name: a.value.value, loc: a.loc }];
  if (a.value.kind !== Kind.LIST) return undefined;
  return a.value.values.map((v) => ({ name: v.kind === Kind.STRING ? v.value : "", loc: ctx.locate(v) }));
}

/** The `onDelete` argument, or undefined. */
export function actionArg(use: DirectiveUse, name: string): ReferentialAction | undefined {
  const a = use.args.get(name);
  return a && a.value.kind === Kind.ENUM ? a.value.value as ReferentialAction : undefined;
}
