/**
 * The lists the bundled emulator must have. Iterable refuses a subscribe or unsubscribe to a list
 * the project lacks (400 invalidListId), and a fresh emulator has none, so `demo` and `send` (when
 * they start the bundled emulator) play a project that has every list the run names:
 *   - the settings' `listId` and `audienceLists` values, created when the emulator starts;
 *   - each event's `integrations.Iterable.listIds` and `properties.list_id`, created as the event is
 *     read, which is before it is sent, so a list always exists before its first request.
 * Reading the events as they stream (rather than a first pass over the file) also works for stdin.
 * Only ids that are positive whole numbers are created: transform rejects the others anyway.
 */
import type { EmulatorList } from '../emulator/index.js';
import type { ResolvedSettings } from '../settings.js';
import { positiveId } from '../settings-extensions.js';
import { getPath } from '../transform/values.js';
import type { JsonLine } from './jsonl.js';

export interface NamedList {
  id: number;
  name?: string;
}

/** `listId` and every `audienceLists` entry (named after its audience key), each id once. */
export function settingsLists(settings: Pick<ResolvedSettings, 'listId' | 'audienceLists'>): NamedList[] {
  const lists = new Map<number, NamedList>();
  if (settings.listId !== undefined) lists.set(settings.listId, { id: settings.listId, name: 'listId setting' });
  for (const [audience, id] of Object.entries(settings.audienceLists ?? {})) {
    if (!lists.has(id)) lists.set(id, { id, name: audience });
  }
  return [...lists.values()];
}

/** The list ids an event names itself: `integrations.Iterable.listIds` (one id or an array) and `properties.list_id`. */
export function eventListIds(event: unknown): number[] {
  const named = getPath(event, 'integrations.Iterable.listIds');
  const candidates = [...(Array.isArray(named) ? named : [named]), getPath(event, 'properties.list_id')];
  const ids = candidates.map(positiveId).filter((id): id is number => id !== undefined);
  return [...new Set(ids)];
}

/** Passes the lines through unchanged, first creating in `lists` each list a line names that is not there yet. */
export async function* creatingEventLists(lines: AsyncIterable<JsonLine>, lists: Map<number, EmulatorList>): AsyncGenerator<JsonLine> {
  for await (const line of lines) {
    if (line.ok) {
      for (const id of eventListIds(line.value)) {
        if (!lists.has(id)) lists.set(id, { id, name: 'named by events', members: new Set() });
      }
    }
    yield line;
  }
}
