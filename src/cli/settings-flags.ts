/**
 * The settings a command line can set directly, as flags. Each flag is one settings key: its help
 * line is the key's description from the schema and a choice flag accepts exactly the schema's
 * words, so the flags cannot drift from the settings they set.
 */
import { settingRow, type SettingKey } from '../settings-reference.js';
import { stringFlag, type ParsedArgs } from './args.js';
import { UsageError } from './usage-error.js';

interface SettingFlag {
  readonly flag: string;
  readonly key: SettingKey;
  /** The value's placeholder in the help text. */
  readonly metavar: string;
  /** An environment variable read when the flag is absent. */
  readonly env?: string;
}

export const SETTING_FLAGS = [
  { flag: 'profile', key: 'profile', metavar: 'NAME' },
  { flag: 'api-key', key: 'apiKey', metavar: 'KEY', env: 'ITERABLE_API_KEY' },
  { flag: 'data-center', key: 'dataCenter', metavar: 'DC' },
] as const satisfies readonly SettingFlag[];

export type SettingFlagName = (typeof SETTING_FLAGS)[number]['flag'];

/** parseArgs options for the given flags. */
export function settingFlagOptions(names: readonly SettingFlagName[]): Record<string, { type: 'string' }> {
  return Object.fromEntries(names.map((name) => [name, { type: 'string' as const }]));
}

/** Help lines, aligned like the other options: `  --profile NAME       <description>`. */
export function settingFlagHelp(names: readonly SettingFlagName[]): string {
  return names
    .map((name) => {
      const spec = flagSpec(name);
      const row = settingRow(spec.key);
      const left = `  --${spec.flag} ${spec.metavar}`.padEnd(23);
      const env = 'env' in spec ? ` (or set ${spec.env})` : '';
      const fallback = row.default === 'required' || row.default === 'unset' ? '' : `; default ${row.default.replace(/"/g, '')}`;
      return `${left}${plain(row.description)}${env}${fallback}`;
    })
    .join('\n');
}

/** The values of the given flags by settings key; a word outside a choice is a usage error. */
export function readSettingFlags(command: string, args: ParsedArgs, names: readonly SettingFlagName[]): Partial<Record<SettingKey, string>> {
  const out: Partial<Record<SettingKey, string>> = {};
  for (const name of names) {
    const spec = flagSpec(name);
    const raw = stringFlag(args, spec.flag) ?? ('env' in spec ? nonEmpty(process.env[spec.env]) : undefined);
    if (raw === undefined) continue;
    const { choices } = settingRow(spec.key);
    if (choices && !choices.includes(raw)) {
      throw new UsageError(`${command}: --${spec.flag} must be one of ${choices.join(', ')}, got ${JSON.stringify(raw)}`);
    }
    out[spec.key] = raw;
  }
  return out;
}

function flagSpec(name: SettingFlagName): (typeof SETTING_FLAGS)[number] {
  const spec = SETTING_FLAGS.find((candidate) => candidate.flag === name);
  if (!spec) throw new TypeError(`no settings flag --${name}`);
  return spec;
}

/** Markdown to terminal text: backticks and link targets dropped. */
function plain(text: string): string {
  return text.replace(/\[([^\]]+)\]\([^)]*\)/g, '$1').replace(/`/g, '');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
