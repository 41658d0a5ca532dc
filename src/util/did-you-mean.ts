/**
 * "Did you mean …?" for mistyped names (settings keys, CLI flags and commands).
 *
 * The distance is the optimal-string-alignment form of Damerau–Levenshtein: insertions,
 * deletions, substitutions and swaps of two neighbours each cost 1, so `dataCentre` is one step
 * from `dataCenter`. Comparison ignores case (`apikey` is `apiKey` typed in lower case). It is
 * bounded: rows stop as soon as every cell exceeds the limit, and names longer than
 * `MAX_NAME_LENGTH` are not compared at all, so a hostile input costs at most a small constant.
 */

/** Names longer than this get no suggestion (nobody mistypes a 200-character setting). */
export const MAX_NAME_LENGTH = 64;

/**
 * Edit distance between `a` and `b`, or `limit + 1` as soon as it is known to exceed `limit`.
 * Case-sensitive; callers lower-case first when case should not count.
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (a.length === 0 || b.length === 0) return Math.max(a.length, b.length);
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (beforePrevious[j - 2] as number) + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    beforePrevious = previous;
    previous = current;
  }
  const distance = previous[b.length] as number;
  return distance > limit ? limit + 1 : distance;
}

/** How far a name may be from a candidate and still be a likely typo: 1 for short names, up to 3. */
function allowedDistance(name: string): number {
  return Math.min(3, Math.max(1, Math.floor(name.length / 4)));
}

/**
 * The candidate `name` most likely meant, or undefined when none is close. Ties go to the
 * candidate listed first.
 */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) return undefined;
  const wanted = name.toLowerCase();
  const limit = allowedDistance(name);
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const distance = editDistance(wanted, candidate.toLowerCase(), limit);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `" (did you mean `apiKey`?)"`, or an empty string when there is no close candidate. */
export function didYouMeanSuffix(name: string, candidates: Iterable<string>): string {
  const suggestion = didYouMean(name, candidates);
  return suggestion === undefined ? '' : ` (did you mean \`${suggestion}\`?)`;
}
