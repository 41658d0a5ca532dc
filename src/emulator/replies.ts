/**
 * What the emulator sends back, as plain values: handlers return a `Reply`, the server writes it.
 * The envelopes copy Iterable's observed shapes (iterable-api.md §0.3, §0.4).
 */

export interface Reply {
  status: number;
  /** JSON-serialisable body, or a pre-rendered string (then `contentType` says what it is). */
  body: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

export function json(status: number, body: unknown): Reply {
  return { status, body };
}

/** Iterable's `{ msg, code, params }` envelope. */
export function apiReply(status: number, code: string, msg: string, params: unknown = null): Reply {
  return { status, body: { msg, code, params } };
}

export function success(msg = '', params: unknown = null): Reply {
  return apiReply(200, 'Success', msg, params);
}

export function badParams(msg: string, params: unknown = null): Reply {
  return apiReply(400, 'BadParams', msg, params);
}

export function badJsonBody(detail: string): Reply {
  return apiReply(400, 'BadJsonBody', `Could not parse request body as JSON: ${detail}`);
}

/**
 * 401 for a key the project does not have. `params` names the caller's address and the path.
 * Iterable's delete endpoints send this refusal with code `Success` (a status-first quirk).
 */
export function badApiKey(endpoint: string, ip: string, code: 'BadApiKey' | 'Success' = 'BadApiKey'): Reply {
  return apiReply(401, code, 'Invalid API key', { ip, endpoint });
}

/** 401 for a key that exists but is disabled or lacks the privilege; it is named by an identifier, never by itself. */
export function disabledApiKey(endpoint: string, ip: string, apiKeyIdentifier: string, code: 'BadApiKey' | 'Success' = 'BadApiKey'): Reply {
  return apiReply(401, code, 'Disabled API key or insufficient privileges', { ip, endpoint, apiKeyIdentifier, apiKeyType: 'ServerSide' });
}

/**
 * 400 `BadJsonBody` for values of the wrong JSON type: `params` keyed by the JSON path of each
 * (`obj.events[1].createdAt`), each with a short text (`Number value expected`).
 */
export function wrongJsonTypes(path: string, errors: Record<string, string>): Reply {
  return apiReply(400, 'BadJsonBody', `[${path}] Invalid JSON body`, errors);
}

/** The catalogs API's own 404 shape (not the envelope) for a catalog the project does not have. */
export function catalogNotFound(name: string): Reply {
  return { status: 404, body: { error: 'NotFound', message: `Catalog not found: ${name}`, code: 'error.catalogs.notFound', data: { args: [name] } } };
}

export function rateLimited(retryAfterSeconds?: number): Reply {
  const reply: Reply = { status: 429, body: { msg: 'Exceeded rate limit.', code: 'RateLimitExceeded' } };
  if (retryAfterSeconds !== undefined) reply.headers = { 'retry-after': String(retryAfterSeconds) };
  return reply;
}

/** Iterable answers unknown routes with its web app's HTML page, not JSON. */
export function actionNotFound(): Reply {
  return {
    status: 404,
    contentType: 'text/html; charset=utf-8',
    body: '<!DOCTYPE html><html><head><title>Action not found</title></head><body><h1>Action not found</h1></body></html>',
  };
}

export function bodyTooLarge(status: 400 | 413, bytes: number, maxBytes: number): Reply {
  if (status === 413) {
    return {
      status: 413,
      contentType: 'text/html; charset=utf-8',
      body: '<html><head><title>413 Request Entity Too Large</title></head><body><center><h1>413 Request Entity Too Large</h1></center></body></html>',
    };
  }
  return apiReply(400, 'BatchTooLarge', `Request body of ${bytes} bytes exceeds the limit of ${maxBytes} bytes`, {
    bytes,
    maxBytes,
  });
}

/** The 5xx a gateway or Iterable's own error handler returns. */
export function serverError(status: number): Reply {
  const msg = status === 500 ? 'Internal server error' : status === 503 ? 'Service unavailable' : 'Bad gateway';
  return apiReply(status, 'GenericError', msg);
}

/** Serialises a reply body: strings go out as they are, everything else as JSON. */
export function renderBody(reply: Reply): { text: string; contentType: string } {
  if (typeof reply.body === 'string') {
    return { text: reply.body, contentType: reply.contentType ?? 'text/plain; charset=utf-8' };
  }
  return { text: JSON.stringify(reply.body), contentType: reply.contentType ?? 'application/json' };
}
