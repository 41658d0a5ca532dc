/**
 * Depth-safe walks over JSON-like values. Nothing here recurses: a value nested 100,000 levels
 * deep costs a loop, not a stack frame per level, so it can be refused instead of overflowing.
 *
 * Depth counts containers: `1` and `"a"` have depth 0, `{}` and `[]` depth 1, `{ a: [1] }` depth 2.
 */
import { isForbiddenKey } from './keys.js';

/** Deepest nesting accepted in an event or in settings. Real events stay far below it. */
export const MAX_INPUT_DEPTH = 100;

/**
 * Containers visited at most before a walk gives up (counted as too deep): only a value built in
 * process that shares one sub-object many times can come near it; parsed JSON is a tree.
 */
const MAX_VISITS = 2_000_000;

function isContainer(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}

/**
 * Deepest limit walked by recursion: one stack frame per level, so the stack it can take is bounded
 * by the limit, not by the input. Larger limits take the loop below.
 */
const RECURSIVE_LIMIT = 1_000;

/** Containers the current recursive walk has visited (reset by each call of exceedsDepth). */
let recursiveVisits = 0;

/**
 * True when a container inside `value` (itself at `depth`) lies deeper than `maxDepth`, or the
 * walk passed MAX_VISITS. Recursion with no arrays of pending values: the per-event case is small.
 */
function nestsBeyond(value: object, depth: number, maxDepth: number): boolean {
  if (++recursiveVisits > MAX_VISITS) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      if (item === null || typeof item !== 'object') continue;
      if (depth >= maxDepth || nestsBeyond(item, depth + 1, maxDepth)) return true;
    }
    return false;
  }
  // No own-key test: an inherited enumerable key (there is none unless something planted one)
  // only makes the walk look at one value more, which can refuse an event but never accept one.
  for (const key in value) {
    const item: unknown = (value as Record<string, unknown>)[key];
    if (item === null || typeof item !== 'object') continue;
    if (depth >= maxDepth || nestsBeyond(item, depth + 1, maxDepth)) return true;
  }
  return false;
}

/** True when `root` nests deeper than `maxDepth` containers (or, built in process, is too large to walk). */
export function exceedsDepth(root: unknown, maxDepth: number = MAX_INPUT_DEPTH): boolean {
  if (!isContainer(root)) return false;
  if (maxDepth < 1) return true;
  if (maxDepth <= RECURSIVE_LIMIT) {
    recursiveVisits = 0;
    return nestsBeyond(root, 1, maxDepth);
  }
  return exceedsDepthByLoop(root, maxDepth);
}

/** exceedsDepth for limits too deep to recurse: pending values on arrays instead of the stack. */
function exceedsDepthByLoop(root: object, maxDepth: number): boolean {
  const values: object[] = [root];
  const depths: number[] = [1];
  let visits = 0;
  while (values.length > 0) {
    const value = values.pop() as object;
    const depth = depths.pop() as number;
    if (++visits > MAX_VISITS) return true;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i += 1) {
        const item: unknown = value[i];
        if (!isContainer(item)) continue;
        if (depth >= maxDepth) return true;
        values.push(item);
        depths.push(depth + 1);
      }
      continue;
    }
    // No own-key test: an inherited enumerable key (there is none unless something planted one)
    // only makes the walk look at one value more, which can refuse an event but never accept one.
    for (const key in value) {
      const item: unknown = (value as Record<string, unknown>)[key];
      if (!isContainer(item)) continue;
      if (depth >= maxDepth) return true;
      values.push(item);
      depths.push(depth + 1);
    }
  }
  return false;
}

/** Own enumerable keys of a container (indexes for arrays), without throwing on odd objects. */
function keysOf(value: object): string[] {
  return Array.isArray(value) ? Array.from(value.keys(), String) : Object.keys(value);
}

export type KeyProblem = { kind: 'forbidden'; path: string[] } | { kind: 'depth'; path: string[] };

/**
 * The first forbidden key (`__proto__`, `constructor`, `prototype`) anywhere in `root`, or the
 * path to where it nests deeper than `maxDepth`. `path` ends with the offending key. Used on
 * settings: walked once per settings object, so the paths it builds cost nothing per event.
 */
export function findKeyProblem(root: unknown, maxDepth: number = MAX_INPUT_DEPTH): KeyProblem | undefined {
  if (!isContainer(root)) return undefined;
  const stack: Array<{ value: object; path: string[] }> = [{ value: root, path: [] }];
  // A container met again (a cycle, or one object used twice) is walked once: its keys do not
  // change, and a cycle is then the schema's to report ("not a JSON value"), not a depth problem.
  const seen = new Set<object>();
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: object; path: string[] };
    if (seen.has(value)) continue;
    seen.add(value);
    if (path.length >= maxDepth) return { kind: 'depth', path };
    const keys = keysOf(value);
    for (const key of keys) {
      if (isForbiddenKey(key)) return { kind: 'forbidden', path: [...path, key] };
    }
    // Pushed in reverse so that the walk reports problems in key order.
    for (let i = keys.length - 1; i >= 0; i -= 1) {
      const key = keys[i] as string;
      const item: unknown = (value as Record<string, unknown>)[key];
      if (isContainer(item)) stack.push({ value: item, path: [...path, key] });
    }
  }
  return undefined;
}

/**
 * A key path from `root` down to a container nested deeper than `maxDepth` (for the error
 * message once `exceedsDepth` said yes); its length is `maxDepth`. Empty when there is none.
 */
export function pathBeyondDepth(root: unknown, maxDepth: number = MAX_INPUT_DEPTH): string[] {
  // With no level allowed, the root itself is beyond: the path to it is empty.
  if (maxDepth < 1) return [];
  return deepWalk(root, maxDepth) ?? [];
}

function deepWalk(root: unknown, maxDepth: number): string[] | undefined {
  if (!isContainer(root)) return undefined;
  // One frame per level on the current path: the walk's memory is bounded by maxDepth.
  const frames: Array<{ value: object; keys: string[]; next: number; key: string }> = [{ value: root, keys: keysOf(root), next: 0, key: '' }];
  let visits = 0;
  while (frames.length > 0) {
    const frame = frames[frames.length - 1] as (typeof frames)[number];
    if (frame.next >= frame.keys.length) {
      frames.pop();
      continue;
    }
    const key = frame.keys[frame.next] as string;
    frame.next += 1;
    const item: unknown = (frame.value as Record<string, unknown>)[key];
    if (!isContainer(item)) continue;
    if (frames.length >= maxDepth || ++visits > MAX_VISITS) return [...frames.slice(1).map((f) => f.key), key];
    frames.push({ value: item, keys: keysOf(item), next: 0, key });
  }
  return undefined;
}

/** A key path for a message: `a.b.c`, or `a.b.c.….y.z` when it is longer than six keys. */
export function shortPath(path: readonly string[]): string {
  return path.length > 6 ? `${path.slice(0, 3).join('.')}.….${path.slice(-2).join('.')}` : path.join('.');
}
