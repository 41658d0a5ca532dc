/**
 * JSON with object keys sorted at every level, so that two equal Config objects written in a
 * different key order give the same text (RudderStack groups router events by it, §8.1).
 */
import { MAX_INPUT_DEPTH, exceedsDepth } from '../guard/index.js';

export function stableJson(value: unknown): string {
  // Too deep to sort recursively: one shared key that no JSON text can equal. Such a Config is
  // refused when it is resolved (settings nest at most MAX_INPUT_DEPTH levels), so the events
  // sharing this key all fail the same way.
  if (exceedsDepth(value, MAX_INPUT_DEPTH)) return TOO_DEEP_KEY;
  return JSON.stringify(sortKeys(value)) ?? 'undefined';
}

/** Starts with a NUL character, which JSON.stringify never writes unescaped. */
export const TOO_DEEP_KEY = '\u0000(nested too deep)';

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  // Config keys are the caller's: without a prototype, a key `__proto__` is written like any other.
  const sorted: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(source).sort()) sorted[key] = sortKeys(source[key]);
  return sorted;
}
