/**
 * What Iterable answers. Replies are parsed leniently (`.passthrough()`): the client must read a
 * reply it does not fully recognise rather than fail on it.
 */
import { z } from 'zod';
import { ENDPOINTS, type EndpointName, type EndpointSpec } from './endpoints.js';

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
  })
  .passthrough();
export type BulkResponse = z.infer<typeof BulkResponse>;

/** A single-record 2xx reply: Iterable's envelope with string `msg` and `code`. */
export const SingleReply = z
  .object({
    msg: z.string(),
    code: z.string(),
    params: z.unknown().optional(),
  })
  .passthrough();

/** A user lookup's 2xx reply: `{ user: {...} }` for a known user, `{}` for an unknown one. */
export const LookupReply = z
  .object({
    user: z.record(z.string(), z.unknown()).nullable().optional(),
  })
  .passthrough();

/**
 * How a 2xx body must look, by the kind of reply an endpoint gives. A body that does not match is
 * unreadable: the request is not known to have worked, whatever the status says.
 */
export const REPLY_SCHEMAS = {
  // Both counts are required in every bulk reply (user updates, events, list subscriptions).
  bulk: BulkResponse.extend({ successCount: z.number(), failCount: z.number() }),
  single: SingleReply,
  lookup: LookupReply,
} as const;
export type ReplyKind = keyof typeof REPLY_SCHEMAS;

/** The reply kind of each endpoint: bulk ones report record by record, lookups carry a user, the rest the envelope. */
export function replyKindOf(endpoint: EndpointName): ReplyKind {
  return (ENDPOINTS[endpoint] as EndpointSpec).reply ?? 'single';
}
