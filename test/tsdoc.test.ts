/**
 * Every exported declaration of the built main entry point (dist/index.d.ts) carries TSDoc, so
 * an editor shows what each one does. scripts/check-tsdoc.mjs counts them (all entry points).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tsdocReport } from '../scripts/check-tsdoc.mjs';

describe('TSDoc on the public API', () => {
  const report = tsdocReport();

  it('dist/index.d.ts: no exported declaration without TSDoc', () => {
    expect(report.index.declarations).toBeGreaterThanOrEqual(40);
    expect(report.index.undocumented).toEqual([]);
  });

  it('dist/transform.d.ts: no exported declaration without TSDoc', () => {
    expect(report.transform.undocumented).toEqual([]);
  });

  it('the counter finds an undocumented declaration, also behind a re-export (so the checks above can fail)', () => {
    const root = mkdtempSync(join(tmpdir(), 'tsdoc-'));
    try {
      mkdirSync(join(root, 'dist'));
      writeFileSync(join(root, 'dist', 'chunk.d.ts'), '/** Documented. */\ndeclare function a(): void;\ndeclare function b(): void;\nexport { a, b };\n');
      writeFileSync(join(root, 'dist', 'index.d.ts'), "export { a, b } from './chunk.js';\n/** Documented. */\nexport declare const c: number;\nexport interface D {}\n");
      writeFileSync(join(root, 'dist', 'transform.d.ts'), 'export {};\n');
      writeFileSync(join(root, 'dist', 'rudderstack.d.ts'), 'export {};\n');
      const fake = tsdocReport(root);
      expect(fake.index).toEqual({ declarations: 4, documented: 2, undocumented: ['D', 'b'], namespaces: [] });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
