/**
 * Body validation: each endpoint's zod body schema from the op registry, src/ops/ (what Iterable accepts), plus the
 * checks Iterable makes that a schema cannot express (one of email / userId), answered with
 * Iterable's 400 envelopes. Field typing lives here too because every user write shares it.
 */
import { nullPrototype } from '../guard/index.js';
import type { z } from 'zod';
import { checkFieldTypes } from './field-types.js';
import { apiReply, badParams, type Reply } from './replies.js';
import type { FaultBook } from './faults.js';
import { isPlainObject, type Store } from './store.js';

export interface HandlerContext {
  body: unknown;
  params: Record<string, string>;
  query: URLSearchParams;
  store: Store;
  faults: FaultBook;
  strictBodies: boolean;
  disallowedEventNames: ReadonlySet<string>;
}

export type Handler = (ctx: HandlerContext) => Reply;

/**
 * A 400 BadParams naming the first offending field, or undefined when the body fits. Unknown keys
 * pass unless `strict` (Iterable ignores them; strict mode catches bodies that leak input).
 */
export function validateBody(schema: z.ZodType, body: unknown, strict: boolean): Reply | undefined {
  const parsed = schema.safeParse(body);
  if (parsed.success) return undefined;
  const issues = strict ? parsed.error.issues : parsed.error.issues.filter((issue) => issue.code !== 'unrecognized_keys');
  const first = issues[0];
  if (!first) return undefined;
  const where = first.path.length > 0 ? first.path.join('.') : 'body';
  const extra = first.code === 'unrecognized_keys' ? ` (${first.keys.join(', ')})` : '';
  return badParams(`Invalid request: ${where}: ${first.message}${extra}`, {
    validationErrors: issues.slice(0, 20).map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
  });
}

/** Iterable needs one of email or userId on every user record. */
export function requireIdentity(record: unknown, where: string): Reply | undefined {
  if (isPlainObject(record) && (typeof record.email === 'string' || typeof record.userId === 'string')) return undefined;
  return badParams(`Invalid request: ${where}: one of email or userId is required`, { field: where });
}

/** Records' dataFields either fit the project's field types (commit() fixes new ones) or fail whole. */
export function checkUserFieldTypes(
  store: Store,
  records: ReadonlyArray<Record<string, unknown> | undefined>,
): { ok: true; commit: () => string[] } | { ok: false; reply: Reply } {
  const result = checkFieldTypes(store.state.fieldTypes, records);
  if (!result.ok) {
    const fields = Object.keys(result.validationErrors).map((key) => key.split(':::')[1]);
    return {
      ok: false,
      reply: apiReply(400, 'RequestFieldsTypesMismatched', `Field types do not match previous values: ${fields.join(', ')}`, {
        validationErrors: result.validationErrors,
      }),
    };
  }
  return {
    ok: true,
    commit: () => {
      for (const [path, type] of result.created) store.state.fieldTypes.set(path, type);
      return [...result.created.keys()];
    },
  };
}

/** `createNewFields: false` drops top-level fields the project does not know yet. */
export function dropUnknownFields(
  store: Store,
  fields: Record<string, unknown> | undefined,
  filteredOut: Set<string>,
): Record<string, unknown> | undefined {
  if (!fields) return fields;
  const kept: Record<string, unknown> = nullPrototype();
  for (const [key, value] of Object.entries(fields)) {
    if (store.state.fieldTypes.has(key)) kept[key] = value;
    else filteredOut.add(key);
  }
  return kept;
}

export function dataFieldsOf(record: unknown): Record<string, unknown> | undefined {
  if (!isPlainObject(record)) return undefined;
  return isPlainObject(record.dataFields) ? record.dataFields : undefined;
}
