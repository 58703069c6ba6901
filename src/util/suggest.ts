/**
 * "Did you mean": the known name closest to a misspelt one, for every error that names an unknown
 * key, command, flag, strategy, option, type or directive.
 * @module
 */

/** Levenshtein distance between two short strings. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/**
 * The candidate closest to `word` (case-insensitive edit distance at most a third of the word's
 * length, at least 2; the first of equally close ones), else one that `word` starts or that starts
 * `word` (for a word of 3 characters or more), else undefined.
 *
 * @example
 * ```ts
 * closest("databse_url", ["database_url", "include_dirs"]); // "database_url"
 * ```
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  const list = [...candidates];
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of list) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  if (best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3))) return best;
  if (w.length < 3) return undefined;
  return list.find((c) => c.toLowerCase().startsWith(w) || w.startsWith(c.toLowerCase()));
}
