/**
 * The one way this package sends HTTP: an undici request with a time bound on headers and body,
 * whose reply body is read whole as text. The delivering client and the RudderStack contract
 * (delivery proxy, user deletion) both send through here; each maps failures its own way.
 * Rejects with undici's own error (its `code` says what happened) when no complete reply arrived.
 */
import { request, type Dispatcher } from 'undici';

export interface RawRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The body text, or undefined for none. */
  readonly body: string | undefined;
  /** Bound on waiting for the headers, and for the body, in milliseconds. */
  readonly timeoutMs: number;
  /** The pool or agent to send through (undici's global one when absent). */
  readonly dispatcher?: Dispatcher;
  readonly signal?: AbortSignal;
}

export interface RawReply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

export async function sendRaw(req: RawRequest): Promise<RawReply> {
  const reply = await request(req.url, {
    method: req.method as Dispatcher.HttpMethod,
    headers: { ...req.headers },
    body: req.body ?? null,
    headersTimeout: req.timeoutMs,
    bodyTimeout: req.timeoutMs,
    ...(req.dispatcher ? { dispatcher: req.dispatcher } : {}),
    ...(req.signal ? { signal: req.signal } : {}),
  });
  const body = await reply.body.text();
  return { status: reply.statusCode, headers: reply.headers, body };
}
