/**
 * `redisBudget()` options: checked once, up front; a bad one throws a `ConfigurationError` that
 * names the option and the value (a URL is never echoed: it may carry a password).
 */
import type { Redis } from 'ioredis';
import { ConfigurationError, describeValue } from '../errors.js';

export interface RedisBudgetOptions {
  /** `redis://[:password@]host:port[/db]`: the budget opens (and closes) its own connection. */
  url?: string;
  /** An ioredis client of your own instead of `url`; it is used as configured and never closed. */
  client?: Redis;
  /** The name every sharing process uses. @default a digest of the API key and data centre (never the key) */
  project?: string;
  /** Redis unreachable: `'local'` paces this process alone at a conservative share; `'fail'` fails the requests. @default 'local' */
  onBudgetError?: 'local' | 'fail';
  /** While Redis is unreachable, this process takes `limit / assumedProcesses` of each endpoint. @default 4 */
  assumedProcesses?: number;
  /** How long after a Redis failure it is tried again. @default 1000 */
  retryAfterMs?: number;
  /** Where `now` comes from: Redis's own clock (one clock for every machine), or a function (tests). @default 'redis' */
  clock?: 'redis' | (() => number);
  /** First part of every key. @default 'iterable-destination' */
  keyPrefix?: string;
  /** One line when Redis becomes unreachable and one when sharing resumes. @default process.emitWarning */
  onWarning?: (message: string) => void;
}

const PROJECT_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;
const KNOWN = new Set(['url', 'client', 'project', 'onBudgetError', 'assumedProcesses', 'retryAfterMs', 'clock', 'keyPrefix', 'onWarning']);

export type Checked = Required<Pick<RedisBudgetOptions, 'onBudgetError' | 'assumedProcesses' | 'retryAfterMs' | 'clock' | 'keyPrefix' | 'onWarning'>> &
  Pick<RedisBudgetOptions, 'url' | 'client' | 'project'>;

export function checkOptions(options: RedisBudgetOptions): Checked {
  if (options === null || typeof options !== 'object') throw invalid('options', options, 'an object');
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw new ConfigurationError(`Unknown redisBudget option \`${key}\` (known: ${[...KNOWN].join(', ')})`, { field: key, code: 'INVALID_OPTION' });
  }
  const { url, client, project } = options;
  if ((url === undefined) === (client === undefined)) throw invalid('url', url, 'given, or else `client` (exactly one of the two)');
  if (url !== undefined && (typeof url !== 'string' || !(url.startsWith('redis://') || url.startsWith('rediss://')))) {
    // Never echo the URL: it may carry a password.
    throw invalid('url', typeof url === 'string' ? '<a string that is not a redis:// URL>' : url, 'a redis:// or rediss:// URL');
  }
  if (client !== undefined && (client === null || typeof client !== 'object' || typeof (client as Redis).defineCommand !== 'function')) throw invalid('client', client, 'an ioredis client');
  if (project !== undefined && (typeof project !== 'string' || !PROJECT_PATTERN.test(project))) throw invalid('project', project, '1 to 128 letters, digits, ".", "_" or "-"');
  const onBudgetError = options.onBudgetError ?? 'local';
  if (onBudgetError !== 'local' && onBudgetError !== 'fail') throw invalid('onBudgetError', onBudgetError, "'local' or 'fail'");
  const assumedProcesses = options.assumedProcesses ?? 4;
  if (!Number.isSafeInteger(assumedProcesses) || assumedProcesses < 1) throw invalid('assumedProcesses', assumedProcesses, 'a positive integer');
  const retryAfterMs = options.retryAfterMs ?? 1000;
  if (!Number.isSafeInteger(retryAfterMs) || retryAfterMs < 0) throw invalid('retryAfterMs', retryAfterMs, 'a whole number of milliseconds');
  const clock = options.clock ?? 'redis';
  if (clock !== 'redis' && typeof clock !== 'function') throw invalid('clock', clock, "'redis' or a function returning milliseconds");
  const keyPrefix = options.keyPrefix ?? 'iterable-destination';
  if (typeof keyPrefix !== 'string' || !PROJECT_PATTERN.test(keyPrefix)) throw invalid('keyPrefix', keyPrefix, '1 to 128 letters, digits, ".", "_" or "-"');
  const onWarning = options.onWarning ?? ((message: string) => process.emitWarning(message));
  if (typeof onWarning !== 'function') throw invalid('onWarning', onWarning, 'a function');
  return { url, client, project, onBudgetError, assumedProcesses, retryAfterMs, clock, keyPrefix, onWarning };
}

function invalid(field: string, value: unknown, expected: string): ConfigurationError {
  return new ConfigurationError(`Expected redisBudget \`${field}\` to be ${expected}, got \`${describeValue(value)}\``, { field, code: 'INVALID_OPTION' });
}
