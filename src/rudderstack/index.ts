/**
 * `iterable-destination/rudderstack`: RudderStack's transformer contract for Iterable, running
 * the `rudderstack` profile (rudderstack-profile.md §3, §7–§10).
 */
export { processorTransform } from './processor.js';
export type { ProcessorInput, ProcessorResponse, ProcessorSuccess, ProcessorFailure } from './processor.js';
export { rudderStackRequest, settingsForConfig } from './request.js';
export type { RudderStackRequest } from './request.js';
export { routerTransform } from './router.js';
export type {
  RouterBatched,
  RouterBody,
  RouterFailure,
  RouterInputEvent,
  RouterOptions,
  RouterOutputEntry,
  RouterResponse,
  RouterSingle,
} from './router-types.js';
export { proxy, proxyResponse } from './proxy.js';
export type { JobResponse, ProxyFailure, ProxyReply, ProxyRequest, ProxyResponse, ProxySuccess } from './proxy.js';
export { deleteUsers } from './delete-users.js';
export type { DeleteUsersRequest, DeleteUsersResult } from './delete-users.js';
export type { IterableHttpOptions } from './http.js';
export { createServer, DEFAULT_BODY_LIMIT_BYTES, DEFAULT_MAX_CONCURRENT_REQUESTS } from './server.js';
export type { ResponseLogEntry, ServerOptions } from './server.js';
