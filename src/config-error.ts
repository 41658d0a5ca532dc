/**
 * The one style of every configuration message, for settings, `createDestination` options and CLI
 * options alike: ``Expected `flushIntervalMs` to be a positive integer, got `-1` ``. A zod issue is
 * turned into that sentence here, so each schema only has to say what it expects.
 */
import type { z } from 'zod';
import { ConfigurationError, describeValue, type ErrorCode } from './errors.js';

/** Keys whose value is a secret: a wrong value is described by its type only (a wrongly typed key is still a key). */
const SECRET_KEY = /(?:^|\.)(?:apiKey|registerDeviceOrBrowserApiKey|api-key)$/i;

export interface ProblemOptions {
  /** `INVALID_SETTINGS` (the default) or `INVALID_OPTION`. */
  code?: ErrorCode;
  cause?: unknown;
}

/** ``Expected `key` to be <expected>, got `<value>` `` as a ConfigurationError naming `key`. */
export function invalidValue(key: string, expected: string, value: unknown, options: ProblemOptions = {}): ConfigurationError {
  const got = SECRET_KEY.test(key) ? typeOf(value) : `\`${describeValue(value)}\``;
  return new ConfigurationError(`Expected \`${key}\` to be ${expected}, got ${got}`, {
    field: key,
    ...(options.code === undefined ? {} : { code: options.code }),
    ...(options.cause === undefined ? {} : { cause: options.cause }),
  });
}

/**
 * Custom issues raised by a schema's own checks carry `params.expected` (what the key should be)
 * and, when the value shown should not be the one at the path, `params.got`.
 */
export interface IssueParams {
  expected: string;
  got?: unknown;
}

/** Turns the first issue of a failed parse into the one message style; `raw` is the parsed input. */
export function fromZodError(error: z.ZodError, raw: unknown, options: ProblemOptions & { root?: string } = {}): ConfigurationError {
  const issue = error.issues[0];
  const path = issue?.path.map(String) ?? [];
  const key = path.join('.') || (options.root ?? '(settings)');
  const found = valueAt(raw, path);
  const params = issue?.code === 'custom' ? (issue.params as Partial<IssueParams> | undefined) : undefined;
  const value = params && 'got' in params ? params.got : found;
  const expected = params?.expected ?? (issue ? describeIssue(issue, found) : 'a valid value');
  return invalidValue(key, expected, value, { ...options, cause: error });
}

function valueAt(raw: unknown, path: readonly string[]): unknown {
  let value: unknown = raw;
  for (const segment of path) {
    value = value !== null && typeof value === 'object' && Object.hasOwn(value, segment) ? (value as Record<string, unknown>)[segment] : undefined;
  }
  return value;
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'string' && value === undefined ? 'a non-empty string (it is required)' : article(issue.expected);
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return issue.origin === 'string' ? 'a non-empty string' : `a value >= ${String(issue.minimum)}`;
    case 'too_big':
      return `at most ${String(issue.maximum)}`;
    case 'unrecognized_keys':
      return `free of unknown keys (${issue.keys.map((k) => JSON.stringify(k)).join(', ')})`;
    default:
      return issue.message.replace(/^Invalid input: /, '').toLowerCase();
  }
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

/** `a number`, `an array`, `null`…: how a value is described when the value itself must not be shown. */
export function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}
