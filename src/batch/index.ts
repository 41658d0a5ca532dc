/**
 * The batch planner (pure): calls → requests packed for Iterable's bulk endpoints, and bulk
 * replies → one result per call.
 */
export { planRequests, subRequest } from './plan.js';
export { attributeBulkReply } from './attribute.js';
export type { PlanEntry, PlanOptions, PlanResult, PlannedRequest, RecordResult, KeyRole } from './types.js';
