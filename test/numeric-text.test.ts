import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDecimalText } from '../src/transform/numeric-text.js';

// The grammar the scanner implements, written as the regular expression it replaced. Used here only, on generated strings.
const DECIMAL = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;

describe('isDecimalText', () => {
  it.each([
    ['12', true],
    [' -3.5e+2 ', true],
    ['.5', true],
    ['5.', true],
    ['\u00a01e3\u3000', true],
    ['+0', true],
    ['', false],
    ['.', false],
    ['-', false],
    ['1e', false],
    ['1e+', false],
    ['0x1F', false],
    ['Infinity', false],
    ['1 2', false],
    ['--1', false],
    ['2025-01-15T09:00:04.760Z', false],
  ])('%j → %s', (text, expected) => {
    expect(isDecimalText(text)).toBe(expected);
    expect(DECIMAL.test(text)).toBe(expected);
  });

  it('agrees with the decimal grammar on strings built from its alphabet and on any string', () => {
    const piece = fc.constantFrom('0', '7', '9', '.', 'e', 'E', '+', '-', ' ', '\t', '\u00a0', '\u2028', '\ufeff', 'x', 'a', '\u0660');
    const text = fc.oneof(fc.array(piece, { maxLength: 12 }).map((parts) => parts.join('')), fc.string({ unit: 'binary' }));
    fc.assert(
      fc.property(text, (value) => isDecimalText(value) === DECIMAL.test(value)),
      { numRuns: 5000 },
    );
  });

  it('reads a 1 MB string of digits and a 1 MB string of spaces in one pass', () => {
    expect(isDecimalText('9'.repeat(1_000_000))).toBe(true);
    expect(isDecimalText(`${' '.repeat(1_000_000)}x`)).toBe(false);
  });
});
