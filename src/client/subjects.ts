/**
 * Who a call is about, and what a sync mode does with it once we know whether that user exists
 * (docs/sync-modes.md). Pure: calls are only read; a list call that keeps some of its subscribers
 * is returned as a new call.
 */
import { CREATES_USER, ENDPOINT_DEFS, opSpec } from '../ops/index.js';
import type { IterableCall } from '../transform/types.js';

export { CREATES_USER };

/** One user as a lookup sees it: by email when the record has one, else by userId. */
export interface Subject {
  /** Cache key: `e:<email>` or `u:<userId>`, so an email and an equal userId never collide. */
  readonly key: string;
  readonly by: 'email' | 'userId';
  readonly value: string;
  /** The record's other identifier, when it has both (a created user is then known by both). */
  readonly alias?: string;
}

export type SyncMode = 'upsert' | 'updateOnly' | 'createOnly';

export const SKIPPED_UNKNOWN_USER = 'SKIPPED_UNKNOWN_USER';
export const SKIPPED_EXISTING_USER = 'SKIPPED_EXISTING_USER';

/** Whether a subject exists in Iterable, or why we could not find out. */
export type Existence = { readonly exists: boolean } | { readonly error: { code: string; message: string; statusCode: number } };

export type Decision =
  | { readonly action: 'send'; readonly call: IterableCall }
  | { readonly action: 'skip'; readonly code: string; readonly message: string }
  | { readonly action: 'fail'; readonly code: string; readonly message: string; readonly statusCode: number };

export function emailKey(email: string): string {
  return `e:${email}`;
}

export function userIdKey(userId: string): string {
  return `u:${userId}`;
}

/** The subject of one record (a body, a purchase's user, a list subscriber); undefined without identity. */
export function subjectOf(record: unknown): Subject | undefined {
  if (record === null || typeof record !== 'object') return undefined;
  const { email, userId } = record as { email?: unknown; userId?: unknown };
  const mail = identifier(email);
  const id = identifier(userId);
  if (mail !== undefined) return id === undefined ? { key: emailKey(mail), by: 'email', value: mail } : { key: emailKey(mail), by: 'email', value: mail, alias: userIdKey(id) };
  if (id !== undefined) return { key: userIdKey(id), by: 'userId', value: id };
  return undefined;
}

/** Non-empty strings and finite numbers (the `rudderstack` profile keeps numeric ids) as text. */
function identifier(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** The records of a call that name a user, one subject each (list calls: one per subscriber); declared per op. */
export function subjectsOf(call: IterableCall): (Subject | undefined)[] {
  return opSpec(call.op).subjects(call).map(subjectOf);
}

/** The subjects whose existence decides this call in this mode (what must be looked up). */
export function subjectsToCheck(call: IterableCall, mode: SyncMode): Subject[] {
  if (mode === 'upsert') return [];
  // createOnly protects only profile data: events, lists and tokens of existing users go as usual.
  if (mode === 'createOnly' && call.op !== 'updateUser') return [];
  return subjectsOf(call).filter((subject): subject is Subject => subject !== undefined);
}

/**
 * What to do with a call given what the lookups said. A record without identity is sent as is:
 * the planner and Iterable reject it with their own, clearer reason.
 */
export function decide(call: IterableCall, mode: SyncMode, existence: (subject: Subject) => Existence): Decision {
  if (mode === 'upsert') return { action: 'send', call };
  if (mode === 'createOnly') {
    if (call.op !== 'updateUser') return { action: 'send', call };
    const subject = subjectOf(call.body);
    if (!subject) return { action: 'send', call };
    const known = existence(subject);
    if ('error' in known) return failed(subject, known.error);
    if (known.exists) {
      return { action: 'skip', code: SKIPPED_EXISTING_USER, message: `syncMode createOnly: ${describe(subject)} already exists in Iterable, so its data was left unchanged` };
    }
    return { action: 'send', call };
  }
  // updateOnly: every record of an unknown user is dropped.
  const subjects = subjectsOf(call);
  const keep: boolean[] = [];
  for (const subject of subjects) {
    if (!subject) {
      keep.push(true);
      continue;
    }
    const known = existence(subject);
    if ('error' in known) return failed(subject, known.error);
    keep.push(known.exists);
  }
  if (keep.every(Boolean)) return { action: 'send', call };
  const keepSubjects = opSpec(call.op).keepSubjects;
  if (keepSubjects && keep.some(Boolean)) return { action: 'send', call: keepSubjects(call, keep) };
  const unknown = subjects.find((subject, index) => subject && !keep[index]) as Subject;
  return { action: 'skip', code: SKIPPED_UNKNOWN_USER, message: `syncMode updateOnly: ${describe(unknown)} does not exist in Iterable, so nothing was sent for it` };
}

function failed(subject: Subject, error: { code: string; message: string; statusCode: number }): Decision {
  return { action: 'fail', code: error.code, statusCode: error.statusCode, message: `Could not check whether ${describe(subject)} exists: ${error.message}` };
}

export function describe(subject: Subject): string {
  return `the user with ${subject.by} ${JSON.stringify(subject.value)}`;
}

/** Per bulk endpoint: whether a body asked Iterable not to create unknown users (declared by the op that uses it). */
const SKIPS_UNKNOWN_USERS: ReadonlyMap<string, (body: Readonly<Record<string, unknown>>) => boolean> = new Map(
  ENDPOINT_DEFS.flatMap(({ def, op }) => {
    const rule = op === undefined ? undefined : opSpec(op).bulk;
    return rule?.skipsUnknownUsers && rule.endpoint === def.name ? [[def.name, rule.skipsUnknownUsers] as const] : [];
  }),
);

/**
 * A record Iterable reports as not found on a request that asked it not to create users
 * (bulkUpdate `updateOnly`, subscribe `updateExistingUsersOnly`) was skipped as asked: it is
 * `delivered` with SKIPPED_UNKNOWN_USER, not rejected. Undefined for every other result.
 */
export function unknownUserSkip(
  endpoint: string,
  body: Readonly<Record<string, unknown>>,
  result: { readonly status: string; readonly code?: string; readonly message?: string },
): { status: 'delivered'; code: string; message: string } | undefined {
  if (result.status !== 'rejected' || result.code !== 'NOT_FOUND') return undefined;
  if (SKIPS_UNKNOWN_USERS.get(endpoint)?.(body) !== true) return undefined;
  return { status: 'delivered', code: SKIPPED_UNKNOWN_USER, message: `syncMode updateOnly: Iterable does not know this user (${result.message ?? 'not found'}), so it was not created` };
}
