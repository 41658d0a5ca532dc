/** Rate-limit fields shared by endpoint declarations. */
import { DEFAULT_RATE_PER_SECOND } from '../iterable/limits.js';

/** A limit Iterable publishes, counted per project. */
export const project = { ratePublished: true, rateScope: 'project' } as const;
/** No published limit: our default, counted per project. */
export const unpublished = { ratePerSecond: DEFAULT_RATE_PER_SECOND, ratePublished: false, rateScope: 'project' } as const;
