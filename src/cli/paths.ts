/**
 * Files shipped with the package (fixtures/events/*), found from wherever the CLI runs: the built
 * dist/ (ESM or CJS) or the sources. We walk up from this module's directory to the first one
 * holding fixtures/events, so a global install, `npx` and a clone all find the same files.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function moduleDir(): string {
  // The CJS build has no import.meta (esbuild leaves `url` undefined there) but has __dirname.
  const url = (import.meta as { url?: string }).url;
  if (url) return dirname(fileURLToPath(url));
  return typeof __dirname === 'string' ? __dirname : process.cwd();
}

export function packageFile(...segments: string[]): string {
  let dir = moduleDir();
  for (let depth = 0; depth < 4; depth += 1) {
    if (existsSync(join(dir, 'fixtures', 'events'))) return join(dir, ...segments);
    dir = dirname(dir);
  }
  return join(moduleDir(), '..', ...segments);
}

export const SAMPLE_EVENTS = (): string => packageFile('fixtures', 'events', 'sample.jsonl');
export const SAMPLE_SETTINGS = (): string => packageFile('fixtures', 'events', 'settings.us.json');

/** `x.jsonl` → `x.expected.json`: where the expectations of an events file live. */
export function expectationsFor(eventsFile: string): string {
  return eventsFile.replace(/\.jsonl?$/, '') + '.expected.json';
}
