import type { z } from 'zod';
import { InstrumentationError, describeValue } from '../errors.js';
import { EVENT_SCHEMAS, EcommerceProperties } from './schemas.js';

export * from './schemas.js';

/**
 * Checks a message against its type's schema; the first problem becomes an InstrumentationError
 * naming the field and the value found. `ecommerce` adds the product checks.
 */
export function validateEvent(message: Record<string, unknown>, type: string, ecommerce: boolean): InstrumentationError | undefined {
  const schema = EVENT_SCHEMAS[type];
  if (schema) {
    const result = schema.safeParse(message);
    if (!result.success) return eventError(result.error, message);
  }
  if (ecommerce && message.properties !== null && typeof message.properties === 'object') {
    const result = EcommerceProperties.safeParse(message.properties);
    if (!result.success) return eventError(result.error, message.properties, ['properties']);
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
  const expected = issue?.code === 'invalid_type' ? `a ${issue.expected}` : issue?.code === 'invalid_union' ? 'another type' : 'a valid value';
  return new InstrumentationError(`Invalid event field \`${field}\`: expected ${expected}, got ${describeValue(value)}`, {
    field,
    cause: error,
  });
}
