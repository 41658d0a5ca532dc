/**
 * "Did you mean …?" for names a user typed (commands, flags, setting keys): the closest known
 * name by edit distance, when it is close enough to be a likely typo.
 */

/** Inputs longer than this get no suggestion: the work stays bounded whatever a user types. */
const MAX_INPUT_LENGTH = 64;

/**
 * Levenshtein distance (insertions, deletions, substitutions each cost 1), two rows of memory.
 * Stops early and returns `limit + 1` once every path is already longer than `limit`.
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return Math.min(previous[b.length] as number, limit + 1);
}

/**
 * The candidate closest to `input` (case-insensitive), or undefined when none is within a third
 * of the input's length, rounded up (at least 1, at most 3 edits): far-off names are not suggestions. Ties go
 * to the candidate listed first.
 */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  if (input.length === 0 || input.length > MAX_INPUT_LENGTH) return undefined;
  const wanted = input.toLowerCase();
  const limit = Math.min(3, Math.max(1, Math.ceil(wanted.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, candidate.toLowerCase(), bestDistance - 1 < limit ? bestDistance - 1 : limit);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
