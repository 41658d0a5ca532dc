/**
 * Delivery (proxy v1) reply interpretation (rudderstack-profile.md §9): one status per job of a
 * delivered request, from Iterable's HTTP status and body. Pure.
 */
import { ENDPOINTS } from '../iterable/endpoints.js';
import { isObject } from '../transform/values.js';
import { destinationTags } from './stat-tags.js';

/** The delivery request rudder-server sends to the v1 proxy (a router request plus its jobs). */
export interface ProxyRequest {
  endpoint?: string;
  method?: string;
  headers?: Record<string, unknown>;
  body?: { JSON?: unknown; [key: string]: unknown };
  metadata?: unknown;
  [key: string]: unknown;
}

/** Iterable's reply: HTTP status and the body, parsed JSON when it was JSON, else the raw text. */
export interface ProxyReply {
  status: number;
  body: unknown;
}

export interface JobResponse {
  statusCode: number;
  metadata: unknown;
  error: string;
}

export interface ProxySuccess {
  status: number;
  message: string;
  destinationResponse: { response: unknown; status: number };
  response: JobResponse[];
}

export interface ProxyFailure {
  response: JobResponse[];
  statTags: Record<string, unknown>;
  message: string;
  status: number;
}

export type ProxyResponse = ProxySuccess | ProxyFailure;

const BULK_MARKERS = [ENDPOINTS.bulkUpdateUsers.path, ENDPOINTS.trackBulk.path];
const SUCCESS_MESSAGE = '[ITERABLE Response Handler] - Request Processed Successfully';
const ERROR_PREFIX = 'ITERABLE: Error transformer proxy during ITERABLE response transformation. ';

/** Where Iterable lists failed records in a bulk reply, in RudderStack's order (§2). */
export const USER_ID_PATHS = [
  'invalidUserIds',
  'failedUpdates.invalidUserIds',
  'failedUpdates.notFoundUserIds',
  'failedUpdates.forgottenUserIds',
  'failedUpdates.conflictUserIds',
  'failedUpdates.invalidDataUserIds',
] as const;
export const EMAIL_PATHS = [
  'invalidEmails',
  'failedUpdates.invalidEmails',
  'failedUpdates.notFoundEmails',
  'failedUpdates.forgottenEmails',
  'failedUpdates.conflictEmails',
  'failedUpdates.invalidDataEmails',
] as const;

export function jobsOf(request: ProxyRequest): unknown[] {
  const { metadata } = request;
  if (Array.isArray(metadata)) return metadata;
  return metadata === undefined ? [] : [metadata];
}

/**
 * Interprets Iterable's reply to a proxied request the way RudderStack's delivery proxy does: one
 * job response per event, bulk failures attributed by identifier. Pure: no I/O.
 *
 * @param request - the proxied request (endpoint, body, metadata of its jobs)
 * @param reply - Iterable's `{ status, body }`
 * @returns the proxy response with a status per job
 * @example
 * ```ts
 * const response = proxyResponse(request, { status: 200, body: { successCount: 2, failCount: 0 } });
 * ```
 */
export function proxyResponse(request: ProxyRequest, reply: ProxyReply): ProxyResponse {
  const jobs = jobsOf(request);
  const { status, body } = reply;
  if (status < 200 || status > 299) return failure(jobs, reply);
  const destinationResponse = { response: body, status };
  const endpoint = typeof request.endpoint === 'string' ? request.endpoint : '';
  const response = BULK_MARKERS.some((marker) => endpoint.includes(marker))
    ? bulkJobResponses(request, jobs, body)
    : jobs.map((metadata) => ({ statusCode: status, metadata, error: 'success' }));
  return { status, message: SUCCESS_MESSAGE, destinationResponse, response };
}

function failure(jobs: unknown[], { status, body }: ProxyReply): ProxyFailure {
  const fields = isObject(body) ? body : {};
  const detail = JSON.stringify(fields.params || fields.msg || fields.message) || 'unknown error format';
  const errorType = status >= 500 && status <= 599 ? 'retryable' : status === 429 ? 'throttled' : 'aborted';
  // Each job carries Iterable's raw body, not the message (as RudderStack reports it).
  const rawBody = JSON.stringify(body) ?? '';
  return {
    response: jobs.map((metadata) => ({ error: rawBody, statusCode: status, metadata })),
    statTags: { errorCategory: 'network', errorType, ...destinationTags('dataDelivery', jobs[0]) },
    message: `${ERROR_PREFIX}${detail}`,
    status,
  };
}

/**
 * Bulk replies are read record by record: record i belongs to job i (positional, §12 item 14),
 * and a record fails when its userId, email or eventName appears in the reply's failure lists.
 */
function bulkJobResponses(request: ProxyRequest, jobs: unknown[], body: unknown): JobResponse[] {
  const json = isObject(request.body?.JSON) ? request.body.JSON : {};
  const items = json.events || json.users;
  if (!Array.isArray(items) || items.length === 0) return [];
  const reply = isObject(body) ? body : {};
  // Each failure list is read once per reply, then looked up per record.
  const failures = failureSets(reply);
  return items.map((item, index) => {
    const error = reply.failCount === 0 ? '' : recordError(isObject(item) ? item : {}, failures);
    return error
      ? { statusCode: 400, metadata: jobs[index], error }
      : { statusCode: 200, metadata: jobs[index], error: 'success' };
  });
}

type FailureSets = ReadonlyMap<string, ReadonlySet<unknown>>;

function failureSets(reply: Record<string, unknown>): FailureSets {
  const sets = new Map<string, Set<unknown>>();
  for (const path of [...USER_ID_PATHS, ...EMAIL_PATHS, 'disallowedEventNames']) sets.set(path, new Set(listAt(reply, path)));
  return sets;
}

/** The error string of one record: its userId, email and eventName matched against the failure lists, in that order. */
function recordError(item: Record<string, unknown>, failures: FailureSets): string {
  let message = '';
  const userIdPaths = USER_ID_PATHS.filter((path) => failures.get(path)?.has(item.userId));
  if (userIdPaths.length > 0) message += `userId error:"${String(item.userId)}" in "${userIdPaths.join(',')}".`;
  const emailPaths = EMAIL_PATHS.filter((path) => failures.get(path)?.has(item.email));
  if (emailPaths.length > 0) message += `email error:"${String(item.email)}" in "${emailPaths.join(',')}".`;
  if (failures.get('disallowedEventNames')?.has(item.eventName)) {
    message += `eventName error:"${String(item.eventName)}" in "disallowedEventNames".`;
  }
  return message;
}

function listAt(source: Record<string, unknown>, path: string): unknown[] {
  let current: unknown = source;
  for (const segment of path.split('.')) current = isObject(current) ? current[segment] : undefined;
  return Array.isArray(current) ? current : [];
}
