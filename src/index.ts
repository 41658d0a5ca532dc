/**
 * iterable-destination: RudderStack / Segment events → Iterable API requests, delivered.
 * This file only re-exports production code; the RudderStack contract lives in
 * `iterable-destination/rudderstack` and the bundled Iterable emulator (a test tool) in
 * `iterable-destination/emulator`.
 */
export * from './transform/index.js';
export { planRequests, attributeBulkReply } from './batch/index.js';
export type { PlanEntry, PlanOptions, PlanResult, PlannedRequest, RecordResult, KeyRole } from './batch/index.js';
export { createDestination, classify, localBudget, redisBudget, defaultProject, RateBudgetError } from './client/index.js';
export type { RateBudget, RateBudgetFactory, BudgetContext, RedisBudgetOptions } from './client/index.js';
export type { Destination, DestinationOptions, Clock, Outcome, OutcomeStatus, DestinationStats, SyncModeStats, Verdict } from './client/index.js';
