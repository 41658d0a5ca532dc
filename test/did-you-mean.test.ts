import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../src/util/did-you-mean.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['flaw', 'lawn', 2],
    ['transform', 'transfrom', 1], // a swap of two neighbours is one edit
    ['send', 'sned', 1],
    ['abc', 'cab', 2],
  ])('%j → %j is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });

  it('is zero only for equal strings, symmetric, and at most the longer length', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        expect(editDistance(a, b) === 0).toBe(a === b);
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(editDistance(a, b)).toBeLessThanOrEqual(Math.max(a.length, b.length));
      }),
    );
  });

  it('with a limit, answers exactly up to the limit and limit + 1 beyond it', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), fc.nat(6), (a, b, limit) => {
        const exact = editDistance(a, b);
        expect(editDistance(a, b, limit)).toBe(exact <= limit ? exact : limit + 1);
      }),
    );
  });
});

describe('didYouMean', () => {
  const commands = ['transform', 'send', 'emulator', 'serve', 'demo'];

  it.each([
    ['transfrom', 'transform'],
    ['sedn', 'send'],
    ['emulater', 'emulator'],
    ['Demo', 'demo'],
    ['serv', 'serve'],
  ])('%j → %j', (typed, expected) => {
    expect(didYouMean(typed, commands)).toBe(expected);
  });

  it.each(['deploy', 'x', '', 'completely-different'])('%j → no suggestion', (typed) => {
    expect(didYouMean(typed, commands)).toBeUndefined();
  });

  it('never suggests a name further than three edits away, and gives up on very long input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.array(fc.string({ maxLength: 20 }), { maxLength: 6 }), (typed, names) => {
        const suggestion = didYouMean(typed, names);
        if (suggestion !== undefined) {
          expect(names).toContain(suggestion);
          expect(editDistance(typed.toLowerCase(), suggestion.toLowerCase())).toBeLessThanOrEqual(3);
        }
      }),
    );
    expect(didYouMean(`${'a'.repeat(70)}`, ['a'.repeat(70)])).toBeUndefined();
  });
});
