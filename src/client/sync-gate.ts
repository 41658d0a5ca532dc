/**
 * The sync-mode gate of a flush (docs/sync-modes.md): before planning, the users that decide the
 * flush's calls are looked up (each distinct user once, cached), and every call is sent, sent
 * with fewer list subscribers, skipped, or failed with the lookup's error. Only a destination whose
 * mode needs lookups has a gate: updateOnly with existenceCheck "lookup", and createOnly.
 */
import type { ResolvedSettings } from '../settings.js';
import type { IterableCall } from '../transform/types.js';
import type { ExistenceChecker } from './existence.js';
import { decide, subjectsToCheck, type Decision, type Existence, type SyncMode } from './subjects.js';

export interface GateEntry {
  readonly ref: number;
  readonly call: IterableCall;
  /** The event's deadline (clock ms): a lookup for it gives up past this. */
  readonly deadline: number;
}

export function gateMode(settings: Pick<ResolvedSettings, 'syncMode' | 'existenceCheck'>): SyncMode | undefined {
  if (settings.syncMode === 'createOnly') return 'createOnly';
  if (settings.syncMode === 'updateOnly' && settings.existenceCheck === 'lookup') return 'updateOnly';
  return undefined;
}

/** One decision per entry, in entry order. Never rejects. */
export async function gateCalls(entries: readonly GateEntry[], mode: SyncMode, checker: ExistenceChecker): Promise<Decision[]> {
  const answers = new Map<string, Promise<Existence>>();
  for (const { call, deadline } of entries) {
    for (const subject of subjectsToCheck(call, mode)) {
      // Every mention asks the checker (so its stats count cache hits); it looks each user up once.
      const answer = checker.check(subject, deadline);
      if (!answers.has(subject.key)) answers.set(subject.key, answer);
    }
  }
  const settled = new Map<string, Existence>();
  await Promise.all([...answers].map(async ([key, answer]) => settled.set(key, await answer)));
  return entries.map(({ call }) =>
    decide(call, mode, (subject) => settled.get(subject.key) ?? { error: { code: 'NOT_LOOKED_UP', message: 'no lookup was made', statusCode: 500 } }),
  );
}
