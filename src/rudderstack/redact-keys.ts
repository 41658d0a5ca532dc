/**
 * Keeping API keys out of the error text of the service's replies. Iterable echoes a key back in
 * some reply fields, and a message may quote a value: every string under an `error` or `message`
 * property (and a proxy reply's destination response) has the request's keys replaced.
 * Successful request objects keep their keys: rudder-server needs them to deliver.
 */
import { isObject } from '../transform/values.js';

export const REDACTED = '[redacted]';

/** Settings keys that hold a secret in a RudderStack Iterable destination Config. */
const SECRET_SETTINGS = ['apiKey', 'registerDeviceOrBrowserApiKey'] as const;

/** Adds the secrets of a `destination.Config` (or a bare Config) to `keys`. */
export function collectConfigKeys(config: unknown, keys: Set<string>): void {
  if (!isObject(config)) return;
  for (const name of SECRET_SETTINGS) {
    const value = config[name];
    if (typeof value === 'string' && value !== '') keys.add(value);
  }
}

export function redactText(text: string, keys: ReadonlySet<string>): string {
  let out = text;
  for (const key of keys) if (out.includes(key)) out = out.split(key).join(REDACTED);
  return out;
}

/**
 * Replaces the keys in the `error` and `message` strings of `value`, walking it without recursion
 * (a reply may be deep). `everywhere` redacts every string (for small replies such as the proxy's).
 * Mutates `value`, which the caller built for this reply alone.
 */
export function redactReply(value: unknown, keys: ReadonlySet<string>, everywhere = false): void {
  if (keys.size === 0) return;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (Array.isArray(current)) {
      for (let index = 0; index < current.length; index += 1) {
        const item: unknown = current[index];
        if (typeof item === 'string') {
          if (everywhere) current[index] = redactText(item, keys);
        } else if (typeof item === 'object' && item !== null) stack.push(item);
      }
    } else if (isObject(current)) {
      for (const name of Object.keys(current)) {
        if (name === '__proto__') continue;
        const item = current[name];
        if (typeof item === 'string') {
          if (everywhere || name === 'error' || name === 'message') current[name] = redactText(item, keys);
        } else if (typeof item === 'object' && item !== null) stack.push(item);
      }
    }
  }
}

/** Redacts the `error` of each failure entry of a processor or router reply (successes are left alone). */
export function redactEntryErrors(entries: readonly unknown[], keys: ReadonlySet<string>): void {
  if (keys.size === 0) return;
  for (const entry of entries) {
    if (isObject(entry) && typeof entry.error === 'string') entry.error = redactText(entry.error, keys);
  }
}
