/**
 * The settings reference, derived from the `strict` schema: one row per key with its type,
 * default and description. The README's settings table and the CLI's help lines for settings
 * flags are generated from it, so a key is described once, where it is declared.
 */
import type { z } from 'zod';
import { SettingsShape } from './settings.js';

export type SettingKey = keyof typeof SettingsShape;

export interface SettingRow {
  readonly key: SettingKey;
  /** `string`, `boolean`, `` `a` \| `b` `` for a choice, `list id`, `object`, `array`. */
  readonly type: string;
  /** The default as it would be written in JSON, `required`, or `unset`. */
  readonly default: string;
  readonly description: string;
  /** The allowed words when the key is a choice. */
  readonly choices?: readonly string[];
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  defaultValue?: unknown;
  entries?: Record<string, string>;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { def: Def }).def;
}

/** The row of one key. */
export function settingRow(key: SettingKey): SettingRow {
  const schema = SettingsShape[key] as z.ZodType;
  const description = schema.description ?? '';
  let current = schema;
  let fallback = 'required';
  for (;;) {
    const def = defOf(current);
    if (def.type === 'optional' && def.innerType) {
      if (fallback === 'required') fallback = 'unset';
      current = def.innerType;
    } else if (def.type === 'default' && def.innerType) {
      fallback = JSON.stringify(def.defaultValue);
      current = def.innerType;
    } else break;
  }
  const def = defOf(current);
  if (def.type === 'enum' && def.entries) {
    const choices = Object.values(def.entries);
    return { key, type: choices.map((c) => `\`${c}\``).join(' \\| '), default: fallback, description, choices };
  }
  // Ids are read from numbers or digit strings by a transform: the pipe's input is unknown.
  const type = def.type === 'pipe' ? 'positive integer' : def.type === 'record' ? 'object' : def.type;
  return { key, type, default: fallback, description };
}

export function settingRows(): SettingRow[] {
  return (Object.keys(SettingsShape) as SettingKey[]).map(settingRow);
}

/** The Markdown table of every key, as the README holds it between its settings-table markers. */
export function settingsTable(): string {
  const lines = ['| key | type | default | meaning |', '| --- | --- | --- | --- |'];
  for (const row of settingRows()) {
    const fallback = row.default === 'required' || row.default === 'unset' ? row.default : `\`${row.default}\``;
    lines.push(`| \`${row.key}\` | ${row.type} | ${fallback} | ${row.description.replace(/\|/g, '\\|')} |`);
  }
  return `${lines.join('\n')}\n`;
}
