/**
 * What Iterable answers. Replies are parsed leniently (`.passthrough()`): the client must read a
 * reply it does not fully recognise rather than fail on it.
 */
import { z } from 'zod';

/** Iterable's `code` values (the complete enum of its API description). */
export const ITERABLE_CODES = [
  'Success',
  'BadApiKey',
  'BadAuthorizationHeader',
  'BadJsonBody',
  'BadParams',
  'BatchTooLarge',
  'DatabaseError',
  'EmailAlreadyExists',
  'ExternalKeyConflict',
  'Forbidden',
  'ForbiddenParamsError',
  'ForgottenUserError',
  'GenericError',
  'InvalidEmailAddressError',
  'InvalidJwtPayload',
  'InvalidUserIdError',
  'JwtUserIdentifiersMismatched',
  'NotFound',
  'QueueEmailError',
  'RateLimitExceeded',
  'RequestFieldsTypesMismatched',
  'Unauthorized',
  'UniqueFieldsLimitExceeded',
  'UnknownEmailError',
  'UnknownUserIdError',
  'UserIdAlreadyExists',
] as const;
export type IterableCode = (typeof ITERABLE_CODES)[number];

/** `{ msg, code, params }`. `code` is kept open: Iterable adds codes over time. */
export const ApiResponse = z
  .object({
    msg: z.string(),
    code: z.string(),
    params: z.unknown().optional(),
  })
  .passthrough();
export type ApiResponse = z.infer<typeof ApiResponse>;

const Strings = z.array(z.string()).optional();

/** `failedUpdates` of bulkUpdate, trackBulk, lists/subscribe and lists/unsubscribe replies. */
export const FailedUpdates = z
  .object({
    conflictEmails: Strings,
    conflictUserIds: Strings,
    forgottenEmails: Strings,
    forgottenUserIds: Strings,
    invalidDataEmails: Strings,
    invalidDataUserIds: Strings,
    invalidEmails: Strings,
    invalidUserIds: Strings,
    notFoundEmails: Strings,
    notFoundUserIds: Strings,
  })
  .passthrough();
export type FailedUpdates = z.infer<typeof FailedUpdates>;

export const FAILED_UPDATE_KEYS = [
  'conflictEmails',
  'conflictUserIds',
  'forgottenEmails',
  'forgottenUserIds',
  'invalidDataEmails',
  'invalidDataUserIds',
  'invalidEmails',
  'invalidUserIds',
  'notFoundEmails',
  'notFoundUserIds',
] as const;
export type FailedUpdateKey = (typeof FAILED_UPDATE_KEYS)[number];

/** `UserBulkUpdateListResponse` and `BulkTrackResponse` in one lenient shape. */
export const BulkResponse = z
  .object({
    successCount: z.number().optional(),
    failCount: z.number().optional(),
    createdFields: Strings,
    filteredOutFields: Strings,
    invalidEmails: Strings,
    invalidUserIds: Strings,
    disallowedEventNames: Strings,
    failedUpdates: FailedUpdates.optional(),
    // bulkUpdate only: records accepted that changed nothing.
    noOpEmails: Strings,
    noOpUserIds: Strings,
  })
  .passthrough();
export type BulkResponse = z.infer<typeof BulkResponse>;

/** A user lookup: `{ user }` when the user exists, `{}` when not. */
export const UserLookupReply = z
  .object({
    user: z.object({ email: z.string().optional(), userId: z.string().optional(), dataFields: z.record(z.string(), z.unknown()).optional() }).passthrough().optional(),
  })
  .passthrough();
export type UserLookupReply = z.infer<typeof UserLookupReply>;

/**
 * Where `BulkResponse` names failed records, in the order they are read: `failedUpdates.*`, then
 * the deprecated top-level lists (they say the same as `failedUpdates.invalid*`), then blocked
 * event names. Data-dependent reasons (`invalidData*`, `conflict*`) do not decide by identifier
 * alone: a repeated identifier cannot tell which of its records failed.
 */
export const BULK_RESPONSE_FAILURES = [
  { list: 'failedUpdates.conflictEmails', kind: 'email', code: 'CONFLICT', byIdentifier: false },
  { list: 'failedUpdates.conflictUserIds', kind: 'userId', code: 'CONFLICT', byIdentifier: false },
  { list: 'failedUpdates.forgottenEmails', kind: 'email', code: 'FORGOTTEN_USER', byIdentifier: true },
  { list: 'failedUpdates.forgottenUserIds', kind: 'userId', code: 'FORGOTTEN_USER', byIdentifier: true },
  { list: 'failedUpdates.invalidDataEmails', kind: 'email', code: 'INVALID_DATA', byIdentifier: false },
  { list: 'failedUpdates.invalidDataUserIds', kind: 'userId', code: 'INVALID_DATA', byIdentifier: false },
  { list: 'failedUpdates.invalidEmails', kind: 'email', code: 'INVALID_EMAIL', byIdentifier: true },
  { list: 'failedUpdates.invalidUserIds', kind: 'userId', code: 'INVALID_USER_ID', byIdentifier: true },
  { list: 'failedUpdates.notFoundEmails', kind: 'email', code: 'NOT_FOUND', byIdentifier: true },
  { list: 'failedUpdates.notFoundUserIds', kind: 'userId', code: 'NOT_FOUND', byIdentifier: true },
  { list: 'invalidEmails', kind: 'email', code: 'INVALID_EMAIL', byIdentifier: true },
  { list: 'invalidUserIds', kind: 'userId', code: 'INVALID_USER_ID', byIdentifier: true },
  { list: 'disallowedEventNames', kind: 'eventName', code: 'DISALLOWED_EVENT_NAME', byIdentifier: true },
] as const satisfies readonly { list: string; kind: 'email' | 'userId' | 'eventName'; code: string; byIdentifier: boolean }[];

/** A bulk 2xx reply as the client accepts it: both counts are required numbers. */
export const BulkReply = BulkResponse.extend({ successCount: z.number(), failCount: z.number() });

/**
 * How a 2xx body must look, by the kind of reply an endpoint gives; each endpoint of the op registry
 * names one of these as its `reply`. A body that does not match is unreadable: the request is not
 * known to have worked, whatever the status says.
 */
export const REPLY_SCHEMAS = {
  bulk: BulkReply,
  single: ApiResponse,
  lookup: UserLookupReply,
} as const;
export type ReplyKind = keyof typeof REPLY_SCHEMAS;
