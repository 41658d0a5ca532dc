/**
 * The one retry loop of the client, shared by deliveries and user lookups: wait for the endpoint's
 * queue, make one HTTP exchange, classify the reply, and retry what is retryable with backoff and
 * full jitter, up to `maxAttempts` (429s do not count: they must not burn the retry budget) and the
 * deadline. A 429 pauses the endpoint's queue for everyone; only requests started after the pause
 * count as signs of recovery.
 */
import { IterableDestinationError, NetworkError, type IterableApiError } from '../errors.js';
import type { EndpointName } from '../iterable/endpoints.js';
import { RateBudgetError } from './budget.js';
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
  | { readonly action: 'aborted' };

type Step = Verdict | { action: 'network'; error: NetworkError } | { action: 'expired' };

export async function withRetries(
  ctx: RetryContext,
  endpoint: EndpointName,
  deadline: () => number,
  exchange: (isRetry: boolean) => Promise<Exchange>,
  options: { readonly bulkReply: boolean },
): Promise<RetryResult> {
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
      case 'deliver':
        return { action: 'deliver', reply: step.reply };
      case 'split':
      case 'reject':
        return { action: step.action, error: step.error };
      case 'network':
      case 'retry': {
        lastError = step.error;
        const limited = step.action === 'retry' && step.rateLimited;
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

    /** One HTTP exchange, run inside the endpoint's queue so a 429 can pause the queue before the next task starts. */
    async function attempt(): Promise<Step> {
      if (ctx.clock.now() > until) return { action: 'expired' };
      const generation = ctx.queues.generation(endpoint);
      const isRetry = sent > 0;
      sent += 1;
      let verdict: Step;
      try {
        const reply = await exchange(isRetry);
        verdict = classify(reply.status, reply.body, reply.headers, { bulkReply: options.bulkReply, now: ctx.clock.now() });
      } catch (error) {
        verdict = { action: 'network', error: error instanceof NetworkError ? error : new NetworkError(String(error), { cause: error }) };
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
