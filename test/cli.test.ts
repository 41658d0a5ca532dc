/**
 * The built command line (`node dist/cli.js`), run as users run it: a child process, real files,
 * real HTTP to an emulator this test starts on 127.0.0.1. Needs a build (`npx tsup`) first.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/emulator/index.js';
import type { RunningEmulator } from '../src/emulator/index.js';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const FIXTURES = join(ROOT, 'fixtures', 'events', 'cli');
const fixture = (name: string): string => join(FIXTURES, name);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI without blocking this process (the emulator it talks to lives here). */
function cli(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, ITERABLE_API_KEY: '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

const jsonLines = (text: string): unknown[] =>
  text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);

let tmp: string;
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npx tsup` before these tests');
  tmp = mkdtempSync(join(tmpdir(), 'iterable-destination-cli-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('transform', () => {
  // Everything but the JSON parser's own wording, which differs between Node versions.
  const withoutParserDetail = (lines: unknown[]): unknown[] =>
    lines.map((line) => {
      const error = (line as { error?: { code?: string; message?: string } }).error;
      if (error?.code !== 'INVALID_JSON') return line;
      return { ...(line as object), error: { ...error, message: error.message?.replace(/: .*$/, ': ') } };
    });

  it.each([
    ['strict', []],
    ['rudderstack', ['--profile', 'rudderstack']],
  ])('turns each input line into one result line (%s profile), blank lines included', async (profile, flags) => {
    const run = await cli(['transform', fixture('transform.input.jsonl'), ...flags]);
    const expected = jsonLines(readFileSync(fixture(`transform.${profile}.expected.jsonl`), 'utf8'));
    expect(withoutParserDetail(jsonLines(run.stdout))).toEqual(expected);
    expect(run.stdout.split('\n').filter(Boolean)).toHaveLength(6);
    expect(run.code).toBe(1); // some events could not be transformed
  });

  it('reads stdin when no file is given and exits 0 when every event transforms', async () => {
    const input = readFileSync(fixture('transform.input.jsonl'), 'utf8').split('\n').slice(0, 2).join('\n');
    const run = await cli(['transform'], { input });
    expect(jsonLines(run.stdout)).toEqual(jsonLines(readFileSync(fixture('transform.strict.expected.jsonl'), 'utf8')).slice(0, 2));
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });
});

describe('send --dry-run', () => {
  it('prints the exact planned requests, sends nothing and never shows a key', async () => {
    const run = await cli(['send', fixture('dry-run.input.jsonl'), '--dry-run', '--settings', fixture('dry-run.settings.json')]);
    const headers = { 'Api-Key': '***', 'Content-Type': 'application/json' };
    const ada = { email: 'ada@example.com', dataFields: { email: 'ada@example.com', plan: 'pro' }, userId: 'u1', preferUserId: true, mergeNestedObjects: true };
    const bruno = { email: 'bruno@example.com', dataFields: { email: 'bruno@example.com', plan: 'free' }, userId: 'u2', preferUserId: true, mergeNestedObjects: true };
    const lines = jsonLines(run.stdout) as Array<Record<string, unknown>>;
    expect(lines.map(({ bytes, ...rest }) => rest)).toEqual([
      { method: 'POST', url: 'https://api.eu.iterable.com/api/users/bulkUpdate', headers, key: 'apiKey', events: [0, 1], body: { users: [ada, bruno] } },
      {
        method: 'POST',
        url: 'https://api.eu.iterable.com/api/users/registerDeviceToken',
        headers,
        key: 'registerDeviceOrBrowserApiKey',
        events: [0],
        body: { email: 'ada@example.com', userId: 'u1', preferUserId: true, device: { token: 'abc123', platform: 'APNS', applicationName: 'com.example.shop' } },
      },
      {
        method: 'POST',
        url: 'https://api.eu.iterable.com/api/events/trackBulk',
        headers,
        key: 'apiKey',
        events: [2],
        body: { events: [{ dataFields: { method: 'email' }, userId: 'u2', eventName: 'Signed Up', createdAt: 1736931600000, id: 'm3' }] },
      },
      { index: 3, status: 'rejected', code: 'MISSING_FIELD', message: expect.stringContaining('"event"') },
    ]);
    // `bytes` is the length of the exact body sent.
    for (const line of lines.slice(0, 3)) expect(line.bytes).toBe(Buffer.byteLength(JSON.stringify(line.body)));
    expect(run.stdout + run.stderr).not.toMatch(/secret-main-key|secret-token-key/);
    expect(run.stderr).toContain('dry run (nothing sent)');
    expect(run.code).toBe(1);
  });

  it('uses --endpoint as the host of every URL', async () => {
    const input = readFileSync(fixture('dry-run.input.jsonl'), 'utf8').split('\n')[1] ?? '';
    const run = await cli(['send', '--dry-run', '--endpoint', 'http://127.0.0.1:9/api/'], { input });
    expect((jsonLines(run.stdout) as Array<{ url: string }>).map((line) => line.url)).toEqual(['http://127.0.0.1:9/api/users/bulkUpdate']);
    expect(run.code).toBe(0);
  });
});

describe('send --dry-run prints what send would send', () => {
  const enter = (messageId: string): string =>
    JSON.stringify({ type: 'track', userId: 'a1', messageId, event: 'Audience Entered', context: { traits: { email: 'ada@example.com' } }, properties: { audience_key: 'vip' } });
  const exit = (messageId: string): string =>
    JSON.stringify({ type: 'track', userId: 'a1', messageId, event: 'Audience Exited', context: { traits: { email: 'ada@example.com' } }, properties: { audience_key: 'vip' } });

  it('leaves out a list call that a later one for the same user and list replaces, and prints it as SUPERSEDED', async () => {
    const input = [enter('m1'), exit('m2')].join('\n');
    const run = await cli(['send', '--dry-run', '--settings', fixture('audiences.settings.json')], { input });
    const lines = jsonLines(run.stdout) as Array<Record<string, unknown>>;
    const requests = lines.filter((line) => 'url' in line);
    // createDestination sends only the exit: the enter that it undoes is settled, never sent.
    expect(requests.map((r) => [String(r.url).replace(/^.*\/api\//, ''), r.events])).toEqual([['lists/unsubscribe', [1]]]);
    expect(lines.filter((line) => !('url' in line))).toEqual([{ index: 0, status: 'delivered', code: 'SUPERSEDED', message: expect.stringContaining('later list call') }]);
    expect(run.code).toBe(0);
  });

  it('sends every call that is not superseded, from the same chunk, under its own event index', async () => {
    const identify = JSON.stringify({ type: 'identify', userId: 'a1', messageId: 'i1', traits: { email: 'ada@example.com' } });
    const run = await cli(['send', '--dry-run', '--settings', fixture('audiences.settings.json')], { input: [identify, enter('m1'), exit('m2')].join('\n') });
    const urls = (jsonLines(run.stdout) as Array<Record<string, unknown>>).filter((line) => 'url' in line).map((r) => [String(r.url).replace(/^.*\/api\//, ''), r.events]);
    expect(urls).toEqual([
      ['users/bulkUpdate', [0]],
      ['lists/unsubscribe', [2]],
    ]);
  });
});

describe('send to an emulator', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  afterAll(() => emulator.close());

  it('delivers what Iterable accepts, rejects the rest, logs one line per event and exits 1', async () => {
    emulator.inject.failRecords({ emails: ['refused@example.com'], reason: 'invalidEmails' });
    const log = join(tmp, 'outcomes.jsonl');
    const run = await cli(['send', fixture('send.input.jsonl'), '--endpoint', emulator.url, '--log', log], {
      env: { ITERABLE_API_KEY: 'secret-env-key-0099' },
    });
    expect(run.code).toBe(1);
    const outcomes = (jsonLines(readFileSync(log, 'utf8')) as Array<Record<string, unknown>>).sort((a, b) => Number(a.index) - Number(b.index));
    expect(outcomes).toHaveLength(4);
    expect(outcomes.map((o) => [o.index, o.status, o.op])).toEqual([
      [0, 'delivered', 'updateUser'],
      [1, 'rejected', 'updateUser'],
      [2, 'delivered', 'trackEvent'],
      [3, 'rejected', null],
    ]);
    expect(outcomes[1]?.message).toContain('refused@example.com');
    expect(outcomes[3]).toMatchObject({ code: 'UNSUPPORTED_TYPE', attempts: 0 });
    for (const outcome of outcomes) expect(Object.keys(outcome).sort()).toEqual(['attempts', 'code', 'index', 'message', 'op', 'status']);
    expect(emulator.state.users.find('ada@example.com')?.dataFields).toMatchObject({ plan: 'pro' });
    expect(run.stdout).toMatch(/requests: 2, 1\.5 records per request/);
    // Records per endpoint come from the client's stats().recordsByEndpoint.
    expect(run.stdout).toMatch(/users\/bulkUpdate\s+1\s+2\s+2\.0/);
    expect(run.stdout).toMatch(/events\/trackBulk\s+1\s+1\s+1\.0/);
    expect(run.stdout + run.stderr + readFileSync(log, 'utf8')).not.toContain('secret-env-key-0099');
  });

  it('starts the bundled emulator when given no endpoint and no key', async () => {
    const input = readFileSync(fixture('send.input.jsonl'), 'utf8').split('\n').slice(0, 1).join('\n');
    const run = await cli(['send'], { input });
    expect(run.stderr).toContain('sending to the bundled emulator at http://127.0.0.1:');
    expect(run.stdout).toMatch(/delivered\s+1/);
    expect(run.code).toBe(0);
  });
});

describe('send: audiences and form sign-ups to lists', () => {
  const LISTS = [4100, 4201, 4202, 4203];
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, lists: LISTS.map((id) => ({ id })) });
  });
  afterAll(() => emulator.close());

  const members = (listId: number): string[] => [...(emulator.state.lists.get(listId)?.members ?? [])].map((user) => user.email ?? '').sort();

  it('subscribes each audience enter to its list, unsubscribes the exits, and refuses an unknown audience', async () => {
    const settings = fixture('audiences.settings.json');
    const log = join(tmp, 'audiences.jsonl');
    const enter = await cli(['send', fixture('audiences.enter.input.jsonl'), '--settings', settings, '--endpoint', emulator.url, '--log', log]);
    const outcomes = (jsonLines(readFileSync(log, 'utf8')) as Array<Record<string, unknown>>).sort((a, b) => Number(a.index) - Number(b.index));
    expect(outcomes.map((o) => [o.index, o.status, o.op, o.code])).toEqual([
      [0, 'delivered', 'subscribeToList', null],
      [1, 'delivered', 'subscribeToList', null],
      [2, 'delivered', 'subscribeToList', null],
      [3, 'delivered', 'subscribeToList', null],
      [4, 'delivered', expect.any(String), null],
      [5, 'rejected', null, 'UNKNOWN_AUDIENCE'],
    ]);
    expect(outcomes[5]?.message).toContain('"churn-risk"');
    expect(enter.code).toBe(1);
    expect(enter.stdout).toMatch(/lists\/subscribe\s+\d/);
    expect(LISTS.map(members)).toEqual([
      ['dmitri@example.com'],
      ['bruno@example.com'],
      ['ada@example.com'],
      ['ada@example.com', 'chloe@example.com'],
    ]);
    // The form's fields arrive under the mapped names.
    expect(emulator.state.users.find('dmitri@example.com')?.dataFields).toMatchObject({
      firstName: 'Dmitri',
      newsletterConsent: true,
      signupPage: 'https://www.example.com/blog',
    });

    const exit = await cli(['send', fixture('audiences.exit.input.jsonl'), '--settings', settings, '--endpoint', emulator.url]);
    expect(exit.code).toBe(0);
    expect(exit.stdout).toMatch(/lists\/unsubscribe\s+\d/);
    expect(LISTS.map(members)).toEqual([['dmitri@example.com'], [], [], ['ada@example.com', 'chloe@example.com']]);
  });

  it('gives the bundled emulator the lists of the settings and of the events, so list calls are delivered', async () => {
    const summary = join(tmp, 'audiences.summary.json');
    const run = await cli(['send', fixture('audiences.enter.input.jsonl'), '--settings', fixture('audiences.settings.json'), '--summary-json', summary]);
    expect(run.stderr).toContain('sending to the bundled emulator');
    const tally = JSON.parse(readFileSync(summary, 'utf8')) as { outcomes: Record<string, unknown> };
    // Only the unknown audience is refused: the event list 4100 and the audience lists exist.
    expect(tally.outcomes).toEqual({ delivered: 5, rejected: 1, failed: 0, byCode: { 'rejected:UNKNOWN_AUDIENCE': 1 } });
    expect(run.code).toBe(1);
  });
});

describe('emulator', () => {
  it('prints its URL, answers like Iterable, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [CLI, 'emulator', '--port', '0', '--catalogs', 'products,Shoes'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.once('close', () => reject(new Error(`emulator exited early: ${stdout}`)));
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout);
        if (match?.[1]) resolve(match[1]);
      });
    });
    const unknown = await fetch(`${url}/api/users/getByEmail?email=nobody%40example.com`, { headers: { 'Api-Key': 'k' } });
    expect([unknown.status, await unknown.json()]).toEqual([200, {}]);
    const unauthorised = await fetch(`${url}/api/users/getByEmail?email=nobody%40example.com`);
    expect(unauthorised.status).toBe(401);
    // --catalogs: the named catalogs exist (case-insensitively), any other is Iterable's catalog 404.
    const items = (name: string) =>
      fetch(`${url}/api/catalogs/${name}/items`, {
        method: 'POST',
        headers: { 'Api-Key': 'k', 'content-type': 'application/json' },
        body: JSON.stringify({ documents: { 'sku-1': { price: 3 } }, replaceUploadedFieldsOnly: false }),
      });
    expect((await items('shoes')).status).toBe(200);
    const missing = await items('hats');
    expect([missing.status, await missing.json()]).toEqual([404, { error: 'NotFound', message: 'Catalog not found: hats', code: 'error.catalogs.notFound', data: { args: ['hats'] } }]);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

describe('bad usage exits 2 with a clear message', () => {
  it.each([
    [['frobnicate'], /unknown command "frobnicate"/],
    [[], /usage: iterable-destination <command>/],
    [['transform', '--bogus'], /transform: unknown flag --bogus/],
    [['transform', '--profile', 'loose'], /--profile must be one of strict, rudderstack, got "loose"/],
    [['transform', 'a.jsonl', 'b.jsonl'], /unexpected argument "b.jsonl"/],
    [['transform', 'no-such-input.jsonl'], /transform: input file "no-such-input.jsonl" not found/],
    [['send', '--settings', 'no/such/file.json'], /cannot read --settings "no\/such\/file.json" \(ENOENT\)/],
    [['send', '--endpoint', 'not a url'], /--endpoint must be a URL/],
    [['send', '--limit=-3'], /--limit must be a whole number >= 0, got "-3"/],
    [['send', '--api-key', 'secret-flag-key-7', '--no-rate-limits'], /--no-rate-limits is only for an emulator/],
    [['send', '--endpoint', 'https://api.iterable.com', '--no-rate-limits'], /--no-rate-limits is only for an emulator/],
    [['send', '--endpoint', 'https://API.EU.iterable.com/api/', '--no-rate-limits'], /--no-rate-limits is only for an emulator/],
    [['send', '--dry-run', '--log', 'dry.log'], /--dry-run cannot be combined with --log/],
    [['send', '--dry-run', '--summary-json', 'dry.json'], /--dry-run cannot be combined with --summary-json/],
    [['send', '--dry-run', '--log', 'dry.log', '--summary-json', 'dry.json'], /--dry-run cannot be combined with --log or --summary-json/],
    [['transform', 'fixtures'], /transform: input "fixtures" is a directory/],
    [['send', 'fixtures/events'], /send: input "fixtures\/events" is a directory/],
    [['serve', '--port', '70000'], /serve: --port must be a whole number between 0 and 65535/],
    [['serve', '--verbose'], /serve: unknown flag --verbose/],
    [['emulator', '--port', '70000'], /--port must be a whole number between 0 and 65535/],
    [['emulator', '--catalogs', 'bad.name'], /emulator: --catalogs takes names of letters, digits and dashes \(at most 255\), got "bad.name"/],
    [['demo', '--events', 'missing.jsonl'], /events file "missing.jsonl" not found/],
  ])('%j', async (args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toContain('secret-flag-key-7');
  });

  it('names the bad setting and its value, without the key', async () => {
    const settings = join(tmp, 'bad-settings.json');
    writeFileSync(settings, JSON.stringify({ apiKey: 'secret-file-key-0001', dataCenter: 'MARS' }));
    const run = await cli(['transform', '--settings', settings]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/invalid settings in .*bad-settings\.json: Expected `dataCenter` to be one of "USDC", "EUDC", got `"MARS"`/);
    expect(run.stderr).not.toContain('secret-file-key-0001');
  });

  it('never prints the text of a settings file that is not JSON, only where the mistake is', async () => {
    const settings = join(tmp, 'not-json-settings.json');
    writeFileSync(settings, '{\n  "dataCenter": "USDC",\n  "apiKey": SECRET123456\n}');
    const run = await cli(['transform', '--settings', settings]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/not-json-settings\.json" is not valid JSON \(line 3, column 13\)/);
    expect(run.stderr).not.toMatch(/SECRET|123456|apiKey/);
  });

  it('allows --no-rate-limits with a real key when --endpoint is not an Iterable host', async () => {
    // A real key with an --endpoint that is not Iterable is an emulator run: allowed.
    const input = readFileSync(fixture('dry-run.input.jsonl'), 'utf8').split('\n')[1] ?? '';
    const run = await cli(['send', '--dry-run', '--no-rate-limits', '--api-key', 'secret-flag-key-8', '--endpoint', 'http://127.0.0.1:9'], { input });
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).not.toContain('secret-flag-key-8');
  });

  it('prints help for every command with exit 0', async () => {
    for (const command of ['transform', 'send', 'emulator', 'serve', 'demo']) {
      const run = await cli([command, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`usage: iterable-destination ${command}`);
    }
  });
});

describe('demo', () => {
  it('runs the bundled sample through the emulator and checks it against its expectations', async () => {
    // The first 1,500 events hold one deliberately bad event (index 769), form sign-ups and audience enters.
    const run = await cli(['demo', '--limit', '1500']);
    expect(run.stdout).toMatch(/demo OK: 1,499 good events delivered, 1 bad events rejected with the expected reasons/);
    expect(run.stdout).toMatch(/ok\s+769\s+MISSING_IDENTITY/);
    expect(run.stdout).toMatch(/lists\/subscribe\s+\d/);
    expect(run.stdout).toMatch(/list members: 4100 \(named by events\): [1-9]\d* · 4201 \(lapsed-buyers\): [1-9]/);
    expect(run.code).toBe(0);
  });

  it('delivers the audience exits of the sample (the first is event 3,020) as unsubscribes', async () => {
    const run = await cli(['demo', '--limit', '3200', '--no-rate-limits']);
    expect(run.stdout).toMatch(/demo OK: 3,196 good events delivered, 4 bad events rejected with the expected reasons/);
    expect(run.stdout).toMatch(/lists\/unsubscribe\s+\d/);
    expect(run.code).toBe(0);
  });

  it('exits 1 when the run does not go as the expectations say', async () => {
    const expected = join(tmp, 'wrong.expected.json');
    writeFileSync(expected, JSON.stringify({ bad: [{ index: 0, code: 'MISSING_IDENTITY' }] }));
    const run = await cli(['demo', '--limit', '20', '--expected', expected, '--no-rate-limits']);
    expect(run.stdout).toContain('demo FAILED');
    expect(run.stdout).toMatch(/MISSED\s+0\s+MISSING_IDENTITY\s+got delivered/);
    expect(run.code).toBe(1);
  });
});
