/**
 * User-supplied paths into events (`fieldMapping[].from`, `userIdPath`, a rETL `identifierType`):
 * parsed with lodash's `toPath`, so `a.b`, `a[0].b` and `a["b.c"]` mean what they mean in lodash
 * and dot-prop, then checked: bounded length and segment count, no forbidden segment. (Settings also refuse
 * empty segments; an event's rETL `identifierType` keeps them, as lodash's `set` does.)
 *
 * `toPath` runs one global regex over the string whose alternatives each consume what they match
 * without overlapping; its time grows linearly with the length (bench: `--only hostile`). The
 * length cap bounds it anyway.
 */
import toPath from 'lodash/toPath.js';
import { isForbiddenKey } from './keys.js';

/** Longest path accepted, in UTF-16 units: far beyond any real path, small enough to parse in microseconds. */
export const MAX_PATH_LENGTH = 1024;
/** Most segments accepted (the nesting depth a path can address). */
export const MAX_PATH_SEGMENTS = 100;

export type PathProblem =
  | { kind: 'forbidden'; segment: string }
  | { kind: 'empty' }
  | { kind: 'tooLong'; length: number }
  | { kind: 'tooManySegments'; count: number };

export type ParsedPath = { ok: true; segments: readonly string[] } | { ok: false; problem: PathProblem };

/** Recently parsed paths; settings paths repeat on every event. Bounded: emptied when full. */
const parsed = new Map<string, ParsedPath>();
const MAX_REMEMBERED = 1000;

/** Parses and checks a user-supplied path. Never throws; the segments array is frozen. */
export function parseUserPath(path: string): ParsedPath {
  const known = parsed.get(path);
  if (known) return known;
  const result = parseUncached(path);
  if (parsed.size >= MAX_REMEMBERED) parsed.clear();
  parsed.set(path, result);
  return result;
}

function parseUncached(path: string): ParsedPath {
  if (path.length === 0) return { ok: false, problem: { kind: 'empty' } };
  if (path.length > MAX_PATH_LENGTH) return { ok: false, problem: { kind: 'tooLong', length: path.length } };
  const segments = toPath(path);
  if (segments.length > MAX_PATH_SEGMENTS) return { ok: false, problem: { kind: 'tooManySegments', count: segments.length } };
  for (const segment of segments) {
    if (isForbiddenKey(segment)) return { ok: false, problem: { kind: 'forbidden', segment } };
  }
  return { ok: true, segments: Object.freeze(segments) };
}

/** What is wrong with a path, in words that complete "expected a path such as …, but ". */
export function describePathProblem(problem: PathProblem): string {
  switch (problem.kind) {
    case 'forbidden':
      return `the segment ${JSON.stringify(problem.segment)} is not allowed (it would reach an object prototype)`;
    case 'empty':
      return 'the path is empty';
    case 'tooLong':
      return `it is ${problem.length} characters long (at most ${MAX_PATH_LENGTH})`;
    case 'tooManySegments':
      return `it has ${problem.count} segments (at most ${MAX_PATH_SEGMENTS})`;
  }
}

/** Reads `segments` through own properties only; anything missing on the way gives undefined. */
export function getAtSegments(source: unknown, segments: readonly string[]): unknown {
  let current: unknown = source;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}
