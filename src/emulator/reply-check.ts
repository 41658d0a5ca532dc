/**
 * The emulator holds its own replies to the schemas the client reads them with: a 2xx body to the
 * endpoint's reply schema from the op registry, a refusal to the error-reply schemas. A reply that
 * does not fit is a bug in the emulator, answered as a 500 that names the drift, so that a test
 * fails instead of the client silently learning a shape Iterable never sends.
 */
import { BadApiKeyReply, ErrorReply } from '../iterable/error-replies.js';
import { endpointDef, type EndpointName } from '../ops/index.js';
import { apiReply, type Reply } from './replies.js';

/** The schema a reply of `status` from `endpoint` must satisfy (undefined: a non-JSON body, not checked). */
export function replySchemaFor(endpoint: EndpointName, status: number) {
  if (status >= 200 && status < 300) return endpointDef(endpoint).reply;
  if (status === 401) return BadApiKeyReply;
  return ErrorReply;
}

export function checkedReply(endpoint: EndpointName, reply: Reply): Reply {
  if (typeof reply.body === 'string') return reply;
  const parsed = replySchemaFor(endpoint, reply.status).safeParse(reply.body);
  if (parsed.success) return reply;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
  return apiReply(500, 'GenericError', `Emulator reply ${reply.status} for ${endpoint} does not fit its schema at ${where}: ${issue?.message ?? 'invalid'}`);
}
