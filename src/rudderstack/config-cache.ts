/**
 * Settings resolution shared by equal Configs. rudder-server sends one copy of `destination` per
 * event, so a parsed request holds a hundred equal Config objects. Each Config is looked up by
 * identity first (a Config object already resolved, in this request or an earlier one), then
 * compared with copies of the few distinct Configs met last (a walk of the object, no text built),
 * and only a Config unlike those is serialised to stable JSON, once.
 */
import { isObject } from '../transform/values.js';
import { hasPlainPrototype } from '../util/plain-prototype.js';
import { resolveConfig } from './request.js';
import { sameJson } from './same-json.js';
import { stableJson } from './stable-json.js';

type Resolved = ReturnType<typeof resolveConfig>;

/** `contentKey`: the Config's stable JSON when the caller already has it (the router groups by it). */
export type ConfigResolver = (config: unknown, contentKey?: string) => Resolved;

/** How many of a request's distinct Configs a new Config object is compared with before it is serialised. */
const RECENT_CONFIGS = 4;

// Results per Config object, for as long as the object lives (settings objects are treated as immutable once used).
const resolvedByObject = new WeakMap<object, Resolved>();

/**
 * Results by Config content, shared by requests: a service sees the same few Configs in every
 * request, so each is validated once, not once per request. Bounded: the oldest entry goes first.
 */
const resolvedByContent = new Map<string, Resolved>();
const MAX_CONTENTS = 256;

function resolveByContent(key: string, config: object): Resolved {
  let resolved = resolvedByContent.get(key);
  if (!resolved) {
    resolved = resolveConfig(config);
    if (resolvedByContent.size >= MAX_CONTENTS) resolvedByContent.delete(resolvedByContent.keys().next().value as string);
    resolvedByContent.set(key, resolved);
  }
  return resolved;
}

/**
 * A private copy of a Config met, to compare later Configs with. A flat Config (every value a
 * string, a finite number, a boolean or null: what RudderStack's Iterable Configs are) is also kept
 * as its key and value lists, which compare faster than a walk of the object.
 */
export class ConfigCopy {
  private readonly keys: string[] | undefined;
  private readonly values: unknown[] | undefined;

  constructor(readonly copy: object) {
    const keys: string[] = [];
    const values: unknown[] = [];
    for (const [key, value] of Object.entries(copy)) {
      if (!isFlatValue(value)) return;
      keys.push(key);
      values.push(value);
    }
    this.keys = keys;
    this.values = values;
  }

  /** Same answer as `sameJson(copy, config)`. */
  matches(config: object): boolean {
    const { keys, values } = this;
    if (!keys || !values) return sameJson(this.copy, config);
    if (Array.isArray(config) || !hasPlainPrototype(config)) return false;
    // for-in also counts inherited enumerable keys: a planted one makes the Config "not the same", never wrongly "the same".
    let count = 0;
    for (const _key in config) count += 1;
    if (count !== keys.length) return false;
    for (let index = 0; index < keys.length; index += 1) {
      const key = keys[index] as string;
      if ((config as Record<string, unknown>)[key] !== values[index] || !hasOwn.call(config, key)) return false;
    }
    return true;
  }
}

const hasOwn = Object.prototype.hasOwnProperty;

function isFlatValue(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/** The last RECENT_CONFIGS distinct Configs met, with a value each; the latest is tried first. */
class RecentConfigs<T> {
  private readonly configs: ConfigCopy[] = [];
  private readonly values: T[] = [];

  find(config: object): T | undefined {
    for (let index = this.configs.length - 1; index >= 0; index -= 1) {
      if ((this.configs[index] as ConfigCopy).matches(config)) return this.values[index];
    }
    return undefined;
  }

  add(config: object, value: T): void {
    // The latest content met goes to the end (tried first next time).
    const index = this.values.lastIndexOf(value);
    if (index === this.values.length - 1 && index >= 0) return;
    if (index >= 0) {
      // Seen before: move it to the end, keeping its copy.
      const [copy] = this.configs.splice(index, 1);
      this.values.splice(index, 1);
      this.configs.push(copy as ConfigCopy);
      this.values.push(value);
      return;
    }
    // A private copy: a caller may change its Config object later, the copy keeps what was resolved.
    let copy: object;
    try {
      copy = structuredClone(config);
    } catch {
      return; // not plain data (a function inside): such a Config is never "the same" anyway
    }
    this.configs.push(new ConfigCopy(copy));
    this.values.push(value);
    if (this.configs.length > RECENT_CONFIGS) {
      this.configs.shift();
      this.values.shift();
    }
  }
}

// The last few distinct Configs met, whichever request they came in: the next request's copies are
// compared with them, so in a steady stream no Config is serialised at all.
const recentResolved = new RecentConfigs<Resolved>();
const recentKeys = new RecentConfigs<string>();

/**
 * A resolver that remembers each distinct Config for its own lifetime (one request). Only a Config
 * of new content is remembered by identity across requests: one that matched a recent copy is
 * matched again by content next time, at the price of a walk of a few keys. Entering every Config
 * object of every request in a WeakMap would cost more than that walk, in the insert and in the
 * garbage collector's work on short-lived keys.
 */
export function configResolver(): ConfigResolver {
  const byContent = new Map<string, Resolved>();
  const recent = recentResolved;
  // Consecutive events of a request often share one Config object.
  let lastConfig: object | undefined;
  let lastResolved: Resolved | undefined;
  return (config, contentKey) => {
    if (!isObject(config)) return resolveConfig(config);
    if (config === lastConfig && lastResolved) return lastResolved;
    let resolved = resolvedByObject.get(config);
    if (!resolved) {
      resolved = contentKey === undefined ? recent.find(config) : byContent.get(contentKey);
      if (!resolved) {
        const key = contentKey ?? stableJson(config);
        resolved = byContent.get(key) ?? resolveByContent(key, config);
        byContent.set(key, resolved);
        resolvedByObject.set(config, resolved);
      }
    }
    recent.add(config, resolved);
    lastConfig = config;
    lastResolved = resolved;
    return resolved;
  };
}

/**
 * The stable JSON of each Config of one request, for grouping: identity with the previous event's
 * Config first, then equality with the few distinct Configs met last; only a Config unlike those
 * is serialised.
 */
export function configKeyer(): (config: unknown) => string {
  const recent = recentKeys;
  let lastConfig: object | undefined;
  let lastKey = '';
  return (config) => {
    if (!isObject(config)) return stableJson(config);
    if (config === lastConfig) return lastKey;
    const key = recent.find(config) ?? stableJson(config);
    recent.add(config, key);
    lastConfig = config;
    lastKey = key;
    return key;
  };
}
