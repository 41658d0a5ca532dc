/**
 * What Iterable answers when it refuses a request. Most refusals are the `{ msg, code, params }`
 * envelope, but some are not: the catalogs API answers an unknown catalog with a shape of its own.
 * The client reads both through `readErrorReply`, and the emulator checks its own refusals
 * against the same schemas, so the two cannot drift apart silently.
 */
import { z } from 'zod';
import { ApiResponse } from './responses.js';

/** 401: the key is refused. `params` names the caller's address and the endpoint. */
export const BadApiKeyReply = ApiResponse.extend({
  params: z
    .object({
      ip: z.string(),
      endpoint: z.string(),
      /** For a disabled key: an identifier of the key (never the key itself) and its type. */
      apiKeyIdentifier: z.string().optional(),
      apiKeyType: z.string().optional(),
    })
    .passthrough(),
});
export type BadApiKeyReply = z.infer<typeof BadApiKeyReply>;

/**
 * 400 `BadJsonBody` for a value of the wrong JSON type: `params` maps the JSON path of each bad
 * value (`obj.events[1].createdAt`) to a short text (`Number value expected`).
 */
export const BadJsonBodyReply = ApiResponse.extend({
  code: z.literal('BadJsonBody'),
  params: z.record(z.string(), z.string()).nullable().optional(),
});
export type BadJsonBodyReply = z.infer<typeof BadJsonBodyReply>;

/** 404 from the catalogs API for a catalog the project does not have. */
export const CatalogNotFoundReply = z
  .object({
    error: z.string(),
    message: z.string(),
    code: z.string(),
    data: z.object({ args: z.array(z.string()) }).passthrough().optional(),
  })
  .passthrough();
export type CatalogNotFoundReply = z.infer<typeof CatalogNotFoundReply>;

/** Any refusal body Iterable sends as JSON: the envelope, or the catalogs API's own shape. */
export const ErrorReply = z.union([ApiResponse, CatalogNotFoundReply]);
export type ErrorReply = z.infer<typeof ErrorReply>;

/**
 * A refusal body read as the envelope: the catalogs shape becomes `{ msg: message, code: error }`
 * (its own dotted code, e.g. `error.catalogs.notFound`, and `data` are kept in `params`).
 * Undefined when the body is neither shape (HTML, text, truncated JSON).
 */
export function readErrorReply(parsed: unknown): ApiResponse | undefined {
  const envelope = ApiResponse.safeParse(parsed);
  if (envelope.success) return envelope.data;
  const catalog = CatalogNotFoundReply.safeParse(parsed);
  if (!catalog.success) return undefined;
  const { error, message, code, data } = catalog.data;
  return { msg: message, code: error, params: { code, ...(data === undefined ? {} : { data }) } };
}
