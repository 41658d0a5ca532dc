/**
 * Where a command's settings come from: `--settings file.json`, then flags and the environment
 * on top (the settings flags of settings-flags.ts: `--profile`, `--api-key` / ITERABLE_API_KEY, `--data-center`). Validated once with the
 * library's own schema; a bad file or value is a usage error (exit 2) naming the key.
 */
import { readFileSync } from 'node:fs';
import { redact } from '../errors.js';
import type { SettingKey } from '../settings-reference.js';
import { resolveSettings, type ResolvedSettings } from '../settings.js';
import { jsonErrorPosition } from './json-position.js';
import { UsageError } from './usage-error.js';

/**
 * The key used when none is given: transform needs none, and the emulator accepts any. Keys that
 * start with "placeholder" (as in fixtures/events/settings.*.json) never send to real Iterable.
 */
export const PLACEHOLDER_API_KEY = 'placeholder-api-key';

export function isPlaceholderKey(key: string | undefined): boolean {
  return key === undefined || key === '' || key.startsWith('placeholder');
}

export interface SettingsSources {
  command: string;
  settingsFile?: string | undefined;
  /** Settings used when no file is given (the demo's built-in sample project). */
  defaults?: Record<string, unknown> | undefined;
  /** Values from the settings flags (and their environment variables), by settings key; they win over the file. */
  overrides?: Partial<Record<SettingKey, string>>;
}

export interface LoadedSettings {
  /** The object given to transform / createDestination (the file's keys plus the overrides). */
  input: Record<string, unknown>;
  resolved: ResolvedSettings;
  /** Whether a real key was given (flag, environment or file), as opposed to a placeholder. */
  hasRealKey: boolean;
}

export function loadSettings(sources: SettingsSources): LoadedSettings {
  const fromFile = sources.settingsFile === undefined ? (sources.defaults ?? {}) : readSettingsFile(sources.command, sources.settingsFile);
  const input: Record<string, unknown> = { ...fromFile };
  for (const [key, value] of Object.entries(sources.overrides ?? {})) input[key] = value;
  if (input.apiKey === undefined) input.apiKey = PLACEHOLDER_API_KEY;
  const result = resolveSettings(input);
  if (!result.ok) {
    const where = sources.settingsFile === undefined ? 'settings' : `settings in ${sources.settingsFile}`;
    const secrets = [typeof input.apiKey === 'string' ? input.apiKey : undefined, stringOrUndefined(input.registerDeviceOrBrowserApiKey)];
    throw new UsageError(`${sources.command}: invalid ${where}: ${redact(result.error.message, secrets)}`);
  }
  return { input, resolved: result.settings, hasRealKey: !isPlaceholderKey(typeof input.apiKey === 'string' ? input.apiKey : undefined) };
}

function readSettingsFile(command: string, file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new UsageError(`${command}: cannot read --settings ${JSON.stringify(file)} (${reason})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Only where: JSON.parse's own message quotes the text around the mistake, which may be a key.
    const at = jsonErrorPosition(text);
    const where = at === undefined ? '' : ` (line ${at.line}, column ${at.column})`;
    throw new UsageError(`${command}: --settings ${JSON.stringify(file)} is not valid JSON${where}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`${command}: --settings ${JSON.stringify(file)} must hold a JSON object of settings`);
  }
  return value as Record<string, unknown>;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
