/**
 * The guard's pieces on their own: path syntax and parsing (lodash semantics, old dotted paths
 * unchanged), forbidden segments, depth walks against a recursive reference, key scans, own-key
 * copies, and the bounded edit distance behind "did you mean".
 */
import fc from 'fast-check';
import toPath from 'lodash/toPath.js';
import { describe, expect, it } from 'vitest';
import {
  MAX_PATH_LENGTH,
  assignOwn,
  exceedsDepth,
  findKeyProblem,
  isWellFormedPath,
  parseUserPath,
  pathBeyondDepth,
} from '../src/guard/index.js';
import { didYouMean, editDistance } from '../src/util/did-you-mean.js';

/** The rule settings applied before brackets were accepted. */
const OLD_DOTTED_PATH = /^[A-Za-z_$][\w$-]*(\.[\w$-]+)*$/;

describe('user paths', () => {
  it('every path the old dotted rule accepted is still accepted, with the same segments as split(".")', () => {
    const arbName = fc.stringMatching(/^[A-Za-z_$][\w$-]{0,6}$/);
    const arbSegment = fc.stringMatching(/^[\w$-]{1,6}$/);
    fc.assert(
      fc.property(arbName, fc.array(arbSegment, { maxLength: 5 }), (first, rest) => {
        const path = [first, ...rest].join('.');
        expect(OLD_DOTTED_PATH.test(path)).toBe(true);
        expect(isWellFormedPath(path)).toBe(true);
        const parsed = parseUserPath(path);
        const forbidden = path.split('.').some((s) => ['__proto__', 'constructor', 'prototype'].includes(s));
        if (forbidden) expect(parsed.ok).toBe(false);
        else expect(parsed.ok && [...parsed.segments]).toEqual(path.split('.'));
      }),
    );
  });

  it('reads brackets and quoted keys as lodash does', () => {
    const cases: Array<[string, string[]]> = [
      ['properties.items[0].sku', ['properties', 'items', '0', 'sku']],
      ['traits["first name"]', ['traits', 'first name']],
      ["traits['a.b'].c", ['traits', 'a.b', 'c']],
      ['traits["say \\"hi\\""]', ['traits', 'say "hi"']],
    ];
    for (const [path, segments] of cases) {
      expect(isWellFormedPath(path), path).toBe(true);
      const parsed = parseUserPath(path);
      expect(parsed.ok && [...parsed.segments], path).toEqual(segments);
      expect(segments).toEqual(toPath(path));
    }
  });

  it('refuses what is not a path, and any path with a prototype segment in any spelling', () => {
    for (const path of ['traits..name', '.traits', 'traits.', 'traits/customerId', 'traits[0', 'traits["a"', 'traits[a]', '1a', '']) {
      expect(isWellFormedPath(path), path).toBe(false);
    }
    for (const path of ['__proto__', 'a.constructor.prototype', 'a["__proto__"]', "a['prototype']", 'a["__pro\\to__"]', 'a[constructor]']) {
      const parsed = parseUserPath(path);
      expect(parsed.ok, path).toBe(false);
      if (!parsed.ok) expect(parsed.problem.kind).toBe('forbidden');
    }
    const long = parseUserPath(`a${'.b'.repeat(MAX_PATH_LENGTH)}`);
    expect(long.ok === false && long.problem.kind).toBe('tooLong');
  });

  it('the syntax check agrees with lodash on the segments of every well-formed path', () => {
    const arbPiece = fc.constantFrom('a', 'b1', '$x', '-', '.', '[', ']', '"', "'", '\\', '0', ' ', '.c', '[0]', '["k"]');
    fc.assert(
      fc.property(fc.array(arbPiece, { maxLength: 10 }).map((p) => p.join('')), (path) => {
        if (!isWellFormedPath(path)) return;
        // No empty segment, nothing lost: joined back, the segments hold every name character.
        const segments = toPath(path);
        expect(segments.length).toBeGreaterThan(0);
        expect(segments.every((s) => s.length > 0)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

/** Depth by plain recursion, on values shallow enough for it. */
function referenceDepth(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Object.values(value as object);
  return 1 + Math.max(0, ...children.map(referenceDepth));
}

describe('depth walks', () => {
  it('exceedsDepth agrees with a recursive depth on any JSON value and limit', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 8 }), (value, limit) => {
        expect(exceedsDepth(value, limit)).toBe(referenceDepth(value) > limit);
        const path = pathBeyondDepth(value, limit);
        expect(path.length).toBe(referenceDepth(value) > limit ? limit : 0);
      }),
    );
  });

  it('walks 1,000,000 levels without a stack', () => {
    let value: unknown = 1;
    for (let i = 0; i < 1_000_000; i += 1) value = { a: value };
    expect(exceedsDepth(value, 100)).toBe(true);
    expect(pathBeyondDepth(value, 100)).toHaveLength(100);
    expect(findKeyProblem(value, 100)?.kind).toBe('depth');
  });

  it('findKeyProblem finds a forbidden key at any depth and names its path; cycles are not a depth problem', () => {
    const settings = JSON.parse('{"a":{"b":[{"c":1},{"__proto__":{"x":1}}]}}');
    expect(findKeyProblem(settings)).toEqual({ kind: 'forbidden', path: ['a', 'b', '1', '__proto__'] });
    expect(findKeyProblem({ a: { constructor: 1 } })).toEqual({ kind: 'forbidden', path: ['a', 'constructor'] });
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(findKeyProblem(cyclic)).toBeUndefined();
  });

  it('assignOwn copies a __proto__ key as data, where Object.assign would replace the prototype', () => {
    const source = JSON.parse('{"__proto__":{"polluted":1},"a":2}');
    const target = assignOwn({} as Record<string, unknown>, source);
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
    expect(Object.keys(target)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(Object.assign({}, source))).not.toBe(Object.prototype);
  });
});

/** Optimal string alignment distance, by the textbook full table. */
function referenceDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

describe('did you mean', () => {
  it('editDistance equals the full-table reference, and the bounded form caps at limit + 1', () => {
    const arbWord = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 8 });
    fc.assert(
      fc.property(arbWord, arbWord, fc.integer({ min: 0, max: 4 }), (a, b, limit) => {
        const exact = referenceDistance(a, b);
        expect(editDistance(a, b)).toBe(exact);
        expect(editDistance(a, b, limit)).toBe(Math.min(exact, limit + 1));
      }),
      { numRuns: 2000 },
    );
  });

  it('suggests the setting a typo meant, and nothing for names far from every candidate', () => {
    const keys = ['apiKey', 'dataCenter', 'fieldMapping', 'userIdPath', 'staticFields', 'systemFields'];
    expect(didYouMean('apikey', keys)).toBe('apiKey');
    expect(didYouMean('dataCentre', keys)).toBe('dataCenter');
    expect(didYouMean('feildMapping', keys)).toBe('fieldMapping');
    expect(didYouMean('userIdPth', keys)).toBe('userIdPath');
    expect(didYouMean('color', keys)).toBeUndefined();
    expect(didYouMean('x'.repeat(10_000), keys)).toBeUndefined();
  });
});
