/**
 * Files shipped with the package (fixtures/events/*), found from wherever the CLI runs. We start
 * from the running script (dist/cli.js, through any bin symlink) and walk up to the first
 * directory holding fixtures/events, so a global install, `npx` and a clone find the same files.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';

function scriptDir(): string {
  const script = process.argv[1];
  if (!script) return process.cwd();
  try {
    return dirname(realpathSync(script));
  } catch {
    return dirname(script);
  }
}

export function packageFile(...segments: string[]): string {
  const start = scriptDir();
  let dir = start;
  for (let depth = 0; depth < 4; depth += 1) {
    if (existsSync(join(dir, 'fixtures', 'events'))) return join(dir, ...segments);
    dir = dirname(dir);
  }
  return join(start, '..', ...segments);
}

export const SAMPLE_EVENTS = (): string => packageFile('fixtures', 'events', 'sample.jsonl');
export const SAMPLE_SETTINGS = (): string => packageFile('fixtures', 'events', 'settings.us.json');

/** `x.jsonl` → `x.expected.json`: where the expectations of an events file live. */
export function expectationsFor(eventsFile: string): string {
  return eventsFile.replace(/\.jsonl?$/, '') + '.expected.json';
}
