/**
 * Every error this package produces. Each carries a machine-readable `code`, an HTTP-like
 * `statusCode`, whether retrying can help (`retryable`) and the underlying `cause`.
 *
 * Messages name the field and the value; the API key never appears in any of them. Every code
 * is one of `ErrorCode` (src/error-codes.ts, documented in the README's "Error codes" table).
 */
import type { ErrorCode } from './error-codes.js';

export type { ErrorCode };

export interface ErrorDetails {
  code: ErrorCode;
  statusCode: number;
  retryable?: boolean;
  cause?: unknown;
  /** Dot path of the offending field, when one field is to blame. */
  field?: string;
}

/**
 * The brand every error of this package carries. `Symbol.for` gives the same symbol to every copy
 * of the package in a process (the ESM and the CJS builds loaded side by side, or two installed
 * versions), where `instanceof` only knows the copy whose class it was given.
 */
const ERROR_BRAND: unique symbol = Symbol.for('iterable-destination.error');

/**
 * The base class of every error of this package: `code` (machine-readable), `statusCode`
 * (HTTP-like), `retryable`, `cause` and, when one field is to blame, `field`. To recognise one,
 * prefer {@link isIterableDestinationError} to `instanceof` (which fails across the ESM and CJS builds).
 *
 * @example
 * ```ts
 * const result = transform(event, settings);
 * if (!result.ok) console.log(result.error.code, result.error.field);
 * ```
 */
export class IterableDestinationError extends Error {
  /** Always true: what {@link isIterableDestinationError} looks for (on the prototype, so not copied or serialised). */
  get [ERROR_BRAND](): true {
    return true;
  }

  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly retryable: boolean;
  readonly field: string | undefined;

  constructor(message: string, details: ErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = details.code;
    this.statusCode = details.statusCode;
    this.retryable = details.retryable ?? false;
    this.field = details.field;
  }

  /** A plain, JSON-safe view (what the CLI prints and what outcomes carry). */
  toJSON(): { name: string; code: ErrorCode; statusCode: number; retryable: boolean; message: string; field?: string } {
    return {
      name: this.name,
      code: this.code,
      statusCode: this.statusCode,
      retryable: this.retryable,
      message: this.message,
      ...(this.field === undefined ? {} : { field: this.field }),
    };
  }
}

/**
 * Whether `value` is an error of this package, from any copy of it loaded in the process.
 * Use it instead of `instanceof IterableDestinationError`, which fails when the ESM and the CJS
 * builds are both loaded (the dual-package hazard): each has its own class.
 */
export function isIterableDestinationError(value: unknown): value is IterableDestinationError {
  return typeof value === 'object' && value !== null && (value as { [ERROR_BRAND]?: unknown })[ERROR_BRAND] === true;
}

/** The event itself is unusable: a missing or malformed field. Never retryable. */
export class InstrumentationError extends IterableDestinationError {
  constructor(message: string, options: { field?: string; cause?: unknown; code?: ErrorCode } = {}) {
    super(message, { code: options.code ?? 'INVALID_EVENT', statusCode: 400, retryable: false, ...pick(options) });
  }
}

/** Settings (or a setting-dependent gate such as the page filter) make the event unsendable. */
export class ConfigurationError extends IterableDestinationError {
  constructor(message: string, options: { field?: string; cause?: unknown; code?: ErrorCode } = {}) {
    super(message, { code: options.code ?? 'INVALID_SETTINGS', statusCode: 400, retryable: false, ...pick(options) });
  }
}

/**
 * An unexpected failure inside a transform (RudderStack reports these with status 500). Only the
 * `rudderstack` profile produces them, to reproduce the reference's behaviour on malformed input.
 */
export class TransformationError extends IterableDestinationError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { code: 'TRANSFORMATION_ERROR', statusCode: 500, retryable: false, cause: options.cause });
  }
}

/** Iterable answered with an error (or a 2xx body that reports one for this record). */
export class IterableApiError extends IterableDestinationError {
  /** Iterable's own `code` (`BadParams`, `RateLimitExceeded`, …) when the reply carried one. */
  readonly iterableCode: string | undefined;
  readonly iterableMessage: string | undefined;
  readonly params: unknown;
  readonly endpoint: string | undefined;

  constructor(
    message: string,
    details: {
      statusCode: number;
      retryable: boolean;
      iterableCode?: string;
      iterableMessage?: string;
      params?: unknown;
      endpoint?: string;
      cause?: unknown;
      /** Iterable's code, `MALFORMED_REPLY` or `HTTP_<status>`. */
      code?: string;
    },
  ) {
    super(message, {
      // Iterable adds codes over time: one this package does not list yet is carried through as is.
      code: (details.code ?? details.iterableCode ?? `HTTP_${details.statusCode}`) as ErrorCode,
      statusCode: details.statusCode,
      retryable: details.retryable,
      cause: details.cause,
    });
    this.iterableCode = details.iterableCode;
    this.iterableMessage = details.iterableMessage;
    this.params = details.params;
    this.endpoint = details.endpoint;
  }
}

/** No usable HTTP reply: connection refused or reset, timeout, aborted. Retryable by nature. */
export class NetworkError extends IterableDestinationError {
  readonly endpoint: string | undefined;
  /** No connection could be made at all (DNS failure, connection refused): the host is not there. */
  readonly unreachable: boolean;

  constructor(message: string, details: { code?: ErrorCode; cause?: unknown; endpoint?: string; statusCode?: number; unreachable?: boolean } = {}) {
    super(message, {
      code: details.code ?? 'NETWORK_ERROR',
      statusCode: details.statusCode ?? 503,
      retryable: true,
      cause: details.cause,
    });
    this.endpoint = details.endpoint;
    this.unreachable = details.unreachable ?? false;
  }
}

/**
 * The destination stopped: its key is refused (`FATAL_AUTH`) or its endpoint cannot be reached on
 * any attempt (`ENDPOINT_UNREACHABLE`). Every queued and later event fails with it; a new
 * destination (with a fixed key or host) is needed.
 */
export class FatalDestinationError extends IterableDestinationError {
  constructor(message: string, details: { code: 'FATAL_AUTH' | 'ENDPOINT_UNREACHABLE'; statusCode: number; cause?: unknown }) {
    super(message, { code: details.code, statusCode: details.statusCode, retryable: false, cause: details.cause });
  }
}

function pick(options: { field?: string; cause?: unknown }): { field?: string; cause?: unknown } {
  const out: { field?: string; cause?: unknown } = {};
  if (options.field !== undefined) out.field = options.field;
  if (options.cause !== undefined) out.cause = options.cause;
  return out;
}

/** Renders any value for an error message: short, single-line, never throws. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return typeof value;
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return typeof value;
  }
}

/** Removes every occurrence of `secret` from `text` (used on messages that echo server replies). */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  // Longest first, so a key that contains another is removed whole.
  for (const secret of [...secrets].sort((a, b) => (b?.length ?? 0) - (a?.length ?? 0))) {
    if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out;
}

/**
 * The one redaction applied where outcomes and errors leave the client: every string field of a
 * plain record (message, Iterable's `code`, which Iterable sometimes fills with the key it got)
 * loses the secrets. Returns the same object when nothing changed.
 */
export function redactFields<T extends object>(record: T, secrets: ReadonlyArray<string | undefined>): T {
  let out: T | undefined;
  for (const [key, value] of Object.entries(record)) {
    if (typeof value !== 'string') continue;
    const clean = redact(value, secrets);
    if (clean === value) continue;
    out ??= { ...record };
    (out as Record<string, unknown>)[key] = clean;
  }
  return out ?? record;
}
