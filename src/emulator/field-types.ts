/**
 * Iterable's field typing: the first value stored for a user dataField fixes its type for the whole
 * project; a later value of another type makes the request fail with 400
 * `RequestFieldsTypesMismatched` (iterable-api.md §0.3, §0.8). Nested object keys are typed by
 * their dot path ("address.city"). Date-looking strings are typed as plain strings here.
 */
import type { FieldTypeName } from './types.js';

/** The project id used in `validationErrors` keys ("<project>:::<field>"; format unconfirmed). */
export const EMULATOR_PROJECT_ID = 1;

export interface ValidationError {
  incomingTypes: string[];
  expectedType: FieldTypeName;
  category: 'user';
  offendingValue: string;
  _type: 'UnexpectedType';
}

export function typeOf(value: unknown): FieldTypeName | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isInteger(value) ? 'long' : 'double';
    case 'object':
      return 'object';
    default:
      return undefined;
  }
}

/** long and double are one numeric family: an integer is a valid double and vice versa. */
function compatible(expected: FieldTypeName, incoming: FieldTypeName): boolean {
  if (expected === incoming) return true;
  const numeric = (t: FieldTypeName) => t === 'long' || t === 'double';
  return numeric(expected) && numeric(incoming);
}

/** Calls `visit(path, type, value)` for every typed value of `fields`, descending into objects. */
function walk(fields: Record<string, unknown>, prefix: string, visit: (path: string, type: FieldTypeName, value: unknown) => void): void {
  for (const [key, value] of Object.entries(fields)) {
    const type = typeOf(value);
    if (type === undefined) continue;
    const path = prefix === '' ? key : `${prefix}.${key}`;
    visit(path, type, value);
    if (type === 'object') walk(value as Record<string, unknown>, path, visit);
  }
}

function render(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Checks several records' dataFields against the known types, in order (a field first seen in an
 * earlier record of the same request fixes its type for later ones). Returns the mismatches, or the
 * newly typed fields to commit when there is none.
 */
export function checkFieldTypes(
  known: ReadonlyMap<string, FieldTypeName>,
  records: ReadonlyArray<Record<string, unknown> | undefined>,
): { ok: true; created: Map<string, FieldTypeName> } | { ok: false; validationErrors: Record<string, ValidationError> } {
  const created = new Map<string, FieldTypeName>();
  const validationErrors: Record<string, ValidationError> = {};
  let failed = false;
  for (const fields of records) {
    if (!fields) continue;
    walk(fields, '', (path, type, value) => {
      const expected = known.get(path) ?? created.get(path);
      if (expected === undefined) {
        created.set(path, type);
        return;
      }
      if (compatible(expected, type)) return;
      const key = `${EMULATOR_PROJECT_ID}:::${path}`;
      if (validationErrors[key]) return;
      failed = true;
      validationErrors[key] = {
        incomingTypes: [type],
        expectedType: expected,
        category: 'user',
        offendingValue: render(value),
        _type: 'UnexpectedType',
      };
    });
  }
  return failed ? { ok: false, validationErrors } : { ok: true, created };
}
