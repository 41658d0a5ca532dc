/**
 * docs/workflows.md shows `transform` examples with their output. Each ```ts block that calls
 * `transform` is run, and its `result` must equal the ```json block that follows it, so the
 * documentation cannot drift from the code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { transform } from '../src/transform/index.js';

const DOC = readFileSync(join(import.meta.dirname, '..', 'docs', 'workflows.md'), 'utf8');

/** [the ts block, the json block after it] for every ts block that calls transform. */
function examples(markdown: string): Array<[string, string, string]> {
  const blocks = [...markdown.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], code: m[2] ?? '', at: m.index ?? 0 }));
  const out: Array<[string, string, string]> = [];
  blocks.forEach((block, index) => {
    if (block.lang !== 'ts' || !block.code.includes('transform(')) return;
    const next = blocks[index + 1];
    const heading = [...markdown.slice(0, block.at).matchAll(/^## (.+)$/gm)].pop()?.[1] ?? '?';
    out.push([`${heading} #${out.filter(([h]) => h.startsWith(heading)).length + 1}`, block.code, next?.lang === 'json' ? next.code : '']);
  });
  return out;
}

function run(code: string): unknown {
  const body = code.replace(/^import .*$/gm, '');
  const silent = { log: () => undefined };
  return new Function('transform', 'console', `${body}\nreturn result;`)(transform, silent);
}

describe('docs/workflows.md examples', () => {
  const cases = examples(DOC);

  it('has the examples of every workflow', () => {
    expect(cases.length).toBeGreaterThanOrEqual(4);
  });

  it.each(cases)('%s', (_name, code, printed) => {
    expect(printed, 'a ```json block with the output follows the example').not.toBe('');
    expect(JSON.parse(JSON.stringify(run(code)))).toEqual(JSON.parse(printed));
  });
});
