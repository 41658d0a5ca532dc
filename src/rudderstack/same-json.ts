/**
 * `sameJson(a, b)`: true when two values are equal as JSON data (plain objects compared key by key
 * in any order, arrays element by element, primitives with ===). Reads only; allocates nothing.
 * Anything it cannot vouch for (class instances, dates, NaN, nesting deeper than MAX_DEPTH) is
 * "not the same", so a caller falls back to serialising: a false "same" is never returned.
 *
 * Two values it calls the same give the same `stableJson` text.
 */
import { hasPlainPrototype } from '../util/plain-prototype.js';

const MAX_DEPTH = 32;

export function sameJson(a: unknown, b: unknown, depth = 0): boolean {
  // One object twice is the same whatever it holds; a primitive must be one JSON writes as itself.
  if (a === b) return typeof a === 'object' || isJsonPrimitive(a);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || depth > MAX_DEPTH) return false;
  const aArray = Array.isArray(a);
  if (aArray !== Array.isArray(b)) return false;
  if (aArray) {
    const left = a as unknown[];
    const right = b as unknown[];
    if (left.length !== right.length) return false;
    for (let index = 0; index < left.length; index += 1) if (!sameJson(left[index], right[index], depth + 1)) return false;
    return true;
  }
  if (!hasPlainPrototype(a) || !hasPlainPrototype(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let count = 0;
  for (const key in left) {
    if (!Object.prototype.hasOwnProperty.call(left, key)) return false;
    if (!Object.prototype.hasOwnProperty.call(right, key) || !sameJson(left[key], right[key], depth + 1)) return false;
    count += 1;
  }
  for (const key in right) {
    if (!Object.prototype.hasOwnProperty.call(right, key)) return false;
    count -= 1;
  }
  return count === 0;
}

function isJsonPrimitive(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value !== 'function' && typeof value !== 'symbol' && typeof value !== 'bigint';
}

