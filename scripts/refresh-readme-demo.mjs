#!/usr/bin/env node
/**
 * Rewrites README.md's demo block from a real run of the built demo (`npm run build` first).
 * test/readme-demo.test.ts runs the demo the same way and fails when the block has drifted.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentBlock, demoBlock, runDemo } from './demo-output.mjs';

const README = join(import.meta.dirname, '..', 'README.md');
const readme = readFileSync(README, 'utf8');
const block = currentBlock(readme);
if (block === undefined) throw new Error('README.md has no <!-- demo-output:start --> … <!-- demo-output:end --> markers');
writeFileSync(README, readme.replace(block, () => demoBlock(runDemo())));
process.stdout.write('README.md demo block refreshed\n');
