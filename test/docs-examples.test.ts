/**
 * Every example in docs/*.md that imports the package runs as a user would run it (a child node,
 * the built package), exits 0 without writing to stderr, and prints what its `// …` comments
 * after console.log say (the README's convention; "…" stands for anything). The TypeScript ones are also
 * type-checked against the built package's types.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { docExamples, ROOT, runExample, typeCheckExamples } from './doc-examples.js';

const DOCS = join(ROOT, 'docs');
const WORK = join(ROOT, 'test', '.docs-examples');

/** The `// …` comment after a one-line console.log: what it prints (whitespace ignored). */
function printed(code: string): string[] {
  return [...code.matchAll(/^\s*console\.log\(.*\);\s*\/\/ (.+)$/gm)].map((match) => (match[1] ?? '').replace(/\s+/g, ''));
}

const cases = readdirSync(DOCS)
  .filter((file) => file.endsWith('.md'))
  .sort()
  .flatMap((file) => docExamples(readFileSync(join(DOCS, file), 'utf8')).map((example, index) => ({ ...example, file, id: `${file.replace('.md', '')}-${index + 1}` })));

describe('docs/ examples', () => {
  afterAll(() => rmSync(WORK, { recursive: true, force: true }));

  it('exist in the guides that show code', () => {
    const files = new Set(cases.map((c) => c.file));
    for (const file of ['delivery.md', 'emulator.md', 'rudderstack.md', 'sync-modes.md', 'workflows.md']) expect(files, file).toContain(file);
  });

  it("in TypeScript compile against the built package's types", () => {
    const typed = cases.filter((c) => c.lang === 'ts');
    expect(typed.length).toBeGreaterThanOrEqual(4);
    expect(typeCheckExamples(typed.map((c) => ({ file: c.id, code: c.code })), join(WORK, 'typed'))).toEqual([]);
  });

  it.each(cases.map((c) => [`${c.file}: ${c.name}`, c] as const))('%s runs', (_label, example) => {
    const run = runExample(example, WORK, example.id);
    expect(run.status, `exit code\n--- stderr:\n${run.stderr}`).toBe(0);
    expect(run.stderr).toBe('');
    let output = run.stdout.replace(/\s+/g, '');
    // "…" or "..." in a comment stands for whatever the example prints there.
    for (const piece of printed(example.code).flatMap((fragment) => fragment.split(/…|\.\.\./)).filter(Boolean)) {
      const at = output.indexOf(piece);
      expect(at, `prints ${piece}\n--- printed:\n${run.stdout}`).toBeGreaterThanOrEqual(0);
      output = output.slice(at + piece.length);
    }
  });
});
