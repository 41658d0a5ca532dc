import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonBytesAtMost } from '../src/util/json-bytes-bound.js';

const bytesOf = (value: unknown): number => Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');

/** JSON values with the strings that escape worst: control characters, lone surrogates, astral characters. */
const nasty = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ unit: 'binary' }),
    fc.constantFrom('\u0000\u001f"\\', '\ud800', '\udfff\ud800', '😀', '\u2028'),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie('value'), { maxLength: 6 }),
    fc.dictionary(fc.string({ unit: 'binary', maxLength: 8 }), tie('value'), { maxKeys: 6 }),
  ),
})).value;

describe('jsonBytesAtMost', () => {
  it('never says a value fits when its JSON text is bigger than the limit', () => {
    let proven = 0;
    fc.assert(
      fc.property(nasty, fc.nat({ max: 2_000 }), (value, limit) => {
        if (!jsonBytesAtMost(value, limit)) return;
        proven += 1;
        expect(bytesOf(value)).toBeLessThanOrEqual(limit);
      }),
      { numRuns: 3_000 },
    );
    // The property says something only about values the bound accepted: most of them should be.
    expect(proven).toBeGreaterThan(1_000);
  });

  it('proves an ordinary body fits within six times its size', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        expect(jsonBytesAtMost(value, 6 * bytesOf(value) + 64)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['a Date (toJSON)', { at: new Date(0) }],
    ['a class instance', { user: new (class User {})() }],
    ['a bigint', { n: 10n }],
    ['an object with its own toJSON', { toJSON: () => 'x' }],
  ])('cannot tell for %s, so the caller measures', (_name, value) => {
    expect(jsonBytesAtMost(value, 1_000_000)).toBe(false);
  });

  it('stops at the limit and at nesting it will not walk', () => {
    expect(jsonBytesAtMost('x'.repeat(100), 100)).toBe(false);
    let deep: unknown = 1;
    for (let level = 0; level < 300; level += 1) deep = [deep];
    expect(jsonBytesAtMost(deep, 1_000_000)).toBe(false);
  });
});
