/**
 * Does a user exist in Iterable? Asked with GET /api/users/getByEmail (or GET
 * /api/users/byUserId/{id} for users without an email) before a flush of a destination whose
 * sync mode needs it (updateOnly with existenceCheck "lookup", createOnly).
 *
 * - Lookups go through the client's per-endpoint queues (Iterable allows 100/s) and HTTP client,
 *   and are retried like every other request: 429 slows the endpoint down for everyone, 5xx,
 *   timeouts and connection errors back off with jitter, up to `maxAttempts` and the deadline.
 * - Answers are cached for the life of the destination (bounded: the oldest entries are dropped
 *   past `MAX_CACHED_USERS`, which only costs a second lookup). A failed lookup is not cached.
 * - Each distinct user is looked up once even when many calls name it at the same time: callers
 *   share the lookup in flight.
 * - What this destination itself creates or deletes updates the cache (`learned`, `forget`).
 */
import { NetworkError, type IterableDestinationError } from '../errors.js';
import { ENDPOINTS, fillPath, type EndpointName } from '../iterable/endpoints.js';
import type { IterableCall } from '../transform/types.js';
import type { HttpClient } from './http.js';
import { withRetries, type RetryContext } from './with-retries.js';
import { CREATES_USER, subjectsOf, type Existence, type Subject } from './subjects.js';

/** Enough for a large warehouse sync; each entry is a short string and a boolean. */
export const MAX_CACHED_USERS = 1_000_000;

export interface ExistenceContext extends RetryContext {
  readonly http: HttpClient;
  /** `baseUrl` when given, else the settings' data-centre host. */
  readonly origin: string;
  readonly apiKey: string;
  /** Most cached answers (default MAX_CACHED_USERS). */
  readonly maxCached?: number;
}

export interface ExistenceStats {
  /** Distinct users looked up over HTTP (retries of one lookup count once; see `requests` for attempts). */
  readonly lookups: number;
  /** Users answered from the cache or from a lookup already in flight. */
  readonly cacheHits: number;
  /** Lookups that failed for good (their calls' events are `failed`). */
  readonly lookupFailures: number;
  /** Users currently cached. */
  readonly cached: number;
}


export class ExistenceChecker {
  private readonly cache = new Map<string, boolean>();
  private readonly inFlight = new Map<string, Promise<Existence>>();
  private lookups = 0;
  private hits = 0;
  private failures = 0;

  constructor(private readonly ctx: ExistenceContext) {}

  /** Whether `subject` exists; never rejects. `deadline` (clock ms) bounds retries. */
  check(subject: Subject, deadline: number): Promise<Existence> {
    const cached = this.cache.get(subject.key);
    if (cached !== undefined) {
      this.hits += 1;
      return Promise.resolve({ exists: cached });
    }
    const running = this.inFlight.get(subject.key);
    if (running) {
      this.hits += 1;
      return running;
    }
    this.lookups += 1;
    const lookup = this.lookup(subject, deadline).then((answer) => {
      this.inFlight.delete(subject.key);
      if ('error' in answer) this.failures += 1;
      // An answer that arrives after closing past the deadline is dropped with the rest.
      else if (!this.ctx.signal.aborted) this.remember(subject.key, answer.exists);
      return answer;
    });
    this.inFlight.set(subject.key, lookup);
    return lookup;
  }

  /** A call Iterable accepted: the users it creates now exist (known by both identifiers when it had both). */
  learned(call: IterableCall): void {
    if (call.op === 'deleteUser') {
      // We cannot tell which email belonged to the deleted userId: start over rather than guess.
      this.cache.clear();
      return;
    }
    if (!CREATES_USER.has(call.op)) return;
    for (const subject of subjectsOf(call)) {
      if (!subject) continue;
      this.remember(subject.key, true);
      if (subject.alias) this.remember(subject.alias, true);
    }
  }

  stats(): ExistenceStats {
    return { lookups: this.lookups, cacheHits: this.hits, lookupFailures: this.failures, cached: this.cache.size };
  }

  private remember(key: string, exists: boolean): void {
    this.cache.delete(key); // re-insert: Map order is then "least recently learned first"
    this.cache.set(key, exists);
    const max = this.ctx.maxCached ?? MAX_CACHED_USERS;
    while (this.cache.size > max) this.cache.delete(this.cache.keys().next().value as string);
  }

  private async lookup(subject: Subject, deadline: number): Promise<Existence> {
    const endpoint: EndpointName = subject.by === 'email' ? 'getUserByEmail' : 'getUserByUserId';
    const path =
      subject.by === 'email'
        ? `${ENDPOINTS.getUserByEmail.path}?email=${encodeURIComponent(subject.value)}`
        : fillPath(ENDPOINTS.getUserByUserId.path, { userId: subject.value });
    const url = `${this.ctx.origin}${path}`;
    const result = await withRetries(
      this.ctx,
      endpoint,
      () => deadline,
      (isRetry) => {
        this.ctx.stats.request(endpoint, 1, 0, isRetry);
        return this.ctx.http.send({ url, method: 'GET', apiKey: this.ctx.apiKey, body: '', signal: this.ctx.signal });
      },
    );
    switch (result.action) {
      case 'deliver':
        return { exists: hasUser(result.reply) };
      case 'split':
      case 'reject':
      case 'fatal':
        return failure(result.error);
      case 'gave-up':
        return failure(result.error, result.failures > 0 ? `gave up after ${result.failures} failed attempts` : undefined);
      case 'deadline':
        return failure(result.lastError, result.lastError ? 'deadlineMs reached before another attempt' : 'deadlineMs reached before the lookup could be sent');
      case 'aborted':
        return failure(new NetworkError(`GET ${ENDPOINTS[endpoint].path} was aborted: the destination closed past its deadline`, { code: 'ABORTED' }));
    }
  }
}

/** Iterable answers a known user with `{ user: {...} }` and an unknown one with `{}`. */
function hasUser(reply: unknown): boolean {
  const user = (reply as { user?: unknown } | null)?.user;
  return user !== null && typeof user === 'object';
}

function failure(error: IterableDestinationError | undefined, suffix?: string): Existence {
  if (!error) return { error: { code: 'DEADLINE_EXCEEDED', message: suffix ?? 'the lookup was not sent', statusCode: 504 } };
  return { error: { code: error.code, message: suffix ? `${error.message}; ${suffix}` : error.message, statusCode: error.statusCode } };
}
