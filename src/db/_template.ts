/** Turns a tagged template into `$n` text and a parameter list. Values never become SQL text. */
export function templateToQuery(
  strings: TemplateStringsArray,
  values: readonly unknown[],
): { text: string; params: unknown[] } {
  let text = strings[0];
  for (let i = 0; i < values.length; i++) text += `$${i + 1}` + strings[i + 1];
  return { text, params: [...values] };
}
