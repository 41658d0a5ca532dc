/**
 * catalogs/{catalogName}/items: items of one catalog per request, keyed by
 * item id, answered 202 (the upload is processed later, so the reply names no record).
 */
import { z } from 'zod';
import { describeValue } from '../errors.js';
import { DEFAULT_MAX_BATCH_ITEMS, MAX_BODY_BYTES } from '../iterable/limits.js';
import { ApiResponse } from '../iterable/responses.js';
import { callFields, defineOp } from './define.js';

/**
 * One catalog item as a transform emits it (RudderStack's processor shape). The planner turns a
 * group of these into the bulk body `{ documents: { [catalogId]: update }, replaceUploadedFieldsOnly }`.
 */
export const CatalogItemBody = z.object({ update: z.unknown(), catalogId: z.unknown().optional() }).strict();
export type CatalogItemBody = z.infer<typeof CatalogItemBody>;

export const CatalogBulkBody = z
  .object({ documents: z.record(z.string(), z.unknown()), replaceUploadedFieldsOnly: z.boolean() })
  .strict();
export type CatalogBulkBody = z.infer<typeof CatalogBulkBody>;

/** The `documents` key of a catalog item, or undefined when it has no usable id. */
export function catalogItemKey(call: { readonly body: CatalogItemBody }): string | undefined {
  const id = call.body.catalogId;
  if (typeof id === 'string' && id !== '') return id;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  return undefined;
}

export const upsertCatalogItem = defineOp({
  name: 'upsertCatalogItem',
  summary: 'Create or replace catalog items.',
  body: CatalogItemBody,
  key: 'main',
  fields: callFields<{ catalog: string | null }>(),
  phase: 0,
  createsUser: false,
  endpoints: [
    {
      name: 'upsertCatalogItem',
      method: 'POST',
      path: '/api/catalogs/{catalogName}/items',
      ratePerSecond: 100,
      ratePublished: true,
      rateScope: 'apiKey',
      body: CatalogBulkBody,
      reply: ApiResponse,
      itemsKey: 'documents',
      itemsAreMap: true,
      maxItems: DEFAULT_MAX_BATCH_ITEMS,
      maxBytes: MAX_BODY_BYTES,
      handler: 'upsertCatalogItems',
    },
  ],
  check: (call) => {
    if (typeof call.catalog !== 'string' || call.catalog === '') {
      return { code: 'MISSING_CATALOG', field: 'catalog', message: `Cannot send a catalog item without a catalog name: got catalog ${describeValue(call.catalog)}` };
    }
    if (catalogItemKey(call) === undefined) {
      return {
        code: 'MISSING_CATALOG_ID',
        field: 'catalogId',
        message: `Cannot send a catalog item without an item id: expected \`catalogId\` to be a string or number, got ${describeValue(call.body.catalogId)}`,
      };
    }
    return undefined;
  },
  bulk: {
    endpoint: 'upsertCatalogItem',
    groupKey: (call) => String(call.catalog),
    params: (call) => ({ catalogName: String(call.catalog) }),
    envelope: () => ({ tail: { replaceUploadedFieldsOnly: true } }),
    records: (call) => ({ values: [call.body.update], key: catalogItemKey(call) ?? '' }),
  },
  // RudderStack interpolates the catalog name as is: a missing one gives `catalogs/null/items`.
  rudderStackPath: (call) => ({ path: `catalogs/${String(call.catalog)}/items`, endpointPath: 'catalogs' }),
  // A catalog item names no user.
  subjects: () => [],
  errorCodes: {
    MISSING_CATALOG: 'A catalog item without a catalog name.',
    MISSING_CATALOG_ID: 'A catalog item without a usable item id.',
  },
  routerBucket: 'catalog',
});
