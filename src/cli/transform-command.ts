/**
 * `iterable-destination transform [file]`: JSON lines of events in, exactly one JSON line out per
 * input line (blank and broken lines too), so output line N always answers input line N. Errors
 * carry the 1-based `line` and their message names it. Pure apart from the streams: no network.
 */
import { transformWith } from '../transform/transform.js';
import { parseCommandArgs, stringFlag } from './args.js';
import { TRANSFORM_HELP } from './help.js';
import { inputStream } from './jsonl.js';
import { readNumberedLines } from './numbered-lines.js';
import { errorView, lineWriter } from './output.js';
import { readSettingFlags, settingFlagOptions } from './settings-flags.js';
import { loadSettings } from './settings-input.js';
import { EXIT } from './usage-error.js';

export async function transformCommand(argv: string[]): Promise<number> {
  const args = parseCommandArgs('transform', argv, { settings: { type: 'string' }, ...settingFlagOptions(['profile']) }, 1);
  if (args.values.help) {
    process.stdout.write(TRANSFORM_HELP);
    return EXIT.ok;
  }
  const { resolved } = loadSettings({
    command: 'transform',
    settingsFile: stringFlag(args, 'settings'),
    overrides: readSettingFlags('transform', args, ['profile']),
  });
  const out = lineWriter(process.stdout);
  let failures = 0;
  for await (const entry of readNumberedLines(inputStream('transform', args.positionals[0]))) {
    let text: string;
    if (entry.kind !== 'event') {
      // A blank line is not an event: it gets its line of output but does not fail the run.
      if (entry.kind === 'broken') failures += 1;
      text = JSON.stringify({ ok: false, line: entry.line, error: errorView(entry.error) });
    } else {
      const result = transformWith(entry.value, resolved);
      if (result.ok) {
        text = JSON.stringify(
          result.warnings ? { ok: true, calls: result.calls, warnings: result.warnings.map(errorView) } : { ok: true, calls: result.calls },
        );
      } else {
        failures += 1;
        const error = errorView(result.error);
        text = JSON.stringify({ ok: false, line: entry.line, error: { ...error, message: `line ${entry.line}: ${error.message}` } });
      }
    }
    await out.write(text);
  }
  return failures > 0 ? EXIT.someFailed : EXIT.ok;
}
