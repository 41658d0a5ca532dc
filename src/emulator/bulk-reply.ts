/**
 * Tallies a bulk request record by record and renders Iterable's reply: `UserBulkUpdateListResponse`
 * (bulkUpdate, lists/subscribe, lists/unsubscribe) or `BulkTrackResponse` (trackBulk), including the
 * deprecated top-level `invalidEmails` / `invalidUserIds`. bulkUpdate replies also name the records
 * that changed nothing (`noOpEmails`, `noOpUserIds`); trackBulk's `failedUpdates` has no conflict
 * or invalidData lists.
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
  private readonly noOpEmails = new Set<string>();
  private readonly noOpUserIds = new Set<string>();

  succeed(): void {
    this.successCount += 1;
  }

  /** A record accepted that changed nothing: a success, also named in `noOpEmails` / `noOpUserIds`. */
  succeedWithoutChange(identity: { email?: string | undefined; userId?: string | undefined }): void {
    this.successCount += 1;
    if (identity.email !== undefined) this.noOpEmails.add(identity.email);
    else if (identity.userId !== undefined) this.noOpUserIds.add(identity.userId);
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

  /** `bulkUpdate` (users, with the noOp lists), `lists` (subscribe / unsubscribe) or `events` (trackBulk). */
  reply(kind: 'bulkUpdate' | 'lists' | 'events'): Reply {
    const keys = kind === 'events' ? EVENT_FAILURE_KEYS : FAILED_UPDATE_KEYS;
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
    if (kind === 'bulkUpdate') {
      body.noOpEmails = [...this.noOpEmails];
      body.noOpUserIds = [...this.noOpUserIds];
    }
    return json(200, body);
  }
}
