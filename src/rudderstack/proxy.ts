/**
 * The delivery proxy (`POST /v1/destinations/iterable/proxy`): sends a router request to Iterable
 * and reports one status per job (rudderstack-profile.md §9). Never throws.
 */
import { sendToIterable, type IterableHttpOptions } from './http.js';
import { proxyResponse, type ProxyRequest, type ProxyResponse } from './proxy-response.js';

export { proxyResponse } from './proxy-response.js';
export type { JobResponse, ProxyFailure, ProxyReply, ProxyRequest, ProxyResponse, ProxySuccess } from './proxy-response.js';

/**
 * POSTs `request.body.JSON` to `request.endpoint` (host replaced by `baseUrl` when given) with the
 * request's headers, then interprets the reply with `proxyResponse`.
 *
 * When no HTTP reply arrives (connection refused or reset, timeout, bad URL) the result is the
 * error envelope of a status-500 reply whose body is the transport's error code: every job is
 * reported `retryable`, as RudderStack reports a delivery that never got an answer.
 */
export async function proxy(request: ProxyRequest, options: IterableHttpOptions = {}): Promise<ProxyResponse> {
  const outcome = await sendToIterable(
    typeof request.endpoint === 'string' ? request.endpoint : '',
    { method: typeof request.method === 'string' ? request.method : 'POST', headers: request.headers, json: request.body?.JSON },
    options,
  );
  const reply = outcome.ok ? { status: outcome.status, body: outcome.body } : { status: 500, body: outcome.code };
  return proxyResponse(request, reply);
}
