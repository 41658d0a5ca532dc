/**
 * `iterable-destination demo` (what `npm start` runs): the whole path on a laptop. Starts the
 * emulator with Iterable's real rate limits, sends the sample through transform →
 * createDestination → emulator, prints a summary, and exits 0 only if the run went as the sample
 * says it should (the deliberately bad events rejected with their codes, every other event
 * delivered). The sample is generated in memory from a seed (src/sample), so the package ships
 * no event files; `--events FILE` runs another file instead. The emulator has the lists the
 * settings and the events name (emulator-lists.ts), so the list workflows are delivered, not refused.
 */
import { existsSync, readFileSync } from 'node:fs';
import { startEmulator, type EmulatorState } from '../emulator/index.js';
import { integerFlag, parseCommandArgs, stringFlag, type ParsedArgs } from './args.js';
import { DEFAULT_MAX_QUEUED, deliver } from './deliver.js';
import { creatingEventLists, settingsLists } from './emulator-lists.js';
import { judge, parseExpectations, type Expectations, type Verdict } from './expectations.js';
import { DEMO_HELP } from './help.js';
import { inputStream, parseLine, readJsonLines, type JsonLine } from './jsonl.js';
import { createProgress } from './progress.js';
import { expectationsFor } from './paths.js';
import { buildSample, DEFAULT_SEED, SAMPLE_SETTINGS } from '../sample/index.js';
import { loadSettings } from './settings-input.js';
import { formatNumber, renderTable } from './table.js';
import { renderSummary, type RunTally } from './tally.js';
import { EXIT, UsageError } from './usage-error.js';

export async function demoCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs('demo', argv, {
    events: { type: 'string' },
    expected: { type: 'string' },
    settings: { type: 'string' },
    limit: { type: 'string' },
    seed: { type: 'string' },
    'no-rate-limits': { type: 'boolean' },
  });
  if (args.values.help) {
    process.stdout.write(DEMO_HELP);
    return EXIT.ok;
  }
  const limit = integerFlag('demo', args, 'limit', { min: 1 });
  const source = demoSource(args, limit);
  const settingsFile = stringFlag(args, 'settings');
  const settings = loadSettings({ command: 'demo', settingsFile, defaults: settingsFile === undefined ? { ...SAMPLE_SETTINGS.us } : undefined });
  const unlimited = Boolean(args.values['no-rate-limits']);

  const emulator = await startEmulator({ port: 0, lists: settingsLists(settings.resolved), ...(unlimited ? { rateLimits: false as const } : {}) });
  process.stdout.write(
    `iterable-destination demo: ${source.label}${limit ? ` (first ${formatNumber(limit)} events)` : ''} → ` +
      `emulator at ${emulator.url} (${unlimited ? 'no rate limits' : "Iterable's rate limits"})\n\n`,
  );
  const expectations = source.expectations;
  try {
    const lines = creatingEventLists(source.lines(), emulator.state.lists);
    const { tally, problems } = await deliver(lines, {
      settings: settings.input,
      baseUrl: emulator.url,
      maxQueued: DEFAULT_MAX_QUEUED,
      progress: createProgress(process.stderr),
      keepProblems: true,
    });
    const verdict = judge(expectations, problems, tally.done);
    const state = emulator.state;
    useEmulatorCounts(tally, state.counters);
    const served = Object.values(state.counters).reduce((sum, c) => sum + c.requests, 0);
    const refused429 = Object.values(state.counters).reduce((sum, c) => sum + (c.byStatus[429] ?? 0), 0);
    process.stdout.write(renderSummary(tally, { title: 'demo' }));
    process.stdout.write(
      `\nemulator: ${formatNumber(served)} requests served (${formatNumber(refused429)} answered 429) · ` +
        `${formatNumber(state.users.size)} users · ${formatNumber(state.events.length)} events · ${formatNumber(state.purchases.length)} purchases\n`,
    );
    process.stdout.write(`${renderLists(state.lists)}\n\n`);
    process.stdout.write(renderVerdict(verdict, tally.done));
    return verdict.ok ? EXIT.ok : EXIT.someFailed;
  } finally {
    await emulator.close();
  }
}

interface DemoSource {
  label: string;
  expectations: Expectations;
  lines: () => AsyncIterable<JsonLine>;
}

/** `--events FILE` (with its expectations file), or the sample generated from `--seed`. */
function demoSource(args: ParsedArgs, limit: number | undefined): DemoSource {
  const eventsFile = stringFlag(args, 'events');
  const expectedFile = stringFlag(args, 'expected');
  if (eventsFile === undefined) {
    const seed = integerFlag('demo', args, 'seed', { min: 0, max: 2 ** 32 - 1 }) ?? DEFAULT_SEED;
    const sample = buildSample({ seed });
    return {
      label: `built-in sample (${formatNumber(sample.lines.length)} events from seed ${seed})`,
      expectations: expectedFile === undefined ? { bad: sample.expected.bad } : loadExpectations(expectedFile, true),
      lines: () => sampleLines(sample.lines, limit),
    };
  }
  if (args.values.seed !== undefined) throw new UsageError('demo: --seed applies to the built-in sample, not to --events');
  if (!existsSync(eventsFile)) throw new UsageError(`demo: events file ${JSON.stringify(eventsFile)} not found`);
  return {
    label: eventsFile.replace(process.cwd() + '/', ''),
    expectations: loadExpectations(expectedFile ?? expectationsFor(eventsFile), expectedFile !== undefined),
    lines: () => readJsonLines(inputStream('demo', eventsFile), limit),
  };
}

/** The generated lines, parsed as a file's would be (so the demo sends exactly what a file holds). */
async function* sampleLines(lines: readonly string[], limit = Number.POSITIVE_INFINITY): AsyncGenerator<JsonLine> {
  for (let index = 0; index < lines.length && index < limit; index += 1) yield parseLine(lines[index] as string, index);
}

/**
 * The demo's request table comes from the emulator, which sees every record it accepts: requests
 * per endpoint (those refused with 429 are left out here; the retries line counts them) and the
 * records they carried, so records per request is exact per endpoint.
 */
function useEmulatorCounts(tally: RunTally, counters: EmulatorState['counters']): void {
  tally.requests.clear();
  tally.recordsPerRequest = undefined;
  for (const [endpoint, counter] of Object.entries(counters)) {
    const accepted = counter.requests - (counter.byStatus[429] ?? 0);
    if (endpoint !== 'unmatched' && accepted > 0) tally.requests.set(endpoint, { requests: accepted, records: counter.records });
  }
}

/** Members per list at the end of the run: what the subscribes and unsubscribes left. */
function renderLists(lists: EmulatorState['lists']): string {
  if (lists.size === 0) return 'lists: none';
  const parts = [...lists.values()]
    .sort((a, b) => a.id - b.id)
    .map((list) => `${list.id}${list.name === undefined ? '' : ` (${list.name})`}: ${formatNumber(list.members.size)}`);
  return `list members: ${parts.join(' · ')}`;
}

function loadExpectations(file: string, required: boolean): Expectations {
  if (!existsSync(file)) {
    if (required) throw new UsageError(`demo: --expected ${JSON.stringify(file)} not found`);
    process.stderr.write(`demo: no ${file}: expecting every event to be delivered\n`);
    return { bad: [] };
  }
  try {
    return parseExpectations(JSON.parse(readFileSync(file, 'utf8')), file);
  } catch (error) {
    throw new UsageError(`demo: cannot use expectations ${JSON.stringify(file)}: ${(error as Error).message}`);
  }
}

function renderVerdict(verdict: Verdict, events: number): string {
  const rows = [
    ...verdict.matched.map(({ expected, got }) => ['ok', expected.index, expected.code, got.message ?? '']),
    ...verdict.missed.map(({ expected, got }) => [
      'MISSED',
      expected.index,
      expected.code,
      got ? `got ${got.status} ${got.code ?? ''}: ${got.message ?? ''}` : 'got delivered',
    ]),
  ].sort((a, b) => Number(a[1]) - Number(b[1]));
  const parts = [
    renderTable({
      title: 'deliberately bad events',
      headers: ['check', 'event', 'expected code', 'reason given'],
      rows: rows.map((row) => [String(row[0]), Number(row[1]), String(row[2]), truncate(String(row[3]), 100)]),
    }),
  ];
  if (verdict.unexpected.length > 0) {
    parts.push(
      renderTable({
        title: `events that should have been delivered but were not (${formatNumber(verdict.unexpected.length)})`,
        headers: ['event', 'status', 'code', 'message'],
        rows: verdict.unexpected.slice(0, 20).map((o) => [o.index, o.status, o.code ?? '', truncate(o.message ?? '', 100)]),
      }),
    );
  }
  const good = events - verdict.matched.length - verdict.missed.length;
  parts.push(
    verdict.ok
      ? `demo OK: ${formatNumber(good)} good events delivered, ${formatNumber(verdict.matched.length)} bad events rejected with the expected reasons`
      : `demo FAILED: ${formatNumber(verdict.missed.length)} bad events not rejected as expected, ${formatNumber(verdict.unexpected.length)} good events not delivered`,
  );
  return `${parts.join('\n\n')}\n`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
