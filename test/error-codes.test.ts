/**
 * The README's "Error codes" table is the union `ErrorCode` written out: one row per code this
 * package defines (src/error-codes.ts) and per code an op declares (src/ops/), in that order.
 * Run with UPDATE_README_TABLES=1 to rewrite the table from the sources.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIBRARY_ERROR_CODES } from '../src/error-codes.js';
import { ConfigurationError, InstrumentationError, NetworkError } from '../src/errors.js';
import { OPS } from '../src/ops/index.js';

const README_PATH = join(import.meta.dirname, '..', 'README.md');
const START = '<!-- error-codes:start -->';
const END = '<!-- error-codes:end -->';

function expectedTable(): string {
  const rows = ['| code | carried by | meaning |', '| --- | --- | --- |'];
  for (const [code, info] of Object.entries(LIBRARY_ERROR_CODES)) {
    const sources = (typeof info.source === 'string' ? [info.source] : [...info.source]) as string[];
    rows.push(`| \`${code}\` | ${sources.map((source) => (source === 'outcome' ? 'outcome' : `\`${source}\``)).join(', ')} | ${info.meaning} |`);
  }
  for (const op of OPS) {
    for (const [code, meaning] of Object.entries(op.errorCodes)) rows.push(`| \`${code}\` | \`InstrumentationError\` (op \`${op.name}\`) | ${meaning} |`);
  }
  return rows.join('\n');
}

function readmeTable(readme: string): string | undefined {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) return undefined;
  return readme.slice(start + START.length, end).trim();
}

describe('error codes', () => {
  it('the README table lists exactly the codes of the sources, with their meanings', () => {
    let readme = readFileSync(README_PATH, 'utf8');
    if (process.env.UPDATE_README_TABLES === '1') {
      const start = readme.indexOf(START);
      const end = readme.indexOf(END);
      readme = `${readme.slice(0, start + START.length)}\n${expectedTable()}\n${readme.slice(end)}`;
      writeFileSync(README_PATH, readme);
    }
    expect(readmeTable(readme)).toBe(expectedTable());
  });

  it('no code is declared twice (by the library and by an op, or by two ops)', () => {
    const codes = [...Object.keys(LIBRARY_ERROR_CODES), ...OPS.flatMap((op) => Object.keys(op.errorCodes))];
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('the error classes default to codes of the table', () => {
    expect(Object.hasOwn(LIBRARY_ERROR_CODES, new InstrumentationError('x').code)).toBe(true);
    expect(Object.hasOwn(LIBRARY_ERROR_CODES, new ConfigurationError('x').code)).toBe(true);
    expect(Object.hasOwn(LIBRARY_ERROR_CODES, new NetworkError('x').code)).toBe(true);
  });
});
