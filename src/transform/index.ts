/**
 * `iterable-destination/transform`: the pure part only (loads neither undici nor p-queue).
 */
export { transform, transformWith } from './transform.js';
export type { IterableCall, CallOf, TransformResult } from './types.js';
export { resolveSettings, parseSettings, SettingsSchema, PROFILES } from '../settings.js';
export type { SettingsInput, ResolvedSettings, Profile, SettingsResult } from '../settings.js';
export {
  IterableDestinationError,
  InstrumentationError,
  ConfigurationError,
  TransformationError,
  IterableApiError,
  NetworkError,
  isIterableDestinationError,
  FatalDestinationError,
} from '../errors.js';
export type { ErrorCode } from '../errors.js';
export * as payloads from '../iterable/payloads.js';
export { BODY_SCHEMAS } from '../iterable/payloads.js';
export { ENDPOINTS, CALL_OPS, DATA_CENTERS, MAX_BODY_BYTES } from '../iterable/endpoints.js';
export type { CallOp, EndpointName, EndpointSpec, DataCenter } from '../iterable/endpoints.js';
export * as events from '../events/index.js';
