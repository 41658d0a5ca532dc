/**
 * RudderStack's `statTags` for an error (rudderstack-profile.md §7–§9).
 */
import { ConfigurationError, InstrumentationError, type IterableDestinationError } from '../errors.js';

export type Feature = 'processor' | 'router' | 'dataDelivery';

/** `{ errorCategory, errorType }`, or only `{ errorCategory: "transformation" }` for unexpected errors. */
export function errorClassTags(error: IterableDestinationError): { errorCategory: string; errorType?: string } {
  if (error instanceof InstrumentationError) return { errorCategory: 'dataValidation', errorType: 'instrumentation' };
  if (error instanceof ConfigurationError) return { errorCategory: 'dataValidation', errorType: 'configuration' };
  return { errorCategory: 'transformation' };
}

/** The framework's tags merged onto a destination error's own tags. */
export function destinationTags(
  feature: Feature,
  metadata: unknown,
): { destType: 'ITERABLE'; module: 'destination'; implementation: 'native'; feature: Feature; destinationId: unknown; workspaceId: unknown } {
  const meta = metadata !== null && typeof metadata === 'object' ? (metadata as Record<string, unknown>) : {};
  return {
    destType: 'ITERABLE',
    module: 'destination',
    implementation: 'native',
    feature,
    destinationId: meta.destinationId,
    workspaceId: meta.workspaceId,
  };
}

/** Full processor statTags: for non-destination (unexpected) errors only the category is sent. */
export function processorStatTags(error: IterableDestinationError, metadata: unknown): Record<string, unknown> {
  const own = errorClassTags(error);
  if (own.errorType === undefined) return own;
  return { ...own, ...destinationTags('processor', metadata) };
}
