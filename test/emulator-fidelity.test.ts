/**
 * The emulator answers like Iterable: every case in fixtures/iterable-replies/<endpoint>/<behaviour>.json
 * (written from observed Iterable replies and its API description, not from the emulator) is sent
 * over HTTP to a fresh emulator and its status, code, message and key sets compared. Every reply is
 * also read through the zod schemas the client reads it with: a 2xx through the endpoint's reply
 * schema, a refusal through the error-reply schemas.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../src/emulator/index.js';
import { BadApiKeyReply, BadJsonBodyReply, readErrorReply } from '../src/iterable/error-replies.js';
import { endpointDef, type EndpointName } from '../src/ops/index.js';

interface FixtureRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

type TextPattern = { equals: string } | { contains: string } | { startsWith: string };

interface ReplyCase {
  name: string;
  fact: string;
  emulator?: EmulatorOptions;
  setup?: FixtureRequest[];
  request: FixtureRequest;
  expected: {
    status: number;
    code?: string;
    /** Where the message is: `msg` (the envelope, default) or `message` (the catalogs API). */
    messageField?: string;
    message?: TextPattern;
    /** The reply's top-level keys, sorted. */
    keys?: string[];
    paramsKeys?: string[];
    failedUpdatesKeys?: string[];
    params?: unknown;
    /** Values at dotted paths of the reply. */
    fields?: Record<string, unknown>;
    /** For a non-JSON reply: a pattern its text must match. */
    html?: TextPattern;
  };
}

const ROOT = join(import.meta.dirname, '..', 'fixtures', 'iterable-replies');
const KEY = 'fidelity-key';
const DISABLED_KEY = 'fidelity-disabled-key';
const PLACEHOLDERS: Readonly<Record<string, string>> = { '<key>': KEY, '<wrong-key>': 'fidelity-wrong-key', '<disabled-key>': DISABLED_KEY };

const cases = readdirSync(ROOT).flatMap((endpoint) =>
  readdirSync(join(ROOT, endpoint))
    .filter((file) => file.endsWith('.json'))
    .map((file) => ({ endpoint, file: `${endpoint}/${file}`, spec: JSON.parse(readFileSync(join(ROOT, endpoint, file), 'utf8')) as ReplyCase })),
);

function matches(text: unknown, pattern: TextPattern): boolean {
  if (typeof text !== 'string') return false;
  if ('equals' in pattern) return text === pattern.equals;
  if ('startsWith' in pattern) return text.startsWith(pattern.startsWith);
  return text.includes(pattern.contains);
}

function at(value: unknown, path: string): unknown {
  let current = value;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function sortedKeys(value: unknown): string[] | undefined {
  return value !== null && typeof value === 'object' ? Object.keys(value).sort() : undefined;
}

async function send(url: string, request: FixtureRequest): Promise<{ status: number; text: string; contentType: string }> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name] = PLACEHOLDERS[value] ?? value;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${url}${request.path}`, {
    method: request.method,
    headers,
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
  });
  return { status: res.status, text: await res.text(), contentType: res.headers.get('content-type') ?? '' };
}

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('the emulator answers as Iterable does', () => {
  it('has cases for every fact of the fidelity list', () => {
    const facts = cases.map((c) => c.spec.fact).join(' ');
    for (const fact of ['fact 1', 'fact 2', 'fact 3', 'fact 4', 'fact 5']) expect(facts).toContain(fact);
  });

  it.each(cases)('$file', async ({ endpoint, spec }) => {
    emulator = await startEmulator({ apiKeys: [KEY], disabledApiKeys: [DISABLED_KEY], ...spec.emulator });
    for (const step of spec.setup ?? []) {
      const res = await send(emulator.url, step);
      expect(res.status, `setup ${step.method} ${step.path}`).toBeLessThan(300);
    }
    const reply = await send(emulator.url, spec.request);
    const { expected } = spec;
    expect(reply.status).toBe(expected.status);
    if (expected.html) {
      expect(reply.contentType).toContain('text/html');
      expect(matches(reply.text, expected.html), reply.text).toBe(true);
      return;
    }
    const body = JSON.parse(reply.text) as Record<string, unknown>;
    if (expected.code !== undefined) expect(body.code).toBe(expected.code);
    if (expected.message) expect(matches(body[expected.messageField ?? 'msg'], expected.message), String(body[expected.messageField ?? 'msg'])).toBe(true);
    if (expected.keys) expect(sortedKeys(body)).toEqual([...expected.keys].sort());
    if (expected.paramsKeys) expect(sortedKeys(body.params)).toEqual([...expected.paramsKeys].sort());
    if (expected.failedUpdatesKeys) expect(sortedKeys(body.failedUpdates)).toEqual([...expected.failedUpdatesKeys].sort());
    if (expected.params !== undefined) expect(body.params).toEqual(expected.params);
    for (const [path, value] of Object.entries(expected.fields ?? {})) expect(at(body, path), path).toEqual(value);

    // The same reply read the way the client reads it.
    if (reply.status >= 200 && reply.status < 300) {
      expect(endpointDef(endpoint as EndpointName).reply.safeParse(body).success).toBe(true);
    } else {
      expect(readErrorReply(body)).toBeDefined();
      if (reply.status === 401) expect(BadApiKeyReply.safeParse(body).success).toBe(true);
      if (body.code === 'BadJsonBody') expect(BadJsonBodyReply.safeParse(body).success).toBe(true);
    }
  });

  it('never puts a key in a reply: a disabled key is named by an identifier that is not the key', async () => {
    emulator = await startEmulator({ disabledApiKeys: [DISABLED_KEY] });
    const reply = await send(emulator.url, { method: 'POST', path: '/api/users/update', headers: { 'Api-Key': DISABLED_KEY }, body: { email: 'a@example.com' } });
    expect(reply.status).toBe(401);
    expect(reply.text).not.toContain(DISABLED_KEY);
    const body = JSON.parse(reply.text) as { params: { apiKeyIdentifier: string } };
    expect(body.params.apiKeyIdentifier).toMatch(/^[0-9a-f]{8}$/);
  });
});

describe('the emulator holds its replies to the client schemas', () => {
  it('a reply that does not fit its schema becomes a 500 naming the drift', async () => {
    const { checkedReply } = await import('../src/emulator/reply-check.js');
    const drifted = checkedReply('bulkUpdateUsers', { status: 200, body: { successCount: '2', failCount: 0 } });
    expect(drifted.status).toBe(500);
    expect((drifted.body as { msg: string }).msg).toContain('successCount');
    const refusal = checkedReply('updateUser', { status: 401, body: { msg: 'Invalid API key', code: 'BadApiKey', params: { endpoint: '/api/users/update' } } });
    expect(refusal.status).toBe(500);
    const fits = { status: 200, body: { msg: '', code: 'Success', params: null } };
    expect(checkedReply('updateUser', fits)).toBe(fits);
  });
});
