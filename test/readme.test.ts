/**
 * Every ```js example in README.md runs, as a user would run it: written to a file inside the
 * package (so `import … from 'iterable-destination'` resolves to this package's built dist/) and
 * executed with node. What an example prints must match the `// …` comments that follow its
 * console.log calls, in order, so the README cannot drift from the code.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
// Inside the package scope (not under node_modules), so the package can import itself by name.
const WORK = join(ROOT, 'test', '.readme-examples');

interface Example {
  name: string;
  code: string;
  expected: string[];
}

function examples(markdown: string): Example[] {
  const out: Example[] = [];
  for (const match of markdown.matchAll(/```js\n([\s\S]*?)```/g)) {
    const code = match[1] ?? '';
    if (!code.includes("from 'iterable-destination")) continue;
    const heading = [...markdown.slice(0, match.index).matchAll(/^#{2,3} (.+)$/gm)].pop()?.[1] ?? 'README';
    out.push({ name: heading, code, expected: expectedOutput(code) });
  }
  return out;
}

/** The `// …` comment lines that directly follow a console.log statement: what it prints. */
function expectedOutput(code: string): string[] {
  const lines = code.split('\n');
  const fragments: string[] = [];
  let inLog = false;
  let current: string[] = [];
  const flush = () => {
    if (current.length > 0) fragments.push(normalise(current.join(' ')));
    current = [];
  };
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed.startsWith('console.log(')) {
      flush();
      inLog = true;
      const trailing = /\);\s*\/\/ (.*)$/.exec(trimmed);
      if (trailing?.[1]) current.push(trailing[1]);
      continue;
    }
    if (inLog && trimmed.startsWith('//')) {
      current.push(trimmed.replace(/^\/\/ ?/, ''));
      continue;
    }
    // Any other line ends the comments of the previous console.log (README logs fit on one line).
    flush();
    inLog = false;
  }
  flush();
  return fragments.filter((fragment) => fragment.length > 0);
}

/** Whitespace-insensitive; a trailing "..." means "starts with". */
function normalise(text: string): string {
  return text.replace(/\s+/g, '');
}

describe('README examples', () => {
  const cases = examples(README);
  mkdirSync(WORK, { recursive: true });
  afterAll(() => rmSync(WORK, { recursive: true, force: true }));

  it('exist for each public entry point', () => {
    expect(existsSync(join(ROOT, 'dist', 'index.js')), 'run `npm run build` before the tests').toBe(true);
    expect(cases.length).toBeGreaterThanOrEqual(8);
    const code = cases.map((c) => c.code).join('\n');
    for (const name of ['transform', 'createDestination', 'startEmulator', 'processorTransform', 'routerTransform', 'proxyResponse', 'resolveSettings']) {
      expect(code).toContain(name);
    }
  });

  it.each(cases.map((c, index) => [`${index + 1}. ${c.name}`, c] as const))('%s', (_label, example) => {
    const file = join(WORK, `example-${cases.indexOf(example) + 1}.mjs`);
    writeFileSync(file, example.code);
    const run = spawnSync(process.execPath, [file], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(run.status, `the example exits 0\n--- stderr:\n${run.stderr}`).toBe(0);
    expect(example.expected.length, 'the example shows what it prints').toBeGreaterThan(0);
    let output = normalise(run.stdout);
    for (const fragment of example.expected) {
      const prefix = fragment.endsWith('...') ? fragment.slice(0, -3) : fragment;
      const at = output.indexOf(prefix);
      expect(at, `printed output contains ${fragment}\n--- printed:\n${run.stdout}`).toBeGreaterThanOrEqual(0);
      output = output.slice(at + prefix.length);
    }
  });
});
