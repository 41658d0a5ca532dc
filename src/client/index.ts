/**
 * createDestination: the batching, rate-limited, retrying Iterable client, and its parts that are
 * worth testing or reusing on their own (the retry decision).
 */
export { createDestination } from './destination.js';
export type { Destination } from './destination.js';
export type { DestinationOptions, Clock } from './options.js';
export type { Outcome, OutcomeStatus } from './outcome.js';
export type { DestinationStats, SyncModeStats } from './stats.js';
export { classify, retryDelay, retryAfterMs, RETRY_STATUSES, SPLIT_CODES } from './retry.js';
export type { Verdict } from './retry.js';
export { localBudget, RateBudgetError } from './budget.js';
export type { RateBudget, RateBudgetFactory, BudgetContext } from './budget.js';
export { redisBudget, defaultProject } from './redis-budget.js';
export type { RedisBudgetOptions } from './redis-budget.js';
