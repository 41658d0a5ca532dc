/** DELETE users/byUserId/{userId}: the data travels in the path, no body. */
import { z } from 'zod';
import { ApiResponse } from '../iterable/responses.js';
import { defineOp } from './define.js';
import { project } from './rates.js';

export const DeleteUserBody = z.object({ userId: z.string().min(1) }).strict();
export type DeleteUserBody = z.infer<typeof DeleteUserBody>;

export const deleteUser = defineOp({
  name: 'deleteUser',
  summary: 'Delete a user and their data.',
  body: DeleteUserBody,
  key: 'main',
  phase: 3,
  createsUser: false,
  endpoints: [{ name: 'deleteUser', method: 'DELETE', path: '/api/users/byUserId/{userId}', ratePerSecond: 100, ...project, reply: ApiResponse, handler: 'deleteUser' }],
  single: { endpoint: 'deleteUser', route: (call) => ({ endpoint: 'deleteUser', params: { userId: call.body.userId } }) },
  // Deleting a user that does not exist changes nothing: no lookup needed.
  subjects: () => [],
  errorCodes: {},
  routerBucket: 'single',
});
