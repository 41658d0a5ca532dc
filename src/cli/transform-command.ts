/**
 * `iterable-destination transform [file]`: JSON lines of events in, one JSON line per event out.
 * Pure apart from the streams: no network, no clock.
 */
import { transformWith } from '../transform/transform.js';
import { parseCommandArgs, stringFlag } from './args.js';
import { TRANSFORM_HELP } from './help.js';
import { inputStream, readJsonLines } from './jsonl.js';
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
  for await (const line of readJsonLines(inputStream('transform', args.positionals[0]))) {
    let text: string;
    if (!line.ok) {
      failures += 1;
      text = JSON.stringify({ ok: false, error: errorView(line.error) });
    } else {
      const result = transformWith(line.value, resolved);
      if (result.ok) {
        text = JSON.stringify(
          result.warnings ? { ok: true, calls: result.calls, warnings: result.warnings.map(errorView) } : { ok: true, calls: result.calls },
        );
      } else {
        failures += 1;
        text = JSON.stringify({ ok: false, error: errorView(result.error) });
      }
    }
    await out.write(text);
  }
  return failures > 0 ? EXIT.someFailed : EXIT.ok;
}
