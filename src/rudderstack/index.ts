/**
 * `iterable-destination/rudderstack`: RudderStack's transformer contract for Iterable, running
 * the `rudderstack` profile (rudderstack-profile.md §3, §7–§10).
 */
export { processorTransform } from './processor.js';
export type { ProcessorInput, ProcessorResponse, ProcessorSuccess, ProcessorFailure } from './processor.js';
export { rudderStackRequest, settingsForConfig } from './request.js';
export type { RudderStackRequest } from './request.js';
