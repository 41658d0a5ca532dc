/**
 * List calls of one flush go out as parallel requests (one per list and kind), so a user who enters
 * and leaves the same list within a flush could be unsubscribed before being subscribed. Only the
 * last list call per (list, user) in a flush is sent; the ones it replaces are settled as done with
 * code SUPERSEDED. The list ends as the last event says; a join that was immediately undone is not
 * replayed (so it triggers nothing in Iterable).
 */
import type { IterableCall } from '../transform/types.js';

export const SUPERSEDED = 'SUPERSEDED';
export const SUPERSEDED_MESSAGE = 'A later list call for the same user and list in this flush replaced this one';

/** The refs of list calls that a later list call for the same list and user replaces. Pure. */
export function supersededListCalls(entries: ReadonlyArray<{ ref: number; call: IterableCall }>): Set<number> {
  const last = new Map<string, number>();
  const replaced = new Set<number>();
  for (const { ref, call } of entries) {
    if (call.op !== 'subscribeToList' && call.op !== 'unsubscribeFromList') continue;
    for (const subscriber of call.body.subscribers) {
      const key = `${call.body.listId}\u0000${subscriber.email ?? ''}\u0000${subscriber.userId ?? ''}`;
      const previous = last.get(key);
      if (previous !== undefined) replaced.add(previous);
      last.set(key, ref);
    }
  }
  return replaced;
}
