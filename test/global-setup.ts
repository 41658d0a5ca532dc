/**
 * Builds `dist/` before the tests whenever it is missing or older than the sources, so no test
 * (the CLI, the package entry points, the out-of-process scripts) ever runs against a stale build.
 * Staleness is decided by modification times: the newest file under `src/` (and the build
 * configuration) against the stamp written after the last build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const STAMP = join(ROOT, 'dist', '.build-stamp');

function newestMtime(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export default function setup(): void {
  const inputs = ['src', 'tsup.config.ts', 'package.json'].map((p) => join(ROOT, p)).filter(existsSync);
  const sources = Math.max(...inputs.map(newestMtime));
  if (existsSync(STAMP) && statSync(STAMP).mtimeMs >= sources) return;
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}
