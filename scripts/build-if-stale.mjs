#!/usr/bin/env node
/**
 * Builds dist/ when it is missing or older than the sources (what `npm start` runs first, so the
 * demo works on a fresh clone now that `npm install` no longer builds: a consumer install must run
 * no scripts). Same rule as the tests' global setup: newest file under src/ (and the build
 * configuration) against the stamp written after the last build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const STAMP = join(ROOT, 'dist', '.build-stamp');

function newestMtime(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const inputs = ['src', 'tsup.config.ts', 'package.json'].map((p) => join(ROOT, p)).filter(existsSync);
const sources = Math.max(...inputs.map(newestMtime));
if (!(existsSync(STAMP) && statSync(STAMP).mtimeMs >= sources)) {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}
