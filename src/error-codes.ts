/**
 * Every `code` this package puts on an error or an outcome, in one table: the union `ErrorCode`
 * is its keys plus the codes individual ops declare (src/ops/), Iterable's own codes (carried
 * through from its replies) and `HTTP_<status>` for a reply without one. The README's "Error
 * codes" table is checked against this one by a test.
 */
import type { IterableCode } from './iterable/responses.js';
import type { OpErrorCode } from './ops/index.js';

export type ErrorSource = 'InstrumentationError' | 'ConfigurationError' | 'TransformationError' | 'IterableApiError' | 'NetworkError' | 'RateBudgetError' | 'FatalDestinationError' | 'outcome';

export interface ErrorCodeInfo {
  /** Where the code appears: the error class(es), or `outcome` for an outcome-only code. */
  readonly source: ErrorSource | readonly ErrorSource[];
  readonly meaning: string;
}

export const LIBRARY_ERROR_CODES = {
  INVALID_EVENT: { source: 'InstrumentationError', meaning: 'The event is not usable (shape check of the strict profile).' },
  INVALID_JSON: { source: 'InstrumentationError', meaning: 'A JSONL line of the CLI is not valid JSON.' },
  BLANK_LINE: { source: 'InstrumentationError', meaning: 'A blank line in the input of the CLI `transform` (answered, not counted as a failure).' },
  MISSING_TYPE: { source: 'InstrumentationError', meaning: 'The event has no `type`.' },
  UNSUPPORTED_TYPE: { source: 'InstrumentationError', meaning: 'The event type has no Iterable mapping.' },
  MISSING_FIELD: { source: 'InstrumentationError', meaning: 'A value the mapping needs is missing (the field is named).' },
  INVALID_FIELD: { source: 'InstrumentationError', meaning: 'A value has the wrong type or form (the field and value are named).' },
  MISSING_IDENTITY: { source: 'InstrumentationError', meaning: 'The event carries neither an email nor a userId.' },
  MISSING_APPLICATION_NAME: { source: 'InstrumentationError', meaning: 'A device token without an application name.' },
  EMPTY_CALL: { source: 'InstrumentationError', meaning: 'A list call with no subscribers.' },
  BATCH_TOO_LARGE: { source: 'InstrumentationError', meaning: 'One record is larger than one request may be.' },
  UNSERIALIZABLE: { source: 'InstrumentationError', meaning: 'A body has no JSON form.' },
  FORBIDDEN_KEY: { source: ['InstrumentationError', 'ConfigurationError'], meaning: 'A key or path segment that would reach an object prototype (`__proto__`, `constructor`, `prototype`).' },
  TOO_DEEP: { source: ['InstrumentationError', 'ConfigurationError'], meaning: 'The event or the settings nest deeper than the depth limit.' },
  INVALID_SETTINGS: { source: 'ConfigurationError', meaning: 'A setting is missing or invalid (the key and value are named).' },
  UNKNOWN_SETTING: { source: 'ConfigurationError', meaning: 'A key the strict profile does not know (with the closest known key).' },
  INVALID_OPTION: { source: 'ConfigurationError', meaning: 'A client option is invalid (the key and value are named).' },
  PAGE_NOT_TRACKED: { source: 'ConfigurationError', meaning: 'The settings filter this page or screen out.' },
  UNKNOWN_AUDIENCE: { source: 'ConfigurationError', meaning: 'An audience with no list id in `audienceLists`.' },
  TOMBSTONE_NEEDS_MIRROR: { source: 'ConfigurationError', meaning: 'A tombstone (the `tombstoneEvent` track, or an identify with `context.removed: true`) outside syncMode `mirror`.' },
  INVALID_FAULT: { source: 'ConfigurationError', meaning: 'An emulator fault is described wrongly.' },
  INVALID_EMULATOR_OPTIONS: { source: 'ConfigurationError', meaning: 'An emulator option is invalid.' },
  TRANSFORMATION_ERROR: { source: 'TransformationError', meaning: 'The rudderstack profile failed on malformed input, as RudderStack does (500).' },
  MALFORMED_REPLY: { source: 'IterableApiError', meaning: 'Iterable answered with a body that cannot be read (retried).' },
  NETWORK_ERROR: { source: 'NetworkError', meaning: 'No usable reply, for a reason not listed below.' },
  CONNECTION_ERROR: { source: 'NetworkError', meaning: 'The connection failed or was reset before a complete reply.' },
  TIMEOUT: { source: 'NetworkError', meaning: 'No complete reply within `requestTimeoutMs`.' },
  ABORTED: { source: ['NetworkError', 'outcome'], meaning: 'Not answered in time: `close({ drainMs })`, `abort()` or a signal to the CLI stopped the destination while the event was queued or in flight.' },
  EMULATOR_LISTEN_FAILED: { source: 'NetworkError', meaning: 'The emulator could not listen on its port.' },
  FATAL_AUTH: { source: 'FatalDestinationError', meaning: 'Iterable refused the API key (401/403, or a key code): the destination stopped and fails everything pending (CLI exit 3).' },
  ENDPOINT_UNREACHABLE: { source: 'FatalDestinationError', meaning: 'No connection could be made on consecutive attempts (refused, DNS): the destination stopped and fails everything pending (CLI exit 4).' },
  RATE_BUDGET_UNAVAILABLE: { source: 'RateBudgetError', meaning: "The shared rate budget on Redis was unreachable and `onBudgetError` is `'fail'`: the request was not sent." },
  INVALID_EMAIL: { source: 'outcome', meaning: 'Iterable reports the record’s email as malformed.' },
  INVALID_USER_ID: { source: 'outcome', meaning: 'Iterable reports the record’s userId as malformed.' },
  INVALID_DATA: { source: 'outcome', meaning: 'Iterable refused the record’s data (field types).' },
  CONFLICT: { source: 'outcome', meaning: 'The record’s email or userId belongs to another user.' },
  FORGOTTEN_USER: { source: 'outcome', meaning: 'The user was forgotten (GDPR) and cannot be written.' },
  NOT_FOUND: { source: 'outcome', meaning: 'Iterable does not know the user.' },
  DISALLOWED_EVENT_NAME: { source: 'outcome', meaning: 'The project blocks this event name.' },
  RECORD_FAILED: { source: 'outcome', meaning: 'Iterable counted the record as failed without naming a reason.' },
  MISSING_TOKEN_KEY: { source: 'outcome', meaning: 'A token call without `registerDeviceOrBrowserApiKey`.' },
  DEADLINE_EXCEEDED: { source: 'outcome', meaning: 'Retries did not succeed before the delivery deadline.' },
  CLOSED: { source: 'outcome', meaning: '`send()` after `close()`.' },
  INTERNAL: { source: 'outcome', meaning: 'The CLI hit an unexpected error for this event.' },
  INTERNAL_ERROR: { source: 'outcome', meaning: 'Delivery stopped on an unexpected error.' },
  NOT_LOOKED_UP: { source: 'outcome', meaning: 'A sync mode needed a lookup that was not made.' },
  NO_OP: { source: 'outcome', meaning: 'Delivered: Iterable accepted the record and it changed nothing (bulkUpdate `noOpEmails` / `noOpUserIds`).' },
  SUPERSEDED: { source: 'outcome', meaning: 'Delivered: a later call in the same flush replaced this one.' },
  SKIPPED_UNKNOWN_USER: { source: 'outcome', meaning: 'Delivered: syncMode updateOnly left an unknown user out.' },
  SKIPPED_EXISTING_USER: { source: 'outcome', meaning: 'Delivered: syncMode createOnly left an existing user unchanged.' },
  ALREADY_DELETED: { source: 'outcome', meaning: 'Delivered: Iterable had no such user, so there was nothing to delete.' },
  SUBSCRIPTION_UPDATE_FAILED: { source: 'outcome', meaning: 'Iterable could not apply the record’s subscriptions (`validEmailFailures` / `validUserIdFailures`), also when resent alone.' },
} as const satisfies Record<string, ErrorCodeInfo>;

export type LibraryErrorCode = keyof typeof LIBRARY_ERROR_CODES;

/** Every code an error or outcome of this package can carry. */
export type ErrorCode = LibraryErrorCode | OpErrorCode | IterableCode | `HTTP_${number}`;
