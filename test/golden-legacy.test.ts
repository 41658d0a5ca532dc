/**
 * TEMPORARY, deleted once the hot path is done: the optimised sources against a bundle of the
 * implementation before the optimisation (test/legacy/), output by output on the golden inputs,
 * so a difference is reported at the first event that differs instead of as a digest mismatch.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { processorTransform, routerTransform } from '../src/rudderstack/index.js';
import { transform } from '../src/transform/index.js';
import { goldenLines, goldenRuns } from './golden-inputs.js';

const legacyDir = join(import.meta.dirname, 'legacy');
const legacyIndex = (await import(pathToFileURL(join(legacyDir, 'index.mjs')).href)) as { transform: typeof transform };
const legacyRudderStack = (await import(pathToFileURL(join(legacyDir, 'rudderstack.mjs')).href)) as {
  processorTransform: typeof processorTransform;
  routerTransform: typeof routerTransform;
};

const lines = goldenLines();
const now = goldenRuns({ transform, processorTransform, routerTransform }, lines);
const before = goldenRuns({ transform: legacyIndex.transform, ...legacyRudderStack }, lines);

describe('optimised path against the previous implementation', () => {
  for (const name of Object.keys(before)) {
    it(`${name}: every output equal`, () => {
      const a = now[name] ?? [];
      const b = before[name] ?? [];
      expect(a.length).toBe(b.length);
      const first = a.findIndex((text, index) => text !== b[index]);
      if (first >= 0) expect({ index: first, input: lines[first], output: a[first] }).toEqual({ index: first, input: lines[first], output: b[first] });
    });
  }
});
