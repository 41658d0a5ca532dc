/**
 * The one retry loop of the client, shared by deliveries and user lookups: wait for the endpoint's
 * queue, make one HTTP exchange, classify the reply, and retry what is retryable with backoff and
 * full jitter, up to `maxAttempts` (429s do not count: they must not burn the retry budget) and the
 * deadline. A 429 pauses the endpoint's queue for everyone; only requests started after the pause
 * count as signs of recovery. Every reply and connection failure goes past the circuit breaker
 * (breaker.ts); once it is open no attempt is made at all.
 */
import { IterableDestinationError, NetworkError, type FatalDestinationError, type IterableApiError } from '../errors.js';
import type { EndpointName } from '../iterable/endpoints.js';
import { RateBudgetError } from './budget.js';
import { replySchemaOf } from '../ops/index.js';
import type { KeyRole } from '../batch/types.js';
import type { Breaker } from './breaker.js';
import type { EndpointQueues } from './limits.js';
import type { Clock } from './options.js';
import { classify, retryDelay, type Verdict } from './retry.js';
import type { StatsRecorder } from './stats.js';

export interface RetryContext {
  readonly queues: EndpointQueues;
  readonly clock: Clock;
  readonly random: () => number;
  readonly maxAttempts: number;
  readonly signal: AbortSignal;
  readonly stats: StatsRecorder;
  readonly breaker: Breaker;
  /** Called on every failed attempt (a retry, a connection failure) of `endpoint`. */
  readonly troubled?: (endpoint: EndpointName) => void;
}

export interface Exchange {
  readonly status: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** How the attempts ended. */
export type RetryResult =
  | { readonly action: 'deliver'; readonly reply: unknown }
  | { readonly action: 'split' | 'reject'; readonly error: IterableApiError }
  /** maxAttempts spent on failures, or (with `failures` 0) the rate budget refused to give a permission. */
  | { readonly action: 'gave-up'; readonly error: IterableDestinationError; readonly failures: number }
  /** The deadline came before the first or the next attempt. */
  | { readonly action: 'deadline'; readonly lastError: IterableDestinationError | undefined }
  /** The destination closed past its deadline: whatever waited is already settled. */
  | { readonly action: 'aborted' }
  /** The circuit breaker is open: the key is refused or the endpoint unreachable. */
  | { readonly action: 'fatal'; readonly error: FatalDestinationError };

type Step = Exclude<Verdict, { action: 'fatal' }> | { action: 'network'; error: NetworkError } | { action: 'expired' } | { action: 'fatal'; error: FatalDestinationError };

export async function withRetries(
  ctx: RetryContext,
  endpoint: EndpointName,
  deadline: () => number,
  exchange: (isRetry: boolean) => Promise<Exchange>,
  /** Whose key the request carries: a refused key stops the requests made with it. */
  role: KeyRole = 'main',
): Promise<RetryResult> {
  const reply = replySchemaOf(endpoint);
  let failures = 0;
  let sent = 0;
  let rateLimited = 0;
  let pauseMs = 0;
  let lastError: IterableDestinationError | undefined;
  for (;;) {
    const until = deadline();
    let step: Step;
    try {
      step = await ctx.queues.run(endpoint, () => attempt(), ctx.signal);
    } catch (error) {
      if (ctx.signal.aborted) return { action: 'aborted' };
      // The shared budget is unreachable and told to fail: the request was never sent.
      if (error instanceof RateBudgetError) return { action: 'gave-up', error, failures };
      throw error;
    }
    if (ctx.signal.aborted) return { action: 'aborted' };
    switch (step.action) {
      case 'expired':
        return { action: 'deadline', lastError };
      case 'fatal':
        return { action: 'fatal', error: step.error };
      case 'deliver':
        return { action: 'deliver', reply: step.reply };
      case 'split':
      case 'reject':
        return { action: step.action, error: step.error };
      case 'network':
      case 'retry': {
        lastError = step.error;
        const limited = step.action === 'retry' && step.rateLimited;
        // A 429 is ordinary pacing; only real failures mark the endpoint as in trouble.
        if (!limited) ctx.troubled?.(endpoint);
        if (!limited) failures += 1;
        if (failures >= ctx.maxAttempts) return { action: 'gave-up', error: step.error, failures };
        // A 429 already paused the endpoint's queue (for everyone); waiting in it is the backoff.
        const delay = limited ? 0 : retryDelay({ rateLimited: false, retryAfterMs: step.action === 'retry' ? step.retryAfterMs : undefined }, failures, ctx.random);
        if (ctx.clock.now() + (limited ? pauseMs : delay) > until) return { action: 'deadline', lastError };
        if (delay > 0) {
          try {
            await ctx.clock.sleep(delay, ctx.signal);
          } catch (error) {
            if (ctx.signal.aborted) return { action: 'aborted' };
            throw error;
          }
        }
      }
    }

    /** A refused key, until the breaker confirms it, is one more failed attempt (after the usual backoff). */
    function afterBreaker(verdict: Verdict): Step {
      if (verdict.action !== 'fatal') return verdict;
      const fatal = ctx.breaker.refused(verdict.error, role);
      return fatal ? { action: 'fatal', error: fatal } : { action: 'retry', error: verdict.error, rateLimited: false, retryAfterMs: undefined };
    }

    /** One HTTP exchange, run inside the endpoint's queue so a 429 can pause the queue before the next task starts. */
    async function attempt(): Promise<Step> {
      if (ctx.clock.now() > until) return { action: 'expired' };
      const open = ctx.breaker.trippedFor(role);
      if (open) return { action: 'fatal', error: open };
      const generation = ctx.queues.generation(endpoint);
      const isRetry = sent > 0;
      sent += 1;
      let verdict: Step;
      try {
        const answer = await exchange(isRetry);
        ctx.breaker.reached();
        verdict = afterBreaker(classify(answer.status, answer.body, answer.headers, { reply, now: ctx.clock.now() }));
      } catch (error) {
        const failure = error instanceof NetworkError ? error : new NetworkError(String(error), { cause: error });
        const fatal = ctx.breaker.failedToConnect(failure);
        if (fatal) return { action: 'fatal', error: fatal };
        verdict = { action: 'network', error: failure };
      }
      if (verdict.action === 'retry' && verdict.rateLimited) {
        ctx.stats.rateLimit();
        rateLimited += 1;
        pauseMs = retryDelay(verdict, rateLimited, ctx.random);
        ctx.queues.slowDown(endpoint, pauseMs, ctx.signal);
      } else if (verdict.action !== 'retry' && verdict.action !== 'network') {
        ctx.queues.recovered(endpoint, generation);
      }
      return verdict;
    }
  }
}
