/**
 * README.md's demo block is the built demo's real output (masked where runs differ: port, time,
 * memory). This runs `node dist/cli.js demo` and fails when the README says anything else; run
 * `node scripts/refresh-readme-demo.mjs` to update the block after a deliberate change.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentBlock, demoBlock, maskDemoOutput, runDemo } from '../../scripts/demo-output.mjs';

const README = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

describe("README's demo block", () => {
  it('masks only what differs between runs', () => {
    expect(maskDemoOutput('emulator at http://127.0.0.1:41234 (x)\nretries 0 · 429s 0 · elapsed 10.6 s · peak RSS 165 MB\nrequests: 2,152\n')).toBe(
      'emulator at http://127.0.0.1:… (x)\nretries 0 · 429s 0 · elapsed … s · peak RSS … MB\nrequests: 2,152\n',
    );
  });

  it('is what the demo prints', { timeout: 180_000 }, () => {
    const block = currentBlock(README);
    expect(block, 'README.md has the demo-output markers').toBeDefined();
    expect(block).toBe(demoBlock(runDemo()));
  });
});
