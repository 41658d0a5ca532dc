/**
 * POST catalogs/{catalogName}/items (iterable-api.md §5): bulk create or replace, answered 202.
 * Catalogs spring into existence on first use (the emulator has no catalog-creation route).
 */
import { ENDPOINTS } from '../../iterable/endpoints.js';
import { CatalogBulkBody } from '../../iterable/payloads.js';
import { apiReply, badParams } from '../replies.js';
import { isPlainObject } from '../store.js';
import { validateBody, type Handler } from '../validate.js';

/** Catalog names and item ids: alphanumerics and dashes, at most 255 characters. */
const NAME = /^[A-Za-z0-9-]{1,255}$/;

export const upsertCatalogItems: Handler = (ctx) => {
  const invalid = validateBody(CatalogBulkBody, ctx.body, ctx.strictBodies);
  if (invalid) return invalid;
  const name = ctx.params.catalogName ?? '';
  if (!NAME.test(name)) return badParams(`Invalid catalog name: ${name}`, { field: 'catalogName' });
  const body = ctx.body as CatalogBulkBody;
  const entries = Object.entries(body.documents);
  const maxItems = ENDPOINTS.upsertCatalogItem.maxItems;
  if (entries.length > maxItems) {
    return badParams(`Too many documents: ${entries.length} (at most ${maxItems} per request)`, { field: 'documents' });
  }
  for (const [id, item] of entries) {
    if (!NAME.test(id)) return badParams(`Invalid catalog item id: ${id}`, { field: `documents.${id}` });
    if (!isPlainObject(item)) return badParams(`Invalid request: documents.${id}: expected an object`, { field: `documents.${id}` });
    const dotted = Object.keys(item).find((key) => key.includes('.'));
    if (dotted !== undefined) return badParams(`Catalog field names cannot contain periods: ${dotted}`, { field: `documents.${id}.${dotted}` });
  }
  // Catalog names are case-insensitive in Iterable.
  const key = name.toLowerCase();
  const catalog = ctx.store.state.catalogs.get(key) ?? new Map<string, Record<string, unknown>>();
  ctx.store.state.catalogs.set(key, catalog);
  for (const [id, item] of entries) {
    const fields = item as Record<string, unknown>;
    const existing = catalog.get(id);
    catalog.set(id, body.replaceUploadedFieldsOnly && existing ? { ...existing, ...fields } : { ...fields });
  }
  return apiReply(202, 'Success', `Request to bulk-upload documents into ${name} processed successfully`);
};
