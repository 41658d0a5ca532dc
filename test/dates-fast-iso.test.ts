/**
 * The digit-by-digit reading of ISO times (`isoUtcMs`) against the Date parser it stands in for:
 * whatever it returns is what `new Date(text).getTime()` returns, on ISO texts with any digits
 * (out-of-range months, days, hours included) and on arbitrary strings; and it does answer for the
 * times `toISOString()` writes, so the fast path is taken.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoUtcMs, jsDateMs } from '../src/transform/dates.js';

const pad = (value: number, width: number) => String(value).padStart(width, '0');
const isoLike = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }),
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 0, max: 999 }),
  )
  .map(([y, mo, d, h, mi, s, ms]) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}Z`);

/** An ISO-like text with one character, anywhere, replaced by one that is not a digit (nor the separator there). */
const withOneBadCharacter = fc
  .tuple(isoLike, fc.nat({ max: 23 }), fc.constantFrom('x', '/', ':', ' ', '+', '-', 'Z', '.'))
  .map(([text, index, bad]) => text.slice(0, index) + bad + text.slice(index + 1));

describe('isoUtcMs', () => {
  it('refuses a letter in place of any digit (hours, minutes and seconds included)', () => {
    for (const text of ['2025-01-15Tx9:00:04.760Z', '2025-01-15T09:0x:04.760Z', '2025-01-15T09:00:0x.760Z', '2025-01-15T09:00:04.7x0Z']) {
      expect(isoUtcMs(text)).toBeUndefined();
      expect(jsDateMs(text)).toBeNaN();
    }
  });

  it('agrees with the Date parser whenever it answers', () => {
    fc.assert(
      fc.property(fc.oneof(isoLike, fc.string({ maxLength: 30 }), withOneBadCharacter), (text) => {
        const fast = isoUtcMs(text);
        if (fast !== undefined) expect(fast).toBe(new Date(text).getTime());
        expect(jsDateMs(text)).toEqual(new Date(text).getTime());
      }),
      { numRuns: 5000, seed: 2026 },
    );
  });

  it('counts days as Date.UTC does, for every month of every year it answers for', () => {
    let checked = 0;
    for (let year = 1000; year <= 9999; year += 1) {
      for (let month = 1; month <= 12; month += 1) {
        for (const day of [1, 28]) {
          const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T23:59:59.999Z`;
          const expected = Date.UTC(year, month - 1, day, 23, 59, 59, 999);
          if (isoUtcMs(text) !== expected) expect(isoUtcMs(text)).toBe(expected);
          checked += 1;
        }
      }
    }
    expect(checked).toBe(9000 * 24);
  });

  it('answers for the times toISOString writes', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), (date) => {
        const text = date.toISOString();
        if (date.getUTCDate() <= 28) expect(isoUtcMs(text)).toBe(date.getTime());
      }),
      { numRuns: 2000, seed: 7 },
    );
    expect(isoUtcMs('2025-01-15T09:30:27.242Z')).toBe(Date.parse('2025-01-15T09:30:27.242Z'));
  });
});
