/**
 * Settings resolution shared by equal Configs. rudder-server sends one copy of `destination` per
 * event, so a parsed request holds a thousand equal Config objects; the per-object memo of
 * `resolveConfig` would validate each of them. Keyed by stable JSON, equal Configs resolve once.
 */
import { isObject } from '../transform/values.js';
import { resolveConfig } from './request.js';
import { stableJson } from './stable-json.js';

/** `contentKey`: the Config's stable JSON when the caller already has it (the router groups by it). */
export type ConfigResolver = (config: unknown, contentKey?: string) => ReturnType<typeof resolveConfig>;

/** A resolver that remembers each distinct Config for its own lifetime (one request). */
export function configResolver(): ConfigResolver {
  const byContent = new Map<string, ReturnType<typeof resolveConfig>>();
  return (config, contentKey) => {
    if (!isObject(config)) return resolveConfig(config);
    const key = contentKey ?? stableJson(config);
    let resolved = byContent.get(key);
    if (!resolved) {
      resolved = resolveConfig(config);
      byContent.set(key, resolved);
    }
    return resolved;
  };
}
