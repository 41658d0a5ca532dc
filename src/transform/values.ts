/**
 * Value-resolution rules shared by every mapping (rudderstack-profile.md §4): dot-path lookup,
 * the "usable value" test, first-usable chains, and safe conversions that never throw on odd JSON.
 */
import { isDecimalText } from './numeric-text.js';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A constant dot path split once, when its module loads: reading it costs no split and no lookup. */
export type DotPath = readonly string[];

export function dotPath(text: string): DotPath {
  // Read-only by type, not frozen: V8 reads the elements of a frozen array more slowly, and
  // getPath reads a segment of one on every step.
  return text.split('.');
}

/**
 * Reads a dot path through own properties only (a key such as `constructor` never leaks in).
 * For the library's own constant paths; user-supplied paths go through `parseUserPath` and
 * `getAtSegments` (src/guard), which read brackets and quotes and refuse prototype keys.
 */
export function getPath(source: unknown, path: string | DotPath): unknown {
  const segments = typeof path === 'string' ? segmentsOf(path) : path;
  let current: unknown = source;
  for (let index = 0; index < segments.length; index += 1) {
    if (current === null || typeof current !== 'object') return undefined;
    const segment = segments[index] as string;
    if (!hasOwn.call(current, segment)) return undefined;
    current = (current as JsonObject)[segment];
  }
  return current;
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * A text path's segments, split once: for paths that are not constants of a module.
 * Bounded, so that paths from many different settings cannot grow it without end.
 */
const SEGMENTS = new Map<string, DotPath>();
const MAX_CACHED_PATHS = 1024;

function segmentsOf(path: string): DotPath {
  let segments = SEGMENTS.get(path);
  if (segments === undefined) {
    segments = path.split('.');
    if (SEGMENTS.size < MAX_CACHED_PATHS) SEGMENTS.set(path, segments);
  }
  return segments;
}

/** RudderStack's usable test: truthy, or exactly `0`, or exactly `false`. */
export function isUsable(value: unknown): boolean {
  return Boolean(value) || value === 0 || value === false;
}

/** The first usable value among `paths`, or undefined. */
export function firstUsable(source: unknown, paths: readonly (string | DotPath)[]): unknown {
  for (const path of paths) {
    const value = getPath(source, path);
    if (isUsable(value)) return value;
  }
  return undefined;
}

/** The value at `path` if usable, else undefined (a single-path mapping). */
export function usableAt(source: unknown, path: string | DotPath): unknown {
  const value = getPath(source, path);
  return isUsable(value) ? value : undefined;
}

/** `String(value)` that cannot throw (objects with odd own `toString` keys included). */
export function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** JavaScript's `parseInt(value, 10)` / `parseFloat(value)` on any JSON value, NaN included. */
export function jsParseInt(value: unknown): number {
  return Number.parseInt(safeString(value), 10);
}
export function jsParseFloat(value: unknown): number {
  return Number.parseFloat(safeString(value));
}

/** Strict number reading: a finite number, or a string that is entirely a number; else undefined. */
export function strictNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && isDecimalText(value)) {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** A strict integer: a whole number, or a string that is entirely a whole number. */
export function strictInteger(value: unknown): number | undefined {
  const parsed = strictNumber(value);
  return parsed !== undefined && Number.isSafeInteger(parsed) ? parsed : undefined;
}

/** A string or finite number as a non-empty string; anything else is undefined. */
export function idString(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** NaN becomes null, as JSON.stringify would send it: bodies are kept JSON-exact. */
export function nanToNull(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

/**
 * RudderStack's payload cleaning: drops `undefined` and `null` top-level keys (not recursive).
 * `NaN` survives the cleaning and is then written as the `null` that JSON.stringify would send,
 * so bodies stay JSON-exact.
 */
export function compact<T extends JsonObject>(payload: T): T {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    out[key] = Number.isNaN(value) ? null : value;
  }
  return out as T;
}

/**
 * Writes one key of a body the way `compact` would keep it: `undefined` and `null` left out, `NaN`
 * written as `null`. Bodies built key by key with it need no second, cleaning pass.
 */
export function putCompact(out: JsonObject, key: string, value: unknown): void {
  if (isKept(value)) out[key] = cleaned(value);
}

/** Whether RudderStack's cleaning keeps a top-level value: anything but `undefined` and `null`. */
export function isKept(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** A kept value as a body carries it: `NaN` as the `null` JSON.stringify would send, the rest as is. */
export function cleaned(value: unknown): unknown {
  return Number.isNaN(value) ? null : value;
}

/** Writes one key unless it is `undefined` (as `withoutUndefined` keeps it). */
export function putDefined(out: JsonObject, key: string, value: unknown): void {
  if (value !== undefined) out[key] = value;
}

/** Drops `undefined` keys only (used for nested objects, which RudderStack does not clean). */
export function withoutUndefined<T extends JsonObject>(payload: T): T {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(payload)) {
    if (value !== undefined) out[key] = value;
  }
  return out as T;
}

/**
 * Sets `segments` (a path the guard has checked: no `__proto__`, `constructor` or `prototype`)
 * on a deep copy of `target`; the input is left untouched.
 */
export function setPathCopy(target: JsonObject, segments: readonly string[], value: unknown): JsonObject {
  const root = structuredClone(target);
  let current: JsonObject = root;
  segments.forEach((segment, index) => {
    if (index === segments.length - 1) {
      current[segment] = value;
      return;
    }
    const next = current[segment];
    if (!isObject(next)) current[segment] = {};
    current = current[segment] as JsonObject;
  });
  return root;
}
