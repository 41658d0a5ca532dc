/**
 * Checks on the keys of a settings object, made before any schema reads it: no key anywhere may
 * reach an object prototype, nesting is bounded, and (in the `strict` profile) every top-level key
 * must be one we know, so a typo such as `apikey` fails loudly instead of being ignored.
 */
import { ConfigurationError } from './errors.js';
import { MAX_INPUT_DEPTH, findKeyProblem, shortPath } from './guard/index.js';
import { didYouMeanSuffix } from './util/did-you-mean.js';

/** A ConfigurationError for the first forbidden key (or too-deep nesting) in `raw`, else undefined. */
export function settingsKeyProblem(raw: Record<string, unknown>): ConfigurationError | undefined {
  const problem = findKeyProblem(raw, MAX_INPUT_DEPTH);
  if (!problem) return undefined;
  const key = problem.path.join('.');
  if (problem.kind === 'forbidden') {
    const name = problem.path[problem.path.length - 1] as string;
    return new ConfigurationError(
      `Invalid setting key \`${key}\`: the key ${JSON.stringify(name)} is not allowed in settings (it would reach an object prototype)`,
      { code: 'FORBIDDEN_KEY', field: key },
    );
  }
  return new ConfigurationError(`Invalid setting \`${shortPath(problem.path)}\`: settings may nest at most ${MAX_INPUT_DEPTH} levels deep`, {
    code: 'TOO_DEEP',
    field: problem.path[0],
  });
}

/**
 * A ConfigurationError for the first top-level key of `raw` that is not in `known`, with the
 * closest known key as a suggestion. The value is never shown: a mistyped `apikey` holds a key.
 */
export function unknownSettingProblem(raw: Record<string, unknown>, known: readonly string[]): ConfigurationError | undefined {
  const knownSet = new Set(known);
  for (const key of Object.keys(raw)) {
    if (knownSet.has(key)) continue;
    const hint = didYouMeanSuffix(key, known);
    const shown = key.length > 80 ? `${key.slice(0, 77)}...` : key;
    return new ConfigurationError(
      `Unknown setting \`${shown}\`${hint}. The strict profile accepts only known settings (see the README's settings table); set \`profile: "rudderstack"\` to pass a RudderStack Config with keys of its own`,
      { code: 'UNKNOWN_SETTING', field: shown },
    );
  }
  return undefined;
}
