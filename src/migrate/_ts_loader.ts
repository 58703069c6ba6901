/**
 * Loading a TypeScript migration without `import()`: its types are stripped and its ES
 * exports turned into assignments to an `exports` object by sucrase (transforms `typescript`
 * and `imports`, which keep every line where it was), and the result is evaluated as the body
 * of a function `(exports, module, require)`.
 *
 * This is how a binary made by `deno compile` runs TypeScript migrations: it can import only
 * the modules built into it (denoland/deno#18327). The one restriction: a migration loaded
 * this way cannot import anything at run time (its `require` refuses every module with
 * MIGRATION_INVALID_MODULE), nor use `import.meta`; type-only imports are erased and are fine.
 *
 * sucrase is imported lazily, on the first TypeScript migration loaded this way (about 30 ms).
 * @module
 */
import { pathToFileURL } from "node:url";
import { ConfitureError } from "../errors/mod.ts";

/**
 * How TypeScript migrations are loaded: `auto` imports them with `import()`, and in a binary
 * made by `deno compile` falls back on {@link loadTransformedModule} when that fails;
 * `transform` always uses {@link loadTransformedModule} (the internal switch
 * `CONFITURE_TS_LOADER=transform` of the CLI, used by the tests to run the binary's path).
 */
export type TypeScriptLoader = "auto" | "transform";

/** The TypeScript loaders, for validating the switch. */
export const TYPESCRIPT_LOADERS: readonly TypeScriptLoader[] = ["auto", "transform"];

/**
 * Strips the types of a TypeScript migration and turns its ES imports and exports into
 * CommonJS (`exports.up = up`, `require("…")`). Lines are kept: an error at line N of the
 * result is at line N of the file. A syntax error is MIGRATION_INVALID_MODULE at its
 * `file:line:col`.
 *
 * @example
 * ```ts
 * const js = await transformTypeScript("export const up = async (ctx: Ctx) => {};", "m.ts");
 * // js contains: const up = async (ctx) => {}; exports.up = up;
 * ```
 */
export async function transformTypeScript(text: string, file: string): Promise<string> {
  const { transform } = await import("sucrase");
  try {
    return transform(text, { transforms: ["typescript", "imports"], filePath: file, keepUnusedImports: false }).code;
  } catch (e) {
    const loc = (e as { loc?: { line?: number; column?: number } }).loc;
    const line = typeof loc?.line === "number" ? loc.line : 1;
    const col = typeof loc?.column === "number" ? loc.column : 1;
    const message = e instanceof Error ? e.message.replace(/ \(\d+:\d+\)$/, "") : String(e);
    throw new ConfitureError("MIGRATION_INVALID_MODULE", `cannot load ${file}: ${message}`, {
      location: { file, line, col },
      cause: e,
    });
  }
}

/** The line of the first `import`/`export … from`/`import()` of `specifier` in `text`, else 1. */
function importLine(text: string, specifier: string): { line: number; col: number } {
  const quoted = [`"${specifier}"`, `'${specifier}'`];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    for (const q of quoted) {
      const at = lines[i].indexOf(q);
      if (at >= 0 && /\b(import|from)\b/.test(lines[i].slice(0, at))) return { line: i + 1, col: at + 1 };
    }
  }
  return { line: 1, col: 1 };
}

/** The line and column of the first match of `re` in `text`, else 1:1. */
function firstLine(text: string, re: RegExp): { line: number; col: number } {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = re.exec(lines[i]);
    if (m) return { line: i + 1, col: m.index + 1 };
  }
  return { line: 1, col: 1 };
}

/**
 * Evaluates the output of {@link transformTypeScript} and returns its exports. The code runs
 * as the body of an async function `(exports, module, require)` in the global scope (so a
 * top-level `await` works), named `url` in stack traces (`//# sourceURL`), with the file's
 * line numbers. `require` throws MIGRATION_INVALID_MODULE naming the file and the module.
 */
export async function evaluateTransformed(
  code: string,
  options: { file: string; url: string; text: string },
): Promise<Record<string, unknown>> {
  const { file, url, text } = options;
  const module = { exports: {} as Record<string, unknown> };
  const require = (specifier: unknown): never => {
    const name = String(specifier);
    throw new ConfitureError(
      "MIGRATION_INVALID_MODULE",
      `${file} imports "${name}" at run time: a TypeScript migration loaded by the compiled binary cannot import modules`,
      {
        location: { file, ...importLine(text, name) },
        hint: "keep only type imports (`import type { … } from …`) and inline what the migration needs, " +
          "run this migration with Confiture started from its source (`deno run`), or write it in SQL",
      },
    );
  };
  // The wrapper opens on the first line of the code, so that its lines are the file's lines.
  const source = `(async function (exports, module, require) {${code}\n})\n//# sourceURL=${url}`;
  let fn: (exports: unknown, module: unknown, require: unknown) => Promise<void>;
  try {
    // deno-lint-ignore no-eval -- the migration's own code, stripped of its types: what import() would run
    fn = (0, eval)(source);
  } catch (e) {
    const meta = e instanceof Error && e.message.includes("import.meta");
    throw new ConfitureError("MIGRATION_INVALID_MODULE", `cannot load ${file}: ${e instanceof Error ? e.message : e}`, {
      location: { file, ...(meta ? firstLine(text, /\bimport\s*\.\s*meta\b/) : { line: 1, col: 1 }) },
      hint: meta ? "a TypeScript migration loaded by the compiled binary has no import.meta" : undefined,
      cause: e,
    });
  }
  await fn(module.exports, module, require);
  return module.exports;
}

/**
 * Loads a TypeScript migration without `import()`: reads `path`, transforms it with
 * {@link transformTypeScript} and evaluates it with {@link evaluateTransformed}. An error thrown
 * while the module's top level runs keeps its code when it is a ConfitureError (a refused
 * import), else it is MIGRATION_INVALID_MODULE.
 */
export async function loadTransformedModule(path: string, file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    throw new ConfitureError("MIGRATION_INVALID_MODULE", `cannot read ${file}: ${e instanceof Error ? e.message : e}`, {
      location: { file, line: 1, col: 1 },
      cause: e,
    });
  }
  const code = await transformTypeScript(text, file);
  const url = pathToFileURL(path).href;
  try {
    return await evaluateTransformed(code, { file, url, text });
  } catch (e) {
    if (e instanceof ConfitureError) throw e;
    throw new ConfitureError("MIGRATION_INVALID_MODULE", `cannot load ${file}: ${e instanceof Error ? e.message : e}`, {
      location: { file, ...stackLocation(e, url) },
      cause: e,
    });
  }
}

/** The line and column of `url` in an error's stack, else 1:1. */
function stackLocation(e: unknown, url: string): { line: number; col: number } {
  const stack = e instanceof Error ? e.stack ?? "" : "";
  // evaluated code shows in a stack as "(url, <anonymous>:line:col)"
  const i = stack.indexOf(url + ", <anonymous>:");
  const m = i >= 0 ? /^, <anonymous>:(\d+):(\d+)/.exec(stack.slice(i + url.length)) : null;
  return m ? { line: Number(m[1]), col: Number(m[2]) } : { line: 1, col: 1 };
}
