import type { z } from 'zod';
import { InstrumentationError, describeValue } from '../errors.js';
import { firstEventProblem, firstProductsProblem } from './fast-check.js';
import { EVENT_SCHEMAS, EcommerceProperties, Product } from './schemas.js';

export * from './schemas.js';

/**
 * Checks a message against its type's schema; the first problem becomes an InstrumentationError
 * naming the field and the value found. `ecommerce` adds the product checks.
 */
export function validateEvent(message: Record<string, unknown>, type: string, ecommerce: boolean): InstrumentationError | undefined {
  // The read-only check answers for valid events; zod checks again (and words the error) only when it finds a problem.
  // A type without a schema has no problem to find, so the schema is looked up only for a problem.
  if (firstEventProblem(message, type) !== undefined) {
    const result = EVENT_SCHEMAS[type]?.safeParse(message);
    if (result && !result.success) return eventError(result.error, message);
  }
  const properties = message.properties;
  if (ecommerce && properties !== null && typeof properties === 'object' && !Array.isArray(properties)) {
    const fields = properties as Record<string, unknown>;
    if (firstProductsProblem(fields) === undefined) return undefined;
    // Without a products list the properties object itself is the one product (rudderstack-profile §6.8).
    const products = fields.products;
    const productSchema = products === undefined || products === null ? Product : EcommerceProperties;
    const result = productSchema.safeParse(properties);
    if (!result.success) return eventError(result.error, properties, ['properties']);
  }
  return undefined;
}

function eventError(error: z.ZodError, root: unknown, prefix: string[] = []): InstrumentationError {
  const issue = error.issues[0];
  const path = [...prefix, ...(issue?.path.map(String) ?? [])];
  let value: unknown = root;
  for (const segment of issue?.path ?? []) {
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[String(segment)] : undefined;
  }
  const field = path.join('.');
  return new InstrumentationError(`Invalid event field \`${field}\`: expected ${expectedOf(issue)}, got ${describeValue(value)}`, {
    code: 'INVALID_FIELD',
    field,
    cause: error,
  });
}

/** "an object", "a string or a number": what the schema wanted, in words a reader knows. */
function expectedOf(issue: z.core.$ZodIssue | undefined): string {
  if (issue?.code === 'invalid_type') return typeName(issue.expected);
  if (issue?.code === 'invalid_union') {
    const names = issue.errors.map((branch) => {
      const first = branch[0];
      return first?.code === 'invalid_type' && first.path.length === 0 ? typeName(first.expected) : undefined;
    });
    if (names.every((name) => name !== undefined)) return [...new Set(names)].join(' or ');
  }
  return 'a valid value';
}

function typeName(expected: string): string {
  if (expected === 'record' || expected === 'object') return 'an object';
  if (expected === 'array') return 'an array';
  return `a ${expected}`;
}
