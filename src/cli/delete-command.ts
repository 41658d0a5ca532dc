/**
 * `iterable-destination delete [file]`: deletes users from Iterable, one per line of the file (or
 * stdin). A line is a JSON object `{"userId": "..."}` or `{"email": "..."}`, or a bare id, read as
 * a userId (or as an email with `--by email`). Each user gets one outcome, as events do: through
 * createDestination's `deleteUser`, at the deletion endpoints' rate limit, retried like every call.
 * A user Iterable does not have is `delivered` with code ALREADY_DELETED (deleting is idempotent).
 *
 * Deleting is never pointed at the bundled emulator by default: `--endpoint` or a real API key
 * must say where.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { InstrumentationError } from '../errors.js';
import { choiceFlag, integerFlag, parseCommandArgs, stringFlag } from './args.js';
import { DEFAULT_MAX_QUEUED, deliver } from './deliver.js';
import { DELETE_HELP } from './help.js';
import { inputStream, parseLine, type JsonLine } from './jsonl.js';
import { createProgress } from './progress.js';
import { endpointFlag, openLog } from './send-command.js';
import { readSettingFlags, settingFlagOptions } from './settings-flags.js';
import { loadSettings } from './settings-input.js';
import { renderSummary } from './tally.js';
import { EXIT, UsageError } from './usage-error.js';

const OPTIONS = {
  settings: { type: 'string' },
  ...settingFlagOptions(['api-key', 'data-center']),
  endpoint: { type: 'string' },
  by: { type: 'string' },
  log: { type: 'string' },
  limit: { type: 'string' },
  'max-queued': { type: 'string' },
} as const;

export async function deleteCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs('delete', argv, OPTIONS, 1);
  if (args.values.help) {
    process.stdout.write(DELETE_HELP);
    return EXIT.ok;
  }
  const endpoint = endpointFlag(args);
  const loaded = loadSettings({ command: 'delete', settingsFile: stringFlag(args, 'settings'), overrides: readSettingFlags('delete', args, ['api-key', 'data-center']) });
  if (endpoint === undefined && !loaded.hasRealKey) {
    throw new UsageError('delete: say where to delete: --endpoint URL (an emulator or proxy) or a real --api-key / ITERABLE_API_KEY for Iterable itself');
  }
  const by = choiceFlag('delete', args, 'by', ['userId', 'email'] as const) ?? 'userId';
  const limit = integerFlag('delete', args, 'limit', { min: 0 });
  const maxQueued = integerFlag('delete', args, 'max-queued', { min: 1 }) ?? DEFAULT_MAX_QUEUED;
  const lines = readUserLines(inputStream('delete', args.positionals[0]), by, limit);
  process.stderr.write(endpoint ? `deleting at ${endpoint}\n` : `deleting at Iterable (${loaded.resolved.dataCenter}: ${loaded.resolved.host})\n`);
  const logFile = stringFlag(args, 'log');
  const log = logFile === undefined ? undefined : openLog(logFile);
  try {
    const { tally } = await deliver(lines, {
      settings: loaded.input,
      baseUrl: endpoint,
      maxQueued,
      log,
      progress: createProgress(process.stderr),
      submit: (destination, who) => destination.deleteUser(who as { userId: string }),
    });
    process.stdout.write(renderSummary(tally, { title: 'delete' }));
    return tally.byStatus.rejected + tally.byStatus.failed > 0 ? EXIT.someFailed : EXIT.ok;
  } finally {
    await log?.end();
  }
}

/**
 * One user per non-blank line: a JSON object as is, anything else a bare id (trimmed). Bad lines
 * become an error for that line; the others go on.
 */
export async function* readUserLines(input: Readable, by: 'userId' | 'email', limit = Number.POSITIVE_INFINITY): AsyncGenerator<JsonLine> {
  if (limit <= 0) return;
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let index = 0;
  try {
    for await (const line of lines) {
      const text = line.trim();
      if (text === '') continue;
      yield text.startsWith('{') || text.startsWith('"') ? fromJson(text, index, by) : { index, ok: true, value: { [by]: text } };
      index += 1;
      if (index >= limit) break;
    }
  } finally {
    lines.close();
  }
}

function fromJson(text: string, index: number, by: 'userId' | 'email'): JsonLine {
  const parsed = parseLine(text, index);
  if (!parsed.ok || typeof parsed.value !== 'string') return parsed;
  // A JSON string is a bare id too: `"u1"`.
  return parsed.value.trim() === ''
    ? { index, ok: false, error: new InstrumentationError('Expected a user id, got an empty string', { code: 'MISSING_IDENTITY' }) }
    : { index, ok: true, value: { [by]: parsed.value } };
}
