/**
 * rETL identify whose object type is not `users` → a catalog item (rudderstack-profile.md §6.10).
 * The planner (or RudderStack's router) folds items into `{ documents, replaceUploadedFieldsOnly }`.
 */
import type { CatalogItemBody } from '../iterable/payloads.js';
import { requireValue } from './fields.js';
import { retlObject } from './retl.js';
import type { MapInput, MapOutput } from './types.js';
import { compact, isUsable } from './values.js';

export function mapCatalogItem({ message }: MapInput): MapOutput {
  const { objectType, id } = retlObject(message);
  const update = requireValue(message, 'traits');
  const body = compact({ update, catalogId: isUsable(id) ? id : undefined }) as CatalogItemBody;
  return { calls: [{ op: 'upsertCatalogItem', catalog: objectType, body }] };
}
