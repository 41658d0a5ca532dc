/**
 * The demo's output as the README shows it: the run's real stdout with the parts that differ from
 * run to run (the emulator's port, the elapsed time, the peak memory) masked as `…`. Everything
 * else (counts, requests, outcomes, the bad events) is deterministic for the built-in sample.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
export const START = '<!-- demo-output:start -->';
export const END = '<!-- demo-output:end -->';

export function maskDemoOutput(text) {
  return text
    .replace(/http:\/\/127\.0\.0\.1:\d+/g, 'http://127.0.0.1:…')
    .replace(/elapsed \d+(?:\.\d+)? (m?s)/g, 'elapsed … $1')
    .replace(/peak RSS \d+ MB/g, 'peak RSS … MB')
    .replace(/[ \t]+$/gm, '');
}

/** Runs the built demo (`node dist/cli.js demo`) and returns its masked stdout. */
export function runDemo() {
  const stdout = execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'demo'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return maskDemoOutput(stdout);
}

/** The README's demo block for `output`. */
export function demoBlock(output) {
  return `${START}\n\`\`\`text\n$ npx iterable-destination demo\n${output.trimEnd()}\n\`\`\`\n${END}`;
}

/** The text between the markers of `readme` (the whole block, markers included), or undefined. */
export function currentBlock(readme) {
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from === -1 || to === -1 || to < from) return undefined;
  return readme.slice(from, to + END.length);
}
