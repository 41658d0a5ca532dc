/**
 * Keys that must never be followed or written when they come from users: `__proto__` reaches an
 * object's prototype (on a plain object, shared by every object in the process), `constructor` and
 * `prototype` lead to the same place one step later (`x.constructor.prototype`).
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** True for `__proto__`, `constructor` and `prototype`. */
export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key);
}

/** The first forbidden segment among `segments`, or undefined. */
export function forbiddenSegment(segments: readonly string[]): string | undefined {
  for (const segment of segments) if (FORBIDDEN_KEYS.has(segment)) return segment;
  return undefined;
}

/**
 * An empty object without a prototype, for data keyed by user strings: a key `__proto__` is then
 * an ordinary own key, and no inherited name (`toString`, `hasOwnProperty`) can be read as data.
 */
export function nullPrototype<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * The forbidden part of a field name such as `address.__proto__` (Iterable reads dots in field
 * names as nesting), or undefined.
 */
export function forbiddenFieldPart(name: string): string | undefined {
  return forbiddenSegment(name.split('.'));
}

/**
 * Copies `source`'s own enumerable keys onto `target` as data properties. Unlike `Object.assign`,
 * which assigns, a key `__proto__` in `source` (JSON.parse makes such own keys) cannot replace the
 * target's prototype.
 */
export function assignOwn<T extends object>(target: T, source: object): T {
  for (const key of Object.keys(source)) {
    Object.defineProperty(target, key, {
      value: (source as Record<string, unknown>)[key],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return target;
}
