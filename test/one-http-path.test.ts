/**
 * One HTTP path: only src/http/undici-request.ts sends requests with undici (`request`, `fetch`,
 * `stream`, `pipeline`, `connect`); other modules may import undici types and pools, never a
 * function that sends. A second path would need its own timeouts, error mapping and tests.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');
const SENDERS = new Set(['request', 'fetch', 'stream', 'pipeline', 'connect', 'upgrade']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

/** The value names a file imports from undici (type-only imports excluded). */
function undiciValueImports(source: string): string[] {
  const names: string[] = [];
  for (const match of source.matchAll(/^import\s+(type\s+)?\{([^}]*)\}\s+from\s+'undici';/gm)) {
    if (match[1]) continue;
    for (const part of (match[2] ?? '').split(',')) {
      const name = part.trim();
      if (name !== '' && !name.startsWith('type ')) names.push(name.split(/\s+as\s+/)[0] as string);
    }
  }
  return names;
}

describe('HTTP', () => {
  it('is sent by one module only', () => {
    const senders = sourceFiles(SRC).filter((file) => undiciValueImports(readFileSync(file, 'utf8')).some((name) => SENDERS.has(name)));
    expect(senders.map((file) => relative(SRC, file))).toEqual(['http/undici-request.ts']);
  });

  it('no module uses the global fetch to reach Iterable', () => {
    const users = sourceFiles(SRC).filter((file) => /\bfetch\(/.test(readFileSync(file, 'utf8')));
    expect(users.map((file) => relative(SRC, file))).toEqual([]);
  });

  it('the detector sees a sending import', () => {
    expect(undiciValueImports("import { Agent, request, type Dispatcher } from 'undici';")).toEqual(['Agent', 'request']);
    expect(undiciValueImports("import type { Dispatcher } from 'undici';")).toEqual([]);
  });
});
