/**
 * Arbitraries that write hostile JSON *text*: objects whose keys include `__proto__`,
 * `constructor` and `prototype`, as a client would send them. Parsed with JSON.parse they become
 * own keys (an object literal in a test file would set the prototype instead), which is exactly
 * what reaches the library from HTTP bodies, JSONL files and config files.
 */
import fc from 'fast-check';
import toPath from 'lodash/toPath.js';

export const FORBIDDEN = ['__proto__', 'constructor', 'prototype'] as const;

/** A JSON value written as text; `hostile` counts the forbidden keys and paths it holds. */
export interface Json {
  readonly text: string;
  readonly hostile: number;
}

export const json = (value: unknown): Json => ({ text: JSON.stringify(value), hostile: 0 });

export function object(pairs: ReadonlyArray<readonly [string, Json | undefined]>): Json {
  // JSON.parse keeps the last of repeated keys: only that one is written (and counted).
  const last = new Map<string, Json>();
  for (const [key, value] of pairs) if (value !== undefined) last.set(key, value);
  const present = [...last];
  return {
    text: `{${present.map(([key, value]) => `${JSON.stringify(key)}:${value.text}`).join(',')}}`,
    hostile: present.reduce((sum, [key, value]) => sum + value.hostile + (isForbidden(key) ? 1 : 0), 0),
  };
}

export function array(items: readonly Json[]): Json {
  return { text: `[${items.map((item) => item.text).join(',')}]`, hostile: items.reduce((sum, item) => sum + item.hostile, 0) };
}

/** A path string; hostile when lodash's own `toPath` finds a forbidden segment in it. */
export function pathText(path: string): Json {
  return { text: JSON.stringify(path), hostile: isHostilePath(path) ? 1 : 0 };
}

export function isHostilePath(path: string): boolean {
  return toPath(path).some(isForbidden);
}

/** A field name (dots read as nesting); hostile when a dot-part is forbidden. */
export function fieldNameText(name: string): Json {
  return { text: JSON.stringify(name), hostile: name.split('.').some(isForbidden) ? 1 : 0 };
}

function isForbidden(key: string): boolean {
  return (FORBIDDEN as readonly string[]).includes(key);
}

export const arbKey = fc.constantFrom(...FORBIDDEN, 'polluted', 'email', 'a', 'toString', 'hasOwnProperty', 'valueOf', 'isAdmin');

/** Paths a hostile config or event may carry, in dot, bracket and quoted forms. */
export const arbHostilePath = fc.oneof(
  fc.constantFrom(
    '__proto__.polluted',
    'constructor.prototype.polluted',
    'traits.__proto__.polluted',
    'a.constructor.prototype.polluted',
    '["__proto__"].polluted',
    "a['constructor']['prototype'].polluted",
    '__proto__[polluted]',
    'prototype',
    // lodash unescapes a backslash inside quotes: this is `a.__proto__.polluted`.
    'a["__pro\\to__"].polluted',
  ),
  fc.array(fc.oneof(arbKey, fc.constantFrom('0', 'x')), { minLength: 1, maxLength: 5 }).map((keys) => keys.join('.')),
);

/** A JSON tree whose object keys are drawn from `arbKey`, at most `depth` levels deep. */
export const arbTree: fc.Arbitrary<Json> = fc.letrec<{ tree: Json }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null)).map(json),
    fc.array(tie('tree'), { maxLength: 3 }).map(array),
    fc.array(fc.tuple(arbKey, tie('tree')), { maxLength: 4 }).map(object),
  ),
})).tree;

/** A hostile object (never a scalar): what goes where the library expects traits or properties. */
export const arbHostileObject: fc.Arbitrary<Json> = fc.array(fc.tuple(arbKey, arbTree), { maxLength: 5 }).map(object);
