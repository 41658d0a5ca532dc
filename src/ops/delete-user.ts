/**
 * DELETE users/{email} and DELETE users/byUserId/{userId}: the data travels
 * in the path, no body; 100 requests/s per project each. Deletion is asynchronous at Iterable and
 * does not stop later writes from creating the user again.
 *
 * A user Iterable does not have is already gone, so that refusal (400 BadParams "User does not
 * exist", or a 404) is an idempotent success: `delivered` with code `ALREADY_DELETED`.
 */
import { z } from 'zod';
import { ApiResponse } from '../iterable/responses.js';
import { defineOp, type RefusedReply } from './define.js';
import { project } from './rates.js';

/** `{ userId }` (works in every project type; deletes every user sharing it) or `{ email }` (email-based and hybrid projects). */
export const DeleteUserBody = z.union([z.object({ userId: z.string().min(1) }).strict(), z.object({ email: z.string().min(1) }).strict()]);
export type DeleteUserBody = z.infer<typeof DeleteUserBody>;

const ALREADY_DELETED = 'ALREADY_DELETED';

function alreadyDeleted(reply: RefusedReply): { code: string; message: string } | undefined {
  const gone = reply.statusCode === 404 || (reply.statusCode === 400 && /does not exist|no user/i.test(reply.iterableMessage ?? ''));
  return gone ? { code: ALREADY_DELETED, message: `Iterable has no such user (${reply.iterableMessage ?? `HTTP ${reply.statusCode}`}): nothing left to delete` } : undefined;
}

export const deleteUser = defineOp({
  name: 'deleteUser',
  summary: 'Delete a user and their data, by userId or by email.',
  body: DeleteUserBody,
  key: 'main',
  phase: 3,
  createsUser: false,
  endpoints: [
    { name: 'deleteUser', method: 'DELETE', path: '/api/users/byUserId/{userId}', ratePerSecond: 100, ...project, reply: ApiResponse, handler: 'deleteUser' },
    { name: 'deleteUserByEmail', method: 'DELETE', path: '/api/users/{email}', ratePerSecond: 100, ...project, reply: ApiResponse, handler: 'deleteUserByEmail' },
  ],
  single: {
    endpoint: 'deleteUser',
    route: (call): { endpoint: 'deleteUser' | 'deleteUserByEmail'; params: Record<string, string> } =>
      'userId' in call.body
        ? { endpoint: 'deleteUser', params: { userId: call.body.userId } }
        : { endpoint: 'deleteUserByEmail', params: { email: call.body.email } },
    alreadyDone: alreadyDeleted,
  },
  // Deleting a user that does not exist changes nothing: no lookup needed.
  subjects: () => [],
  // Its codes (ALREADY_DELETED, TOMBSTONE_NEEDS_MIRROR) are an outcome's and a ConfigurationError's: listed in src/error-codes.ts.
  errorCodes: {},
  routerBucket: 'single',
});
