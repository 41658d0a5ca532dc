/**
 * The per-record checks every user-touching endpoint shares: malformed identifiers, forgotten
 * users, injected failures, identity conflicts. Bulk endpoints turn a failure into a
 * `failedUpdates` entry; single endpoints turn it into the matching 4xx (`singleFailureReply`).
 */
import type { FailedUpdateKey } from '../iterable/responses.js';
import type { FaultBook } from './faults.js';
import { apiReply, type Reply } from './replies.js';
import { isPlainObject, type Identity, type Store } from './store.js';
import type { EmulatorUser } from './types.js';

export interface RecordFailure {
  key: FailedUpdateKey;
  /** The identifier reported in the failure list. */
  value: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Printable ASCII, no trailing space, at most 52 characters (iterable-api.md §0.6, §0.7). */
const USER_ID = /^[\x20-\x7e]{0,51}[\x21-\x7e]$/;

export function isValidEmail(email: string): boolean {
  return EMAIL.test(email);
}

export function isValidUserId(userId: string): boolean {
  return USER_ID.test(userId);
}

/** A failure of kind `base` reported under the record's email when it has one, else its userId. */
function attribute(base: string, identity: Identity): RecordFailure {
  if (identity.email !== undefined) return { key: `${base}Emails` as FailedUpdateKey, value: identity.email };
  return { key: `${base}UserIds` as FailedUpdateKey, value: identity.userId ?? '' };
}

/** Checks that need no lookup: identifier syntax, forgotten users, injected failures. */
export function gateRecord(identity: Identity, store: Store, faults: FaultBook): RecordFailure | undefined {
  if (identity.email !== undefined && !isValidEmail(identity.email)) return { key: 'invalidEmails', value: identity.email };
  if (identity.userId !== undefined && !isValidUserId(identity.userId)) return { key: 'invalidUserIds', value: identity.userId };
  if (store.isForgotten(identity.email)) return { key: 'forgottenEmails', value: identity.email as string };
  if (store.isForgotten(identity.userId)) return { key: 'forgottenUserIds', value: identity.userId as string };
  const injected = faults.takeRecordFailure(identity);
  if (injected) {
    const byEmail = injected.endsWith('Emails');
    return { key: injected, value: (byEmail ? identity.email : identity.userId) as string };
  }
  return undefined;
}

export type Lookup = { ok: true; user: EmulatorUser | undefined } | { ok: false; failure: RecordFailure };

/**
 * Finds who a write targets and checks that identifiers it would set (top level, or `email` /
 * `userId` inside dataFields, which is how hybrid projects change them) belong to nobody else.
 */
export function lookupForWrite(identity: Identity, dataFields: unknown, store: Store): Lookup {
  const resolution = store.resolve(identity);
  if (resolution.kind === 'conflict') return { ok: false, failure: attribute('conflict', identity) };
  const user = resolution.kind === 'found' ? resolution.user : undefined;
  if (isPlainObject(dataFields)) {
    const email = dataFields.email;
    if (typeof email === 'string' && email !== identity.email) {
      if (!isValidEmail(email)) return { ok: false, failure: { key: 'invalidEmails', value: email } };
      if (!store.identifierFree('email', email, user)) return { ok: false, failure: attribute('conflict', identity) };
    }
    const userId = dataFields.userId;
    if (typeof userId === 'string' && userId !== identity.userId) {
      if (!isValidUserId(userId)) return { ok: false, failure: { key: 'invalidUserIds', value: userId } };
      if (!store.identifierFree('userId', userId, user)) return { ok: false, failure: attribute('conflict', identity) };
    }
  }
  return { ok: true, user };
}

/** Creates or updates the user: identifiers, then dataFields merged the way Iterable merges them. */
export function writeUser(
  store: Store,
  identity: Identity,
  found: EmulatorUser | undefined,
  dataFields: Record<string, unknown> | undefined,
  mergeNestedObjects: boolean,
): EmulatorUser {
  const user = store.upsertUser(identity, found);
  if (dataFields) {
    if (typeof dataFields.email === 'string' && dataFields.email !== user.email) store.changeIdentifier(user, 'email', dataFields.email);
    if (typeof dataFields.userId === 'string' && dataFields.userId !== user.userId) store.changeIdentifier(user, 'userId', dataFields.userId);
    store.mergeDataFields(user, dataFields, mergeNestedObjects);
  }
  return user;
}

export function notFound(identity: Identity): RecordFailure {
  return attribute('notFound', identity);
}

/** The 4xx a single-record endpoint answers for a record failure. */
export function singleFailureReply(failure: RecordFailure): Reply {
  const { key, value } = failure;
  switch (key) {
    case 'invalidEmails':
      return apiReply(400, 'InvalidEmailAddressError', `Invalid email: ${value}`);
    case 'invalidUserIds':
      return apiReply(400, 'InvalidUserIdError', `Invalid userId: ${value}`);
    case 'forgottenEmails':
    case 'forgottenUserIds':
      return apiReply(409, 'ForgottenUserError', `Contact is GDPR forgotten: ${value}`);
    case 'conflictEmails':
      return apiReply(409, 'EmailAlreadyExists', `Email/userId conflict: another user already has the identifier given for ${value}`);
    case 'conflictUserIds':
      return apiReply(409, 'UserIdAlreadyExists', `Email/userId conflict: another user already has the identifier given for ${value}`);
    case 'invalidDataEmails':
    case 'invalidDataUserIds':
      return apiReply(400, 'BadParams', `Invalid data for user ${value}`);
    case 'notFoundEmails':
      return apiReply(400, 'UnknownEmailError', `User does not exist: ${value}`);
    case 'notFoundUserIds':
      return apiReply(400, 'UnknownUserIdError', `User does not exist: ${value}`);
    default:
      return apiReply(400, 'BadParams', `Record failed (${String(key)}): ${value}`);
  }
}
