/**
 * Body validation: each endpoint's zod body schema from the op registry, src/ops/ (what Iterable accepts), plus the
 * checks Iterable makes that a schema cannot express (one of email / userId), answered with
 * Iterable's 400 envelopes. Field typing lives here too because every user write shares it.
 */
import { nullPrototype } from '../guard/index.js';
import type { z } from 'zod';
import { checkFieldTypes } from './field-types.js';
import { apiReply, badParams, wrongJsonTypes, type Reply } from './replies.js';
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
  /** Lower-cased names of the catalogs that exist; undefined: every catalog exists. */
  catalogs: ReadonlySet<string> | undefined;
}

export type Handler = (ctx: HandlerContext) => Reply;

/**
 * A 400 BadParams naming the first offending field, or undefined when the body fits. Unknown keys
 * pass unless `strict` (Iterable ignores them; strict mode catches bodies that leak input).
 */
export function validateBody(schema: z.ZodType, body: unknown, strict: boolean, bulkPath?: string): Reply | undefined {
  const parsed = schema.safeParse(body);
  if (parsed.success) return undefined;
  const issues = strict ? parsed.error.issues : parsed.error.issues.filter((issue) => issue.code !== 'unrecognized_keys');
  const first = issues[0];
  if (!first) return undefined;
  if (bulkPath !== undefined) {
    const wrongTypes = wireTypeErrors(body, issues);
    if (wrongTypes) return wrongJsonTypes(bulkPath, wrongTypes);
  }
  const where = first.path.length > 0 ? first.path.join('.') : 'body';
  const extra = first.code === 'unrecognized_keys' ? ` (${first.keys.join(', ')})` : '';
  return badParams(`Invalid request: ${where}: ${first.message}${extra}`, {
    validationErrors: issues.slice(0, 20).map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
  });
}

/** What Iterable says of a present value of the wrong JSON type, by the type it expected. */
const EXPECTED_TEXT: Readonly<Record<string, string>> = {
  number: 'Number value expected',
  int: 'Number value expected',
  boolean: 'Boolean value expected',
  string: 'String value expected',
  object: 'Object value expected',
  record: 'Object value expected',
  array: 'Array value expected',
};

/** `obj.events[1].createdAt`: how Iterable writes the JSON path of a bad value. */
function jsonPath(path: readonly PropertyKey[]): string {
  return 'obj' + path.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${String(segment)}`))
    .join('');
}

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let value = body;
  for (const segment of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

/**
 * Bulk bodies are decoded by type before anything else is checked: present values of the wrong
 * JSON type (a string where a number belongs) come back as `BadJsonBody` keyed by JSON path.
 * Missing values and other problems are not wire-type errors (undefined then).
 */
function wireTypeErrors(body: unknown, issues: z.ZodError['issues']): Record<string, string> | undefined {
  const errors: Record<string, string> = nullPrototype();
  let found = false;
  for (const issue of issues) {
    if (issue.code !== 'invalid_type') continue;
    const text = EXPECTED_TEXT[issue.expected];
    if (text === undefined || valueAt(body, issue.path) === undefined) continue;
    errors[jsonPath(issue.path)] = text;
    found = true;
  }
  return found ? errors : undefined;
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
