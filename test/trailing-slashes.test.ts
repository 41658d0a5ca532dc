import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withoutTrailingSlashes } from '../src/util/trailing-slashes.js';

describe('withoutTrailingSlashes', () => {
  it.each([
    ['http://127.0.0.1:8080/', 'http://127.0.0.1:8080'],
    ['http://127.0.0.1:8080///', 'http://127.0.0.1:8080'],
    ['http://h/api', 'http://h/api'],
    ['///', ''],
    ['', ''],
  ])('%j → %j', (text, expected) => expect(withoutTrailingSlashes(text)).toBe(expected));

  it('agrees with the replace it stands for', () => {
    const text = fc.array(fc.constantFrom('/', 'a', ':', '.'), { maxLength: 20 }).map((parts) => parts.join(''));
    fc.assert(fc.property(text, (value) => withoutTrailingSlashes(value) === value.replace(/\/+$/, '')), { numRuns: 2_000 });
  });

  it('keeps a long inner run of slashes and trims a long trailing one', () => {
    const hostile = `http://h${'/'.repeat(200_000)}x`;
    expect(withoutTrailingSlashes(hostile)).toBe(hostile);
    expect(withoutTrailingSlashes(`http://h${'/'.repeat(200_000)}`)).toBe('http://h');
  });
});
