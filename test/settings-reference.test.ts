/**
 * Settings are declared once, in the zod schemas: the README table, the CLI's help lines for
 * settings flags and the resolved types all come from there, and these tests fail on drift.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { settingFlagHelp, readSettingFlags } from '../src/cli/settings-flags.js';
import { settingRow, settingRows, settingsTable } from '../src/settings-reference.js';
import {
  RudderStackSettingsSchema,
  SettingsSchema,
  SettingsShape,
  resolveSettings,
  type ResolvedSettings,
  type SettingsInput,
} from '../src/settings.js';

const README = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');

function readmeTable(): string {
  const match = /<!-- settings-table:start -->\n([\s\S]*?)<!-- settings-table:end -->/.exec(README);
  return match?.[1] ?? '';
}

describe('the settings reference', () => {
  it('describes every key of the schema', () => {
    const rows = settingRows();
    expect(rows.map((row) => row.key)).toEqual(Object.keys(SettingsShape));
    for (const row of rows) expect(row.description.length, row.key).toBeGreaterThan(10);
  });

  it('reads types and defaults from the schema', () => {
    expect(settingRow('apiKey')).toMatchObject({ type: 'string', default: 'required' });
    expect(settingRow('dataCenter')).toMatchObject({ type: '`USDC` \\| `EUDC`', default: '"USDC"', choices: ['USDC', 'EUDC'] });
    expect(settingRow('trackAllPages')).toMatchObject({ type: 'boolean', default: 'false' });
    expect(settingRow('listId')).toMatchObject({ type: 'positive integer', default: 'unset' });
    expect(settingRow('syncMode').choices).toEqual(['upsert', 'updateOnly', 'createOnly', 'mirror']);
    expect(settingRow('tombstoneEvent').default).toBe('"Record Removed"');
  });

  it('is the table in the README (regenerate it from settingsTable() when a key changes)', () => {
    expect(readmeTable()).toBe(settingsTable());
  });

  it('gives the CLI its help lines and the words a choice flag accepts', () => {
    expect(settingFlagHelp(['profile'])).toContain(settingRow('profile').description.slice(0, 20).replace(/`/g, ''));
    expect(settingFlagHelp(['data-center'])).toMatch(/^ {2}--data-center DC {5}USDC → api\.iterable\.com/);
    const args = { values: { 'data-center': 'MARS' }, positionals: [] };
    expect(() => readSettingFlags('send', args, ['data-center'])).toThrow('send: --data-center must be one of USDC, EUDC, got "MARS"');
    expect(readSettingFlags('send', { values: { profile: 'rudderstack' }, positionals: [] }, ['profile'])).toEqual({ profile: 'rudderstack' });
  });
});

describe('settings types are inferred from the schemas', () => {
  it('input and resolved types', () => {
    expectTypeOf<SettingsInput>().toEqualTypeOf<z.input<typeof SettingsSchema>>();
    expectTypeOf<ResolvedSettings>().toEqualTypeOf<Readonly<z.output<typeof SettingsSchema>>>();
    // Both profiles resolve to the same shape.
    expectTypeOf<z.output<typeof RudderStackSettingsSchema>>().toEqualTypeOf<z.output<typeof SettingsSchema>>();
    expectTypeOf<ResolvedSettings['syncMode']>().toEqualTypeOf<'upsert' | 'updateOnly' | 'createOnly' | 'mirror'>();
    expectTypeOf<ResolvedSettings['preferUserId']>().toEqualTypeOf<boolean | null>();
    expectTypeOf<SettingsInput['apiKey']>().toEqualTypeOf<string>();
    expectTypeOf<SettingsInput['dataCenter']>().toEqualTypeOf<'USDC' | 'EUDC' | undefined>();
  });

  it('a resolved value has exactly the keys the type names', () => {
    const result = resolveSettings({ apiKey: 'k' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.settings.host).toBe('https://api.iterable.com');
    expect(result.settings.subscriptionTraits).toBeUndefined();
    const on = resolveSettings({ apiKey: 'k', subscriptionPreferences: true, subscriptionTraits: { emailListIds: 'lists' } });
    expect(on.ok && on.settings.subscriptionTraits).toEqual({
      emailListIds: 'lists',
      unsubscribedChannelIds: 'unsubscribedChannelIds',
      unsubscribedMessageTypeIds: 'unsubscribedMessageTypeIds',
      subscribedMessageTypeIds: 'subscribedMessageTypeIds',
    });
  });
});
