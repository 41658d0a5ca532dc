/** Outcomes are combined by a pure stage of the flush; the client re-exports the types it resolves with. */
export { combine, type CallResult, type Outcome, type OutcomeStatus } from '../batch/outcome.js';
