/**
 * "Did you mean" for names in SDL: the closest candidate by edit distance.
 * @module
 */

function editDistance(a: string, b: string): number {
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

/** ` (did you mean "x"?)`-ready: the closest candidate within a third of the word's length (at least 2), or undefined. */
export function closestName(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD || (d === bestD && best !== undefined && c < best)) [best, bestD] = [c, d];
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** A hint suggesting the closest candidate, or undefined. */
export function didYouMean(word: string, candidates: Iterable<string>, prefix = ""): string | undefined {
  const near = closestName(word, candidates);
  return near === undefined ? undefined : `did you mean ${prefix}${near}?`;
}
