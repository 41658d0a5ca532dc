/**
 * POST catalogs/{catalogName}/items: bulk create or replace, answered 200 "Request to bulk-upload
 * documents into <name> processed successfully". A catalog the project lacks gets the catalogs
 * API's own 404 shape; without a `catalogs` option every catalog exists (created on first use).
 */
import { ENDPOINTS } from '../../iterable/endpoints.js';
import { CatalogBulkBody } from '../../iterable/payloads.js';
import { CATALOG_NAME as NAME } from '../options.js';
import { apiReply, badParams, catalogNotFound } from '../replies.js';
import { isPlainObject } from '../store.js';
import { validateBody, type Handler } from '../validate.js';

export const upsertCatalogItems: Handler = (ctx) => {
  const invalid = validateBody(CatalogBulkBody, ctx.body, ctx.strictBodies);
  if (invalid) return invalid;
  const name = ctx.params.catalogName ?? '';
  if (!NAME.test(name)) return badParams(`Invalid catalog name: ${name}`, { field: 'catalogName' });
  // Catalog names are case-insensitive in Iterable.
  const key = name.toLowerCase();
  if (ctx.catalogs !== undefined && !ctx.catalogs.has(key)) return catalogNotFound(name);
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
  const catalog = ctx.store.state.catalogs.get(key) ?? new Map<string, Record<string, unknown>>();
  ctx.store.state.catalogs.set(key, catalog);
  for (const [id, item] of entries) {
    const fields = item as Record<string, unknown>;
    const existing = catalog.get(id);
    catalog.set(id, body.replaceUploadedFieldsOnly && existing ? { ...existing, ...fields } : { ...fields });
  }
  return apiReply(200, 'Success', `Request to bulk-upload documents into ${name} processed successfully`);
};
