/**
 * `isIterableDestinationError` across the dual-package hazard: one node process (a child, as a
 * user's would be) loads both the ESM and the CJS build. Each build has its own error classes, so
 * `instanceof` fails across them; the brand check must recognise an error from either build.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
// Inside the package (not under node_modules), so both builds load by the package's own name.
const WORK = mkdtempSync(join(ROOT, 'test', '.brand-'));
afterAll(() => rmSync(WORK, { recursive: true, force: true }));

/** The checks, written once; `esm` and `cjs` are the two builds' namespaces. */
const CHECKS = `
function checks(esm, cjs) {
  const group = { type: 'group', userId: 'u1' };
  const fromCjs = cjs.transform(group, { apiKey: 'k' }).error;
  const fromEsm = esm.transform(group, { apiKey: 'k' }).error;
  return {
    twoCopies: esm.IterableDestinationError !== cjs.IterableDestinationError,
    instanceofAcross: fromCjs instanceof esm.IterableDestinationError || fromEsm instanceof cjs.IterableDestinationError,
    instanceofSame: fromCjs instanceof cjs.IterableDestinationError && fromEsm instanceof esm.IterableDestinationError,
    brandAcross: esm.isIterableDestinationError(fromCjs) && cjs.isIterableDestinationError(fromEsm),
    brandSame: esm.isIterableDestinationError(fromEsm) && cjs.isIterableDestinationError(fromCjs),
    subclasses: esm.isIterableDestinationError(new cjs.NetworkError('down')) && cjs.isIterableDestinationError(new esm.ConfigurationError('bad')),
    fromTransformEntry: esm.isIterableDestinationError(fromCjs) === true,
    lookalikes: [new Error('x'), { code: 'INVALID_EVENT', statusCode: 400 }, { ...fromEsm }, JSON.parse(JSON.stringify(fromEsm)), null, undefined, 'error', 42]
      .some((value) => esm.isIterableDestinationError(value) || cjs.isIterableDestinationError(value)),
  };
}
`;

const ESM_SCRIPT = `import { createRequire } from 'node:module';
import * as esm from 'iterable-destination';
const cjs = createRequire(import.meta.url)('iterable-destination');
${CHECKS}
console.log(JSON.stringify(checks(esm, cjs)));
`;

const CJS_SCRIPT = `const cjs = require('iterable-destination/transform');
${CHECKS}
import('iterable-destination/transform').then((esm) => console.log(JSON.stringify(checks(esm, cjs))));
`;

const EXPECTED = {
  twoCopies: true,
  instanceofAcross: false,
  instanceofSame: true,
  brandAcross: true,
  brandSame: true,
  subclasses: true,
  fromTransformEntry: true,
  lookalikes: false,
};

describe('isIterableDestinationError with the ESM and CJS builds in one process', () => {
  it.each([
    ['an ESM script that also requires the CJS build', 'check.mjs', ESM_SCRIPT],
    ['a CJS script that also imports the ESM build', 'check.cjs', CJS_SCRIPT],
  ])('%s', (_label, name, source) => {
    const file = join(WORK, name);
    writeFileSync(file, source);
    const run = spawnSync(process.execPath, [file], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(EXPECTED);
  });
});
