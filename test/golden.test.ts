/**
 * Golden outputs: 10,000 seeded events (a third mutated) through `transform` in both profiles and
 * through `processorTransform` / `routerTransform`, compared with the sha256 of the outputs the
 * implementation gave before the hot path was optimised (fixtures/golden/transform-digests.json).
 * Any change in any output byte of any run changes its digest. After an intended change of output,
 * regenerate with `UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts` and say why in the commit.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processorTransform, routerTransform } from '../src/rudderstack/index.js';
import { transform } from '../src/transform/index.js';
import { GOLDEN_EVENTS, goldenLines, goldenRuns, sha256 } from './golden-inputs.js';

const FILE = join(import.meta.dirname, '..', 'fixtures', 'golden', 'transform-digests.json');
const SAMPLE_EVERY = 997;

interface Golden {
  events: number;
  digests: Record<string, string>;
  samples: Record<string, Record<string, string>>;
}

const runs = goldenRuns({ transform, processorTransform, routerTransform }, goldenLines());

function sampleOf(outputs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let index = 0; index < outputs.length; index += SAMPLE_EVERY) out[String(index)] = outputs[index] as string;
  return out;
}

if (process.env.UPDATE_GOLDEN === '1') {
  const golden: Golden = {
    events: GOLDEN_EVENTS,
    digests: Object.fromEntries(Object.entries(runs).map(([name, outputs]) => [name, sha256(outputs)])),
    samples: Object.fromEntries(Object.entries(runs).map(([name, outputs]) => [name, sampleOf(outputs)])),
  };
  writeFileSync(FILE, `${JSON.stringify(golden, null, 1)}\n`);
}

const golden = JSON.parse(readFileSync(FILE, 'utf8')) as Golden;

describe('golden outputs of 10,000 generated events', () => {
  it('covers every run, each with successes and failures', () => {
    expect(Object.keys(runs).sort()).toEqual(Object.keys(golden.digests).sort());
    for (const [name, outputs] of Object.entries(runs)) {
      const [good, bad] = name.startsWith('transform.') ? ['"ok":true', '"ok":false'] : ['"statusCode":200', '"error":'];
      expect(outputs.filter((text) => text.includes(good)).length, name).toBeGreaterThan(outputs.length / 2);
      expect(outputs.filter((text) => text.includes(bad)).length, name).toBeGreaterThan(outputs.length / 100);
    }
  });

  for (const name of Object.keys(golden.digests)) {
    it(`${name}: the sampled outputs and the digest of all of them are unchanged`, () => {
      const outputs = runs[name] ?? [];
      for (const [index, text] of Object.entries(golden.samples[name] ?? {})) expect(outputs[Number(index)]).toBe(text);
      expect(sha256(outputs)).toBe(golden.digests[name]);
    });
  }
});
