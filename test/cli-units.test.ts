/**
 * The CLI's pure helpers, and the sample generator's promise: it regenerates the committed demo
 * inputs byte for byte.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { creatingEventLists, eventListIds, settingsLists } from '../src/cli/emulator-lists.js';
import type { EmulatorList } from '../src/emulator/index.js';
import { judge } from '../src/cli/expectations.js';
import type { OutcomeRecord } from '../src/cli/deliver.js';
import { parseLine } from '../src/cli/jsonl.js';
import { jsonErrorPosition } from '../src/cli/json-position.js';
import { InFlightLimit } from '../src/cli/limiter.js';
import { createProgress, progressLine } from '../src/cli/progress.js';
import { renderTable } from '../src/cli/table.js';
import { eventKind, renderSummary, RunTally } from '../src/cli/tally.js';

const ROOT = join(import.meta.dirname, '..');
const outcome = (index: number, status: OutcomeRecord['status'], code: string | null = null): OutcomeRecord => ({
  index,
  status,
  op: null,
  code,
  message: code,
  attempts: status === 'delivered' ? 1 : 0,
});

describe('judge (the demo verdict)', () => {
  const expectations = { bad: [{ index: 2, code: 'MISSING_TYPE' }, { index: 9, code: 'INVALID_FIELD' }] };

  it('passes when exactly the bad events were rejected with their codes', () => {
    const verdict = judge(expectations, [outcome(2, 'rejected', 'MISSING_TYPE'), outcome(9, 'rejected', 'INVALID_FIELD')], 10);
    expect(verdict).toMatchObject({ ok: true, missed: [], unexpected: [] });
    expect(verdict.matched.map((m) => m.expected.index)).toEqual([2, 9]);
  });

  it('fails on a wrong code, a delivered bad event, or a good event not delivered', () => {
    const verdict = judge(expectations, [outcome(2, 'rejected', 'OTHER'), outcome(5, 'failed', 'HTTP_503')], 10);
    expect(verdict.ok).toBe(false);
    expect(verdict.missed.map((m) => [m.expected.index, m.got?.code])).toEqual([
      [2, 'OTHER'],
      [9, undefined],
    ]);
    expect(verdict.unexpected.map((o) => o.index)).toEqual([5]);
  });

  it('only expects bad events among those sent (--limit)', () => {
    expect(judge(expectations, [outcome(2, 'rejected', 'MISSING_TYPE')], 5).ok).toBe(true);
  });
});

describe('the lists of the bundled emulator', () => {
  it('takes listId and every audience list from the settings, each id once', () => {
    expect(settingsLists({ listId: 7, audienceLists: { vip: 9, again: 7, lapsed: 8 } })).toEqual([
      { id: 7, name: 'listId setting' },
      { id: 9, name: 'vip' },
      { id: 8, name: 'lapsed' },
    ]);
    expect(settingsLists({ listId: undefined, audienceLists: undefined })).toEqual([]);
  });

  it.each([
    [{ integrations: { Iterable: { listIds: [4100, '4101', 4100] } } }, [4100, 4101]],
    [{ integrations: { Iterable: { listIds: 12 } } }, [12]],
    [{ properties: { list_id: '33' }, integrations: { Iterable: { listIds: [34] } } }, [34, 33]],
    [{ integrations: { Iterable: { listIds: [0, -1, 1.5, 'x', null] } }, properties: { list_id: true } }, []],
    [{ type: 'track' }, []],
    [['not', 'an', 'event'], []],
  ])('reads the list ids an event names: %j', (event, ids) => {
    expect(eventListIds(event)).toEqual(ids);
  });

  it('creates an event list before yielding the event that names it, and keeps existing lists', async () => {
    const existing: EmulatorList = { id: 5, name: 'vip', members: new Set() };
    const lists = new Map<number, EmulatorList>([[5, existing]]);
    async function* source() {
      yield { index: 0, ok: true as const, value: { integrations: { Iterable: { listIds: [5, 6] } } } };
      yield parseLine('{not json', 1);
      yield { index: 2, ok: true as const, value: { properties: { list_id: 7 } } };
    }
    const seen: Array<[number, number[]]> = [];
    for await (const line of creatingEventLists(source(), lists)) seen.push([line.index, [...lists.keys()]]);
    expect(seen).toEqual([
      [0, [5, 6]],
      [1, [5, 6]],
      [2, [5, 6, 7]],
    ]);
    expect(lists.get(5)).toBe(existing);
  });
});

describe('parseLine', () => {
  it('parses JSON and turns anything else into an INVALID_JSON error for that event', () => {
    expect(parseLine('{"type":"track"}', 3)).toEqual({ index: 3, ok: true, value: { type: 'track' } });
    const bad = parseLine('{"type":', 4);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatchObject({ name: 'InstrumentationError', code: 'INVALID_JSON', statusCode: 400 });
  });
});

describe('jsonErrorPosition (a bad settings file is reported by position, never by content)', () => {
  it.each([
    ['{"apiKey": SECRET123456}', { line: 1, column: 12 }],
    ['{\n  "a": 1,\n  "apiKey": sk_live}', { line: 3, column: 13 }],
    ['{"a": 1', { line: 1, column: 8 }],
    ['{"a": 1} x', { line: 1, column: 10 }],
    ['{a: 1}', { line: 1, column: 2 }],
    ['{"a": [1, 2,]}', { line: 1, column: 13 }],
    ['{"a": "tab\there"}', { line: 1, column: 11 }],
    ['{"a": "\\x"}', { line: 1, column: 8 }],
    ['{"a": 01}', { line: 1, column: 8 }],
    ['', { line: 1, column: 1 }],
  ])('%j fails at %j', (text, position) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonErrorPosition(text)).toEqual(position);
  });

  it.each(['{}', '{"a": [1, -2.5e3, true, false, null, "\\u00e9\\n"], "b": {"c": {}}}', ' [] '])('finds nothing wrong in valid JSON %j', (text) => {
    expect(jsonErrorPosition(text)).toBeUndefined();
  });
});

describe('InFlightLimit', () => {
  it('lets `max` events in, then waits until one finishes', async () => {
    const limit = new InFlightLimit(2);
    await limit.acquire();
    await limit.acquire();
    let third = false;
    const waiting = limit.acquire().then(() => (third = true));
    await Promise.resolve();
    expect(third).toBe(false);
    limit.release();
    await waiting;
    expect(third).toBe(true);
    let idle = false;
    const done = limit.idle().then(() => (idle = true));
    limit.release();
    await Promise.resolve();
    expect(idle).toBe(false);
    limit.release();
    await done;
    expect(limit.size).toBe(0);
  });
});

describe('rendering', () => {
  it('aligns a table: text left, numbers right and grouped', () => {
    expect(renderTable({ title: 'T', headers: ['name', 'n'], rows: [['a', 1234], ['bbb', 5]] })).toBe(
      ['T', '  name      n', '  a     1,234', '  bbb       5'].join('\n'),
    );
    expect(renderTable({ title: 'T', headers: ['name'], rows: [] })).toBe('T\n  name\n  (none)');
  });

  it('writes the progress line with counts and rate', () => {
    expect(progressLine({ done: 2000, delivered: 1990, rejected: 10, failed: 0 }, 2)).toBe(
      '2,000 events done · 1,000 events/s · delivered 1,990 · rejected 10 · failed 0',
    );
  });

  it('draws one \\r-rewritten progress line on a terminal, throttled, and nothing elsewhere', () => {
    const state = { done: 1, delivered: 1, rejected: 0, failed: 0 };
    const written: string[] = [];
    const pipe = { isTTY: false, write: (text: string) => written.push(text) };
    const quiet = createProgress(pipe as never, () => 0);
    quiet.update(state);
    quiet.finish();
    expect(written).toEqual([]);

    let now = 0;
    const tty = { isTTY: true, write: (text: string) => written.push(text) };
    const progress = createProgress(tty as never, () => now, 150);
    now = 1000;
    progress.update(state);
    now = 1100; // within the throttle interval: not drawn
    progress.update({ ...state, done: 2 });
    now = 2000;
    progress.update({ ...state, done: 3 });
    progress.finish();
    expect(written).toEqual([
      `\r\x1b[2K${progressLine(state, 1)}`,
      `\r\x1b[2K${progressLine({ ...state, done: 3 }, 2)}`,
      '\r\x1b[2K',
    ]);
  });

  it('counts events by kind and renders the summary tables', () => {
    expect([{ type: 'Identify' }, { type: 'track', event: 'Order Completed' }, { event: 'x' }, [1]].map(eventKind)).toEqual([
      'identify',
      'track: Order Completed',
      '(no type)',
      '(not an object)',
    ]);
    const tally = new RunTally();
    tally.event({ type: 'identify' });
    tally.event({ type: 'track', event: 'Clicked' });
    tally.outcome({ status: 'delivered' });
    tally.outcome({ status: 'rejected', code: 'MISSING_TYPE' });
    tally.request('bulkUpdateUsers', 3);
    tally.request('bulkUpdateUsers', 1);
    tally.retries = 2;
    tally.rateLimited = 1;
    tally.elapsedMs = 1500;
    const text = renderSummary(tally, { title: 'send' });
    expect(text).toContain('send: 2 events');
    expect(text).toMatch(/users\/bulkUpdate\s+2\s+4\s+2\.0/);
    expect(text).toMatch(/rejected\s+MISSING_TYPE\s+1/);
    expect(text).toContain('retries 2 · 429s 1 · elapsed 1.5 s');
  });
});
