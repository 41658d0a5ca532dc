/**
 * Tallies a bulk request record by record and renders Iterable's reply: `UserBulkUpdateListResponse`
 * (bulkUpdate, lists/subscribe, lists/unsubscribe) or `BulkTrackResponse` (trackBulk), including the
 * deprecated top-level `invalidEmails` / `invalidUserIds` (iterable-api.md §0.6).
 */
import { FAILED_UPDATE_KEYS, type FailedUpdateKey } from '../iterable/responses.js';
import type { RecordFailure } from './records.js';
import { json, type Reply } from './replies.js';

const EVENT_FAILURE_KEYS: readonly FailedUpdateKey[] = [
  'forgottenEmails',
  'forgottenUserIds',
  'invalidEmails',
  'invalidUserIds',
  'notFoundEmails',
  'notFoundUserIds',
];

export class BulkTally {
  private successCount = 0;
  private failCount = 0;
  private readonly failed = new Map<FailedUpdateKey, string[]>();
  readonly createdFields: string[] = [];
  readonly filteredOutFields = new Set<string>();
  readonly disallowedEventNames = new Set<string>();

  succeed(): void {
    this.successCount += 1;
  }

  fail(failure: RecordFailure): void {
    this.failCount += 1;
    const list = this.failed.get(failure.key) ?? [];
    // Iterable reports identifiers, not records: an identifier failing twice is listed once.
    if (!list.includes(failure.value)) list.push(failure.value);
    this.failed.set(failure.key, list);
  }

  /** A record refused without an identifier-level reason (trackBulk's disallowed event names). */
  failDisallowed(eventName: string): void {
    this.failCount += 1;
    this.disallowedEventNames.add(eventName);
  }

  reply(kind: 'users' | 'events'): Reply {
    const keys = kind === 'users' ? FAILED_UPDATE_KEYS : EVENT_FAILURE_KEYS;
    const failedUpdates: Record<string, string[]> = {};
    for (const key of keys) failedUpdates[key] = this.failed.get(key) ?? [];
    // Injected reasons outside the reply's documented keys are still reported.
    for (const [key, list] of this.failed) failedUpdates[key] = list;
    const body: Record<string, unknown> = {
      successCount: this.successCount,
      failCount: this.failCount,
      createdFields: this.createdFields,
      filteredOutFields: [...this.filteredOutFields],
      invalidEmails: this.failed.get('invalidEmails') ?? [],
      invalidUserIds: this.failed.get('invalidUserIds') ?? [],
      failedUpdates,
    };
    if (kind === 'events') body.disallowedEventNames = [...this.disallowedEventNames];
    return json(200, body);
  }
}
