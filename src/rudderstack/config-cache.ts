/**
 * Settings resolution shared by equal Configs. rudder-server sends one copy of `destination` per
 * event, so a parsed request holds a hundred equal Config objects. Each Config is looked up by
 * identity first (a Config object already resolved, in this request or an earlier one), then
 * compared with the few distinct Configs this request has met (a walk of the object, no text
 * built), and only a Config unlike those is serialised to stable JSON, once.
 */
import { isObject } from '../transform/values.js';
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

/** A resolver that remembers each distinct Config for its own lifetime (one request). */
export function configResolver(): ConfigResolver {
  const byContent = new Map<string, Resolved>();
  const recent = new RecentConfigs<Resolved>();
  return (config, contentKey) => {
    if (!isObject(config)) return resolveConfig(config);
    let resolved = resolvedByObject.get(config);
    if (resolved) return resolved;
    resolved = contentKey === undefined ? recent.find(config) : byContent.get(contentKey);
    if (!resolved) {
      const key = contentKey ?? stableJson(config);
      resolved = byContent.get(key) ?? resolveConfig(config);
      byContent.set(key, resolved);
    }
    recent.add(config, resolved);
    resolvedByObject.set(config, resolved);
    return resolved;
  };
}

/**
 * The stable JSON of each Config of one request, for grouping: identity first, then equality with
 * the few distinct Configs met last; only a Config unlike those is serialised.
 */
export function configKeyer(): (config: unknown) => string {
  const byObject = new WeakMap<object, string>();
  const recent = new RecentConfigs<string>();
  return (config) => {
    if (!isObject(config)) return stableJson(config);
    let key = byObject.get(config) ?? recent.find(config);
    if (key === undefined) key = stableJson(config);
    recent.add(config, key);
    byObject.set(config, key);
    return key;
  };
}

/** The last RECENT_CONFIGS distinct Configs met, with a value each; the latest is tried first. */
class RecentConfigs<T> {
  private readonly configs: object[] = [];
  private readonly values: T[] = [];

  find(config: object): T | undefined {
    for (let index = this.configs.length - 1; index >= 0; index -= 1) {
      if (sameJson(this.configs[index], config)) return this.values[index];
    }
    return undefined;
  }

  add(config: object, value: T): void {
    // The newest copy of a content stands for it, at the end (tried first next time).
    const index = this.values.lastIndexOf(value);
    if (index === this.values.length - 1 && index >= 0) return;
    if (index >= 0) {
      this.configs.splice(index, 1);
      this.values.splice(index, 1);
    }
    this.configs.push(config);
    this.values.push(value);
    if (this.configs.length > RECENT_CONFIGS) {
      this.configs.shift();
      this.values.shift();
    }
  }
}
