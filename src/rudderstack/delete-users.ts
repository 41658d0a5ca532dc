/**
 * RudderStack's user deletion contract (`POST /deleteUsers`): for each
 * request, DELETE every userId from Iterable, ten at a time, at the endpoint of the library's own
 * `deleteUser` op. Never throws.
 */
import { endpointDef, opSpec, type EndpointName } from '../ops/index.js';
import { sendToIterable, type IterableHttpOptions } from './http.js';
import { belowApi } from './request.js';
import { routerBase } from './router-paths.js';

export interface DeleteUsersRequest {
  destType?: string;
  userAttributes?: Array<{ userId?: unknown; [key: string]: unknown }>;
  config?: { apiKey?: unknown; dataCenter?: unknown; [key: string]: unknown };
  [key: string]: unknown;
}

export type DeleteUsersResult = { statusCode: 200; status: 'successful' } | { statusCode: number; error: string };

/** RudderStack deletes this many users concurrently, then waits before starting the next ten. */
export const DELETE_CONCURRENCY = 10;

/**
 * `…/api/users/byUserId/<id>` on the Config's data centre: the endpoint the library's `deleteUser`
 * op routes a userId to, its path filled without URL encoding, as RudderStack does.
 */
export function deletionEndpoint(userId: unknown, config: { dataCenter?: unknown }): string {
  const route = opSpec('deleteUser').single?.route?.({ op: 'deleteUser', body: { userId: String(userId) } });
  if (!route) throw new TypeError('the deleteUser op has no route');
  const path = belowApi(endpointDef(route.endpoint as EndpointName).path).replace(/\{(\w+)\}/g, (_, key: string) => route.params[key] ?? '');
  return `${routerBase(config)}${path}`;
}

/** One result per element of `body` (a non-array body counts as one request). */
export async function deleteUsers(body: unknown, options: IterableHttpOptions = {}): Promise<DeleteUsersResult[]> {
  const requests = Array.isArray(body) ? body : [body];
  return Promise.all(requests.map((request) => deleteForRequest(request, options)));
}

class DeletionFailure extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
  ) {
    super(message);
  }
}

async function deleteForRequest(request: unknown, options: IterableHttpOptions): Promise<DeleteUsersResult> {
  try {
    const { userAttributes, config } = (request ?? {}) as DeleteUsersRequest;
    if (!config) throw new DeletionFailure('Config for deletion not present', 400);
    if (!config.apiKey) throw new DeletionFailure('api key for deletion not present', 400);
    if (!Array.isArray(userAttributes)) throw new DeletionFailure('userAttributes for deletion not present', 400);
    const userIds = userAttributes.filter((attributes) => attributes?.userId).map((attributes) => attributes.userId);
    const failed: Array<{ userId: unknown; Reason: unknown }> = [];
    for (let start = 0; start < userIds.length; start += DELETE_CONCURRENCY) {
      const batch = userIds.slice(start, start + DELETE_CONCURRENCY);
      // allSettled: like RudderStack, the whole ten finish before a hard failure ends the request.
      const settled = await Promise.allSettled(batch.map((userId) => deleteOne(userId, config, options)));
      const hard = settled.find((outcome) => outcome.status === 'rejected');
      if (hard) throw hard.reason;
      for (const outcome of settled) if (outcome.status === 'fulfilled' && outcome.value) failed.push(outcome.value);
    }
    if (failed.length > 0) {
      throw new DeletionFailure(`User deletion request failed for userIds : ${JSON.stringify(failed)}`, 400);
    }
    return { statusCode: 200, status: 'successful' };
  } catch (error) {
    if (error instanceof DeletionFailure) return { statusCode: error.statusCode, error: error.message };
    return { statusCode: 500, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * 2xx and 404 (already gone) succeed; 400 is a per-user failure that is collected; any other
 * status fails the request at once with that status. No reply at all counts as a 500 whose
 * message names the transport's error code.
 */
async function deleteOne(
  userId: unknown,
  config: NonNullable<DeleteUsersRequest['config']>,
  options: IterableHttpOptions,
): Promise<{ userId: unknown; Reason: unknown } | undefined> {
  const outcome = await sendToIterable(
    deletionEndpoint(userId, config),
    { method: 'DELETE', headers: { 'Content-Type': 'application/json', api_key: config.apiKey } },
    options,
  );
  if (!outcome.ok) throw new DeletionFailure(`User deletion request failed : ${outcome.code}`, 500);
  const { status, body } = outcome;
  if ((status >= 200 && status <= 299) || status === 404) return undefined;
  const msg = body !== null && typeof body === 'object' ? (body as { msg?: unknown }).msg : undefined;
  if (status !== 400) throw new DeletionFailure(`User deletion request failed : ${String(msg)}`, status);
  return { userId, Reason: msg };
}
