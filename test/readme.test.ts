/**
 * Every ```js and ```ts example in README.md runs, as a user would run it: written to a file
 * inside the package (so `import … from 'iterable-destination'` resolves to this package's built
 * dist/) and executed with node (TypeScript transpiled first). What an example prints must match
 * the `// …` comments that follow its console.log calls, in order, so the README cannot drift
 * from the code. The ```ts examples are also type-checked against the built package's types.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { docExamples, runExample, typeCheckExamples } from './doc-examples.js';

const ROOT = join(import.meta.dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
// Inside the package scope (not under node_modules), so the package can import itself by name.
const WORK = join(ROOT, 'test', '.readme-examples');

function examples(markdown: string) {
  return docExamples(markdown).map((example) => ({ ...example, expected: expectedOutput(example.code) }));
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
  afterAll(() => rmSync(WORK, { recursive: true, force: true }));

  it('open with a TypeScript example of the package sending to the bundled emulator', () => {
    const first = cases[0];
    expect(first?.lang).toBe('ts');
    expect(first?.code).toContain('startEmulator');
    expect(README.indexOf('npm install iterable-destination')).toBeLessThan(README.indexOf(first?.code ?? '?'));
  });

  it("in TypeScript compile against the built package's types", () => {
    const typed = cases.filter((c) => c.lang === 'ts');
    expect(typed.length).toBeGreaterThanOrEqual(1);
    const diagnostics = typeCheckExamples(typed.map((c, index) => ({ file: `typed-${index + 1}`, code: c.code })), join(WORK, 'typed'));
    expect(diagnostics).toEqual([]);
  });

  it('exist for each public entry point', () => {
    expect(existsSync(join(ROOT, 'dist', 'index.js')), 'run `npm run build` before the tests').toBe(true);
    expect(cases.length).toBeGreaterThanOrEqual(8);
    const code = cases.map((c) => c.code).join('\n');
    for (const name of ['transform', 'createDestination', 'startEmulator', 'processorTransform', 'routerTransform', 'proxyResponse', 'resolveSettings']) {
      expect(code).toContain(name);
    }
  });

  it.each(cases.map((c, index) => [`${index + 1}. ${c.name}`, c] as const))('%s', (_label, example) => {
    const run = runExample(example, WORK, `example-${cases.indexOf(example) + 1}`);
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
