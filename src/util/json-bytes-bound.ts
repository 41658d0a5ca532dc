/**
 * A proof, without serialising, that a value's JSON text is small: `jsonBytesAtMost(value, limit)`
 * is true only when `Buffer.byteLength(JSON.stringify(value))` cannot exceed `limit`. It adds up an
 * upper bound per node (a string of n UTF-16 units is at most 6n + 2 bytes: every unit escaped as
 * `\uXXXX`; a number at most 25 characters) and stops as soon as the sum passes the limit. False
 * means "bigger, or cannot tell" (a `toJSON`, a class instance, a bigint, nesting past the walk's
 * depth): the caller then measures the exact text.
 *
 * Far cheaper than JSON.stringify: no text is built, strings are measured by their length alone.
 */
import { hasPlainPrototype } from './plain-prototype.js';

/** Longest `String(n)` of a finite number, e.g. `-2.2250738585072014e-308` (24 characters), plus one to spare. */
const MAX_NUMBER_CHARS = 25;
/** Deeper than this, the walk answers "cannot tell" instead of recursing further. */
const MAX_WALK_DEPTH = 256;

export function jsonBytesAtMost(value: unknown, limit: number): boolean {
  const bound = boundOf(value, limit, 0);
  return bound >= 0 && bound <= limit;
}

/** An upper bound of the value's JSON bytes, or -1 when it passes `budget` or cannot be bounded. */
function boundOf(value: unknown, budget: number, depth: number): number {
  switch (typeof value) {
    case 'string':
      return 2 + 6 * value.length;
    case 'number':
    case 'undefined':
    case 'function':
    case 'symbol':
      // Non-finite numbers, and undefined, functions and symbols inside arrays, print as `null`.
      return MAX_NUMBER_CHARS;
    case 'boolean':
      return 5;
    case 'object':
      if (value === null) return 4;
      if (depth >= MAX_WALK_DEPTH) return -1;
      return Array.isArray(value) ? arrayBound(value, budget, depth) : objectBound(value, budget, depth);
    default:
      return -1; // bigint: JSON.stringify throws
  }
}

function arrayBound(items: readonly unknown[], budget: number, depth: number): number {
  let total = 2;
  for (let index = 0; index < items.length; index += 1) {
    const item = boundOf(items[index], budget - total, depth + 1);
    if (item < 0) return -1;
    total += item + 1;
    if (total > budget) return -1;
  }
  return total;
}

function objectBound(value: object, budget: number, depth: number): number {
  if (!hasPlainPrototype(value)) return -1;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return -1;
  let total = 2;
  // for-in may also list inherited enumerable keys, which JSON.stringify leaves out: a bound can count them.
  for (const key in value) {
    const item = boundOf((value as Record<string, unknown>)[key], budget - total, depth + 1);
    if (item < 0) return -1;
    total += 2 + 6 * key.length + 1 + item + 1;
    if (total > budget) return -1;
  }
  return total;
}
